"""Household caseloads: assignment from a targeting run, visits, improvement at the next round."""

import datetime as dt

import pytest

from thanrak.accounts.scope import OutsideScope
from thanrak.registry.actions import person_account_link
from thanrak.registry.tests import factories as rf
from thanrak.services import actions, computations, queries
from thanrak.services.rules import improvement
from thanrak.services.tests.conftest import AT, TODAY
from thanrak.survey import actions as survey_actions
from thanrak.survey.tests import factories as sf

V1 = "56010101"


class TestImprovement:
    def test_a_dimension_passed_in_full_is_improved(self):
        dims = {1: "health", 2: "health", 3: "income"}
        change = improvement(before=[1, 2, 3], after=[2], dimension_of=dims)
        assert change.compared and change.improved == {"income"} and change.still_failed == {"health"}

    def test_no_later_round_compares_nothing(self):
        assert not improvement(before=[1], after=None, dimension_of={1: "health"}).compared


@pytest.fixture
def world(db, national_manager, make_user):
    """Round 2563 with a poor household (income 20,000 baht a year) in village 56010101, its TPMAP run, and a
    social-welfare volunteer with a login."""
    round_ = sf.round_(national_manager, year_be=2563)
    poor = rf.household(by=national_manager, village_obj=rf.village("560101", 1), members=1)
    sf.submit(round_, poor, national_manager, income=20_000)
    run = survey_actions.run_create(
        round_=round_,
        method="TPMAP",
        parameters={"dimensions": ["health", "living", "education", "income", "access"]},
        label="TPMAP 2563",
        by=national_manager,
        at=sf.AT,
    )
    person = rf.person(by=national_manager, area_code=V1)
    user = make_user("aphm", "VOLUNTEER", V1)
    person_account_link(person=person, user=user, by=national_manager, at=AT)
    helper = actions.helper_save(
        person=person,
        kinds=["WELFARE_VOLUNTEER"],
        expertise=["WELFARE"],
        areas=[V1],
        by=national_manager,
        at=AT,
    )
    return {
        "round": round_,
        "run": run,
        "poor": poor,
        "helper": helper,
        "user": type(user).objects.get(pk=user.pk),
    }


@pytest.mark.django_db
class TestCaseloads:
    def test_the_district_assigns_the_runs_poor_households_once(self, world, district_officer):
        n = actions.caseload_assign(
            run=world["run"],
            helper=world["helper"],
            household_ids=[world["poor"].pk],
            by=district_officer,
            on=TODAY,
        )
        assert n == 1
        with pytest.raises(actions.CannotAssignCaseload) as e:
            actions.caseload_assign(
                run=world["run"],
                helper=world["helper"],
                household_ids=[world["poor"].pk],
                by=district_officer,
                on=TODAY,
            )
        assert e.value.code == "nothing_to_assign"

    def test_another_district_cannot_assign_them(self, world, other_district_officer):
        with pytest.raises(actions.CannotAssignCaseload):
            actions.caseload_assign(
                run=world["run"],
                helper=world["helper"],
                household_ids=[world["poor"].pk],
                by=other_district_officer,
                on=TODAY,
            )

    def test_the_volunteer_sees_their_household_records_a_visit_once_and_sees_it_improve(
        self, world, district_officer, national_manager
    ):
        actions.caseload_assign(
            run=world["run"],
            helper=world["helper"],
            household_ids=[world["poor"].pk],
            by=district_officer,
            on=TODAY,
        )
        (a,) = queries.caseload_list(viewer=world["user"], helper_id=world["helper"].pk)
        for _ in range(2):
            actions.visit_record(
                assignment=a,
                on=TODAY,
                what="แนะนำการออม",
                next_step="เปิดบัญชีกลุ่มออมทรัพย์",
                by=world["user"],
                at=AT,
                today=TODAY,
                key="v1",
            )
        (row,) = queries.caseload_rows(assignments=[a])
        assert row.visits == 1 and row.failed and not row.change.compared
        later = sf.round_(national_manager, year_be=2564, v=world["round"].version)
        sf.submit(later, world["poor"], national_manager)
        survey_actions.round_evaluate(round_=later, by=national_manager, at=sf.AT)
        (row,) = queries.caseload_rows(assignments=[a])
        assert row.change.compared and row.change.improved
        assert computations.households_improved(start=TODAY, end=TODAY) == {"560101": 1}

    def test_a_volunteer_of_another_village_cannot_record_a_visit(self, world, district_officer, make_user):
        actions.caseload_assign(
            run=world["run"],
            helper=world["helper"],
            household_ids=[world["poor"].pk],
            by=district_officer,
            on=TODAY,
        )
        rf.village("560102", 2)
        stranger = make_user("other_vol", "VOLUNTEER", "56010202")
        (a,) = queries.caseload_list(viewer=district_officer)
        with pytest.raises(OutsideScope):
            actions.visit_record(assignment=a, on=TODAY, what="x", by=stranger, at=AT, today=TODAY)
        assert not queries.caseload_list(viewer=stranger).exists()

    def test_a_visit_in_the_future_names_the_date(self, world, district_officer):
        actions.caseload_assign(
            run=world["run"],
            helper=world["helper"],
            household_ids=[world["poor"].pk],
            by=district_officer,
            on=TODAY,
        )
        (a,) = queries.caseload_list(viewer=district_officer)
        with pytest.raises(actions.CannotRecordVisit) as e:
            actions.visit_record(
                assignment=a,
                on=TODAY + dt.timedelta(days=1),
                what="x",
                by=district_officer,
                at=AT,
                today=TODAY,
            )
        assert (e.value.code, e.value.field) == ("visit_date_invalid", "on")

    def test_the_volunteers_phone_page_lists_the_household(self, world, district_officer, client):
        actions.caseload_assign(
            run=world["run"],
            helper=world["helper"],
            household_ids=[world["poor"].pk],
            by=district_officer,
            on=TODAY,
        )
        client.force_login(world["user"])
        page = client.get("/services/caseload/")
        assert page.status_code == 200 and world["poor"].house_no in page.content.decode()

    def test_the_api_lists_the_caseload_and_records_a_visit_sent_twice_once(
        self, world, district_officer, client
    ):
        actions.caseload_assign(
            run=world["run"],
            helper=world["helper"],
            household_ids=[world["poor"].pk],
            by=district_officer,
            on=TODAY,
        )
        client.force_login(world["user"])
        page = client.get("/api/v1/services/caseload").json()
        assert page["count"] == 1 and page["items"][0]["failed_dimensions"]
        url = f"/api/v1/services/caseload/{page['items'][0]['id']}/visits"
        body = {"on": TODAY.isoformat(), "what": "เยี่ยมบ้าน", "client_key": "phone-1"}
        first = client.post(url, body, content_type="application/json")
        again = client.post(url, body, content_type="application/json")
        assert first.status_code == again.status_code == 201 and first.json()["id"] == again.json()["id"]
