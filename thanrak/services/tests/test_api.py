"""The services API: lists, actions, error codes, scope."""

import datetime as dt

import pytest

from thanrak.services import actions
from thanrak.services.models import Case
from thanrak.services.tests.conftest import AT, TODAY

pytestmark = pytest.mark.django_db
BASE = "/api/v1/services"


def _body(person, **change):
    data = {
        "subject_kind": "PERSON",
        "subject_id": person.pk,
        "topic": "FINANCE",
        "channel": "PHONE",
        "intake_date": "2026-12-01",
        "summary": "ขอสินเชื่อ",
        "idempotency_key": "api-1",
    }
    data.update(change)
    return data


class TestCasesApi:
    def test_open_twice_with_one_key_then_list(self, client, district_officer, client_person):
        client.force_login(district_officer)
        first = client.post(f"{BASE}/cases", _body(client_person), content_type="application/json")
        again = client.post(f"{BASE}/cases", _body(client_person), content_type="application/json")
        assert first.status_code == again.status_code == 201 and first.json()["id"] == again.json()["id"]
        listed = client.get(f"{BASE}/cases").json()
        assert listed["count"] == 1 and Case.objects.count() == 1

    def test_a_refused_step_answers_422_with_its_code(self, client, district_officer, case):
        client.force_login(district_officer)
        answer = client.post(
            f"{BASE}/cases/{case.pk}/steps",
            {"to_status": "SERVED", "on": "2026-12-01"},
            content_type="application/json",
        )
        assert answer.status_code == 422 and answer.json()["code"] == "step_not_allowed"

    def test_referring_to_an_inactive_agency_answers_agency_inactive(
        self, client, district_officer, assessed, agencies, national_manager
    ):
        actions.agency_set_active(agency=agencies["baac"], active=False, by=national_manager, at=AT)
        client.force_login(district_officer)
        answer = client.post(
            f"{BASE}/cases/{assessed.pk}/referrals",
            {"agency_id": agencies["baac"].pk, "request": "x", "on": "2026-12-01"},
            content_type="application/json",
        )
        assert answer.status_code == 422 and (answer.json()["code"], answer.json()["field"]) == (
            "agency_inactive",
            "agency",
        )

    def test_a_case_elsewhere_is_404_and_a_role_without_the_resource_403(
        self, client, officer_elsewhere, buyer, case
    ):
        client.force_login(officer_elsewhere)
        assert client.get(f"{BASE}/cases/{case.pk}").status_code == 404
        client.force_login(buyer)
        assert client.get(f"{BASE}/cases").status_code == 403


class TestQueueApi:
    def test_the_partner_reads_the_client_masked_then_declines_with_a_reason(
        self, client, partner, assessed, agencies, district_officer
    ):
        referral = actions.referral_send(
            case=assessed,
            agency=agencies["sme-d-bank"],
            request="ขอสินเชื่อ",
            by=district_officer,
            at=AT,
            on=TODAY,
        )
        client.force_login(partner)
        (item,) = client.get(f"{BASE}/referrals/queue").json()["items"]
        assert not item["consented"] and "สมชาย" not in item["client_name"]
        answer = client.post(
            f"{BASE}/referrals/{referral.pk}/answer",
            {"answer": "decline", "on": "2026-12-01", "text": "ไม่มีหลักประกัน"},
            content_type="application/json",
        )
        assert answer.status_code == 200 and answer.json()["status"] == "DECLINED"


class TestDirectoryApi:
    def test_agencies_and_helpers(self, client, district_officer, agencies, client_person):
        actions.helper_save(
            person=client_person,
            kinds=["SAGE"],
            expertise=["HANDICRAFT"],
            areas=["5601"],
            by=district_officer,
            at=AT,
        )
        client.force_login(district_officer)
        assert any(a["code"] == "sme-d-bank" for a in client.get(f"{BASE}/agencies").json())
        helpers = client.get(f"{BASE}/helpers?expertise=HANDICRAFT&area=56").json()
        assert helpers["count"] == 1 and helpers["items"][0]["kinds"] == ["SAGE"]


class TestOverdueApi:
    def test_counts_every_overdue_referral_and_pages_them(
        self, client, provincial_officer, assessed, agencies, district_officer
    ):
        early = TODAY - dt.timedelta(days=40)
        Case.objects.filter(pk=assessed.pk).update(intake_date=early)
        assessed.refresh_from_db()
        for code in ("sme-d-bank", "baac", "gsb"):
            actions.referral_send(
                case=assessed, agency=agencies[code], request="x", by=district_officer, at=AT, on=early
            )
        client.force_login(provincial_officer)
        page = client.get(f"{BASE}/referrals/overdue?limit=2&area=56").json()
        assert page["count"] == 3 and len(page["items"]) == 2 and all(i["overdue"] for i in page["items"])
