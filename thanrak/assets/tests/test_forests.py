"""Community forests: register, boundary, committee, members, plans, subsidies, incidents."""

import datetime as dt

import pytest

from thanrak.accounts.scope import OutsideScope
from thanrak.assets import actions, queries
from thanrak.assets.errors import CannotRecordForest, ShapeRefused
from thanrak.assets.tests import factories as f
from thanrak.assets.tests import shapefiles as files
from thanrak.registry.tests import factories as registry

pytestmark = pytest.mark.django_db


def _code(call) -> str:  # noqa: ANN001
    with pytest.raises((CannotRecordForest, ShapeRefused)) as caught:
        call()
    return caught.value.code


class TestForestRegister:
    def test_a_district_officer_registers_a_forest_in_the_district(self, district_officer):
        forest = f.forest(by=district_officer)
        assert forest.legal_status == "APPROVED" and forest.area_code == "560101"

    def test_refuses_a_forest_outside_the_officers_district(self, other_district_officer):
        with pytest.raises(OutsideScope):
            f.forest(by=other_district_officer)

    def test_refuses_an_approved_forest_without_its_date(self, district_officer):
        assert _code(lambda: f.forest(by=district_officer, approved_on=None)) == "approval_date_missing"

    def test_refuses_an_unknown_area(self, district_officer):
        assert _code(lambda: f.forest(by=district_officer, area_code="569999")) == "area_unknown"


class TestForestBoundary:
    def test_measures_the_uploaded_boundary(self, district_officer):
        forest = f.forest(by=district_officer)
        geometry = files.square(metres_x=400, metres_y=400)  # 160,000 m² = 100 rai
        forest = actions.forest_set_boundary(forest=forest, geometry=geometry, by=district_officer)
        assert forest.area_m2 == pytest.approx(160_000, abs=5)
        assert forest.boundary["type"] == "Polygon" and forest.lat == pytest.approx(19.11, abs=0.01)

    def test_refuses_a_boundary_in_another_district(self, district_officer):
        forest = f.forest(by=district_officer)
        chun = files.square(lon=100.14, lat=19.35)
        assert (
            _code(lambda: actions.forest_set_boundary(forest=forest, geometry=chun, by=district_officer))
            == "outside_area"
        )
        forest.refresh_from_db()
        assert forest.boundary is None and forest.area_m2 == 0

    def test_totals_and_map_of_the_province(self, district_officer, provincial_officer, officer_elsewhere):
        forest = f.forest(by=district_officer)
        actions.forest_set_boundary(
            forest=forest, geometry=files.square(metres_x=400, metres_y=400), by=district_officer
        )
        totals = queries.forest_totals(viewer=provincial_officer, area="56")
        assert (totals.forests, totals.approved, totals.rai) == (1, 1, 100)
        doc = queries.forest_map(viewer=provincial_officer, area="56")
        assert [feature["id"] for feature in doc["features"]] == [forest.pk]
        assert queries.forest_totals(viewer=officer_elsewhere).forests == 0


class TestCommitteeAndMembers:
    def test_one_chair_per_term(self, district_officer, national_manager):
        forest = f.forest(by=district_officer)
        term = {"term_start": dt.date(2025, 1, 1), "term_end": dt.date(2026, 12, 31)}
        first = registry.person(by=national_manager)
        actions.forest_committee_add(forest=forest, person=first, role="CHAIR", by=district_officer, **term)
        second = registry.person(by=national_manager)
        call = lambda: actions.forest_committee_add(  # noqa: E731
            forest=forest, person=second, role="CHAIR", by=district_officer, **term
        )
        assert _code(call) == "chair_already_seated"
        later = {"term_start": dt.date(2027, 1, 1), "term_end": dt.date(2028, 12, 31)}
        actions.forest_committee_add(forest=forest, person=second, role="CHAIR", by=district_officer, **later)

    def test_refuses_a_term_ending_before_it_starts(self, district_officer, national_manager):
        forest = f.forest(by=district_officer)
        person = registry.person(by=national_manager)
        call = lambda: actions.forest_committee_add(  # noqa: E731
            forest=forest,
            person=person,
            role="MEMBER",
            term_start=dt.date(2026, 1, 1),
            term_end=dt.date(2025, 1, 1),
            by=district_officer,
        )
        assert _code(call) == "term_ends_before_start"

    def test_a_household_joins_once(self, district_officer, phayao_household):
        forest = f.forest(by=district_officer)
        actions.forest_member_add(
            forest=forest, household=phayao_household, joined_on=dt.date(2025, 1, 1), by=district_officer
        )
        call = lambda: actions.forest_member_add(  # noqa: E731
            forest=forest, household=phayao_household, joined_on=dt.date(2025, 2, 1), by=district_officer
        )
        assert _code(call) == "already_member"
        assert queries.forest_totals(viewer=district_officer).members == 1


