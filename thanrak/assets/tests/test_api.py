"""The assets API: lists scoped to the viewer, writes through the actions, refusals with their codes."""

import datetime as dt

import pytest
from django.utils import timezone

from thanrak.assets.models import Booking, CommunityForest
from thanrak.assets.tests import factories as f
from thanrak.assets.tests import shapefiles as files
from thanrak.registry.tests import factories as registry

pytestmark = pytest.mark.django_db
API = "/api/v1/assets"


def _as(client, user):  # noqa: ANN001, ANN202
    client.force_login(user)
    return client


class TestForestsApi:
    def test_register_then_set_a_boundary_in_utm(self, client, district_officer):
        c = _as(client, district_officer)
        created = c.post(
            f"{API}/forests",
            {"name": "ป่าชุมชนดอยบ่อสวก", "area_code": "560101", "legal_status": "APPLIED"},
            content_type="application/json",
        )
        assert created.status_code == 201, created.content
        forest_id = created.json()["id"]
        utm = files.in_utm(files.square(metres_x=400, metres_y=400))
        geojson = {"type": "Polygon", "coordinates": [list(map(list, utm.exterior.coords))]}
        response = c.put(
            f"{API}/forests/{forest_id}/boundary",
            {"geojson": geojson, "crs": 32647},
            content_type="application/json",
        )
        assert response.status_code == 200 and response.json()["rai"] == "100.00"

    def test_a_boundary_outside_thailand_answers_its_code(self, client, district_officer):
        forest = f.forest(by=district_officer)
        points = [[21.0, 102.6], [21.0, 102.61], [21.01, 102.61]]
        response = _as(client, district_officer).put(
            f"{API}/forests/{forest.pk}/boundary", {"points": points}, content_type="application/json"
        )
        assert response.status_code == 422 and response.json()["code"] == "outside_thailand"

    def test_a_zipped_shapefile_upload(self, client, district_officer):
        from django.core.files.uploadedfile import SimpleUploadedFile

        forest = f.forest(by=district_officer)
        data = files.shapefile_zip(files.in_utm(files.square()))
        response = _as(client, district_officer).post(
            f"{API}/forests/{forest.pk}/boundary-file", {"file": SimpleUploadedFile("plot.zip", data)}
        )
        assert response.status_code == 200 and response.json()["area_m2"] == pytest.approx(7200, abs=3)

    def test_lists_are_scoped(self, client, district_officer, officer_elsewhere):
        f.forest(by=district_officer)
        assert _as(client, officer_elsewhere).get(f"{API}/forests").json()["count"] == 0
        client.logout()
        assert _as(client, district_officer).get(f"{API}/forests?area=56").json()["count"] == 1

    def test_a_member_is_forbidden(self, client, member):
        assert _as(client, member).get(f"{API}/forests").status_code == 403
        assert not CommunityForest.objects.exists()


class TestMachineryApi:
    def test_book_twice_the_same_slot(self, client, enterprise, org_officer, national_manager):
        tractor = f.equipment(organisation=enterprise, by=org_officer)
        person = registry.person(by=national_manager)
        start = timezone.now() + dt.timedelta(days=1)
        body = {
            "person_id": person.pk,
            "starts_at": start.isoformat(),
            "ends_at": (start + f.HOUR * 3).isoformat(),
        }
        c = _as(client, org_officer)
        assert (
            c.post(
                f"{API}/equipment/{tractor.pk}/bookings", body, content_type="application/json"
            ).status_code
            == 201
        )
        again = c.post(f"{API}/equipment/{tractor.pk}/bookings", body, content_type="application/json")
        assert again.status_code == 422 and again.json()["code"] == "overlapping_booking"
        booking = Booking.objects.get()
        refused = c.post(f"{API}/bookings/{booking.pk}/check-in", {}, content_type="application/json")
        assert refused.json()["code"] == "not_checked_out"
        out = c.post(
            f"{API}/bookings/{booking.pk}/check-out", {"meter": "-1"}, content_type="application/json"
        )
        assert out.json()["code"] == "negative_meter"
