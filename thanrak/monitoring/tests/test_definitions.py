"""The rules of an indicator's definition, on plain values: no database."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thanrak.monitoring.actions import CannotChangeProgramme
from thanrak.monitoring.actions.definitions import Definition, Measure, Part, check_indicator
from thanrak.monitoring.models import IndicatorKind, Temporal, Unit

HOUSEHOLDS = Part(pk=1, unit=Unit.HOUSEHOLDS, derived=False)
POOR_HOUSEHOLDS = Part(pk=2, unit=Unit.HOUSEHOLDS, derived=False)


def refused(**kwargs: object) -> CannotChangeProgramme:
    defaults: dict[str, object] = {
        "name_th": "ครัวเรือน",
        "unit": Unit.HOUSEHOLDS,
        "kind": IndicatorKind.COUNT,
        "temporal": Temporal.FLOW,
    }
    with pytest.raises(CannotChangeProgramme) as exc:
        check_indicator(**{**defaults, **kwargs})  # type: ignore[arg-type]
    return exc.value


class TestCheckIndicator:
    def test_a_count_keeps_what_was_asked_and_shows_no_decimals(self):
        checked = check_indicator(
            name_th="  ครัวเรือนยากจน ", unit=Unit.HOUSEHOLDS, kind=IndicatorKind.COUNT, temporal=Temporal.STOCK
        )

        assert checked == Definition(
            name_th="ครัวเรือนยากจน", unit=Unit.HOUSEHOLDS, decimals=0, display_millions=False, temporal="STOCK"
        )

    def test_money_shows_two_decimals_in_millions(self):
        checked = check_indicator(
            name_th="งบประมาณ", unit=Unit.BAHT, kind=IndicatorKind.SUM, temporal=Temporal.FLOW, decimals=0
        )

        assert (checked.decimals, checked.display_millions) == (2, True)

    def test_a_ratio_of_two_counts_is_a_percentage(self):
        checked = check_indicator(
            name_th="สัดส่วน",
            unit=Unit.HOUSEHOLDS,
            kind=IndicatorKind.RATIO,
            temporal=Temporal.FLOW,
            numerator=POOR_HOUSEHOLDS,
            denominator=HOUSEHOLDS,
            decimals=0,
        )

        assert (checked.unit, checked.decimals) == (Unit.PERCENT, 2)

    def test_a_computation_sets_how_months_add_up(self):
        checked = check_indicator(
            name_th="ครัวเรือน",
            unit=Unit.HOUSEHOLDS,
            kind=IndicatorKind.COUNT,
            temporal=Temporal.FLOW,
            computation="registry.households",
            measure=Measure(unit=Unit.HOUSEHOLDS, temporal=Temporal.STOCK),
        )

        assert checked.temporal == Temporal.STOCK

    @pytest.mark.parametrize(
        ("kwargs", "code", "field"),
        [
            ({"name_th": "  "}, "thai_name_required", "name_th"),
            ({"unit": "LITRES"}, "choose_unit_list", "unit"),
            ({"unit": Unit.OTHER}, "name_unit_thai_counting", "unit_label_th"),
            (
                {"kind": IndicatorKind.RATIO, "numerator": HOUSEHOLDS},
                "ratio_share_needs_numerator",
                "numerator",
            ),
            (
                {"kind": IndicatorKind.SHARE, "numerator": HOUSEHOLDS, "denominator": HOUSEHOLDS},
                "numerator_denominator_differ",
                "denominator",
            ),
            (
                {
                    "kind": IndicatorKind.RATIO,
                    "numerator": Part(pk=3, unit=Unit.PERCENT, derived=True),
                    "denominator": HOUSEHOLDS,
                },
                "ratio_built_counts_sums",
                "numerator",
            ),
            (
                {
                    "kind": IndicatorKind.RATIO,
                    "numerator": Part(pk=3, unit=Unit.PERSONS, derived=False),
                    "denominator": HOUSEHOLDS,
                },
                "numerator_denominator_same_unit",
                "denominator",
            ),
            (
                {
                    "kind": IndicatorKind.RATIO,
                    "numerator": POOR_HOUSEHOLDS,
                    "denominator": HOUSEHOLDS,
                    "computation": "registry.households",
                },
                "ratio_computed_parts_query",
                "computation",
            ),
            ({"numerator": HOUSEHOLDS}, "ratio_share_indicators_numerator", "kind"),
            ({"computation": "nowhere.nothing"}, "unknown_computation", "computation"),
            (
                {"computation": "registry.people", "measure": Measure(unit=Unit.PERSONS, temporal="STOCK")},
                "computation_counts_give_indicator",
                "unit",
            ),
            ({"decimals": 5}, "use_decimals", "decimals"),
            ({"decimals": -1}, "use_decimals", "decimals"),
        ],
    )
    def test_each_broken_rule_is_named_by_its_code_and_field(self, kwargs, code, field):
        error = refused(**kwargs)

        assert (error.code, error.field) == (code, field)

    @given(
        unit=st.sampled_from([u for u in Unit.values if u != Unit.OTHER]),
        kind=st.sampled_from([IndicatorKind.COUNT, IndicatorKind.SUM]),
        decimals=st.one_of(st.none(), st.integers(min_value=0, max_value=4)),
        millions=st.one_of(st.none(), st.booleans()),
    )
    def test_a_stored_count_or_sum_keeps_its_unit_and_shows_0_to_4_decimals(
        self, unit, kind, decimals, millions
    ):
        checked = check_indicator(
            name_th="ตัวชี้วัด",
            unit=unit,
            kind=kind,
            temporal=Temporal.FLOW,
            decimals=decimals,
            display_millions=millions,
        )

        assert checked.unit == unit
        assert 0 <= checked.decimals <= 4
        if unit == Unit.BAHT:
            assert checked.decimals == 2
        elif decimals is not None:
            assert checked.decimals == decimals
        else:
            assert checked.decimals == (2 if unit == Unit.PERCENT else 0)
        assert checked.display_millions == (unit == Unit.BAHT if millions is None else millions)
