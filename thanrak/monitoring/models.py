"""Programmes under the policy, their indicators, targets and achieved values, with full history.

A value is an integer in the indicator's storage unit: satang for money (1 baht = 100), otherwise
the unit × 10^decimals (a count with 0 decimals is stored as is; 32.92 tonnes with 2 decimals is
3292). Nothing here is a float.
"""

from decimal import Decimal
from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.roles import Role
from thanrak.accounts.scope import scope_of
from thanrak.monitoring.periods import PERIOD_TYPE_CHOICES, PeriodType

AREA_CODE_RE = r"^([0-9]{2}){0,4}$"  # "" is the whole country


class Unit(models.TextChoices):
    HOUSEHOLDS = "HOUSEHOLDS", _("households")
    PERSONS = "PERSONS", _("persons")
    GROUPS = "GROUPS", _("groups")
    ENTERPRISES = "ENTERPRISES", _("enterprises")
    PRODUCTS = "PRODUCTS", _("products")
    SHOPS = "SHOPS", _("shops")
    VILLAGES = "VILLAGES", _("villages")
    COMMUNITIES = "COMMUNITIES", _("communities")
    PROVINCES = "PROVINCES", _("provinces")
    PROJECTS = "PROJECTS", _("projects")
    SITES = "SITES", _("sites")
    PLOTS = "PLOTS", _("plots")
    RAI = "RAI", _("rai")
    TONNES = "TONNES", _("tonnes")
    TIMES = "TIMES", _("times")
    BAHT = "BAHT", _("baht")
    PERCENT = "PERCENT", _("percent")
    OTHER = "OTHER", _("other")


# The Thai counting word printed after a number of each unit (the indicator may override it).
UNIT_WORD_TH = {
    Unit.HOUSEHOLDS: "ครัวเรือน",
    Unit.PERSONS: "คน",
    Unit.GROUPS: "กลุ่ม",
    Unit.ENTERPRISES: "ราย",
    Unit.PRODUCTS: "ผลิตภัณฑ์",
    Unit.SHOPS: "ร้านค้า",
    Unit.VILLAGES: "หมู่บ้าน",
    Unit.COMMUNITIES: "ชุมชน",
    Unit.PROVINCES: "จังหวัด",
    Unit.PROJECTS: "โครงการ",
    Unit.SITES: "แห่ง",
    Unit.PLOTS: "แปลง",
    Unit.RAI: "ไร่",
    Unit.TONNES: "ตัน",
    Unit.TIMES: "ครั้ง",
    Unit.BAHT: "บาท",
    Unit.PERCENT: "ร้อยละ",
    Unit.OTHER: "",
}


class IndicatorKind(models.TextChoices):
    COUNT = "COUNT", _("Count")
    SUM = "SUM", _("Sum of amounts")
    RATIO = "RATIO", _("Ratio of two indicators (numerator / denominator × 100)")
    SHARE = "SHARE", _("Share of a total (part / total × 100)")


class Direction(models.TextChoices):
    UP = "UP", _("Higher is better")
    DOWN = "DOWN", _("Lower is better")


class Temporal(models.TextChoices):
    FLOW = "FLOW", _("Flow: months add up to the year")
    STOCK = "STOCK", _("Stock: the latest figure of the year counts")


class ValueStatus(models.TextChoices):
    DRAFT = "DRAFT", _("Draft")
    SUBMITTED = "SUBMITTED", _("Submitted")
    APPROVED = "APPROVED", _("Approved")


class ValueSource(models.TextChoices):
    ENTRY = "ENTRY", _("Entered by an officer")
    IMPORT = "IMPORT", _("Imported from a file")
    DHIS2 = "DHIS2", _("Imported from DHIS2")
    COMPUTED = "COMPUTED", _("Computed from Thanrak's records")
    SEED = "SEED", _("Published report")


class Qualifier(models.TextChoices):
    NONE = "", _("exactly")
    MORE_THAN = "MORE_THAN", _("more than")
    EACH = "EACH", _("each (per unit)")


QUALIFIER_TH = {Qualifier.NONE: "", Qualifier.MORE_THAN: "กว่า", Qualifier.EACH: "แห่งละ"}


class TargetBasis(models.TextChoices):
    STATED = "STATED", _("Stated")
    IMPLIED = "IMPLIED", _("Implied by a printed percentage")
    PLANNED = "PLANNED", _("Planned")


def _name(obj: object) -> str:
    lang = get_language() or "th"
    name_en = getattr(obj, "name_en", "") or getattr(obj, "title_en", "")
    name_th = getattr(obj, "name_th", "") or getattr(obj, "title_th", "")
    return name_en if lang.startswith("en") and name_en else name_th


# --- the policy and its programmes ---------------------------------------------------------------


