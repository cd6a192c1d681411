"""Targets and values, with every change kept (revisions) and the files they came from."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.roles import AREA_READERS
from thanrak.accounts.scope import ScopedQuerySet, Visibility
from thanrak.monitoring.models.choices import Qualifier, TargetBasis, ValueSource, ValueStatus
from thanrak.monitoring.models.programmes import Indicator
from thanrak.monitoring.periods import PERIOD_TYPE_CHOICES, PeriodType

AREA_CODE_RE = r"^([0-9]{2}){0,4}$"  # "" is the whole country


class AreaScopedQuerySet(ScopedQuerySet):
    """Officers and auditors see figures of their areas and below, and the totals of the areas
    that contain theirs (province, country); national managers see everything."""

    visibility = Visibility(area="area_code", area_roles=AREA_READERS, area_above=True)


class Target(models.Model):
    """What a programme aims to reach for an indicator in a fiscal year and area."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="targets")
    area_code = models.CharField(_("area"), max_length=8, blank=True)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    value = models.BigIntegerField(_("target (stored units)"))
    basis = models.CharField(
        _("basis"), max_length=8, choices=TargetBasis.choices, default=TargetBasis.STATED
    )
    note = models.TextField(_("note"), blank=True)
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(_("set at"))

    objects = AreaScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "area_code", "fiscal_year"], name="target_unique"),
            models.CheckConstraint(
                condition=Q(area_code__regex=AREA_CODE_RE), name="target_area_code_format"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="target_not_negative"),
            models.CheckConstraint(condition=Q(basis__in=TargetBasis.values), name="target_basis_known"),
        ]
        indexes = [models.Index(fields=["fiscal_year", "indicator", "area_code"])]

    def __str__(self) -> str:
        return f"target {self.indicator_id} {self.area_code or 'TH'} FY{self.fiscal_year}"


class TargetRevision(models.Model):
    """Append-only history of a target: who set it, when, from what."""

    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="revisions")
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    old_value = models.BigIntegerField(null=True)
    new_value = models.BigIntegerField()
    basis = models.CharField(max_length=8, choices=TargetBasis.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.old_value} → {self.new_value}"


class ImportFormat(models.TextChoices):
    CSV = "CSV", "CSV"
    XLSX = "XLSX", "Excel (XLSX)"
    DHIS2 = "DHIS2", _("DHIS2 dataValueSets JSON")
    SEED = "SEED", _("Published report figures")


class ImportBatch(models.Model):
    """One file read into values: what came in, from whom, and what it changed."""

    format = models.CharField(_("format"), max_length=6, choices=ImportFormat.choices)
    filename = models.CharField(_("file"), max_length=200, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"))
    rows = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.format} {self.filename}"


class Value(models.Model):
    """An achieved figure of an indicator for an area (any level; '' = whole country) and period."""

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    area_code = models.CharField(_("area"), max_length=8, blank=True)
    period = models.CharField(_("period"), max_length=24, blank=True)
    period_type = models.CharField(_("period type"), max_length=12, choices=PERIOD_TYPE_CHOICES)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    value = models.BigIntegerField(_("value (stored units)"))
    qualifier = models.CharField(_("qualifier"), max_length=10, choices=Qualifier.choices, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ValueStatus.choices, default=ValueStatus.DRAFT
    )
    source = models.CharField(_("source"), max_length=10, choices=ValueSource.choices)
    comment = models.TextField(_("comment"), blank=True)
    computation = models.CharField(_("computed by"), max_length=80, blank=True)
    computation_version = models.PositiveIntegerField(_("computation version"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("updated at"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    objects = AreaScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("value")
        verbose_name_plural = _("values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area_code", "fiscal_year", "period"], name="value_one_per_period"
            ),
            models.CheckConstraint(condition=Q(area_code__regex=AREA_CODE_RE), name="value_area_code_format"),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="value_period_in_order"
            ),
            models.CheckConstraint(condition=Q(status__in=ValueStatus.values), name="value_status_known"),
            models.CheckConstraint(condition=Q(source__in=ValueSource.values), name="value_source_known"),
            models.CheckConstraint(
                condition=Q(period_type__in=[t.value for t in PeriodType]), name="value_period_type_known"
            ),
            models.CheckConstraint(
                condition=(
                    Q(source=ValueSource.COMPUTED) & ~Q(computation="") & Q(computation_version__isnull=False)
                )
                | (~Q(source=ValueSource.COMPUTED) & Q(computation="")),
                name="value_computed_names_its_query",
            ),
            models.CheckConstraint(
                condition=Q(period="") | ~Q(period_type=PeriodType.UNSPECIFIED),
                name="value_period_code_matches_type",
            ),
        ]
        indexes = [
            models.Index(fields=["fiscal_year", "indicator", "area_code"]),
            models.Index(fields=["area_code", "fiscal_year", "status"]),
        ]

    def __str__(self) -> str:
        return (
            f"{self.indicator_id} {self.area_code or 'TH'} {self.period or self.fiscal_year} = {self.value}"
        )

    @property
    def amount(self) -> Decimal:
        return self.indicator.from_storage(self.value)


class RevisionAction(models.TextChoices):
    CREATE = "CREATE", _("Created")
    UPDATE = "UPDATE", _("Changed")
    SUBMIT = "SUBMIT", _("Submitted")
    APPROVE = "APPROVE", _("Approved")
    RETURN = "RETURN", _("Returned for correction")


class ValueRevision(models.Model):
    """Append-only history of a value: who, when, from what number and status to what."""

    value = models.ForeignKey(Value, on_delete=models.PROTECT, related_name="revisions")
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    action = models.CharField(max_length=8, choices=RevisionAction.choices)
    old_value = models.BigIntegerField(null=True)
    new_value = models.BigIntegerField()
    old_status = models.CharField(max_length=10, blank=True)
    new_status = models.CharField(max_length=10)
    source = models.CharField(max_length=10, choices=ValueSource.choices)
    comment = models.TextField(blank=True)
    batch = models.ForeignKey(
        ImportBatch, on_delete=models.PROTECT, null=True, blank=True, related_name="revisions"
    )
    computation = models.CharField(max_length=80, blank=True)
    computation_version = models.PositiveIntegerField(null=True)

    class Meta:
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=RevisionAction.values), name="revision_action_known"
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.action} {self.old_status}→{self.new_status}"

    def get_old_status_display(self) -> str:
        """The status before, as a person reads it ("" for a value just created)."""
        return (
            str(ValueStatus(self.old_status).label)
            if self.old_status in ValueStatus.values
            else self.old_status
        )

    def get_new_status_display(self) -> str:
        """The status after, as a person reads it."""
        return (
            str(ValueStatus(self.new_status).label)
            if self.new_status in ValueStatus.values
            else self.new_status
        )
