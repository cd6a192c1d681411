"""Pages a person uses: dashboards, drill-down, entry, workflow, exchange, report, for each role."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from thanrak.monitoring import actions, seed
from thanrak.monitoring.models import Unit, Value, ValueStatus
from thanrak.monitoring.tests import factories
from thanrak.monitoring.tests.factories import AT


@pytest.fixture
def phayao(national_manager, district_officer, other_district_officer):
    """A households indicator with a provincial target and values in two districts of Phayao."""
    ind = factories.indicator(
        by=national_manager, unit=Unit.HOUSEHOLDS, name_th="ครัวเรือนที่ได้รับการส่งเสริมอาชีพ", code="HH"
    )
    actions.target_set(
        indicator=ind, area_code="56", fiscal_year=2569, amount="100", by=national_manager, at=AT
    )
    factories.value(ind, "560101", "2569-01", "40", by=district_officer)
    factories.value(ind, "560102", "2569-01", "35", by=district_officer)
    factories.value(ind, "560201", "2569-01", "30", by=other_district_officer)
    return ind


@pytest.mark.django_db
class TestDashboard:
    def test_a_province_sees_achieved_against_target_above_100(self, client, provincial_officer, phayao):
        client.force_login(provincial_officer)

        page = client.get("/monitoring/?area=56&fy=2569").content.decode()

        assert "ครัวเรือนที่ได้รับการส่งเสริมอาชีพ" in page
        assert "ร้อยละ 105.00" in page
        assert 'data-vega-spec="chart-target"' in page

    def test_drill_down_from_province_to_district_to_subdistrict(self, client, provincial_officer, phayao):
        client.force_login(provincial_officer)

        province = client.get(f"/monitoring/indicators/{phayao.pk}/?area=56&fy=2569").content.decode()
        district = client.get(f"/monitoring/indicators/{phayao.pk}/?area=5601&fy=2569").content.decode()

        assert "?area=5601&fy=2569" in province and "?area=5602&fy=2569" in province
        assert 'data-map="map-data"' in province
        assert "เวียง" in district and "แม่ต๋ำ" in district
        assert "/monitoring/values/?indicator=" in district  # a subdistrict's number links to its values

    def test_a_district_officer_cannot_open_another_district(self, client, district_officer, phayao):
        client.force_login(district_officer)

        assert client.get("/monitoring/?area=5602&fy=2569").status_code == 403
        assert client.get("/monitoring/?area=5601&fy=2569").status_code == 200

    def test_the_map_shapes_are_served_for_a_province(self, client, provincial_officer):
        client.force_login(provincial_officer)

        shapes = client.get("/monitoring/geo/?parent=56").json()

        assert {f["properties"]["code"] for f in shapes["features"]} >= {"5601", "5602"}

    def test_a_volunteer_may_not_open_monitoring(self, client, volunteer):
        client.force_login(volunteer)

        assert client.get("/monitoring/").status_code == 403

    def test_the_home_panel_counts_what_waits(self, client, district_officer, phayao, monkeypatch):
        noon_in_bangkok = dt.datetime(2026, 1, 15, 5, 0, tzinfo=dt.UTC)  # fiscal year 2569
        monkeypatch.setattr(timezone, "now", lambda: noon_in_bangkok)
        client.force_login(district_officer)

        panel = client.get("/monitoring/panel/").content.decode()

        # Mueang Phayao's two subdistricts have a draft each; Chun's draft is not this officer's
        assert "ข้อมูลร่าง 2 รายการที่ยังไม่ได้ส่ง" in panel


@pytest.mark.django_db
class TestValuePages:
    def test_each_number_links_to_its_history(self, client, provincial_officer, district_officer, phayao):
        value = Value.objects.get(area_code="560101")
        factories.value(phayao, "560101", "2569-01", "41", by=district_officer)
        client.force_login(provincial_officer)

        page = client.get(f"/monitoring/values/{value.pk}/").content.decode()

        assert "mueang_phayao" in page and "40 → 41" in page

    def test_the_history_names_each_status_in_words(
        self, client, provincial_officer, district_officer, phayao
    ):
        value = factories.value(phayao, "560101", "2569-01", "41", by=district_officer)
        actions.workflow_submit(area_code="5601", period="2569-01", by=district_officer, at=AT)
        client.force_login(provincial_officer)

        page = client.get(f"/monitoring/values/{value.pk}/").content.decode()

        assert "(ฉบับร่าง → ส่งแล้ว)" in page
        assert "SUBMITTED" not in page and "DRAFT" not in page

    def test_the_entry_grid_saves_all_rows_or_none(self, client, district_officer, phayao):
        client.force_login(district_officer)
        url = f"/monitoring/entry/?indicator={phayao.pk}&period=2569-02&area=5601"
        assert "แม่ต๋ำ" in client.get(url).content.decode()

        bad = client.post(
            "/monitoring/entry/",
            {
                "indicator": phayao.pk,
                "period": "2569-02",
                "area": "5601",
                "save": "1",
                "value-560101": "๑๒",
                "value-560102": "many",
            },
        )
        assert Value.objects.filter(period="2569-02").count() == 0
        assert "many" in bad.content.decode()

        client.post(
            "/monitoring/entry/",
            {
                "indicator": phayao.pk,
                "period": "2569-02",
                "area": "5601",
                "save": "1",
                "value-560101": "๑๒",
                "value-560102": "1,000",
            },
        )
        assert dict(Value.objects.filter(period="2569-02").values_list("area_code", "value")) == {
            "560101": 12,
            "560102": 1000,
        }

    def test_the_entry_grid_says_which_cell_is_not_a_number(self, client, district_officer, phayao):
        client.force_login(district_officer)

        page = client.post(
            "/monitoring/entry/",
            {
                "indicator": phayao.pk,
                "period": "2569-02",
                "area": "5601",
                "save": "1",
                "value-560101": "๑๒",
                "value-560102": "สิบเก้า",
            },
            follow=True,
        )

        text = page.content.decode()
        assert "ไม่ได้นำเข้าไฟล์" not in text
        assert "ยังไม่ได้บันทึก" in text
        assert "แม่ต๋ำ: “สิบเก้า” ไม่ใช่ตัวเลข" in text
        assert Value.objects.filter(period="2569-02").count() == 0

    def test_an_auditor_reads_but_does_not_enter(self, client, auditor, phayao):
        client.force_login(auditor)

        assert client.get("/monitoring/values/").status_code == 200
        assert client.get("/monitoring/entry/").status_code == 403


@pytest.mark.django_db
class TestWorkflowPages:
    def test_submit_approve_then_lock_and_reopen(
        self, client, district_officer, provincial_officer, national_manager, phayao
    ):
        client.force_login(district_officer)
        client.post("/monitoring/workflow/submit/", {"area": "5601", "period": "2569-01"})
        client.force_login(provincial_officer)
        page = client.get("/monitoring/workflow/?area=56&fy=2569").content.decode()
        assert "5601" in page
        client.post("/monitoring/workflow/approve/", {"area": "5601", "period": "2569-01"})
        assert set(Value.objects.filter(area_code__startswith="5601").values_list("status", flat=True)) == {
            ValueStatus.APPROVED
        }

        client.force_login(national_manager)
        client.post("/monitoring/locks/", {"period": "FY2569", "include_unapproved": "on", "fy": "2569"})
        lock = __import__("thanrak.monitoring.models", fromlist=["PeriodLock"]).PeriodLock.objects.get()
        response = client.post(f"/monitoring/locks/{lock.pk}/reopen/", {"reason": "แก้ไขข้อมูลอำเภอเมือง"})
        assert response.status_code == 302
        lock.refresh_from_db()
        assert lock.reopened_at is not None

    def test_a_district_officer_cannot_approve(self, client, district_officer, phayao):
        client.force_login(district_officer)

        assert (
            client.post("/monitoring/workflow/approve/", {"area": "5601", "period": "2569-01"}).status_code
            == 403
        )


@pytest.mark.django_db
class TestExchangePages:
    def test_a_csv_with_a_bad_row_shows_every_problem_and_saves_nothing(
        self, client, district_officer, phayao
    ):
        client.force_login(district_officer)
        upload = SimpleUploadedFile(
            "feb.csv", b"indicator,area,period,value\nHH,560101,2569-02,5\nHH,500101,2569-02,5\n"
        )

        response = client.post("/monitoring/exchange/import/", {"file": upload})

        assert response.status_code == 422
        assert "500101" in response.content.decode()
        assert not Value.objects.filter(period="2569-02").exists()

    def test_a_dhis2_file_is_imported(self, client, district_officer, phayao):
        client.force_login(district_officer)
        doc = (
            b'{"dataValues": [{"dataElement": "HH", "period": "202602", "orgUnit": "560101", "value": "9"}]}'
        )

        response = client.post("/monitoring/exchange/import/", {"file": SimpleUploadedFile("dv.json", doc)})

        assert response.status_code == 200
        assert Value.objects.get(period="2569-02").value == 9

    def test_values_download_as_csv_xlsx_and_dhis2(self, client, provincial_officer, phayao):
        client.force_login(provincial_officer)

        csv = client.get("/monitoring/exchange/export/?format=csv&area=56")
        xlsx = client.get("/monitoring/exchange/export/?format=xlsx&area=56")
        dhis2 = client.get("/monitoring/exchange/export/?format=dhis2&area=56").json()

        assert csv.content.decode("utf-8-sig").count("\n") == 4
        assert xlsx.content.startswith(b"PK")
        assert len(dhis2["dataValues"]) == 3


@pytest.mark.django_db
class TestReportPages:
    def test_the_report_page_and_the_published_check(self, client, national_manager):
        seed.seed_load(by=national_manager, at=AT)
        client.force_login(national_manager)

        page = client.get("/monitoring/report/?fy=2565&area=&digits=thai").content.decode()
        check = client.get("/monitoring/published/").content.decode()

        assert "ร้อยละ ๑๐๑.๖๗" in page and "ร้อยละ ๗๘.๙๖" in page
        assert "211" in check

    def test_the_html_download(self, client, national_manager):
        seed.seed_load(by=national_manager, at=AT)
        client.force_login(national_manager)

        response = client.get("/monitoring/report/download/?fy=2565&area=&format=html")

        assert response["Content-Disposition"].endswith('.html"')
        assert "ร้อยละ ๑๓๙.๖๒" in response.content.decode()

    def test_programmes_and_computations_pages(self, client, national_manager, phayao):
        client.force_login(national_manager)

        for url in (
            "/monitoring/programmes/",
            f"/monitoring/programmes/{phayao.programme_id}/",
            "/monitoring/computations/",
            "/monitoring/computations/registry.households/",
            f"/monitoring/indicators/{phayao.pk}/targets/",
        ):
            assert client.get(url).status_code == 200, url


@pytest.mark.django_db
class TestWorkflowRedirect:
    @pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/x", "/\\evil.example/x"])
    def test_refuses_to_send_the_officer_to_another_site(self, client, district_officer, phayao, target):
        client.force_login(district_officer)

        page = client.post(
            "/monitoring/workflow/submit/", {"area": "5601", "period": "2569-01", "next": target}
        )

        assert page.status_code == 302
        assert page["Location"] == "/monitoring/workflow/"

    def test_sends_the_officer_back_to_the_page_they_came_from(self, client, district_officer, phayao):
        client.force_login(district_officer)
        back = "/monitoring/workflow/?area=5601&fy=2569"

        page = client.post(
            "/monitoring/workflow/submit/", {"area": "5601", "period": "2569-01", "next": back}
        )

        assert page["Location"] == back