class PolicyItem(models.Model):
    """An item of the policy (7, 7.1, 7.1.1 …) and the results section that reports on it (1.1 …)."""

    code = models.CharField(_("policy number"), max_length=12, unique=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    result_number = models.CharField(_("results section"), max_length=12, blank=True)
    title_th = models.CharField(_("Thai title"), max_length=300)
    title_en = models.CharField(_("English title"), max_length=300, blank=True)
    sort_key = models.CharField(max_length=60, editable=False, db_index=True)

    class Meta:
        verbose_name = _("policy item")
        verbose_name_plural = _("policy items")
        ordering = ["sort_key"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^[0-9]+(\.[0-9]+)*$"), name="policy_item_code_format"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    @property
    def title(self) -> str:
        return _name(self)

    @property
    def depth(self) -> int:
        return self.code.count(".")


class Agency(models.Model):
    """A government agency that owns programmes and reports figures (หน่วยงาน)."""

    code = models.CharField(_("code"), max_length=30, unique=True)
    name_th = models.CharField(_("Thai name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["name_th"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return _name(self)


class ProgrammeKind(models.TextChoices):
    PROGRAMME = "PROGRAMME", _("Programme")
    PROJECT = "PROJECT", _("Project")


class Programme(models.Model):
    """A programme or project that serves a policy item, numbered as the report numbers it."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    section = models.CharField(_("report section"), max_length=30)
    kind = models.CharField(
        _("kind"), max_length=10, choices=ProgrammeKind.choices, default=ProgrammeKind.PROGRAMME
    )
    policy_item = models.ForeignKey(
        PolicyItem, on_delete=models.PROTECT, related_name="programmes", verbose_name=_("policy item")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("part of"),
    )
    name_th = models.CharField(_("Thai name"), max_length=300)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    owner_agency = models.ForeignKey(
        Agency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programmes",
        verbose_name=_("owner agency"),
    )
    first_fiscal_year = models.PositiveSmallIntegerField(_("from fiscal year"), null=True, blank=True)
    last_fiscal_year = models.PositiveSmallIntegerField(_("until fiscal year"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    sort_key = models.CharField(max_length=80, editable=False, db_index=True)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["sort_key", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(first_fiscal_year__isnull=True)
                | Q(last_fiscal_year__isnull=True)
                | Q(last_fiscal_year__gte=models.F("first_fiscal_year")),
                name="programme_years_in_order",
            ),
            models.CheckConstraint(condition=Q(kind__in=ProgrammeKind.values), name="programme_kind_known"),
        ]

    def __str__(self) -> str:
        return f"{self.section} {self.name}"

    @property
    def name(self) -> str:
        return _name(self)

    @property
    def depth(self) -> int:
        """How deep the report nests the section: 1.1.1 → 0, 1.1.3(1) → 1, 1.1.3(1.1) → 1, 1.2.4(1)(1) → 2."""
        return self.section.count("(")


class Indicator(models.Model):
    """What is measured for a programme: unit, kind, direction and how months make a year."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("programme")
    )
    name_th = models.CharField(_("Thai name"), max_length=300)
    name_en = models.CharField(_("English name"), max_length=300, blank=True)
    unit = models.CharField(_("unit"), max_length=12, choices=Unit.choices)
    unit_label_th = models.CharField(_("Thai counting word"), max_length=40, blank=True)
    unit_label_en = models.CharField(_("English unit"), max_length=40, blank=True)
    kind = models.CharField(
        _("kind"), max_length=8, choices=IndicatorKind.choices, default=IndicatorKind.COUNT
    )
    numerator = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("numerator")
    )
    denominator = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("denominator (the total)"),
    )
    direction = models.CharField(
        _("direction"), max_length=4, choices=Direction.choices, default=Direction.UP
    )
    temporal = models.CharField(_("over time"), max_length=5, choices=Temporal.choices, default=Temporal.FLOW)
    decimals = models.PositiveSmallIntegerField(_("decimals"), default=0)
    display_millions = models.BooleanField(_("print in millions"), default=False)
    # Name of a registered computation (see computed.py); its values are never typed in.
    computation = models.CharField(_("computed by"), max_length=80, blank=True)
    dhis2_uid = models.CharField(_("DHIS2 data element"), max_length=11, blank=True)
    sort_order = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["programme__sort_key", "sort_order", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(unit__in=Unit.values), name="monitoring_indicator_unit_known"),
            models.CheckConstraint(condition=Q(kind__in=IndicatorKind.values), name="indicator_kind_known"),
            models.CheckConstraint(condition=Q(decimals__lte=4), name="indicator_decimals_at_most_4"),
            models.CheckConstraint(
                condition=~Q(unit=Unit.BAHT) | Q(decimals=2), name="indicator_money_in_satang"
            ),
            models.CheckConstraint(
                condition=(
                    Q(kind__in=[IndicatorKind.RATIO, IndicatorKind.SHARE])
                    & Q(numerator__isnull=False, denominator__isnull=False, unit=Unit.PERCENT, computation="")
                )
                | (
                    Q(kind__in=[IndicatorKind.COUNT, IndicatorKind.SUM])
                    & Q(numerator__isnull=True, denominator__isnull=True)
                ),
                name="indicator_ratio_has_parts",
            ),
            models.CheckConstraint(
                condition=~Q(unit=Unit.OTHER) | ~Q(unit_label_th=""), name="indicator_other_unit_named"
            ),
            models.UniqueConstraint(
                fields=["dhis2_uid"], condition=~Q(dhis2_uid=""), name="indicator_dhis2_uid_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return _name(self)

    @property
    def is_money(self) -> bool:
        return self.unit == Unit.BAHT

    @property
    def is_derived(self) -> bool:
        """Ratio and share indicators are computed from two others, never stored."""
        return self.kind in (IndicatorKind.RATIO, IndicatorKind.SHARE)

    @property
    def is_computed(self) -> bool:
        return bool(self.computation)

    @property
    def additive(self) -> bool:
        """Counts and sums add up over areas; typed-in percentages do not."""
        return not self.is_derived and self.unit != Unit.PERCENT

    @property
    def scale(self) -> int:
        return 2 if self.is_money else self.decimals

    def to_storage(self, amount: Decimal) -> int:
        """A number in the unit (baht, households …) → the stored integer; refuses extra decimals."""
        stored = amount.scaleb(self.scale)
        if stored != stored.to_integral_value():
            raise ValueError("too many decimals")
        return int(stored)

    def from_storage(self, stored: int) -> Decimal:
        return Decimal(stored).scaleb(-self.scale)

    def unit_word(self, lang: str = "th") -> str:
        """The counting word printed after the number: 'แปลง', 'ราย', 'ล้านบาท'."""
        if lang.startswith("en"):
            word = self.unit_label_en or str(Unit(self.unit).label)
            return f"million {word}" if self.display_millions else word
        word = self.unit_label_th or UNIT_WORD_TH[Unit(self.unit)]
        return f"ล้าน{word}" if self.display_millions else word


# --- targets and values ----------------------------------------------------------------------------


class AreaScopedQuerySet(models.QuerySet):
    def visible_to(self, viewer: object) -> Self:
        """Officers and auditors see figures of their areas and below, and the totals of the areas
        that contain theirs (province, country); national managers see everything."""
        scope = scope_of(viewer)
        if scope.everything:
            return self
        if scope.role in (Role.DISTRICT_OFFICER, Role.PROVINCIAL_OFFICER, Role.AUDITOR):
            above = {code[:n] for code in scope.area_codes for n in range(0, len(code), 2)}
            return self.filter(scope.area_q("area_code") | Q(area_code__in=sorted(above)))
        return self.none()


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


# --- workflow --------------------------------------------------------------------------------------


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


# --- computations and roll-ups -------------------------------------------------------------------


class RunStatus(models.TextChoices):
    RUNNING = "RUNNING", _("Running")
    DONE = "DONE", _("Done")
    FAILED = "FAILED", _("Failed")


class ComputationRun(models.Model):
    """One refresh of one registered computation: which version, when, what it wrote."""

    name = models.CharField(max_length=80, db_index=True)
    version = models.PositiveIntegerField()
    fiscal_year = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=RunStatus.choices, default=RunStatus.RUNNING)
    written = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    skipped_locked = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    triggered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} v{self.version} FY{self.fiscal_year} {self.status}"


