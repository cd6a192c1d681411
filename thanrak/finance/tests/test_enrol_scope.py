"""A citizen ID typed into a fund's enrolment reaches only people the officer may enrol: the registry's
own rule (people in the officer's view, or living in the fund's area), every look-up audit-logged."""

import pytest
from django.utils import timezone

from thanrak.accounts.actions import token_create
from thanrak.accounts.models import AuditEvent, AuditLog
from thanrak.finance.models import FundMember
from thanrak.registry.tests import factories as rf

pytestmark = pytest.mark.django_db

API = "/api/v1/finance"


def auth(user) -> dict[str, str]:  # noqa: ANN001
    _token, key = token_create(user=user, name="t", at=timezone.now())
    return {"Authorization": f"Bearer {key}"}


def enrol(client, fund, user, citizen_id: str):  # noqa: ANN001, ANN201
    return client.post(
        f"{API}/funds/{fund.pk}/members",
        {"citizen_id": citizen_id, "joined_on": "2025-02-01"},
        content_type="application/json",
        headers=auth(user),
    )


@pytest.fixture
def outsider(national_manager):  # noqa: ANN001
    """Someone registered in Chun district (5602), far from the fund in Mueang Phayao (560101)."""
    return rf.person(by=national_manager, area_code="56020101", first_name="ลับเฉพาะ", phone="0812345678")


@pytest.fixture
def neighbour(national_manager):  # noqa: ANN001
    """Someone registered in the fund's own subdistrict, not yet known to its treasurer."""
    return rf.person(by=national_manager, area_code="56010102", first_name="เพื่อนบ้าน")


class TestEnrolmentByCitizenId:
    def test_refuses_a_treasurer_enrolling_someone_from_another_district_without_naming_them(
        self, client, fund, treasurer, outsider
    ):
        page = enrol(client, fund, treasurer, outsider.citizen_id)

        assert page.status_code == 422
        assert page.json()["field"] == "citizen_id"
        assert outsider.first_name not in page.text and outsider.last_name not in page.text
        assert not FundMember.objects.filter(person=outsider).exists()
        assert (
            client.get(f"/api/v1/registry/persons/{outsider.pk}", headers=auth(treasurer)).status_code == 404
        )

    def test_someone_elsewhere_and_someone_unregistered_get_the_same_answer(
        self, client, fund, treasurer, outsider
    ):
        elsewhere = enrol(client, fund, treasurer, outsider.citizen_id).json()
        nobody = enrol(client, fund, treasurer, rf.citizen_id()).json()

        assert elsewhere == nobody

    def test_every_look_up_is_audit_logged_in_the_area_of_the_person_found(
        self, client, fund, treasurer, outsider
    ):
        enrol(client, fund, treasurer, outsider.citizen_id)
        enrol(client, fund, treasurer, rf.citizen_id())

        entries = AuditLog.objects.filter(event=AuditEvent.LOOKUP_CITIZEN_ID).order_by("id")
        assert [(e.user, e.object_id, e.area_code, e.detail["found"]) for e in entries] == [
            (treasurer, str(outsider.pk), outsider.area_code, True),
            (treasurer, "", fund.area_code, False),
        ]

    def test_enrols_a_neighbour_from_the_funds_area_and_logs_the_look_up(
        self, client, fund, treasurer, neighbour
    ):
        page = enrol(client, fund, treasurer, neighbour.citizen_id)

        assert page.status_code == 200
        assert FundMember.objects.filter(fund=fund, person=neighbour).exists()
        assert AuditLog.objects.get(event=AuditEvent.LOOKUP_CITIZEN_ID).object_id == str(neighbour.pk)

    def test_the_district_officer_enrols_someone_of_their_district(
        self, client, fund, district_officer, national_manager
    ):
        villager = rf.person(by=national_manager, area_code="56010201")

        page = enrol(client, fund, district_officer, villager.citizen_id)

        assert page.status_code == 200

    def test_the_page_refuses_too_and_shows_no_name(self, client, fund, treasurer, outsider):
        client.force_login(treasurer)

        page = client.post(
            f"/finance/funds/{fund.pk}/members/",
            {"citizen_id": outsider.citizen_id, "joined_on": "1/2/2568", "member_no": ""},
        )

        assert page.status_code == 200
        assert outsider.first_name not in page.text
        assert not FundMember.objects.filter(person=outsider).exists()
        assert AuditLog.objects.filter(
            event=AuditEvent.LOOKUP_CITIZEN_ID, object_id=str(outsider.pk)
        ).exists()


class TestAlreadyAMember:
    def test_names_the_member_only_to_an_officer_who_may_see_them(self, client, fund, treasurer, neighbour):
        enrol(client, fund, treasurer, neighbour.citizen_id)

        again = enrol(client, fund, treasurer, neighbour.citizen_id)

        assert again.status_code == 422
        assert again.json()["code"] == "already_member_fund"
        assert neighbour.first_name in again.json()["detail"]  # the name is shown, not hidden
