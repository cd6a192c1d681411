"""Household caseloads: assignment from a targeting run, visits, improvement at the next round."""

import datetime as dt

import pytest

from thanrak.accounts.scope import OutsideScope
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


@pytest.mark.django_db
class TestVisitSync:
    """The phone's queue of visits kept offline, sent to /caseload/visits/sync when the network is back."""

    URL = "/api/v1/services/caseload/visits/sync"

    @pytest.fixture
    def assignment(self, world, district_officer):
        actions.caseload_assign(
            run=world["run"],
            helper=world["helper"],
            household_ids=[world["poor"].pk],
            by=district_officer,
            on=TODAY,
        )
        return queries.caseload_list(viewer=district_officer).get()

    def _send(self, client, *visits):
        return client.post(self.URL, {"visits": list(visits)}, content_type="application/json")

    def _visit(self, assignment, key, **extra):
        return {
            "client_key": key,
            "assignment_id": assignment.pk,
            "on": TODAY.isoformat(),
            "what": "เยี่ยมบ้าน",
        } | extra

    def test_a_visit_synced_twice_is_stored_once(self, world, assignment, client):
        client.force_login(world["user"])
        first = self._send(
            client, self._visit(assignment, "phone-visit-1"), self._visit(assignment, "phone-visit-1")
        )
        assert first.status_code == 200
        one, same = first.json()
        assert one["created"] and not same["created"] and one["visit_id"] == same["visit_id"]
        # The reply was lost: the phone sends its queue again.
        again = self._send(client, self._visit(assignment, "phone-visit-1")).json()
        assert again == [{**one, "created": False}]
        assert assignment.visits.count() == 1

    def test_bad_rows_are_named_and_the_good_ones_kept(self, world, assignment, client):
        client.force_login(world["user"])
        answer = self._send(
            client,
            self._visit(assignment, "phone-good-1", next_step="ติดตามเดือนหน้า"),
            self._visit(assignment, "phone-empty-1", what="  "),
            self._visit(assignment, "phone-future", on=(TODAY + dt.timedelta(days=400)).isoformat()),
            self._visit(assignment, "phone-nowhere", assignment_id=assignment.pk + 999),
        ).json()
        assert [(r["client_key"], r["created"], r["code"], r["field"]) for r in answer] == [
            ("phone-good-1", True, None, None),
            ("phone-empty-1", False, "visit_missing", "what"),
            ("phone-future", False, "visit_date_invalid", "on"),
            ("phone-nowhere", False, "assignment_unknown", "assignment_id"),
        ]
        assert all(r["error"] for r in answer[1:])
        assert list(assignment.visits.values_list("client_key", "next_step")) == [
            ("phone-good-1", "ติดตามเดือนหน้า")
        ]

    def test_a_volunteer_of_another_village_is_refused_row_by_row(self, world, assignment, client, make_user):
        rf.village("560102", 2)
        client.force_login(make_user("other_vol", "VOLUNTEER", "56010202"))
        (row,) = self._send(client, self._visit(assignment, "phone-stranger")).json()
        assert (row["created"], row["code"]) == (False, "assignment_unknown")
        assert not assignment.visits.exists()

    def test_a_malformed_key_is_refused_with_its_field(self, world, assignment, client):
        client.force_login(world["user"])
        answer = self._send(client, self._visit(assignment, "bad key!"))
        assert answer.status_code == 422 and "client_key" in str(answer.json())
        assert not assignment.visits.exists()

    def test_a_member_may_not_sync_visits(self, assignment, client, make_user):
        client.force_login(make_user("just_member", "MEMBER", V1))
        assert self._send(client, self._visit(assignment, "phone-member")).status_code == 403
