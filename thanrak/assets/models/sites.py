"""Sites of โคก หนอง นา (the "Khok Nong Na" model of land use, seed 2.4(2)): Community Lab Model sites,
one or more per subdistrict, and Household Lab Model sites on a household's own land."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.roles import AREA_ROLES
from thanrak.accounts.scope import ScopedQuerySet, Visibility
from thanrak.registry.models import Household, Organisation


class SiteKind(models.TextChoices):
    CLM = "CLM", _("Community Lab Model (CLM)")
    HLM = "HLM", _("Household Lab Model (HLM)")


class SiteQuerySet(ScopedQuerySet["LabSite"]):
    visibility = Visibility(area="area_code", area_roles=AREA_ROLES, organisation="organisation_id")


class LabSite(models.Model):
    """A โคก หนอง นา site: its kind, the community or household that works it, its dates and shape.
    The fields a computation counts: kind, area_code, started_on, finished_on, area_m2."""

    kind = models.CharField(_("kind"), max_length=3, choices=SiteKind.choices)
    name = models.CharField(_("name"), max_length=200)
    # The subdistrict (6 digits) or village (8 digits) the site lies in.
    area_code = models.CharField(_("area"), max_length=8, db_index=True)
    # A community site is worked by an organisation (a community enterprise, a group); a household
    # site by the household on its own land.
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lab_sites",
        verbose_name=_("community (organisation)"),
    )
    household = models.ForeignKey(
        Household,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lab_sites",
        verbose_name=_("household"),
    )
    programme = models.CharField(_("programme"), max_length=200, blank=True)
    started_on = models.DateField(_("started on"))
    finished_on = models.DateField(_("finished on"), null=True, blank=True)
    boundary = models.JSONField(_("boundary"), null=True, blank=True)
    map_boundary = models.JSONField(null=True, blank=True, editable=False)
    area_m2 = models.PositiveBigIntegerField(_("area (m²)"), default=0)
    lon = models.FloatField(null=True, blank=True)
    lat = models.FloatField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    objects = SiteQuerySet.as_manager()

    class Meta:
        verbose_name = _("โคก หนอง นา site")
        verbose_name_plural = _("โคก หนอง นา sites")
        ordering = ["area_code", "kind", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(area_code__regex=r"^[0-9]{6}([0-9]{2})?$"), name="site_area_code"
            ),
            models.CheckConstraint(
                condition=~Q(kind="HLM") | Q(household__isnull=False), name="site_household_has_household"
            ),
            models.CheckConstraint(
                condition=Q(finished_on__isnull=True) | Q(finished_on__gte=models.F("started_on")),
                name="site_finished_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.name
