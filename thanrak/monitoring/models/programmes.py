"""The policy and its programmes: policy items, agencies, programmes and their indicators."""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from thanrak.monitoring.models.choices import UNIT_WORD_TH, Direction, IndicatorKind, Temporal, Unit


def _name(obj: object) -> str:
    lang = get_language() or "th"
    name_en = getattr(obj, "name_en", "") or getattr(obj, "title_en", "")
    name_th = getattr(obj, "name_th", "") or getattr(obj, "title_th", "")
    return name_en if lang.startswith("en") and name_en else name_th


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
    # The computation's parameters ({"programme": "2.4(2)"}), how its answer becomes the figure
    # ("sum", or a count of distinct "provinces" … "villages") and the area it is restricted to.
    computation_params = models.JSONField(_("parameters"), default=dict, blank=True)
    computation_aggregate = models.CharField(_("aggregate"), max_length=12, default="sum", blank=True)
    computation_area = models.CharField(_("restricted to area"), max_length=8, blank=True)
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
