"""Land plots allocated to households and housing units built or repaired."""

import datetime as dt

import pytest

from thanrak.accounts.scope import OutsideScope
from thanrak.assets import actions, queries
from thanrak.assets.errors import CannotRecordLand, ShapeRefused
from thanrak.assets.tests import factories as f
from thanrak.assets.tests import shapefiles as files

pytestmark = pytest.mark.django_db
D = dt.date


def _code(call) -> str:  # noqa: ANN001
    with pytest.raises((CannotRecordLand, ShapeRefused)) as caught:
        call()
    return caught.value.code


def _allocate(household, by, **kw):  # noqa: ANN001, ANN202
    kw.setdefault("tenure", "RIGHT_OF_USE")
    return actions.plot_allocate(
        household=household, programme="คทช.", allocated_on=D(2025, 6, 1), by=by, at=f.AT, **kw
    )


class TestPlots:
    def test_allocates_a_plot_with_its_boundary(self, phayao_household, district_officer):
        plot = _allocate(phayao_household, district_officer, geometry=files.square())
        assert plot.area_m2 == pytest.approx(7200, abs=2) and plot.area_code == phayao_household.area_code

    def test_the_plot_is_listed_as_help_in_the_survey_follow_up(self, phayao_household, district_officer):
        from thanrak.survey.models import Assistance

        _allocate(phayao_household, district_officer)
        help_given = Assistance.objects.get(household=phayao_household)
        assert (help_given.kind, help_given.indicators, help_given.given_on) == (
            "PROGRAMME",
            [8],
            D(2025, 6, 1),
        )
        assert "คทช." in help_given.description

    def test_refuses_a_boundary_outside_the_households_district(self, phayao_household, district_officer):
        def call():
            return _allocate(phayao_household, district_officer, geometry=files.square(lon=100.14, lat=19.35))  # noqa: E731

        assert _code(call) == "outside_area"

    def test_refuses_an_unknown_tenure_and_an_end_before_allocation(self, phayao_household, district_officer):
        assert _code(lambda: _allocate(phayao_household, district_officer, tenure="GIFT")) == "tenure_unknown"
        call = lambda: _allocate(phayao_household, district_officer, ends_on=D(2024, 1, 1))  # noqa: E731
        assert _code(call) == "ends_before_allocation"

    def test_survey_after_allocation(self, phayao_household, district_officer):
        plot = _allocate(phayao_household, district_officer)

        def call():
            return actions.plot_survey(
                plot=plot, status="SURVEYED", surveyed_on=D(2025, 1, 1), by=district_officer
            )  # noqa: E731

        assert _code(call) == "survey_before_allocation"
        plot = actions.plot_survey(
            plot=plot, status="SURVEYED", surveyed_on=D(2025, 7, 1), by=district_officer
        )
        assert plot.survey_status == "SURVEYED"

    def test_an_officer_of_another_district_may_not_allocate(self, phayao_household, other_district_officer):
        with pytest.raises(OutsideScope):
            _allocate(phayao_household, other_district_officer)


class TestHousing:
    def test_stages_only_go_forward_and_handing_over_is_dated(self, phayao_household, district_officer):
        unit = actions.housing_record(
            household=phayao_household,
            programme="บ้านพอเพียง",
            work="REPAIR",
            cost_satang=2_000_000,
            by=district_officer,
            at=f.AT,
        )
        unit = actions.housing_advance(unit=unit, stage="HANDED_OVER", on=D(2026, 3, 1), by=district_officer)
        assert (unit.stage, unit.handed_over_on, unit.started_on) == (
            "HANDED_OVER",
            D(2026, 3, 1),
            D(2026, 3, 1),
        )

        def call():
            return actions.housing_advance(unit=unit, stage="FINISHED", on=D(2026, 3, 2), by=district_officer)  # noqa: E731

        assert _code(call) == "stage_not_later"

    def test_refuses_a_negative_cost(self, phayao_household, district_officer):
        call = lambda: actions.housing_record(  # noqa: E731
            household=phayao_household,
            programme="x",
            work="BUILD",
            cost_satang=-1,
            by=district_officer,
            at=f.AT,
        )
        assert _code(call) == "cost_negative"


class TestScope:
    @pytest.mark.parametrize(
        ("persona", "sees"),
        [
            ("district_officer", True),
            ("provincial_officer", True),
            ("volunteer", True),
            ("other_district_officer", False),
            ("officer_elsewhere", False),
            ("org_officer", False),
            ("member", False),
            ("auditor", False),
        ],
    )
    def test_who_sees_a_households_plot(self, request, phayao_household, national_manager, persona, sees):
        viewer = request.getfixturevalue(persona)
        _allocate(phayao_household, national_manager)
        assert queries.plot_list(viewer=viewer).exists() is sees
