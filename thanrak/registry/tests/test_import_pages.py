"""The import page, the export links of the lists, and the same through the API."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from thanrak.accounts.models import AuditEvent, AuditLog
from thanrak.registry import imports
from thanrak.registry.models import ImportStatus, Person, RegistryImport
from thanrak.registry.tests import factories
from thanrak.registry.tests.test_imports import PERSON_HEADER, csv_bytes, people

pytestmark = pytest.mark.django_db


@pytest.fixture
def village():
    return factories.village("560101", 1)


def upload(client, data: bytes, kind: str = "persons", name: str = "people.csv", **extra):
    return client.post(
        reverse("registry:import"),
        {"kind": kind, "file": SimpleUploadedFile(name, data), **extra},
        follow=True,
    )


class TestImportPage:
    def test_a_good_file_is_imported_at_once_and_the_page_says_how_many(
        self, client, village, district_officer
    ):
        client.force_login(district_officer)

        page = upload(client, csv_bytes([PERSON_HEADER, *people(3)]))

        assert "นำเข้าแล้ว 3 รายการ" in page.text or "3" in page.text
        assert Person.objects.count() == 3
        assert RegistryImport.objects.get().status == ImportStatus.DONE

    def test_a_bad_file_shows_row_column_and_reason_in_thai_and_nothing_is_written(
        self, client, village, district_officer
    ):
        client.force_login(district_officer)
        rows = people(3)
        rows[1][0] = rows[1][0][:12] + str((int(rows[1][0][12]) + 1) % 10)

        page = upload(client, csv_bytes([PERSON_HEADER, *rows]))

        assert '<td data-label="แถว">3</td>' in page.text
        assert "citizen_id" in page.text and "เลขตรวจสอบ" in page.text
        assert Person.objects.count() == 0

    def test_the_report_is_in_english_when_the_page_is(self, client, village, district_officer):
        client.force_login(district_officer)
        rows = people(1)
        rows[0][6] = "56019999"

        client.cookies["django_language"] = "en"
        upload(client, csv_bytes([PERSON_HEADER, *rows]))
        page = client.get(reverse("registry:import-detail", args=[RegistryImport.objects.get().pk]))

        assert "The area code 56019999 does not exist." in page.text

    def test_confirm_imports_the_valid_rows_once_however_often_it_is_clicked(
        self, client, village, district_officer
    ):
        client.force_login(district_officer)
        rows = people(3)
        rows[2][0] = "12"
        page = upload(client, csv_bytes([PERSON_HEADER, *rows]))
        job = RegistryImport.objects.get()
        confirm = reverse("registry:import-confirm", args=[job.pk])
        assert confirm in page.text and Person.objects.count() == 0

        client.post(confirm)
        again = client.post(confirm, follow=True)

        assert Person.objects.count() == 2
        job.refresh_from_db()
        assert job.status == ImportStatus.DONE and job.report["skipped_rows"] == [4] and job.data is None
        assert "นำเข้าไปแล้ว" in again.text or "already" in again.text

    def test_an_oversize_file_gets_a_clear_message_and_is_not_kept(
        self, client, village, district_officer, settings
    ):
        settings.THANRAK_MAX_REGISTRY_IMPORT_BYTES = 1024 * 1024
        client.force_login(district_officer)

        page = upload(client, b"citizen_id\n" + b"1" * (1024 * 1024 + 10))

        assert page.status_code == 200 and "1 MB" in page.text
        assert not RegistryImport.objects.exists()

    def test_an_empty_file_is_reported_not_refused_by_the_form(self, client, village, district_officer):
        client.force_login(district_officer)

        page = upload(client, b"")

        assert "ไฟล์ว่างเปล่า" in page.text or "empty" in page.text
        assert RegistryImport.objects.get().status == ImportStatus.REJECTED

    def test_a_long_file_is_queued_and_its_page_waits_for_the_worker(
        self, client, village, district_officer, monkeypatch, settings, django_capture_on_commit_callbacks
    ):
        from django.tasks import default_task_backend

        settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
        monkeypatch.setattr(imports.page, "SYNC_ROWS", 2)
        client.force_login(district_officer)

        with django_capture_on_commit_callbacks(execute=True):
            page = upload(client, csv_bytes([PERSON_HEADER, *people(5)]))
        job = RegistryImport.objects.get()

        assert job.status == ImportStatus.QUEUED and 'http-equiv="refresh"' in page.text
        assert [r.args for r in default_task_backend.results] == [[job.pk]]
        imports.run(job_id=job.pk)
        assert Person.objects.count() == 5
        assert 'http-equiv="refresh"' not in client.get(reverse("registry:import-detail", args=[job.pk])).text

    def test_someone_elses_import_is_not_found(self, client, village, district_officer, provincial_officer):
        client.force_login(district_officer)
        upload(client, csv_bytes([PERSON_HEADER, *people(1)]))
        client.force_login(provincial_officer)

        assert (
            client.get(reverse("registry:import-detail", args=[RegistryImport.objects.get().pk])).status_code
            == 404
        )

    def test_a_volunteer_may_not_import_or_export(self, client, volunteer):
        client.force_login(volunteer)

        assert client.get(reverse("registry:import")).status_code == 403
        assert client.get(reverse("registry:export", args=["persons"])).status_code == 403

    @pytest.mark.parametrize("kind", imports.KINDS)
    def test_each_kind_has_a_template_that_imports_its_examples(
        self, client, village, district_officer, kind
    ):
        client.force_login(district_officer)

        response = client.get(reverse("registry:import-template", args=[kind]))

        sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
        assert [c.value for c in sheet[1]] == imports.header_names(kind, "th")
        report = imports.registry_import(
            kind=kind, source=response.content, by=district_officer, at=factories.AT
        )
        assert report.imported >= 1

    def test_the_import_page_fits_a_phone(self, client, district_officer):
        client.force_login(district_officer)

        page = client.get(reverse("registry:import")).text

        assert 'name="viewport"' in page and 'class="responsive"' in page


class TestExportLinks:
    def test_the_lists_offer_export_to_officers_and_the_download_is_audit_logged(
        self, client, village, district_officer
    ):
        factories.person(by=district_officer)
        client.force_login(district_officer)

        page = client.get(reverse("registry:person-list")).text
        link = reverse("registry:export", args=["persons"])
        assert link in page

        response = client.get(link, {"format": "xlsx", "area": "5601"})

        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        entry = AuditLog.objects.get(event=AuditEvent.EXPORT)
        assert entry.area_code == "5601" and entry.detail["rows"] == 1

    def test_an_area_outside_the_officer_is_refused(self, client, village, district_officer):
        client.force_login(district_officer)

        assert client.get(reverse("registry:export", args=["persons"]), {"area": "50"}).status_code == 403
        assert not AuditLog.objects.filter(event=AuditEvent.EXPORT).exists()


class TestApi:
    @pytest.fixture
    def api(self, client, district_officer):
        from django.utils import timezone

        from thanrak.accounts.actions import token_create

        _t, key = token_create(user=district_officer, name="t", at=timezone.now())
        return {"HTTP_AUTHORIZATION": f"Bearer {key}"}

    def test_import_by_multipart_and_a_rejection_names_row_and_column(self, client, api, village):
        rows = people(2)
        good = client.post(
            "/api/v1/registry/imports/persons",
            {"file": SimpleUploadedFile("p.csv", csv_bytes([PERSON_HEADER, *rows]))},
            **api,
        )
        rows[0][0] = rows[0][0][:12] + str((int(rows[0][0][12]) + 1) % 10)
        bad = client.post(
            "/api/v1/registry/imports/persons",
            {"file": SimpleUploadedFile("p.csv", csv_bytes([PERSON_HEADER, *people(1), rows[0]]))},
            **api,
        )

        assert good.status_code == 200 and good.json()["imported"] == 2
        assert bad.status_code == 422
        assert bad.json()["report"]["issues"][0] | {"reason_th": "", "reason_en": ""} == {
            "row": 3,
            "column": "citizen_id",
            "reason_th": "",
            "reason_en": "",
        }
        assert Person.objects.count() == 2

    def test_no_file_is_an_empty_file(self, client, api):
        response = client.post("/api/v1/registry/imports/persons", **api)

        assert response.status_code == 422 and "empty" in response.json()["detail"]

    def test_export_in_the_callers_area_and_audit_logged(self, client, api, village, district_officer):
        factories.person(by=district_officer)

        response = client.get("/api/v1/registry/exports/persons", {"format": "csv", "lang": "en"}, **api)

        assert response.status_code == 200 and response.content.decode("utf-8-sig").startswith("citizen_id,")
        assert AuditLog.objects.filter(event=AuditEvent.EXPORT).count() == 1
        assert client.get("/api/v1/registry/exports/persons", {"area": "50"}, **api).status_code == 403


def test_a_queued_import_whose_uploader_lost_the_role_is_rejected_not_stuck(village, district_officer):
    job = RegistryImport.objects.create(
        kind="persons", by=district_officer, at=factories.AT, data=csv_bytes([PERSON_HEADER, *people(1)])
    )
    district_officer.role = "VOLUNTEER"
    district_officer.save()

    job = imports.run(job_id=job.pk)

    assert job.status == ImportStatus.REJECTED and "no longer" in job.report["issues"][0]["reason_en"]
    assert Person.objects.count() == 0
