"""The pages by persona, through the test client."""

import pytest
from django.urls import reverse

from thanrak.services import actions
from thanrak.services.models import Case
from thanrak.services.tests.conftest import AT, TODAY

pytestmark = pytest.mark.django_db


def _intake(client_person, key="form-key-1", **change):
    data = {
        "subject_kind": "PERSON",
        "subject_id": client_person.pk,
        "topic": "MARKETING",
        "channel": "COUNTER",
        "intake_date": "01/12/2569",
        "summary": "อยากขายผ้าทอออนไลน์",
        "idempotency_key": key,
    }
    data.update(change)
    return data


class TestCasePages:
    def test_the_district_officer_lists_and_opens_their_case(self, client, district_officer, case):
        client.force_login(district_officer)
        assert f"#{case.pk}" in client.get(reverse("services:case-list")).content.decode()
        page = client.get(reverse("services:case-detail", args=[case.pk]))
        assert page.status_code == 200 and "ขอสินเชื่อขยายกิจการทอผ้า" in page.content.decode()

    def test_another_districts_officer_gets_404(self, client, other_district_officer, case):
        client.force_login(other_district_officer)
        assert client.get(reverse("services:case-detail", args=[case.pk])).status_code == 404

    def test_intake_twice_with_the_same_key_opens_one_case(self, client, district_officer, client_person):
        client.force_login(district_officer)
        first = client.post(reverse("services:case-create"), _intake(client_person))
        second = client.post(reverse("services:case-create"), _intake(client_person))
        assert first.status_code == second.status_code == 302 and Case.objects.count() == 1

    def test_intake_prefills_the_subject_from_the_registry_page(
        self, client, district_officer, client_person
    ):
        client.force_login(district_officer)
        page = client.get(reverse("services:case-create") + f"?person={client_person.pk}")
        assert f'value="{client_person.pk}"' in page.content.decode()

    def test_intake_in_the_future_is_refused_next_to_the_date(self, client, district_officer, client_person):
        client.force_login(district_officer)
        page = client.post(reverse("services:case-create"), _intake(client_person, intake_date="01/12/2580"))
        assert page.status_code == 200 and "intake_date" in page.context["form"].errors
        assert not Case.objects.exists()

    def test_a_person_outside_the_officers_areas_is_not_found(
        self, client, other_district_officer, client_person
    ):
        client.force_login(other_district_officer)
        page = client.post(reverse("services:case-create"), _intake(client_person))
        assert "subject_id" in page.context["form"].errors

    def test_steps_from_the_case_page(self, client, district_officer, case):
        client.force_login(district_officer)
        url = reverse("services:case-step", args=[case.pk])
        assert client.post(url, {"to_status": "ASSESSED", "on": "01/12/2569"}).status_code == 302
        refused = client.post(url, {"to_status": "CLOSED", "on": "01/12/2569"})
        assert refused.status_code == 422 and "outcome" in refused.context["step_form"].errors

    def test_referring_to_an_inactive_agency_is_refused_on_the_form(
        self, client, district_officer, assessed, agencies, national_manager
    ):
        client.force_login(district_officer)
        actions.agency_set_active(agency=agencies["tcg"], active=False, by=national_manager, at=AT)
        page = client.post(
            reverse("services:case-refer", args=[assessed.pk]),
            {"agency": agencies["tcg"].pk, "request": "ค้ำประกัน", "on": "01/12/2569"},
        )
        assert page.status_code == 422 and "agency" in page.context["refer_form"].errors

    def test_a_volunteer_may_not_export_or_add_agencies(self, client, volunteer):
        client.force_login(volunteer)
        assert client.get(reverse("services:agency-create")).status_code == 403
        assert client.get(reverse("services:agency-list") + "?format=csv")["Content-Type"].startswith(
            "text/html"
        )


class TestPartnerQueue:
    def test_the_partner_sees_the_client_masked_and_accepts(
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
        page = client.get(reverse("services:referral-queue")).content.decode()
        assert "ขอสินเชื่อ" in page and "สมชาย" not in page
        answer = client.post(
            reverse("services:referral-answer", args=[referral.pk]), {"answer": "accept", "on": "01/12/2569"}
        )
        assert answer.status_code == 302
        referral.refresh_from_db()
        assert referral.status == "ACCEPTED"

    def test_declining_without_a_reason_names_the_text_box(
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
        page = client.post(
            reverse("services:referral-answer", args=[referral.pk]), {"answer": "decline", "on": "01/12/2569"}
        )
        assert page.status_code == 422 and "text" in page.context["form"].errors

    def test_the_partner_cannot_open_the_case_itself(self, client, partner, assessed):
        client.force_login(partner)
        assert client.get(reverse("services:case-detail", args=[assessed.pk])).status_code == 404

    def test_a_district_officer_has_no_agency_queue(self, client, district_officer):
        client.force_login(district_officer)
        assert client.get(reverse("services:referral-queue")).status_code == 403


class TestPanelsAndDirectories:
    def test_the_persons_page_panel_lists_their_case(self, client, district_officer, case, client_person):
        client.force_login(district_officer)
        page = client.get(reverse("services:person-panel", args=[client_person.pk])).content.decode()
        assert f"#{case.pk}" in page

    def test_the_registry_person_page_loads_the_panel(self, client, district_officer, client_person):
        client.force_login(district_officer)
        page = client.get(reverse("registry:person-detail", args=[client_person.pk])).content.decode()
        assert reverse("services:person-panel", args=[client_person.pk]) in page

    def test_listing_a_helper_and_finding_them_by_expertise(self, client, district_officer, client_person):
        client.force_login(district_officer)
        saved = client.post(
            reverse("services:helper-edit", args=[client_person.pk]),
            {
                "kinds": ["SME_VOLUNTEER"],
                "expertise": ["PACKAGING"],
                "areas": "5601",
                "availability": "AVAILABLE",
                "capacity": "5",
            },
        )
        assert saved.status_code == 302
        page = client.get(reverse("services:helper-list") + "?expertise=PACKAGING&area=5601").content.decode()
        assert "สมชาย" in page

    def test_the_development_list_shows_the_counts(self, client, district_officer):
        client.force_login(district_officer)
        page = client.get(reverse("services:development-list"))
        assert page.status_code == 200 and page.context["totals"].done == 0


class TestExportsAndImport:
    def test_the_case_export_is_a_spreadsheet_and_audit_logged(self, client, district_officer, case):
        from thanrak.accounts.models import AuditLog

        client.force_login(district_officer)
        answer = client.get(reverse("services:case-list") + "?format=xlsx")
        assert answer["Content-Type"].startswith("application/vnd.openxmlformats")
        assert AuditLog.objects.filter(object_type="services.cases", user=district_officer).exists()

    def test_a_volunteer_gets_the_page_not_the_file(self, client, volunteer):
        client.force_login(volunteer)
        assert client.get(reverse("services:case-list") + "?format=csv")["Content-Type"].startswith(
            "text/html"
        )

    def test_the_national_manager_loads_agencies_from_csv(self, client, national_manager, agencies):
        from django.core.files.uploadedfile import SimpleUploadedFile

        client.force_login(national_manager)
        data = (
            "code,name_th,answer_days\n"
            "baac,ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร (ใหม่),10\n"
            "new-office,สำนักงานใหม่,7\n"
        )
        answer = client.post(
            reverse("services:agency-import"), {"file": SimpleUploadedFile("a.csv", data.encode())}
        )
        assert answer.status_code == 302
        agencies["baac"].refresh_from_db()
        assert (
            agencies["baac"].answer_days == 10
            and type(agencies["baac"]).objects.filter(code="new-office").exists()
        )
