"""Changes to people's details leave a trace: who changed which field from what to what, and from
which address (also behind the nginx of docs/deploy.md)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from thanrak.accounts.actions import token_create
from thanrak.accounts.models import AuditEvent, AuditLog

pytestmark = pytest.mark.django_db

BEHIND_NGINX = {"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}


def head_of(household):  # noqa: ANN001, ANN201
    return household.members.get(relation="HEAD", left_date__isnull=True).person


def household_data(household, **changes: str) -> dict[str, str]:  # noqa: ANN001
    data = {
        "village": household.area_code,
        "house_no": household.house_no,
        "house_code": household.house_code,
        "address_detail": household.address_detail,
        "phone": household.phone,
    }
    data.update(changes)
    return data


class TestHouseholdChangesAreAudited:
    def test_a_new_phone_records_the_officer_the_values_before_and_after_and_the_clients_address(
        self, client, settings, district_officer, phayao_household
    ):
        settings.THANRAK_TRUSTED_PROXIES = 1
        old_phone = phayao_household.phone
        client.force_login(district_officer)

        client.post(
            reverse("registry:household-edit", args=[phayao_household.pk]),
            household_data(phayao_household, phone="0899999999"),
            **BEHIND_NGINX,
        )

        entry = AuditLog.objects.get(event=AuditEvent.CHANGE, object_type="registry.household")
        assert entry.user == district_officer
        assert entry.object_id == str(phayao_household.pk)
        assert entry.area_code == phayao_household.area_code
        assert entry.detail == {"phone": f"{old_phone or '—'} → 0899999999"}
        assert entry.ip == "203.0.113.9"

    def test_saving_without_a_change_records_nothing(self, client, district_officer, phayao_household):
        client.force_login(district_officer)

        client.post(
            reverse("registry:household-edit", args=[phayao_household.pk]), household_data(phayao_household)
        )

        assert not AuditLog.objects.filter(event=AuditEvent.CHANGE).exists()


class TestPersonChangesAreAudited:
    def test_a_birth_date_changed_through_the_api_is_recorded_before_and_after(
        self, client, district_officer, phayao_household
    ):
        person = head_of(phayao_household)
        before = person.birth_date
        _token, key = token_create(user=district_officer, name="t", at=timezone.now())

        page = client.patch(
            f"/api/v1/registry/persons/{person.pk}",
            {"birth_date": "1980-01-02", "phone": "0811111111"},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {key}",
        )

        assert page.status_code == 200
        entry = AuditLog.objects.get(event=AuditEvent.CHANGE, object_type="registry.person")
        assert entry.user == district_officer and entry.object_id == str(person.pk)
        assert entry.detail["birth_date"] == f"{before.isoformat() if before else '—'} → 1980-01-02"
        assert entry.detail["phone"].endswith("→ 0811111111")

    def test_a_corrected_citizen_id_is_recorded_masked(self, client, district_officer, phayao_household):
        from thanrak.registry.tests.factories import citizen_id

        person = head_of(phayao_household)
        old, new = person.citizen_id, citizen_id()
        _token, key = token_create(user=district_officer, name="t", at=timezone.now())

        client.patch(
            f"/api/v1/registry/persons/{person.pk}",
            {"citizen_id": new},
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {key}",
        )

        detail = AuditLog.objects.get(event=AuditEvent.CHANGE).detail["citizen_id"]
        assert old not in detail and new not in detail
        assert detail.endswith(f"-xxxxx-xx-{new[12]}")

    def test_an_auditor_sees_which_fields_changed_but_not_the_values(
        self, client, district_officer, auditor, phayao_household
    ):
        client.force_login(district_officer)
        client.post(
            reverse("registry:household-edit", args=[phayao_household.pk]),
            household_data(phayao_household, phone="0899999999"),
        )
        officer_page = client.get(reverse("accounts:audit-log")).text
        client.force_login(auditor)

        auditor_page = client.get(reverse("accounts:audit-log")).text

        assert "0899999999" in officer_page
        assert "0899999999" not in auditor_page and "โทรศัพท์: •••" in auditor_page


class TestRevealBehindTheProxy:
    def test_a_reveal_records_the_clients_address_not_the_proxys(
        self, client, settings, district_officer, phayao_household
    ):
        settings.THANRAK_TRUSTED_PROXIES = 1
        person = head_of(phayao_household)
        client.force_login(district_officer)

        client.post(reverse("registry:person-citizen-id-reveal", args=[person.pk]), **BEHIND_NGINX)

        assert AuditLog.objects.get(event=AuditEvent.REVEAL_CITIZEN_ID).ip == "203.0.113.9"


class TestSearchesByCitizenIdAreAudited:
    def test_a_household_search_by_a_members_citizen_id_is_logged_with_the_id_masked(
        self, client, district_officer, phayao_household
    ):
        person = head_of(phayao_household)
        client.force_login(district_officer)

        page = client.get(reverse("registry:household-list"), {"q": person.citizen_id})

        assert page.status_code == 200
        entry = AuditLog.objects.get(event=AuditEvent.LOOKUP_CITIZEN_ID)
        assert (entry.user, entry.object_id, entry.area_code) == (
            district_officer,
            str(person.pk),
            person.area_code,
        )
        assert person.citizen_id not in str(entry.detail)

    def test_a_person_search_through_the_api_is_logged_even_when_it_finds_no_one(
        self, client, district_officer
    ):
        from thanrak.registry.tests.factories import citizen_id

        _token, key = token_create(user=district_officer, name="t", at=timezone.now())

        client.get("/api/v1/registry/persons", {"q": citizen_id()}, HTTP_AUTHORIZATION=f"Bearer {key}")

        entry = AuditLog.objects.get(event=AuditEvent.LOOKUP_CITIZEN_ID)
        assert entry.detail["found"] is False and entry.area_code == "5601"

    def test_a_search_by_name_records_nothing(self, client, district_officer, phayao_household):
        client.force_login(district_officer)

        client.get(reverse("registry:person-list"), {"q": head_of(phayao_household).first_name})

        assert not AuditLog.objects.filter(event=AuditEvent.LOOKUP_CITIZEN_ID).exists()