class RollupRun(models.Model):
    """One rebuild of the analytics roll-up store (national-scale dashboards read it)."""

    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=8, choices=RunStatus.choices, default=RunStatus.RUNNING)
    source = models.CharField(max_length=200)
    rows_in = models.BigIntegerField(default=0)
    rows_out = models.BigIntegerField(default=0)
    seconds = models.FloatField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"roll-up {self.started_at:%Y-%m-%d %H:%M} {self.status}"


# --- published figures (the seed report) --------------------------------------------------------


class FigureRole(models.TextChoices):
    VALUE = "VALUE", _("Achieved value")
    TARGET = "TARGET", _("Target")
    PERCENT_OF_TARGET = "PCT_TARGET", _("Percentage of the target")
    SHARE = "SHARE", _("Share of a total")
    CALLOUT = "CALLOUT", _("Repeated in a call-out box")


class PublishedFigure(models.Model):
    """A figure exactly as a published report printed it, tied to the data that must reproduce it."""

    document = models.CharField(max_length=60)
    row = models.PositiveIntegerField()
    section = models.CharField(max_length=30)
    role = models.CharField(max_length=10, choices=FigureRole.choices)
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="published_figures")
    value = models.ForeignKey(
        Value, on_delete=models.PROTECT, null=True, blank=True, related_name="published_as"
    )
    target = models.ForeignKey(
        Target, on_delete=models.PROTECT, null=True, blank=True, related_name="published_as"
    )
    fiscal_year = models.PositiveSmallIntegerField()
    printed_as = models.CharField(max_length=120)
    printed_number = models.CharField(max_length=40)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["document", "row"]
        constraints = [
            models.UniqueConstraint(fields=["document", "row"], name="published_figure_unique"),
            models.CheckConstraint(
                condition=Q(role__in=FigureRole.values), name="published_figure_role_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} row {self.row}: {self.printed_as}"
