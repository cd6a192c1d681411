"""Household caseloads: a district assigns a targeting run's poor households to a volunteer, who
records visits; improvement is read from the household's next survey round."""

from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.scope import ScopedQuerySet, Visibility
from thanrak.registry.models import Household
from thanrak.services.models.helpers import Helper
from thanrak.survey.models import TargetingRun


class CaseloadQuerySet(ScopedQuerySet["CaseloadAssignment"]):
    # Area staff see their areas' caseloads; a volunteer also their own households anywhere.
    visibility = Visibility(combine=True, area="area_code", own="helper__person_id")

    def active(self) -> Self:
        return self.filter(ended_on__isnull=True)


class CaseloadAssignment(models.Model):
    """A target household in a volunteer's caseload, from a targeting run."""

    household = models.ForeignKey(Household, on_delete=models.PROTECT, related_name="services_caseloads")
    helper = models.ForeignKey(Helper, on_delete=models.PROTECT, related_name="caseload")
    run = models.ForeignKey(TargetingRun, on_delete=models.PROTECT, related_name="+")
    area_code = models.CharField(max_length=8, db_index=True, editable=False)
    assigned_on = models.DateField(_("assigned on"))
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    ended_on = models.DateField(_("ended on"), null=True, blank=True)

    objects = CaseloadQuerySet.as_manager()

    class Meta:
        verbose_name = _("caseload household")
        verbose_name_plural = _("caseload households")
        constraints = [
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(ended_on__isnull=True),
                name="services_one_volunteer_per_household",
            )
        ]
        indexes = [models.Index(fields=["helper", "ended_on"], name="services_caseload_helper")]

    def __str__(self) -> str:
        return f"{self.household_id} → {self.helper_id}"


class Visit(models.Model):
    """A volunteer's visit to a household of their caseload: what was done and the next step."""

    assignment = models.ForeignKey(CaseloadAssignment, on_delete=models.CASCADE, related_name="visits")
    on = models.DateField(_("visited on"))
    what = models.CharField(_("what was done"), max_length=500)
    next_step = models.CharField(_("next step"), max_length=300, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("recorded at"))
    # The phone's own key for the visit: sent twice (offline, then again), it is recorded once.
    client_key = models.CharField(max_length=80, null=True, blank=True, unique=True)  # noqa: DJ001

    class Meta:
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        ordering = ["-on", "-pk"]
        indexes = [models.Index(fields=["assignment", "on"], name="services_visit_assignment")]

    def __str__(self) -> str:
        return f"{self.on} {self.what}"
