"""Sites of โคก หนอง นา: the register (community and household sites), their shapes on a map (a household
site's only for who may see the household), the API, and the assets layers of the monitoring dashboard."""

import datetime as dt

import pytest
from django.urls import reverse

from thanrak.accounts.scope import OutsideScope
from thanrak.assets import actions, queries
from thanrak.assets.errors import CannotRecordSite, ShapeRefused
from thanrak.assets.models import LabSite
from thanrak.assets.tests import factories as f
from thanrak.assets.tests import shapefiles as files

pytestmark = pytest.mark.django_db
D = dt.date
API = "/api/v1/assets"


def _code(call) -> str:  # noqa: ANN001
    with pytest.raises((CannotRecordSite, ShapeRefused)) as caught:
        call()
    return caught.value.code


def _community(by, organisation, **kw):  # noqa: ANN001, ANN202
    kw.setdefault("area_code", "560101")
    return actions.site_register(
        kind="CLM",
        name="ศูนย์เรียนรู้โคกหนองนาบ้านต๋อม",
        organisation=organisation,
        started_on=D(2021, 5, 1),
        by=by,
        at=f.AT,
        **kw,
    )


def _household_site(by, household, **kw):  # noqa: ANN001, ANN202
    return actions.site_register(
        kind="HLM",
        name="โคกหนองนาแปลงนายทดสอบ",
        area_code=household.area_code,
        household=household,
        started_on=D(2021, 6, 1),
        by=by,
        at=f.AT,
        **kw,
    )


class TestRegister:
    def test_a_community_site_with_its_boundary_measured(self, district_officer, enterprise):
        site = _community(district_officer, enterprise)
        site = actions.site_set_boundary(site=site, geometry=files.square(), by=district_officer)
        assert site.area_m2 == pytest.approx(7200, abs=2) and site.map_boundary is not None

    def test_a_household_site_needs_its_household_in_the_subdistrict(
        self, district_officer, phayao_household, chiangmai_household, enterprise
    ):
        site = _household_site(district_officer, phayao_household)
        assert site.household == phayao_household
        none = lambda: actions.site_register(  # noqa: E731
            kind="HLM", name="x", area_code="560101", started_on=D(2021, 1, 1), by=district_officer, at=f.AT
        )
        assert _code(none) == "household_missing"
        elsewhere = lambda: actions.site_register(  # noqa: E731
            kind="HLM",
            name="x",
            area_code="560101",
            household=chiangmai_household,
            started_on=D(2021, 1, 1),
            by=district_officer,
            at=f.AT,
        )
        assert _code(elsewhere) == "household_elsewhere"
        assert _code(lambda: _community(district_officer, None)) == "organisation_missing"
        assert _code(lambda: _community(district_officer, enterprise, area_code="999999")) == "area_unknown"
        early = lambda: _community(district_officer, enterprise, finished_on=D(2020, 1, 1))  # noqa: E731
        assert _code(early) == "finished_before_start"
        assert LabSite.objects.count() == 1

    def test_a_boundary_in_another_district_is_refused(self, district_officer, enterprise):
        site = _community(district_officer, enterprise)
        far = files.square(lon=100.14, lat=19.35)
        assert (
            _code(lambda: actions.site_set_boundary(site=site, geometry=far, by=district_officer))
            == "outside_area"
        )

    def test_an_officer_of_another_district_cannot_register_here(self, other_district_officer, enterprise):
        with pytest.raises(OutsideScope):
            _community(other_district_officer, enterprise)


class TestMapAndTotals:
    def test_a_household_sites_shape_is_withheld_from_who_may_not_see_the_household(
        self, district_officer, auditor, phayao_household, enterprise
    ):
        home = actions.site_set_boundary(
            site=_household_site(district_officer, phayao_household),
            geometry=files.square(),
            by=district_officer,
        )
        community = _community(district_officer, enterprise)
        actions.site_set_boundary(site=community, geometry=files.square(lon=99.90), by=district_officer)
        officer_map = queries.site_map(viewer=district_officer, area="56")
        assert {x["id"] for x in officer_map["features"]} == {home.pk, community.pk}
        totals = queries.site_totals(viewer=auditor, area="56")
        assert (totals.community, totals.household) == (1, 1)
        auditor_map = queries.site_map(viewer=auditor, area="56")
        if not queries.may_see_shape(viewer=auditor, site=home):
            assert [x["id"] for x in auditor_map["features"]] == [community.pk] and auditor_map[
                "withheld"
            ] == 1


class TestPages:
    def test_the_officer_registers_a_site_and_sees_it_listed_and_on_the_map(
        self, client, district_officer, enterprise
    ):
        client.force_login(district_officer)
        sent = client.post(
            reverse("assets:site-create"),
            {
                "kind": "CLM",
                "name": "ศูนย์โคกหนองนาตำบลเวียง",
                "area_code": "560101",
                "organisation": enterprise.pk,
                "started_on": "01/05/2564",
            },
        )
        site = LabSite.objects.get()
        assert sent.status_code == 302 and site.started_on == D(2021, 5, 1)
        page = client.get(reverse("assets:site-list")).content.decode()
        assert "ศูนย์โคกหนองนาตำบลเวียง" in page
        assert client.get(reverse("assets:site-detail", args=[site.pk])).status_code == 200
        assert client.get(reverse("assets:site-map")).status_code == 200
        assert client.get(reverse("assets:site-map-data")).json()["type"] == "FeatureCollection"

    def test_a_refusal_is_shown_on_the_form(self, client, district_officer):
        client.force_login(district_officer)
        sent = client.post(
            reverse("assets:site-create"),
            {"kind": "CLM", "name": "x", "area_code": "560101", "started_on": "01/05/2564"},
        )
        assert sent.status_code == 422 and not LabSite.objects.exists()

    def test_a_member_may_not_open_the_register(self, client, member):
        client.force_login(member)
        assert client.get(reverse("assets:site-list")).status_code == 403


