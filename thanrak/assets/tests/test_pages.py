"""The pages by persona: lists, a forest with its forms, a booking on the calendar, the feed, the panel."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from thanrak.assets import actions
from thanrak.assets.models import Booking, CommunityForest, ForestSubsidy, LandPlot
from thanrak.assets.tests import factories as f
from thanrak.assets.tests import shapefiles as files
from thanrak.registry.tests import factories as registry

pytestmark = pytest.mark.django_db


def _client(client, user):  # noqa: ANN001, ANN202
    client.force_login(user)
    return client


class TestForestPages:
    def test_the_district_officer_registers_a_forest_and_sees_it_in_the_list(self, client, district_officer):
        c = _client(client, district_officer)
        response = c.post(
            reverse("assets:forest-create"),
            {
                "name": "ป่าชุมชนบ้านแม่ต๋ำ",
                "area_code": "560101",
                "legal_status": "APPROVED",
                "approved_on": "01/03/2567",
            },
        )
        forest = CommunityForest.objects.get()
        assert response.status_code == 302 and forest.approved_on == dt.date(2024, 3, 1)
        page = c.get(reverse("assets:forest-list")).content.decode()
        assert "ป่าชุมชนบ้านแม่ต๋ำ" in page and reverse("assets:forest-create") in page

    def test_an_approved_forest_without_a_date_is_refused_on_the_form(self, client, district_officer):
        response = _client(client, district_officer).post(
            reverse("assets:forest-create"), {"name": "ป่า", "area_code": "560101", "legal_status": "APPROVED"}
        )
        assert response.status_code == 422
        assert "วันที่อนุมัติ" in response.content.decode() or "approval date" in response.content.decode()
        assert not CommunityForest.objects.exists()

    def test_uploading_a_kml_boundary_measures_the_forest(self, client, district_officer):
        forest = f.forest(by=district_officer)
        upload = files.kml_bytes(files.square(metres_x=400, metres_y=400))
        from django.core.files.uploadedfile import SimpleUploadedFile

        response = _client(client, district_officer).post(
            reverse("assets:forest-boundary", args=[forest.pk]),
            {"file": SimpleUploadedFile("forest.kml", upload)},
        )
        assert response.status_code == 302
        forest.refresh_from_db()
        assert forest.area_m2 == pytest.approx(160_000, abs=5)
        page = client.get(reverse("assets:forest-detail", args=[forest.pk])).content.decode()
        assert "100-0-0" in page

    def test_a_self_crossing_drawing_is_refused_with_a_message(self, client, district_officer):
        forest = f.forest(by=district_officer)
        x0, y0, x1, y1 = files.square().bounds
        drawing = {"type": "Polygon", "coordinates": [[[x0, y0], [x1, y1], [x1, y0], [x0, y1], [x0, y0]]]}
        import json

        response = _client(client, district_officer).post(
            reverse("assets:forest-boundary", args=[forest.pk]), {"geojson": json.dumps(drawing)}
        )
        assert response.status_code == 422
        # Said under the map the person drew on, not beside the file input.
        assert list(response.context["form"].errors) == ["geojson"]
        forest.refresh_from_db()
        assert forest.boundary is None

    def test_a_self_crossing_walk_is_refused_beside_its_points(self, client, district_officer):
        forest = f.forest(by=district_officer)
        x0, y0, x1, y1 = files.square().bounds
        text = "\n".join(f"{lat}, {lon}" for lon, lat in [(x0, y0), (x1, y1), (x1, y0), (x0, y1)])
        response = _client(client, district_officer).post(
            reverse("assets:forest-boundary", args=[forest.pk]), {"points": text}
        )
        assert response.status_code == 422
        assert list(response.context["form"].errors) == ["points"]
        assert "เส้นขอบเขตตัดกันเอง" in response.content.decode()

    def test_gps_points_walked_set_the_boundary(self, client, district_officer):
        forest = f.forest(by=district_officer)
        corners = list(files.square().exterior.coords)[:-1]
        text = "\n".join(f"{lat:.7f}, {lon:.7f}" for lon, lat in corners)
        response = _client(client, district_officer).post(
            reverse("assets:forest-boundary", args=[forest.pk]), {"points": text}
        )
        assert response.status_code == 302
        forest.refresh_from_db()
        assert forest.area_m2 == pytest.approx(7200, abs=3)

    def test_a_subsidy_typed_in_baht_is_kept_in_satang(self, client, district_officer):
        forest = f.forest(by=district_officer)
        _client(client, district_officer).post(
            reverse("assets:forest-subsidy-add", args=[forest.pk]),
            {"source": "กรมป่าไม้", "amount": "12,500.50", "received_on": "01/05/2569"},
        )
        assert ForestSubsidy.objects.get().amount_satang == 1_250_050

    def test_the_map_and_its_data(self, client, provincial_officer, district_officer):
        forest = f.forest(by=district_officer)
        actions.forest_set_boundary(forest=forest, geometry=files.square(), by=district_officer)
        c = _client(client, provincial_officer)
        assert c.get(reverse("assets:forest-map")).status_code == 200
        doc = c.get(reverse("assets:forest-map-data") + "?area=56").json()
        assert [x["id"] for x in doc["features"]] == [forest.pk]
        assert {d["properties"]["code"] for d in doc["districts"]["features"]} >= {"5601", "5602"}

    def test_another_districts_officer_gets_404_on_the_forest(
        self, client, district_officer, other_district_officer
    ):
        forest = f.forest(by=district_officer)
        response = _client(client, other_district_officer).get(
            reverse("assets:forest-detail", args=[forest.pk])
        )
        assert response.status_code == 404

    def test_a_member_may_not_open_the_forests(self, client, member):
        assert _client(client, member).get(reverse("assets:forest-list")).status_code == 403

    def test_the_volunteer_sees_but_may_not_register(self, client, volunteer):
        page = _client(client, volunteer).get(reverse("assets:forest-list")).content.decode()
        assert reverse("assets:forest-create") not in page


@pytest.fixture
def tractor(enterprise, org_officer):  # noqa: ANN001
    return f.equipment(organisation=enterprise, by=org_officer)


class TestMachineryPages:
    def test_the_enterprise_lists_a_machine_with_its_photo_and_fee_in_baht(
        self, client, org_officer, enterprise, settings, tmp_path
    ):
        settings.PRIVATE_MEDIA_ROOT = tmp_path
        import io

        from django.core.files.uploadedfile import SimpleUploadedFile
        from PIL import Image

        from thanrak.assets.models import Equipment

        buffer = io.BytesIO()
        Image.new("RGB", (8, 8), "green").save(buffer, "PNG")
        data = {
            "organisation": enterprise.pk,
            "name": "รถไถเดินตาม",
            "kind": "TRACTOR",
            "condition": "GOOD",
            "fee": "350",
            "fee_unit": "HOUR",
            "photos": SimpleUploadedFile("tractor.png", buffer.getvalue(), content_type="image/png"),
        }
        response = _client(client, org_officer).post(reverse("assets:equipment-create"), data)
        item = Equipment.objects.get()
        photo = item.photos.get()
        assert response.status_code == 302 and item.fee_satang == 35_000
        page = client.get(reverse("assets:equipment-detail", args=[item.pk])).content.decode()
        assert reverse("assets:photo", args=[photo.pk]) in page

    def test_a_member_books_on_the_page_and_a_second_booking_is_refused(
        self, client, tractor, member, enterprise
    ):
        f.join(member.person, enterprise)
        c = _client(client, member)
        tomorrow = timezone.localdate() + dt.timedelta(days=1)
        day = f"{tomorrow.day:02d}/{tomorrow.month:02d}/{tomorrow.year + 543}"
        data = {
            "person": member.person.pk,
            "day": day,
            "start": "08:00",
            "end": "12:00",
            "idempotency_key": "a",
        }
        assert c.post(reverse("assets:equipment-detail", args=[tractor.pk]), data).status_code == 302
        again = c.post(
            reverse("assets:equipment-detail", args=[tractor.pk]),
            {**data, "start": "10:00", "idempotency_key": "b"},
        )
        assert again.status_code == 422
        assert "จองแล้ว" in again.content.decode() or "already booked" in again.content.decode()
        assert Booking.objects.count() == 1

    def test_the_same_form_sent_twice_books_once(self, client, tractor, member, enterprise):
        f.join(member.person, enterprise)
        c = _client(client, member)
        tomorrow = timezone.localdate() + dt.timedelta(days=1)
        day = f"{tomorrow.day:02d}/{tomorrow.month:02d}/{tomorrow.year + 543}"
        data = {
            "person": member.person.pk,
            "day": day,
            "start": "08:00",
            "end": "12:00",
            "idempotency_key": "same",
        }
        c.post(reverse("assets:equipment-detail", args=[tractor.pk]), data)
        c.post(reverse("assets:equipment-detail", args=[tractor.pk]), data)
        assert Booking.objects.count() == 1

    def test_check_in_before_check_out_is_refused_on_the_page(
        self, client, tractor, org_officer, national_manager
    ):
        person = registry.person(by=national_manager)
        booking = actions.booking_make(
            equipment=tractor,
            person=person,
            starts_at=timezone.now() + f.HOUR,
            ends_at=timezone.now() + 3 * f.HOUR,
            by=org_officer,
            at=timezone.now(),
        )
        response = _client(client, org_officer).post(
            reverse("assets:booking-check-in", args=[booking.pk]), {"meter": "10"}
        )
        assert response.status_code == 422

    def test_the_calendar_feed_parses_and_names_nobody(self, client, tractor, org_officer, national_manager):
        person = registry.person(by=national_manager, first_name="สมศรี")
        actions.booking_make(
            equipment=tractor,
            person=person,
            starts_at=f.AT + 2 * f.HOUR,
            ends_at=f.AT + 5 * f.HOUR,
            by=org_officer,
            at=f.AT,
        )
        response = client.get(reverse("assets:equipment-feed", args=[tractor.feed_token]))
        assert response["Content-Type"].startswith("text/calendar")
        events = Calendar.from_ical(response.content).walk("VEVENT")
        assert len(events) == 1 and events[0].decoded("dtstart") == f.AT + 2 * f.HOUR
        assert "สมศรี" not in response.content.decode()
        assert client.get(reverse("assets:equipment-feed", args=["wrong"])).status_code == 404

    def test_a_member_of_another_organisation_gets_404(self, client, tractor, member):
        assert (
            _client(client, member).get(reverse("assets:equipment-detail", args=[tractor.pk])).status_code
            == 404
        )


class TestLandPages:
    def test_the_household_page_shows_its_plot_in_the_panel(self, client, district_officer, phayao_household):
        c = _client(client, district_officer)
        response = c.post(
            reverse("assets:plot-create"),
            {
                "household": phayao_household.pk,
                "programme": "คทช.",
                "tenure": "RIGHT_OF_USE",
                "allocated_on": "01/06/2568",
            },
        )
        assert response.status_code == 302 and LandPlot.objects.count() == 1
        page = c.get(reverse("registry:household-detail", args=[phayao_household.pk])).content.decode()
        panel = reverse("assets:household-panel", args=[phayao_household.pk])
        assert panel in page
        assert "คทช." in c.get(panel).content.decode()

    def test_the_panel_is_empty_for_an_officer_of_another_district(
        self, client, other_district_officer, phayao_household
    ):
        response = _client(client, other_district_officer).get(
            reverse("assets:household-panel", args=[phayao_household.pk])
        )
        assert response.content == b""

    def test_pages_fit_a_phone(self, client, district_officer):
        page = _client(client, district_officer).get(reverse("assets:land-list")).content.decode()
        assert re.search(r'<div class="table-wrap"><table class="responsive">', page)