class TestPlansSubsidiesIncidents:
    def test_one_plan_a_year_with_budgeted_activities(self, district_officer):
        forest = f.forest(by=district_officer)
        plan = actions.forest_plan_add(forest=forest, year_be=2569, by=district_officer)
        actions.forest_activity_add(
            plan=plan, name="ทำแนวกันไฟ", month=2, budget_satang=1_500_000, by=district_officer
        )
        assert (
            _code(lambda: actions.forest_plan_add(forest=forest, year_be=2569, by=district_officer))
            == "plan_exists"
        )
        assert (
            _code(lambda: actions.forest_plan_add(forest=forest, year_be=2026, by=district_officer))
            == "year_not_be"
        )
        call = lambda: actions.forest_activity_add(plan=plan, name="x", budget_satang=-1, by=district_officer)  # noqa: E731
        assert _code(call) == "budget_negative"

    def test_a_subsidy_must_be_more_than_zero(self, district_officer):
        forest = f.forest(by=district_officer)
        call = lambda: actions.forest_subsidy_record(  # noqa: E731
            forest=forest,
            source="กรมป่าไม้",
            amount_satang=0,
            received_on=dt.date(2026, 5, 1),
            by=district_officer,
        )
        assert _code(call) == "amount_not_positive"
        actions.forest_subsidy_record(
            forest=forest,
            source="กรมป่าไม้",
            amount_satang=5_000_000,
            received_on=dt.date(2026, 5, 1),
            by=district_officer,
        )
        assert queries.forest_totals(viewer=district_officer).subsidy_satang == 5_000_000

    def test_an_incident_outside_thailand_is_refused(self, district_officer):
        forest = f.forest(by=district_officer)
        call = lambda: actions.forest_incident_record(  # noqa: E731
            forest=forest,
            kind="FIRE",
            occurred_on=dt.date(2026, 3, 1),
            lat=99.9,
            lon=19.1,
            by=district_officer,
            at=f.AT,
        )
        assert _code(call) == "outside_thailand"
        fire = actions.forest_incident_record(
            forest=forest,
            kind="FIRE",
            occurred_on=dt.date(2026, 3, 1),
            lat=19.1,
            lon=99.9,
            area_affected_m2=3200,
            by=district_officer,
            at=f.AT,
        )
        assert fire.kind == "FIRE"


class TestScope:
    @pytest.mark.parametrize(
        ("persona", "sees"),
        [
            ("national_manager", True),
            ("provincial_officer", True),
            ("district_officer", True),
            ("other_district_officer", False),
            ("officer_elsewhere", False),
            ("volunteer", True),
            ("auditor", True),
            ("member", False),
            ("buyer", False),
        ],
    )
    def test_who_sees_a_forest_of_mueang_phayao(self, request, national_manager, persona, sees):
        viewer = request.getfixturevalue(persona)
        forest = f.forest(by=national_manager, area_code="56010101" if persona == "volunteer" else "560101")
        assert queries.forest_list(viewer=viewer).filter(pk=forest.pk).exists() is sees

    def test_the_managing_organisations_officer_sees_and_manages_it(
        self, org_officer, enterprise, national_manager
    ):
        forest = f.forest(by=national_manager, organisation=enterprise)
        assert queries.forest_get(viewer=org_officer, forest_id=forest.pk) == forest
        actions.forest_plan_add(forest=forest, year_be=2570, by=org_officer)
