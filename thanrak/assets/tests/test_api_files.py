"""The API's register files (export, import, template) and photos (several at once, listed, downloaded,
scoped as the pages are); the pages' forms take several photos from one input."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from thanrak.accounts.models import AuditLog
from thanrak.assets import actions
from thanrak.assets.models import AssetPhoto, Equipment, ForestIncident
from thanrak.assets.tests import factories as f
from thanrak.registry.tests import factories as registry

pytestmark = pytest.mark.django_db
API = "/api/v1/assets"
AT, H = f.AT, f.HOUR


@pytest.fixture(autouse=True)
def _media(tmp_path, settings):  # noqa: ANN001
    settings.MEDIA_ROOT = tmp_path / "public"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def jpeg(name: str = "photo.jpg", fmt: str = "JPEG") -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (320, 240), (90, 140, 60)).save(out, format=fmt)
    return SimpleUploadedFile(name, out.getvalue(), content_type=f"image/{fmt.lower()}")


def not_a_photo(name: str = "report.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 not a picture", content_type="image/jpeg")


class TestRegisterFiles:
    def test_export_then_import_equipment_through_the_api(self, client, enterprise, district_officer):
        f.equipment(organisation=enterprise, by=district_officer, fee_unit="RAI", fee_satang=35_050)
        client.force_login(district_officer)
        sheet = client.get(f"{API}/equipment/export?format=xlsx")
        assert sheet.status_code == 200 and sheet.content[:2] == b"PK"
        assert AuditLog.objects.filter(event="EXPORT", object_type="assets.equipment").exists()
        Equipment.objects.all().delete()
        sent = client.post(
            f"{API}/equipment/import", {"file": SimpleUploadedFile("equipment.xlsx", sheet.content)}
        )
        assert sent.status_code == 201 and sent.json() == {"saved": 1}
        assert Equipment.objects.get().fee_satang == 35_050

    def test_a_refused_import_names_each_row_and_column_and_writes_nothing(self, client, district_officer):
        client.force_login(district_officer)
        data = b"house_code,programme,work,cost_baht\n12345,x,BUILD,abc\n"
        sent = client.post(f"{API}/housing/import", {"file": SimpleUploadedFile("h.csv", data)})
        body = sent.json()
        assert sent.status_code == 422 and body["code"] == "import_refused"
        assert {e["field"] for e in body["errors"]} == {"row 2: cost_baht", "row 2: house_code"}

    def test_forest_shapes_and_templates_and_who_may_export(self, client, district_officer, volunteer):
        f.forest(by=district_officer)
        client.force_login(district_officer)
        geo = client.get(f"{API}/forests/export?format=geojson&area=56")
        assert geo.status_code == 200 and geo.json()["type"] == "FeatureCollection"
        template = client.get(f"{API}/plots/import/template?format=csv").content.decode("utf-8-sig")
        assert template.splitlines()[0].startswith("house_code,programme,tenure,allocated_on")
        client.force_login(volunteer)
        assert client.get(f"{API}/plots/export").status_code == 403
        assert client.post(f"{API}/plots/import", {"file": jpeg()}).status_code == 403


class TestPhotos:
    def test_several_incident_photos_at_once_listed_and_downloaded(
        self, client, district_officer, officer_elsewhere
    ):
        forest = f.forest(by=district_officer)
        incident = actions.forest_incident_record(
            forest=forest, kind="FIRE", occurred_on=dt.date(2026, 12, 1), by=district_officer, at=AT
        )
        client.force_login(district_officer)
        sent = client.post(
            f"{API}/incidents/{incident.pk}/photos", {"files": [jpeg("a.jpg"), jpeg("b.png", "PNG")]}
        )
        assert sent.status_code == 201 and len(sent.json()) == 2
        listed = client.get(f"{API}/incidents/{incident.pk}/photos").json()
        assert [p["of"] for p in listed] == ["INCIDENT", "INCIDENT"]
        image = client.get(listed[0]["url"])
        assert image.status_code == 200 and image["Content-Type"] == "image/jpeg"
        assert client.get(listed[0]["thumbnail_url"]).status_code == 200
        client.force_login(officer_elsewhere)
        assert client.get(listed[0]["url"]).status_code == 404
        assert client.get(f"{API}/incidents/{incident.pk}/photos").status_code == 404

    def test_one_bad_file_refuses_them_all_naming_it(self, client, district_officer, phayao_household):
        unit = actions.housing_record(
            household=phayao_household,
            programme="บ้านมั่นคง",
            work="BUILD",
            cost_satang=0,
            by=district_officer,
            at=AT,
        )
        client.force_login(district_officer)
        sent = client.post(
            f"{API}/housing/{unit.pk}/photos",
            {"files": [jpeg("good.jpg"), not_a_photo("สัญญา.pdf")]},
            HTTP_ACCEPT_LANGUAGE="th",
        )
        assert sent.status_code == 422 and sent.json()["code"] == "photo_unreadable"
        assert "สัญญา.pdf" in sent.json()["detail"]
        assert not AssetPhoto.objects.exists()
        ok = client.post(f"{API}/housing/{unit.pk}/photos", {"files": [jpeg()]})
        assert ok.status_code == 201 and ok.json()[0]["stage"] == "PLANNED"

    def test_damage_photos_by_the_owner_after_lending_out_not_by_the_member(
        self, client, enterprise, org_officer, national_manager, member
    ):
        tractor = f.equipment(organisation=enterprise, by=org_officer)
        farmer = registry.person(by=national_manager)
        f.join(farmer, enterprise)
        booking = actions.booking_make(
            equipment=tractor, person=farmer, starts_at=AT + H, ends_at=AT + 3 * H, by=org_officer, at=AT
        )
        client.force_login(org_officer)
        early = client.post(f"{API}/bookings/{booking.pk}/photos", {"files": [jpeg()]})
        assert early.status_code == 422 and early.json()["code"] == "not_checked_out"
        actions.booking_check_out(booking=booking, at=AT + H, by=org_officer)
        sent = client.post(f"{API}/bookings/{booking.pk}/photos", {"files": [jpeg("1.jpg"), jpeg("2.jpg")]})
        assert sent.status_code == 201 and len(client.get(f"{API}/bookings/{booking.pk}/photos").json()) == 2
        client.force_login(member)
        assert client.post(f"{API}/bookings/{booking.pk}/photos", {"files": [jpeg()]}).status_code == 403


class TestForms:
    def test_an_incident_form_takes_several_photos_from_one_input(self, client, district_officer):
        forest = f.forest(by=district_officer)
        client.force_login(district_officer)
        url = reverse("assets:forest-incident-add", args=[forest.pk])
        assert "multiple" in client.get(url).content.decode()
        sent = client.post(
            url,
            {
                "kind": "FIRE",
                "occurred_on": "01/12/2569",
                "photos": [jpeg("1.jpg"), jpeg("2.jpg"), jpeg("3.jpg")],
            },
        )
        assert sent.status_code == 302
        assert ForestIncident.objects.get().photos.count() == 3

    def test_a_form_names_the_file_that_is_not_a_photo_and_keeps_nothing(self, client, district_officer):
        forest = f.forest(by=district_officer)
        client.force_login(district_officer)
        sent = client.post(
            reverse("assets:forest-incident-add", args=[forest.pk]),
            {
                "kind": "FIRE",
                "occurred_on": "01/12/2569",
                "photos": [jpeg("1.jpg"), not_a_photo("ใบเสร็จ.pdf")],
            },
        )
        assert sent.status_code == 422 and "ใบเสร็จ.pdf" in sent.content.decode()
        assert not ForestIncident.objects.exists() and not AssetPhoto.objects.exists()
