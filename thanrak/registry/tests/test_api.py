"""The registry API with a personal access token: the same scope and masking as the pages."""

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from thanrak.accounts.actions import token_create
from thanrak.accounts.models import AuditEvent, AuditLog
from thanrak.registry import actions
from thanrak.registry.models import Household, Membership, Person
from thanrak.registry.tests import factories

pytestmark = pytest.mark.django_db

API = "/api/v1/registry"


class Api:
    """A client that sends a user's bearer token and JSON bodies."""

    def __init__(self, client, user):  # noqa: ANN001
        _token, key = token_create(user=user, name="tests", at=timezone.now())
        self.client, self.headers = client, {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    def get(self, path: str, **params: object):  # noqa: ANN201
        return self.client.get(API + path, params, **self.headers)

    def post(self, path: str, body: dict | None = None):  # noqa: ANN201
        return self.client.post(
            API + path, json.dumps(body or {}), content_type="application/json", **self.headers
        )

    def patch(self, path: str, body: dict):  # noqa: ANN201
        return self.client.patch(
            API + path, json.dumps(body), content_type="application/json", **self.headers
        )


def head_of(household: Household) -> Person:
    return household.members.get(relation="HEAD", left_date__isnull=True).person


def masked(digits: str) -> str:
    return f"{digits[0]}-{digits[1:5]}-xxxxx-xx-{digits[12]}"


class TestPersonsApi:
    def test_lists_people_in_the_officers_district_with_masked_ids(
        self, client, district_officer, phayao_household, chiangmai_household
    ):
        body = Api(client, district_officer).get("/persons").json()

        ids = {p["id"] for p in body["items"]}
        assert body["count"] == 2 and ids == {m.person_id for m in phayao_household.members.all()}
        head = head_of(phayao_household)
        assert masked(head.citizen_id) in {p["citizen_id_masked"] for p in body["items"]}
        assert head.citizen_id not in json.dumps(body)

    def test_pages_with_limit_and_offset(self, client, district_officer, national_manager):
        factories.village()
        for _ in range(5):
            factories.person(by=national_manager)

        body = Api(client, district_officer).get("/persons", limit=2, offset=4).json()

        assert (body["count"], body["limit"], body["offset"], len(body["items"])) == (5, 2, 4, 1)

    def test_refuses_a_page_size_beyond_the_documented_bound(self, client, district_officer):
        response = Api(client, district_officer).get("/persons", limit=1000)

        assert response.status_code == 422 and response.json()["field"] == "limit"

    def test_answers_not_found_for_a_person_in_another_province(
        self, client, district_officer, chiangmai_household
    ):
        response = Api(client, district_officer).get(f"/persons/{head_of(chiangmai_household).pk}")

        assert response.status_code == 404

    def test_registers_a_person_and_names_the_field_of_a_wrong_check_digit(
        self, client, district_officer, volunteer
    ):
        api = Api(client, district_officer)
        good = factories.citizen_id()
        body = {
            "citizen_id": good[:12] + str((int(good[12]) + 1) % 10),
            "first_name": "ทดสอบ",
            "area_code": "56010101",
        }

        refused = api.post("/persons", body)
        created = api.post("/persons", {**body, "citizen_id": good, "birth_date": "1980-05-17"})

        assert refused.status_code == 422 and refused.json()["field"] == "citizen_id"
        assert refused.json()["code"] == "citizen_id_check_digit_wrong"
        assert created.status_code == 201
        assert (
            created.json()["citizen_id_masked"] == masked(good)
            and created.json()["birth_date"] == "1980-05-17"
        )

    def test_a_program_asking_for_english_gets_english_messages_and_anyone_else_thai(
        self, client, district_officer
    ):
        good = factories.citizen_id()
        body = {
            "citizen_id": good[:12] + str((int(good[12]) + 1) % 10),
            "first_name": "ทดสอบ",
            "area_code": "56010101",
        }
        api = Api(client, district_officer)

        thai = api.post("/persons", body)
        api.headers["HTTP_ACCEPT_LANGUAGE"] = "en-US,en;q=0.9"
        english = api.post("/persons", body)
        api.headers["HTTP_ACCEPT_LANGUAGE"] = "fr-FR"
        french = api.post("/persons", body)

        assert thai.status_code == english.status_code == french.status_code == 422
        assert "เลขตรวจสอบ" in thai.json()["detail"] and thai.headers["Content-Language"] == "th"
        assert "check digit" in english.json()["detail"] and english.headers["Content-Language"] == "en"
        assert "เลขตรวจสอบ" in french.json()["detail"]
        assert "Accept-Language" in english.headers["Vary"]

    def test_updates_a_person(self, client, district_officer, phayao_household):
        person = head_of(phayao_household)

        response = Api(client, district_officer).patch(f"/persons/{person.pk}", {"phone": "0812223333"})

        person.refresh_from_db()
        assert response.status_code == 200 and person.phone == "0812223333"

    def test_refuses_changes_by_a_role_that_may_only_read(self, client, volunteer, phayao_household):
        response = Api(client, volunteer).patch(f"/persons/{head_of(phayao_household).pk}", {"phone": "1"})

        assert response.status_code == 403


class TestCitizenIdRevealApi:
    def test_gives_an_officer_the_full_id_and_writes_the_audit_log(
        self, client, district_officer, phayao_household
    ):
        person = head_of(phayao_household)

        response = Api(client, district_officer).post(f"/persons/{person.pk}/citizen-id")

        assert response.json() == {"person_id": person.pk, "citizen_id": person.citizen_id}
        entry = AuditLog.objects.get(event=AuditEvent.REVEAL_CITIZEN_ID)
        assert (entry.event, entry.user, entry.area_code) == (
            AuditEvent.REVEAL_CITIZEN_ID,
            district_officer,
            person.area_code,
        )

    def test_refuses_a_volunteer_and_logs_nothing(self, client, volunteer, phayao_household):
        response = Api(client, volunteer).post(f"/persons/{head_of(phayao_household).pk}/citizen-id")

        assert response.status_code == 403
        assert not AuditLog.objects.filter(event=AuditEvent.REVEAL_CITIZEN_ID).exists()

    def test_does_not_find_a_person_outside_the_area(self, client, officer_elsewhere, phayao_household):
        response = Api(client, officer_elsewhere).post(f"/persons/{head_of(phayao_household).pk}/citizen-id")

        assert response.status_code == 404
        assert not AuditLog.objects.filter(event=AuditEvent.REVEAL_CITIZEN_ID).exists()


class TestHouseholdsApi:
    def test_gets_a_household_with_its_members_head_first(self, client, volunteer, phayao_household):
        body = Api(client, volunteer).get(f"/households/{phayao_household.pk}").json()

        assert [m["relation"] for m in body["members"]] == ["HEAD", "SPOUSE"]
        assert body["village_code"] == "56010101"

    def test_lists_households_in_a_fixed_number_of_queries(self, client, district_officer, national_manager):
        for _ in range(30):
            factories.household(by=national_manager)
        api = Api(client, district_officer)
        api.get("/households", limit=1)  # the token's first use is noted once; leave that out

        counts = []
        for limit in (5, 30):
            with CaptureQueriesContext(connection) as queries:
                body = api.get("/households", limit=limit).json()
            assert len(body["items"]) == limit and all(item["head_name"] for item in body["items"])
            counts.append(len(queries))

        assert counts[0] == counts[1]

    def test_lists_house_numbers_in_counting_order(self, client, district_officer, national_manager):
        village = factories.village()
        for house_no in ("11", "4", "12/10", "1", "12/3", "10", "๒"):
            factories.household(by=national_manager, village_obj=village, house_no=house_no)

        body = Api(client, district_officer).get("/households", limit=20).json()

        assert [h["house_no"] for h in body["items"]] == ["1", "๒", "4", "10", "11", "12/3", "12/10"]

    def test_registers_a_household_of_registered_people(self, client, district_officer, national_manager):
        v = factories.village()
        head, child = factories.person(by=national_manager), factories.person(by=national_manager)

        response = Api(client, district_officer).post(
            "/households",
            {
                "village_code": v.code,
                "house_no": "12",
                "head_id": head.pk,
                "members": [{"person_id": child.pk, "relation": "CHILD"}],
            },
        )

        assert response.status_code == 201
        assert [(m["person_id"], m["relation"]) for m in response.json()["members"]] == [
            (head.pk, "HEAD"),
            (child.pk, "CHILD"),
        ]

    def test_names_the_field_when_the_head_is_outside_the_callers_areas(
        self, client, district_officer, chiangmai_household
    ):
        factories.village()
        response = Api(client, district_officer).post(
            "/households",
            {"village_code": "56010101", "house_no": "1", "head_id": head_of(chiangmai_household).pk},
        )

        assert response.status_code == 422 and response.json()["field"] == "head_id"

    def test_edits_a_household_in_the_area_and_not_one_elsewhere(
        self, client, district_officer, phayao_household, chiangmai_household
    ):
        api = Api(client, district_officer)

        ok = api.patch(f"/households/{phayao_household.pk}", {"phone": "0811111111"})
        elsewhere = api.patch(f"/households/{chiangmai_household.pk}", {"phone": "0811111111"})

        assert ok.status_code == 200 and ok.json()["phone"] == "0811111111"
        assert elsewhere.status_code == 404

    def test_adds_a_member_then_records_that_they_left(
        self, client, district_officer, phayao_household, national_manager
    ):
        newcomer = factories.person(by=national_manager)
        api = Api(client, district_officer)

        added = api.post(
            f"/households/{phayao_household.pk}/members", {"person_id": newcomer.pk, "relation": "RELATIVE"}
        )
        left = api.post(f"/households/{phayao_household.pk}/members/{added.json()['id']}/leave")

        assert added.status_code == 201
        assert left.json()["left_date"] == timezone.localdate().isoformat()

    def test_changes_the_head(self, client, district_officer, phayao_household):
        spouse = phayao_household.members.get(relation="SPOUSE")

        body = (
            Api(client, district_officer)
            .post(
                f"/households/{phayao_household.pk}/head",
                {"member_id": spouse.pk, "old_head_relation": "SPOUSE"},
            )
            .json()
        )

        assert body["members"][0]["person_id"] == spouse.person_id


class TestOrganisationsApi:
    def test_filters_organisations_by_kind(self, client, district_officer, national_manager, enterprise):
        factories.organisation(by=national_manager, kind="SAVINGS_GROUP")

        body = Api(client, district_officer).get("/organisations", kind="SAVINGS_GROUP").json()

        assert body["count"] == 1 and body["items"][0]["kind"] == "SAVINGS_GROUP"

    def test_lets_an_organisation_officer_edit_only_their_own(
        self, client, org_officer, enterprise, national_manager
    ):
        other = factories.organisation(by=national_manager)
        api = Api(client, org_officer)

        own = api.patch(f"/organisations/{enterprise.pk}", {"line_id": "@weave"})
        foreign = api.patch(f"/organisations/{other.pk}", {"line_id": "@weave"})

        assert own.status_code == 200 and own.json()["line_id"] == "@weave"
        assert foreign.status_code == 404

    def test_registers_an_organisation(self, client, district_officer):
        response = Api(client, district_officer).post(
            "/organisations", {"kind": "VILLAGE_FUND", "name_th": "กองทุนหมู่บ้านใหม่", "area_code": "560101"}
        )

        assert response.status_code == 201 and response.json()["name_th"] == "กองทุนหมู่บ้านใหม่"

    def test_enrols_lists_and_ends_memberships(self, client, district_officer, enterprise, phayao_household):
        person = head_of(phayao_household)
        api = Api(client, district_officer)

        created = api.post(
            f"/organisations/{enterprise.pk}/memberships",
            {"person_id": person.pk, "role": "SECRETARY", "start_date": "2025-01-01"},
        )
        listed = api.get(f"/organisations/{enterprise.pk}/memberships").json()
        ended = api.post(f"/memberships/{created.json()['id']}/end", {"end_date": "2025-12-31"})

        assert created.status_code == 201
        assert [(m["person_id"], m["role"]) for m in listed["items"]] == [(person.pk, "SECRETARY")]
        assert ended.json()["end_date"] == "2025-12-31"
        assert Membership.objects.get().end_date == dt.date(2025, 12, 31)

    def test_refuses_a_membership_that_ends_before_it_starts(
        self, client, district_officer, enterprise, phayao_household, national_manager
    ):
        membership = actions.membership_add(
            organisation=enterprise,
            person=head_of(phayao_household),
            by=national_manager,
            start_date=dt.date(2025, 6, 1),
        )

        response = Api(client, district_officer).post(
            f"/memberships/{membership.pk}/end", {"end_date": "2025-01-01"}
        )

        assert response.status_code == 422 and response.json()["field"] == "end_date"
