"""Workflow: the steps values go through, and the locks on periods."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thanrak.monitoring.models.values import AreaScopedQuerySet
from thanrak.monitoring.periods import PERIOD_TYPE_CHOICES, PeriodType


class WorkflowAction(models.TextChoices):
    SUBMIT = "SUBMIT", _("Submitted")
    APPROVE = "APPROVE", _("Approved")
    RETURN = "RETURN", _("Returned")
    LOCK = "LOCK", _("Locked")
    REOPEN = "REOPEN", _("Reopened")


class WorkflowEvent(models.Model):
    """A step of the reporting workflow for an area and period (one row per step, many values)."""

    action = models.CharField(max_length=8, choices=WorkflowAction.choices)
    area_code = models.CharField(max_length=8, blank=True)
    period = models.CharField(max_length=24)
    fiscal_year = models.PositiveSmallIntegerField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    comment = models.TextField(blank=True)
    value_count = models.PositiveIntegerField(default=0)

    objects = AreaScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=WorkflowAction.values), name="workflow_action_known"
            )
        ]

    def __str__(self) -> str:
        return f"{self.action} {self.area_code or 'TH'} {self.period}"


class PeriodLock(models.Model):
    """The centre closed a period: its values and targets change only after an audited reopen."""

    period = models.CharField(_("period"), max_length=24)
    period_type = models.CharField(max_length=12, choices=PERIOD_TYPE_CHOICES)
    period_start = models.DateField()
    period_end = models.DateField()
    fiscal_year = models.PositiveSmallIntegerField()
    locked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    locked_at = models.DateTimeField(_("locked at"))
    reopened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reopened_at = models.DateTimeField(_("reopened at"), null=True, blank=True)
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)

    class Meta:
        verbose_name = _("period lock")
        verbose_name_plural = _("period locks")
        ordering = ["-locked_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["period"], condition=Q(reopened_at__isnull=True), name="period_lock_one_active"
            ),
            models.CheckConstraint(
                condition=Q(reopened_at__isnull=True) | (Q(reopened_by__isnull=False) & ~Q(reopen_reason="")),
                name="period_lock_reopen_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(period_type__in=[PeriodType.FISCAL_YEAR, PeriodType.QUARTER, PeriodType.MONTH]),
                name="period_lock_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"lock {self.period}"

    @property
    def is_active(self) -> bool:
        return self.reopened_at is None
