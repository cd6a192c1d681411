"""Photos: of equipment, of damage at check-in, of patrols and incidents, of housing stages. Checked (type
and size), kept as private files (no public address), served only to who may see the record."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from thanrak.assets import actions
from thanrak.assets.errors import CannotUsePhoto
from thanrak.assets.models import AssetPhoto, Booking
from thanrak.assets.tests import factories as f
from thanrak.registry.tests import factories as registry

pytestmark = pytest.mark.django_db
AT, H = f.AT, f.HOUR


@pytest.fixture(autouse=True)
def _media(tmp_path, settings):  # noqa: ANN001
    settings.MEDIA_ROOT = tmp_path / "public"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def jpeg(
    name: str = "photo.jpg", size: tuple[int, int] = (640, 480), fmt: str = "JPEG"
) -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", size, (120, 160, 60)).save(out, format=fmt)
    return SimpleUploadedFile(name, out.getvalue(), content_type=f"image/{fmt.lower()}")


@pytest.fixture
def tractor(enterprise, org_officer):  # noqa: ANN001
    return f.equipment(organisation=enterprise, by=org_officer, photo=jpeg())


@pytest.fixture
def returned(tractor, org_officer, national_manager, enterprise) -> Booking:  # noqa: ANN001
    farmer = registry.person(by=national_manager)
    f.join(farmer, enterprise)
    booking = actions.booking_make(
        equipment=tractor, person=farmer, starts_at=AT + H, ends_at=AT + 3 * H, by=org_officer, at=AT
    )
    booking = actions.booking_check_out(booking=booking, at=AT + H, by=org_officer)
    return actions.booking_check_in(
        booking=booking,
        at=AT + 3 * H,
        by=org_officer,
        damage_note="ใบมีดบิ่น",
        damage_photos=[jpeg("damage.png", fmt="PNG")],
    )


class TestChecks:
    def test_a_file_that_is_not_a_photo_is_refused_and_nothing_is_written(self, tractor, org_officer):
        bad = SimpleUploadedFile("x.jpg", b"%PDF-1.4 not a picture", content_type="image/jpeg")
        with pytest.raises(CannotUsePhoto) as caught:
            actions.equipment_photo_add(equipment=tractor, upload=bad, by=org_officer, at=AT)
        assert caught.value.code == "photo_unreadable"
        assert tractor.photos.count() == 1

    def test_a_gif_and_a_too_large_photo_are_refused(self, tractor, org_officer, settings):  # noqa: ANN001
        with pytest.raises(CannotUsePhoto) as caught:
            actions.equipment_photo_add(
                equipment=tractor, upload=jpeg("a.gif", fmt="GIF"), by=org_officer, at=AT
            )
        assert caught.value.code == "photo_type"
        settings.THANRAK_MAX_IMAGE_BYTES = 1000
        with pytest.raises(CannotUsePhoto) as caught:
            actions.equipment_photo_add(
                equipment=tractor, upload=jpeg(size=(900, 900)), by=org_officer, at=AT
            )
        assert caught.value.code == "photo_too_large"

    def test_a_bad_damage_photo_leaves_the_booking_out(
        self, tractor, org_officer, national_manager, enterprise
    ):
        farmer = registry.person(by=national_manager)
        f.join(farmer, enterprise)
        booking = actions.booking_make(
            equipment=tractor, person=farmer, starts_at=AT + H, ends_at=AT + 3 * H, by=org_officer, at=AT
        )
        booking = actions.booking_check_out(booking=booking, at=AT + H, by=org_officer)
        bad = SimpleUploadedFile("x.jpg", b"junk", content_type="image/jpeg")
        with pytest.raises(CannotUsePhoto):
            actions.booking_check_in(booking=booking, at=AT + 3 * H, by=org_officer, damage_photos=[bad])
        booking.refresh_from_db()
        assert booking.status == "OUT" and not booking.photos.exists()


class TestPrivateFiles:
    def test_photos_are_stored_outside_the_public_media_and_resized(self, returned, tractor):
        for photo in AssetPhoto.objects.all():
            assert (
                Path(photo.image.path).resolve().is_relative_to(Path(settings.PRIVATE_MEDIA_ROOT).resolve())
            )
            with Image.open(photo.thumbnail.path) as thumb:
                assert max(thumb.size) <= 320

    def test_the_owner_sees_the_damage_photo_and_an_outsider_does_not(
        self, client, returned, org_officer, officer_elsewhere
    ):
        photo = returned.photos.get()
        url = reverse("assets:photo", args=[photo.pk])
        client.force_login(org_officer)
        page = client.get(reverse("assets:equipment-detail", args=[returned.equipment_id])).content.decode()
        assert url in page
        response = client.get(url)
        assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
        client.force_login(officer_elsewhere)
        assert client.get(url).status_code == 404
        client.logout()
        assert client.get(url).status_code in (302, 403)


class TestForms:
    def test_check_in_with_a_damage_photo_on_the_page(
        self, client, tractor, org_officer, national_manager, enterprise
    ):
        farmer = registry.person(by=national_manager)
        f.join(farmer, enterprise)
        now = timezone.now()
        booking = actions.booking_make(
            equipment=tractor,
            person=farmer,
            starts_at=now - 3 * H,
            ends_at=now + H,
            by=org_officer,
            at=now - 72 * H,
        )
        actions.booking_check_out(booking=booking, at=now - 3 * H, by=org_officer)
        client.force_login(org_officer)
        sent = client.post(
            reverse("assets:booking-check-in", args=[booking.pk]),
            {"hours": "2", "damage_note": "ยางรั่ว", "damage_photos": jpeg()},
        )
        assert sent.status_code == 302
        assert booking.photos.count() == 1

    def test_a_housing_stage_with_its_photo_shows_on_the_household_panel(
        self, client, district_officer, phayao_household
    ):
        unit = actions.housing_record(
            household=phayao_household,
            programme="บ้านพอเพียงชนบท",
            work="REPAIR",
            cost_satang=2_000_000,
            by=district_officer,
            at=AT,
        )
        client.force_login(district_officer)
        sent = client.post(
            reverse("assets:housing-stage", args=[unit.pk]),
            {"stage": "STARTED", "on": "01/12/2569", "photos": jpeg()},
        )
        assert sent.status_code == 302
        photo = unit.photos.get()
        assert photo.stage == "STARTED" and photo.taken_at.date() >= dt.date(2026, 1, 1)
        panel = client.get(reverse("assets:household-panel", args=[phayao_household.pk])).content.decode()
        assert reverse("assets:photo", args=[photo.pk]) in panel

    def test_an_incident_photo_is_shown_on_the_forest_page(self, client, district_officer):
        forest = f.forest(by=district_officer)
        client.force_login(district_officer)
        sent = client.post(
            reverse("assets:forest-incident-add", args=[forest.pk]),
            {"kind": "FIRE", "occurred_on": "01/12/2569", "photos": jpeg()},
        )
        assert sent.status_code == 302
        photo = AssetPhoto.objects.get(of="INCIDENT")
        page = client.get(reverse("assets:forest-detail", args=[forest.pk])).content.decode()
        assert reverse("assets:photo", args=[photo.pk]) in page
