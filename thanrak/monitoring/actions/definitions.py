"""The rules an indicator's definition follows, checked on plain values without the database.

`check_indicator` takes what a person asked for (name, unit, kind, the two parts of a ratio, what
the computation filling it measures, decimals) and returns the definition to store, or raises
CannotChangeProgramme with the code and field of the first rule broken. `indicator_create` looks
up the parts and the computation first and then checks what needs the database (a code or a
DHIS2 id already in use).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from thanrak.monitoring.actions.errors import CannotChangeProgramme
from thanrak.monitoring.models import IndicatorKind, Unit

DERIVED = (IndicatorKind.RATIO, IndicatorKind.SHARE)


@dataclass(frozen=True)
class Part:
    """A ratio's numerator or denominator, as the rules see it."""

    pk: int
    unit: str
    derived: bool


@dataclass(frozen=True)
class Measure:
    """What a registered computation counts, and whether months add up (FLOW) or the latest counts."""

    unit: str
    temporal: str


@dataclass(frozen=True)
class Definition:
    """The checked definition: the fields to store, with the unit, decimals and temporal settled."""

    name_th: str
    unit: str
    decimals: int
    display_millions: bool
    temporal: str


def _refuse(message: str, code: str, field: str, **params: object) -> CannotChangeProgramme:
    return CannotChangeProgramme(message, code=code, field=field, params=params or None)


def _check_parts(numerator: Part | None, denominator: Part | None, computation: str) -> None:
    """A ratio or share: two different counts or sums in the same unit, and no computation."""
    if numerator is None or denominator is None:
        raise _refuse(
            _("A ratio or share needs a numerator and a denominator."),
            "ratio_share_needs_numerator",
            "numerator",
        )
    if numerator.pk == denominator.pk:
        raise _refuse(
            _("The numerator and denominator must differ."), "numerator_denominator_differ", "denominator"
        )
    if numerator.derived or denominator.derived:
        raise _refuse(
            _("A ratio is built from counts or sums, not from other ratios."),
            "ratio_built_counts_sums",
            "numerator",
        )
    if numerator.unit != denominator.unit:
        raise _refuse(
            _("The numerator and denominator must have the same unit."),
            "numerator_denominator_same_unit",
            "denominator",
        )
    if computation:
        raise _refuse(
            _("A ratio is computed from its parts, not by a query."),
            "ratio_computed_parts_query",
            "computation",
        )


def _check_name_and_unit(name_th: str, unit: str, unit_label_th: str) -> None:
    if not name_th:
        raise _refuse(_("The Thai name is required."), "thai_name_required", "name_th")
    if unit not in Unit.values:
        raise _refuse(_("Choose a unit from the list."), "choose_unit_list", "unit")
    if unit == Unit.OTHER and not unit_label_th.strip():
        raise _refuse(
            _("Name the unit (its Thai counting word)."), "name_unit_thai_counting", "unit_label_th"
        )


def _check_measure(computation: str, measure: Measure | None, unit: str) -> Measure:
    """The computation is registered and counts the indicator's unit."""
    if measure is None:
        raise _refuse(
            _("No computation is registered as %(name)s."),
            "unknown_computation",
            "computation",
            name=computation,
        )
    if measure.unit != unit:
        raise _refuse(
            _("The computation counts %(unit)s; give the indicator that unit."),
            "computation_counts_give_indicator",
            "unit",
            unit=Unit(measure.unit).label,
        )
    return measure


def _decimals(unit: str, decimals: int | None) -> int:
    """Money and ratios show 2 decimals; other units 0 unless asked; never more than 4."""
    if unit == Unit.BAHT:
        decimals = 2
    if decimals is None:
        decimals = 2 if unit == Unit.PERCENT else 0
    if not 0 <= decimals <= 4:
        raise _refuse(_("Use 0 to 4 decimals."), "use_decimals", "decimals")
    return decimals


def check_indicator(
    *,
    name_th: str,
    unit: str,
    kind: str,
    temporal: str,
    unit_label_th: str = "",
    numerator: Part | None = None,
    denominator: Part | None = None,
    computation: str = "",
    measure: Measure | None = None,
    decimals: int | None = None,
    display_millions: bool | None = None,
) -> Definition:
    """The definition to store, or the first rule broken. `measure` is what the named `computation`
    counts (None: no computation of that name is registered)."""
    name_th = name_th.strip()
    _check_name_and_unit(name_th, unit, unit_label_th)
    if kind in DERIVED:
        _check_parts(numerator, denominator, computation)
        unit, decimals = Unit.PERCENT, 2
    elif numerator is not None or denominator is not None:
        raise _refuse(
            _("Only ratio and share indicators have a numerator and denominator."),
            "ratio_share_indicators_numerator",
            "kind",
        )
    if computation:
        temporal = _check_measure(computation, measure, unit).temporal
    decimals = _decimals(unit, decimals)
    return Definition(
        name_th=name_th,
        unit=unit,
        decimals=decimals,
        display_millions=(unit == Unit.BAHT) if display_millions is None else display_millions,
        temporal=temporal,
    )
