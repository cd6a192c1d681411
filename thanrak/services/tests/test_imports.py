"""Imports and exports of the helpers directory and of cases: all or nothing, problems by row and
column in Thai, cp874 and Thai headers, page and API, and an export that imports back."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thanrak.accounts.models import AuditLog
from thanrak.registry.tests import factories
from thanrak.services import actions
from thanrak.services.models import Case, CaseStatus, Helper
from thanrak.services.tests.conftest import AT, TODAY

pytestmark = pytest.mark.django_db
BASE = "/api/v1/services"


def _import(kind, text, by, *, encoding="utf-8", dry_run=False):
    return actions.services_import(
        kind=kind, source=text.encode(encoding), by=by, at=AT, on=TODAY, dry_run=dry_run
    )


@pytest.fixture
def second_person(national_manager):
    return factories.person(
        by=national_manager, area_code="56010102", first_name="มาลี", last_name="ทองดี", phone="0898765432"
    )


class TestHelpersImport:
    def test_thai_headers_in_cp874_find_people_by_number_and_by_name_and_phone(
        self, district_officer, client_person, second_person
    ):
        text = (
            "เลขทะเบียนบุคคล,ชื่อ-สกุล,โทรศัพท์,ประเภท,ความเชี่ยวชาญ,พื้นที่ที่ดูแล,ความพร้อม,รับงานพร้อมกัน\n"
            f'{client_person.pk},,,SME_VOLUNTEER,"PACKAGING, BRANDING",5601,AVAILABLE,๘\n'
            ",มาลี ทองดี,089-876-5432,อาสาสมัครพัฒนาสังคมและความมั่นคงของมนุษย์ (อพม.),,,,\n"
        )
        result = _import("helpers", text, district_officer, encoding="cp874")

        assert result.encoding == "cp874" and len(result.written) == 2
        first = Helper.objects.get(person=client_person)
        assert sorted(e.topic for e in first.expertise.all()) == ["BRANDING", "PACKAGING"]
        assert first.capacity == 8 and [a.area_code for a in first.areas.all()] == ["5601"]
        second = Helper.objects.get(person=second_person)
        assert [k.kind for k in second.kinds.all()] == ["WELFARE_VOLUNTEER"]

    def test_one_bad_row_and_nothing_is_written_each_problem_named(self, district_officer, client_person):
        text = (
            "person_id,kinds,expertise,capacity\n"
            f"{client_person.pk},SME_VOLUNTEER,PACKAGING,5\n"
            "999999,WIZARD,COOKING,0\n"
        )
        with pytest.raises(actions.ImportRefused) as refused:
            _import("helpers", text, district_officer)

        where = {(i.row, i.column) for i in refused.value.issues}
        assert where == {(3, "kinds"), (3, "expertise"), (3, "capacity"), (3, "person_id")}
        assert all(i.th and i.th != i.en for i in refused.value.issues)
        assert Helper.objects.count() == 0

    def test_a_person_outside_the_officers_areas_is_not_found(self, other_district_officer, client_person):
        text = f"person_id,kinds\n{client_person.pk},SAGE\n"
        with pytest.raises(actions.ImportRefused) as refused:
            _import("helpers", text, other_district_officer)
        assert [(i.row, i.column) for i in refused.value.issues] == [(2, "person_id")]


class TestCasesImport:
    def test_cases_open_in_their_states_with_steps_and_import_once(self, district_officer, client_person):
        text = (
            "วันที่รับเรื่อง,ผู้รับบริการเป็น,เลขทะเบียนผู้รับบริการ,เรื่องที่ขอ,ช่องทาง,สถานะ,ผล,สิ่งที่ขอ\n"
            f"01/11/2569,PERSON,{client_person.pk},FINANCE,COUNTER,CLOSED,RESOLVED,ขอสินเชื่อ\n"
            f"๑๕ พ.ย. ๒๕๖๙,บุคคล,{client_person.pk},การตลาด,PHONE,,,ขอช่องทางขาย\n"
        )
        _import("cases", text, district_officer)
        _import("cases", text, district_officer)  # the same file again

        closed, intake = Case.objects.order_by("intake_date")
        assert Case.objects.count() == 2
        assert (closed.status, closed.outcome, closed.intake_date.isoformat()) == (
            "CLOSED",
            "RESOLVED",
            "2026-11-01",
        )
        assert [s.to_status for s in closed.steps.order_by("pk")] == [
            "INTAKE",
            "ASSESSED",
            "SERVED",
            "CLOSED",
        ]
        assert (intake.status, intake.topic) == (CaseStatus.INTAKE, "MARKETING")

    def test_refuses_referred_a_future_date_and_a_missing_outcome(self, district_officer, client_person):
        text = (
            "intake_date,subject_kind,subject_id,topic,channel,status,outcome,summary\n"
            f"01/11/2569,PERSON,{client_person.pk},FINANCE,COUNTER,REFERRED,,a\n"
            f"01/01/2580,PERSON,{client_person.pk},FINANCE,COUNTER,CLOSED,,a\n"
            f"1/13/2569,PERSON,{client_person.pk},FINANCE,COUNTER,,,\n"
        )
        with pytest.raises(actions.ImportRefused) as refused:
            _import("cases", text, district_officer)
        assert {(i.row, i.column) for i in refused.value.issues} == {
            (2, "status"),
            (3, "intake_date"),
            (3, "outcome"),
            (4, "intake_date"),
            (4, "summary"),
        }
        assert Case.objects.count() == 0

    def test_a_dry_run_writes_nothing(self, district_officer, client_person):
        text = (
            "intake_date,subject_kind,subject_id,topic,channel,summary\n"
            f"01/11/2569,PERSON,{client_person.pk},FINANCE,COUNTER,a\n"
        )
        result = _import("cases", text, district_officer, dry_run=True)
        assert len(result.written) == 1 and Case.objects.count() == 0


class TestRoundTrip:
    def test_the_case_and_helper_exports_import_back_the_same(
        self, client, district_officer, client_person, second_person
    ):
        actions.helper_save(
            person=second_person,
            kinds=["KBO_ADVISER"],
            expertise=["PACKAGING"],
            areas=["56"],
            by=district_officer,
            at=AT,
            expertise_words="ผ้าทอ",
            capacity=3,
        )
        text = (
            "intake_date,subject_kind,subject_id,topic,channel,status,outcome,adviser_person_id,summary\n"
            f"01/11/2569,PERSON,{client_person.pk},FINANCE,COUNTER,SERVED,,{second_person.pk},ขอสินเชื่อ\n"
            f"02/11/2569,PERSON,{client_person.pk},LEGAL,FIELD,CLOSED,WITHDRAWN,,ถอนเรื่อง\n"
        )
        _import("cases", text, district_officer)
        client.force_login(district_officer)
        cases_file = client.get(reverse("services:case-list") + "?format=xlsx").content
        helpers_file = client.get(reverse("services:helper-list") + "?format=csv").content
        before_cases = _sheet(cases_file)
        Case.objects.all().delete()
        Helper.objects.all().delete()

        actions.services_import(kind="helpers", source=helpers_file, by=district_officer, at=AT, on=TODAY)
        actions.services_import(kind="cases", source=cases_file, by=district_officer, at=AT, on=TODAY)

        again = client.get(reverse("services:helper-list") + "?format=csv").content
        assert _without_first_column(again.decode()) == _without_first_column(helpers_file.decode())
        after_cases = _sheet(client.get(reverse("services:case-list") + "?format=xlsx").content)
        assert [r[1:] for r in after_cases] == [r[1:] for r in before_cases]  # all but the case number
        assert len(after_cases) == 3


def _sheet(data):
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return [[c for c in row] for row in sheet.iter_rows(values_only=True)]


def _without_first_column(text):
    # The person's registry number changes nothing here, but the helper row order must stay.
    return [line.split(",", 1)[1] for line in text.splitlines()]


class TestPagesAndApi:
    def test_the_page_checks_shows_the_rows_then_imports_from_the_kept_file(
        self, client, district_officer, client_person
    ):
        client.force_login(district_officer)
        text = f"person_id,kinds,expertise\n{client_person.pk},SAGE,HANDICRAFT\n"
        check = client.post(
            reverse("services:helper-import"),
            {"action": "check", "file": SimpleUploadedFile("h.csv", text.encode())},
        )
        assert check.status_code == 200 and "สมชาย" in check.content.decode()
        assert Helper.objects.count() == 0
        done = client.post(reverse("services:helper-import"), {"action": "confirm"})
        assert done.status_code == 302 and Helper.objects.get().person == client_person

    def test_the_page_lists_problems_by_row_and_column_in_thai(self, client, district_officer):
        client.force_login(district_officer)
        text = "intake_date,subject_kind,topic,channel,summary\n99/99/2569,PERSON,FINANCE,COUNTER,a\n"
        answer = client.post(
            reverse("services:case-import"),
            {"action": "import", "file": SimpleUploadedFile("c.csv", text.encode())},
        )
        page = answer.content.decode()
        assert answer.status_code == 422 and "intake_date" in page and "subject_id" in page
        assert "วัน/เดือน/ปี" in page or "วันที่" in page

    def test_the_template_has_the_layout_and_imports_after_filling(self, client, district_officer):
        client.force_login(district_officer)
        answer = client.get(reverse("services:case-import-template") + "?format=csv")
        header = answer.content.decode("utf-8-sig").splitlines()[0]
        assert header.startswith("case,intake_date,subject_kind,subject_id")

    def test_links_show_only_to_who_may_import(self, client, district_officer, volunteer):
        client.force_login(district_officer)
        assert (
            reverse("services:helper-import") in client.get(reverse("services:helper-list")).content.decode()
        )
        client.force_login(volunteer)
        assert (
            reverse("services:case-import") not in client.get(reverse("services:case-list")).content.decode()
        )
        assert client.get(reverse("services:case-import")).status_code == 403

    def test_api_import_refusal_names_rows_and_export_is_audit_logged(
        self, client, district_officer, client_person
    ):
        client.force_login(district_officer)
        bad = "person_id,kinds\n,SAGE\n"
        answer = client.post(f"{BASE}/helpers/import", {"file": SimpleUploadedFile("h.csv", bad.encode())})
        assert answer.status_code == 422
        assert answer.json()["issues"][0]["row"] == 2 and answer.json()["code"] == "import_refused"
        good = f"person_id,kinds\n{client_person.pk},SAGE\n"
        answer = client.post(f"{BASE}/helpers/import", {"file": SimpleUploadedFile("h.csv", good.encode())})
        assert answer.status_code == 200 and answer.json()["imported"] == 1
        exported = client.get(f"{BASE}/helpers/export?format=csv")
        assert exported.status_code == 200 and "สมชาย" in exported.content.decode("utf-8-sig")
        assert AuditLog.objects.filter(object_type="services.helpers", user=district_officer).exists()

    def test_a_partner_may_neither_export_nor_import_through_the_api(self, client, partner, case):
        client.force_login(partner)
        assert client.get(f"{BASE}/cases/export").status_code == 403
        answer = client.post(f"{BASE}/cases/import", {"file": SimpleUploadedFile("c.csv", b"a\n")})
        assert answer.status_code == 403
