"""Import and export of the land, housing and equipment registers: Thai headers, cp874 or XLSX, a household
by its house registration code, amounts in baht; all or nothing, each problem named by row and column;
the export imports again; the empty template; household data masked."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thanrak.accounts.models import AuditLog
from thanrak.assets import actions, exports
from thanrak.assets.models import Equipment, HousingUnit, LandPlot
from thanrak.assets.tests import factories as f
from thanrak.assets.tests import shapefiles as files
from thanrak.core.tabular import write_xlsx
from thanrak.registry.models import Household

pytestmark = pytest.mark.django_db
HOUSE = "56010100123"


@pytest.fixture
def house(phayao_household):  # noqa: ANN001, ANN201
    Household.objects.filter(pk=phayao_household.pk).update(house_code=HOUSE)
    phayao_household.refresh_from_db()
    return phayao_household


def _refused(register: str, data: bytes, by) -> list[tuple[int | None, str | None, str]]:  # noqa: ANN001
    with pytest.raises(actions.ImportRefused) as caught:
        actions.register_import(register=register, source=data, by=by, at=f.AT)
    return [(i.row, i.column, i.th) for i in caught.value.issues]


class TestPlots:
    def test_a_cp874_file_with_thai_headers_allocates_and_records_the_survey(self, house, district_officer):
        data = (
            "รหัสประจำบ้าน,โครงการ,ประเภทสิทธิ,วันที่จัดสรร,เงื่อนไข,สถานะการรังวัด,วันที่รังวัด\r\n"
            "5601-01001-23,คทช.,RIGHT_OF_USE,1/6/2568,ห้ามขาย,SURVEYED,๑๕/๗/๒๕๖๘\r\n"
            f"{HOUSE},ส.ป.ก.,SPK,1 มิ.ย. 2567,,,\r\n"
        ).encode("cp874")
        assert actions.register_import(register="plots", source=data, by=district_officer, at=f.AT) == 2
        surveyed = LandPlot.objects.get(programme="คทช.")
        assert surveyed.household == house and surveyed.conditions == "ห้ามขาย"
        assert (surveyed.survey_status, surveyed.surveyed_on) == ("SURVEYED", dt.date(2025, 7, 15))
        assert LandPlot.objects.get(programme="ส.ป.ก.").survey_status == "NOT_SURVEYED"

    def test_every_bad_row_is_named_in_thai_and_nothing_is_written(self, house, district_officer):
        data = write_xlsx(
            ["house_code", "programme", "tenure", "allocated_on", "survey_status", "surveyed_on"],
            [
                [HOUSE, "คทช.", "RIGHT_OF_USE", "1/6/2568", "", ""],
                ["99999999999", "คทช.", "RIGHT_OF_USE", "1/6/2568", "", ""],
                [HOUSE, "คทช.", "RENT", "1/6/2568", "", ""],
                [HOUSE, "คทช.", "LEASE", "", "", ""],
                [HOUSE, "คทช.", "LEASE", "1/6/2568", "VERIFIED", ""],
                [HOUSE, "", "LEASE", "1/6/2568", "", ""],
            ],
        )
        issues = _refused("plots", data, district_officer)
        assert [(row, column) for row, column, _ in issues] == [
            (3, "house_code"),
            (4, "tenure"),
            (5, "allocated_on"),
            (6, "surveyed_on"),
            (7, "programme"),
        ]
        assert "รหัสประจำบ้าน" in issues[0][2] and "RIGHT_OF_USE" in issues[1][2]
        assert not LandPlot.objects.exists()

    def test_a_household_outside_the_officers_district_is_not_found(self, house, other_district_officer):
        data = f"house_code,programme,tenure,allocated_on\n{HOUSE},คทช.,LEASE,1/6/2568\n".encode()
        assert [(r, c) for r, c, _ in _refused("plots", data, other_district_officer)] == [(2, "house_code")]


class TestHousing:
    def test_cost_in_baht_becomes_satang_and_a_handed_over_house_is_dated(self, house, district_officer):
        data = (
            "รหัสประจำบ้าน,โครงการ,งาน,ค่าใช้จ่าย (บาท),ขั้นงาน,วันที่เริ่ม,วันที่ส่งมอบ\n"
            f'{HOUSE},บ้านมั่นคง,BUILD,"120,000.50",HANDED_OVER,1/2/2568,30/4/2568\n'
            f"{HOUSE},ซ่อมบ้านผู้ยากไร้,REPAIR,๒๕๐๐๐,STRUCTURE,1/5/2568,\n"
            f"{HOUSE},ซ่อมหลังคา,REPAIR,9000,,,\n"
        ).encode()
        assert actions.register_import(register="housing", source=data, by=district_officer, at=f.AT) == 3
        built = HousingUnit.objects.get(programme="บ้านมั่นคง")
        assert (built.cost_satang, built.stage, built.handed_over_on) == (
            12_000_050,
            "HANDED_OVER",
            dt.date(2025, 4, 30),
        )
        repair = HousingUnit.objects.get(programme="ซ่อมบ้านผู้ยากไร้")
        assert (repair.cost_satang, repair.stage, repair.started_on) == (
            2_500_000,
            "STRUCTURE",
            dt.date(2025, 5, 1),
        )
        assert HousingUnit.objects.get(programme="ซ่อมหลังคา").stage == "PLANNED"

    def test_a_bad_amount_a_negative_cost_and_an_undated_hand_over_are_named(self, house, district_officer):
        data = (
            "house_code,programme,work,cost_baht,stage,handed_over_on\n"
            f"{HOUSE},บ้านมั่นคง,BUILD,หนึ่งแสน,,\n"
            f"{HOUSE},บ้านมั่นคง,BUILD,-500,,\n"
            f"{HOUSE},บ้านมั่นคง,BUILD,500,HANDED_OVER,\n"
            f"{HOUSE},บ้านมั่นคง,PAINT,500,,\n"
        ).encode()
        issues = _refused("housing", data, district_officer)
        assert [(r, c) for r, c, _ in issues] == [
            (2, "cost_baht"),
            (3, "cost_baht"),
            (4, "handed_over_on"),
            (5, "work"),
        ]
        assert "บาท" in issues[0][2]
        assert not HousingUnit.objects.exists()


class TestEquipment:
    def test_an_xlsx_of_equipment_with_fees_per_hour_day_and_rai(self, enterprise, district_officer):
        data = write_xlsx(
            ["รหัสองค์กร", "ชนิด", "ชื่อ", "หน่วยค่าบริการ", "ค่าบริการ (บาท)", "สภาพ", "ที่เก็บ"],
            [
                [enterprise.pk, "TRACTOR", "รถไถคูโบต้า", "RAI", "350", "GOOD", "โรงเก็บหมู่ 1"],
                [enterprise.pk, "DRONE_SPRAYER", "โดรนพ่นยา", "DAY", "1,500.00", "", ""],
                [enterprise.pk, "ชุดเต็นท์", "เต็นท์ 10 หลัง", "HOUR", "0", "พอใช้", "วัด"],
            ],
        )
        assert actions.register_import(register="equipment", source=data, by=district_officer, at=f.AT) == 3
        tractor = Equipment.objects.get(name="รถไถคูโบต้า")
        assert (tractor.organisation, tractor.fee_unit, tractor.fee_satang, tractor.kept_at) == (
            enterprise,
            "RAI",
            35_000,
            "โรงเก็บหมู่ 1",
        )
        assert Equipment.objects.get(name="โดรนพ่นยา").fee_satang == 150_000
        tents = Equipment.objects.get(name="เต็นท์ 10 หลัง")
        assert (tents.kind, tents.condition) == ("TENT_SET", "FAIR")

    def test_an_unknown_kind_a_missing_owner_and_another_districts_owner_are_named(
        self, enterprise, other_district_officer, district_officer
    ):
        data = (
            "organisation_id,kind,name,fee_unit,fee_baht\n"
            f"{enterprise.pk},SPACESHIP,ยาน,HOUR,10\n"
            ",TRACTOR,รถไถ,HOUR,10\n"
            f"{enterprise.pk},TRACTOR,,MONTH,10\n"
        ).encode()
        issues = _refused("equipment", data, district_officer)
        assert [(r, c) for r, c, _ in issues] == [(2, "kind"), (3, "organisation_id"), (4, "fee_unit")]
        elsewhere = f"organisation_id,kind,name,fee_unit,fee_baht\n{enterprise.pk},TRACTOR,รถไถ,HOUR,10\n"
        assert [(r, c) for r, c, _ in _refused("equipment", elsewhere.encode(), other_district_officer)] == [
            (2, "organisation_id")
        ]
        assert not Equipment.objects.exists()


class TestRoundTrip:
    @pytest.mark.parametrize("fmt", ["csv", "xlsx"])
    def test_what_is_exported_imports_again_the_same(self, fmt, house, enterprise, district_officer):
        plot = actions.plot_allocate(
            household=house,
            programme="คทช.",
            tenure="LEASE",
            allocated_on=dt.date(2025, 6, 1),
            ends_on=dt.date(2055, 5, 31),
            conditions="ห้ามขายต่อ",
            by=district_officer,
            at=f.AT,
        )
        actions.plot_survey(
            plot=plot, status="VERIFIED", surveyed_on=dt.date(2025, 8, 1), by=district_officer
        )
        unit = actions.housing_record(
            household=house,
            programme="บ้านพอเพียง",
            work="BUILD",
            cost_satang=4_500_075,
            by=district_officer,
            at=f.AT,
        )
        actions.housing_advance(unit=unit, stage="HANDED_OVER", on=dt.date(2025, 9, 9), by=district_officer)
        f.equipment(
            organisation=enterprise, by=district_officer, fee_unit="DAY", fee_satang=120_050, kept_at="วัด"
        )

        def snapshot() -> list[tuple]:
            return [
                *LandPlot.objects.values_list(
                    "household",
                    "programme",
                    "tenure",
                    "allocated_on",
                    "ends_on",
                    "conditions",
                    "survey_status",
                    "surveyed_on",
                ),
                *HousingUnit.objects.values_list(
                    "household", "programme", "work", "cost_satang", "stage", "started_on", "handed_over_on"
                ),
                *Equipment.objects.values_list(
                    "organisation", "name", "kind", "fee_unit", "fee_satang", "kept_at"
                ),
            ]

        before = snapshot()
        files_out = {
            register: export(viewer=district_officer, area="56", fmt=fmt, at=f.AT).body
            for register, export in (
                ("plots", exports.plots),
                ("housing", exports.housing),
                ("equipment", exports.equipment),
            )
        }
        LandPlot.objects.all().delete()
        HousingUnit.objects.all().delete()
        Equipment.objects.all().delete()
        for register, body in files_out.items():
            assert actions.register_import(register=register, source=body, by=district_officer, at=f.AT) == 1
        assert snapshot() == before


class TestShapesAndMasking:
    def test_plot_boundaries_export_as_geojson_and_kml_audit_logged(self, house, district_officer):
        actions.plot_allocate(
            household=house,
            programme="คทช.",
            tenure="LEASE",
            allocated_on=dt.date(2025, 6, 1),
            geometry=files.square(),
            by=district_officer,
            at=f.AT,
        )
        geo = exports.plots(viewer=district_officer, area="56", fmt="geojson", at=f.AT)
        feature = __import__("json").loads(geo.body)["features"][0]
        assert feature["properties"]["house_code"] == HOUSE and feature["geometry"]["type"] == "Polygon"
        kml = exports.plots(viewer=district_officer, area="56", fmt="kml", at=f.AT).body.decode()
        assert "<Placemark>" in kml and "<coordinates>" in kml
        logged = AuditLog.objects.filter(event="EXPORT", object_type="assets.plot")
        assert sorted(e.detail["format"] for e in logged) == ["geojson", "kml"]

    def test_who_may_not_see_the_household_gets_no_shape_and_no_house_code(
        self, monkeypatch, house, district_officer
    ):
        actions.plot_allocate(
            household=house,
            programme="คทช.",
            tenure="LEASE",
            allocated_on=dt.date(2025, 6, 1),
            geometry=files.square(),
            by=district_officer,
            at=f.AT,
        )
        monkeypatch.setattr(exports, "_households_seen", lambda viewer, **having: set())
        geo = exports.plots(viewer=district_officer, area="56", fmt="geojson", at=f.AT)
        assert (geo.rows, geo.withheld) == (0, 1)
        table = exports.plots(viewer=district_officer, area="56", fmt="csv", at=f.AT).body
        assert HOUSE not in table.decode("utf-8-sig") and "***" in table.decode("utf-8-sig")


class TestPages:
    def test_templates_download_with_the_import_columns(self, client, district_officer):
        client.force_login(district_officer)
        for name, register in (
            ("assets:plot-import", "plots"),
            ("assets:housing-import", "housing"),
            ("assets:equipment-import", "equipment"),
            ("assets:forest-import", "forests"),
        ):
            xlsx = client.get(reverse(name) + "?template=xlsx")
            assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
            csv = client.get(reverse(name) + "?template=csv").content.decode("utf-8-sig")
            header = csv.splitlines()[0].split(",")
            assert header == list(actions.imports.register_template(register))
        page = client.get(reverse("assets:plot-import")).content.decode()
        assert "?template=xlsx" in page

    def test_the_import_page_lists_problems_by_row_and_column(self, client, house, district_officer):
        client.force_login(district_officer)
        upload = SimpleUploadedFile(
            "housing.csv", f"house_code,programme,work,cost_baht\n{HOUSE},บ้าน,BUILD,abc\n".encode()
        )
        sent = client.post(reverse("assets:housing-import"), {"file": upload})
        assert sent.status_code == 422 and "cost_baht" in sent.content.decode()
        assert not HousingUnit.objects.exists()

    def test_links_shown_only_to_who_may_use_them(self, client, district_officer, volunteer, auditor):
        client.force_login(district_officer)
        page = client.get(reverse("assets:land-list")).content.decode()
        assert reverse("assets:plot-import") in page and reverse("assets:housing-export") in page
        client.force_login(volunteer)
        page = client.get(reverse("assets:land-list")).content.decode()
        assert reverse("assets:plot-import") not in page and reverse("assets:plot-export") not in page
        assert client.get(reverse("assets:plot-export")).status_code == 403
        client.force_login(auditor)
        listing = client.get(reverse("assets:equipment-list")).content.decode()
        assert (
            reverse("assets:equipment-export") in listing
            and reverse("assets:equipment-import") not in listing
        )
        sheet = client.get(reverse("assets:equipment-export") + "?format=xlsx")
        assert sheet.status_code == 200 and sheet.content[:2] == b"PK"
