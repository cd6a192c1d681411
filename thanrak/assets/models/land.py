"""Land allocated to households (คทช., ส.ป.ก. and others) and housing units built or repaired."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.roles import AREA_STAFF
from thanrak.accounts.scope import ScopedQuerySet, Visibility
from thanrak.registry.models import Household


class Tenure(models.TextChoices):
    RIGHT_OF_USE = "RIGHT_OF_USE", _("Right to use (community title)")
    LEASE = "LEASE", _("Lease")
    SPK = "SPK", _("Land reform title (ส.ป.ก. 4-01)")
    OWNERSHIP = "OWNERSHIP", _("Ownership title")
    OTHER = "OTHER", _("Other")


class SurveyStatus(models.TextChoices):
    NOT_SURVEYED = "NOT_SURVEYED", _("Not surveyed")
    SURVEYED = "SURVEYED", _("Boundary surveyed")
    VERIFIED = "VERIFIED", _("Survey verified")


class HousingWork(models.TextChoices):
    BUILD = "BUILD", _("New house")
    REPAIR = "REPAIR", _("Repair")


class HousingStage(models.TextChoices):
    PLANNED = "PLANNED", _("Planned, not started")
    STARTED = "STARTED", _("Work started")
    STRUCTURE = "STRUCTURE", _("Structure done")
    FINISHED = "FINISHED", _("Finished")
    HANDED_OVER = "HANDED_OVER", _("Handed over")


class LandQuerySet(ScopedQuerySet["LandPlot"]):
    visibility = Visibility(area="area_code", area_roles=AREA_STAFF)


class LandPlot(models.Model):
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="land_plots", verbose_name=_("household")
    )
    programme = models.CharField(_("programme"), max_length=200)
    tenure = models.CharField(_("tenure"), max_length=14, choices=Tenure.choices)
    allocated_on = models.DateField(_("allocated on"))
    ends_on = models.DateField(_("right ends on"), null=True, blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    survey_status = models.CharField(
        _("survey"), max_length=14, choices=SurveyStatus.choices, default=SurveyStatus.NOT_SURVEYED
    )
    surveyed_on = models.DateField(_("surveyed on"), null=True, blank=True)
    # The household's area (scopes officers); the plot may lie elsewhere in the subdistrict.
    area_code = models.CharField(_("area"), max_length=8, db_index=True)
    # Personal data: a household's parcel. Shown only to who may see the household.
    boundary = models.JSONField(_("boundary"), null=True, blank=True)
    area_m2 = models.PositiveBigIntegerField(_("area (m²)"), default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    objects = LandQuerySet.as_manager()

    class Meta:
        ordering = ["-allocated_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("allocated_on")),
                name="plot_ends_after",
            ),
            models.CheckConstraint(
                condition=Q(survey_status="NOT_SURVEYED") | Q(surveyed_on__isnull=False),
                name="plot_surveyed_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} ({self.household})"


class HousingQuerySet(ScopedQuerySet["HousingUnit"]):
    visibility = Visibility(area="area_code", area_roles=AREA_STAFF)


class HousingUnit(models.Model):
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="housing_units", verbose_name=_("household")
    )
    programme = models.CharField(_("programme"), max_length=200)
    work = models.CharField(_("work"), max_length=8, choices=HousingWork.choices)
    cost_satang = models.BigIntegerField(_("cost"), default=0)
    stage = models.CharField(
        _("stage"), max_length=12, choices=HousingStage.choices, default=HousingStage.PLANNED
    )
    started_on = models.DateField(_("started on"), null=True, blank=True)
    handed_over_on = models.DateField(_("handed over on"), null=True, blank=True)
    area_code = models.CharField(_("area"), max_length=8, db_index=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    objects = HousingQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=Q(cost_satang__gte=0), name="housing_cost_not_negative"),
            models.CheckConstraint(
                condition=~Q(stage="HANDED_OVER") | Q(handed_over_on__isnull=False),
                name="housing_handed_over_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} ({self.household})"