class TestApi:
    def test_register_set_boundary_list_and_map(self, client, district_officer, enterprise):
        client.force_login(district_officer)
        made = client.post(
            f"{API}/sites",
            {
                "kind": "CLM",
                "name": "ศูนย์โคกหนองนา",
                "area_code": "560101",
                "organisation_id": enterprise.pk,
                "started_on": "2021-05-01",
            },
            content_type="application/json",
        )
        assert made.status_code == 201, made.content
        site_id = made.json()["id"]
        ring = list(files.square().exterior.coords)
        put = client.put(
            f"{API}/sites/{site_id}/boundary",
            {"geojson": {"type": "Polygon", "coordinates": [ring]}},
            content_type="application/json",
        )
        assert put.status_code == 200 and put.json()["area_m2"] > 7000
        assert [x["id"] for x in client.get(f"{API}/sites?area=56").json()] == [site_id]
        assert len(client.get(f"{API}/sites/map?area=56").json()["features"]) == 1
        bad = client.post(
            f"{API}/sites",
            {"kind": "HLM", "name": "x", "area_code": "560101", "started_on": "2021-05-01"},
            content_type="application/json",
        )
        assert bad.status_code == 422 and bad.json()["code"] == "household_missing"


class TestDashboardLayers:
    def test_layers_follow_what_the_viewer_may_read_and_plots_are_counts(
        self, client, district_officer, phayao_household, enterprise, org_officer
    ):
        actions.plot_allocate(
            household=phayao_household,
            programme="คทช.",
            tenure="RIGHT_OF_USE",
            allocated_on=D(2025, 6, 1),
            geometry=files.square(),
            by=district_officer,
            at=f.AT,
        )
        f.equipment(organisation=enterprise, by=org_officer)
        client.force_login(district_officer)
        doc = client.get(reverse("assets:dashboard-layers") + "?area=56").json()
        layers = {layer["name"]: layer for layer in doc["layers"]}
        plots = layers["แปลงที่ดินที่จัดสรร"]
        assert (
            "shapes" not in plots
            and plots["counts"][0]["district"] == "5601"
            and plots["counts"][0]["count"] == 1
        )
        assert "ป่าชุมชน" in layers and "พื้นที่ต้นแบบโคก หนอง นา" in layers

    def test_the_monitoring_dashboard_shows_the_assets_map(self, client, district_officer):
        client.force_login(district_officer)
        page = client.get(reverse("monitoring:dashboard")).content.decode()
        assert "data-assets-layers" in page

    def test_a_viewer_who_reads_no_assets_gets_no_layers(self, client, buyer):
        client.force_login(buyer)
        assert client.get(reverse("assets:dashboard-layers")).json()["layers"] == []


class TestExports:
    def test_sites_export_as_csv_xlsx_geojson_and_kml_each_audit_logged(
        self, client, district_officer, enterprise, phayao_household
    ):
        from thanrak.accounts.models import AuditLog

        site = _community(district_officer, enterprise)
        actions.site_set_boundary(site=site, geometry=files.square(), by=district_officer)
        client.force_login(district_officer)
        url = reverse("assets:site-export")
        csv = client.get(f"{url}?area=56")
        assert csv.status_code == 200 and "ศูนย์เรียนรู้โคกหนองนาบ้านต๋อม" in csv.content.decode("utf-8-sig")
        assert client.get(f"{url}?area=56&format=xlsx").content[:2] == b"PK"
        geo = client.get(f"{url}?area=56&format=geojson").json()
        assert [x["id"] for x in geo["features"]] == [site.pk]
        kml = client.get(f"{url}?area=56&format=kml").content.decode()
        assert "<Placemark>" in kml and "<coordinates>" in kml
        logged = AuditLog.objects.filter(event="EXPORT", object_type="assets.site")
        assert sorted(e.detail["format"] for e in logged) == ["csv", "geojson", "kml", "xlsx"]

    def test_a_household_sites_shape_and_number_are_withheld_from_who_may_not_see_the_household(
        self, district_officer, phayao_household, enterprise, org_officer
    ):
        from thanrak.assets import exports

        site = _household_site(district_officer, phayao_household, organisation=enterprise)
        actions.site_set_boundary(site=site, geometry=files.square(), by=district_officer)
        seen = exports.sites(viewer=district_officer, area="", fmt="geojson", at=f.AT)
        assert seen.rows == 1 and seen.withheld == 0
        hidden = exports.sites(viewer=org_officer, area="", fmt="geojson", at=f.AT)
        assert hidden.rows == 0 and hidden.withheld == 1
        table = exports.sites(viewer=org_officer, area="", fmt="csv", at=f.AT).body.decode("utf-8-sig")
        assert "***" in table and str(phayao_household.pk) not in table.split("\n")[1].split(",")[5]

    def test_forests_export_as_kml(self, client, district_officer):
        forest = f.forest(by=district_officer)
        actions.forest_set_boundary(forest=forest, geometry=files.square(), by=district_officer)
        client.force_login(district_officer)
        kml = client.get(reverse("assets:forest-export") + "?area=56&format=kml")
        assert kml.status_code == 200 and "ป่าชุมชนบ้านทดสอบ" in kml.content.decode()
