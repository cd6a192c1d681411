"""Importing and exporting registry files as an officer meets it: every bad file names the row and the
column, and nothing is half-written."""

import csv
import datetime as dt
import io
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from thanrak.accounts.models import AuditEvent, AuditLog
from thanrak.core.tabular import write_xlsx
from thanrak.core.thai import to_thai_digits
from thanrak.registry import exports, imports
from thanrak.registry.models import Household, HouseholdMember, Organisation, Person, Relation
from thanrak.registry.tests import factories

AT = factories.AT
pytestmark = pytest.mark.django_db

PERSON_HEADER = ["citizen_id", "title", "first_name", "last_name", "sex", "birth_date", "area_code"]


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


def people(n: int, area: str = "56010101") -> list[list[str]]:
    return [[factories.citizen_id(), "นาง", f"บุญเรือน{i}", "ปินตา", "F", "12/05/2508", area] for i in range(n)]


@pytest.fixture
def village():
    return factories.village("560101", 1)


def run(kind: str, data: bytes, by, **kwargs):
    return imports.registry_import(kind=kind, source=data, by=by, at=AT, **kwargs)


def rejected(kind: str, data: bytes, by, **kwargs) -> list[dict]:
    with pytest.raises(imports.ImportRejected) as caught:
        run(kind, data, by, **kwargs)
    return [i.as_dict() for i in caught.value.report.issues]


class TestReportWords:
    def test_a_problem_names_the_column_as_the_files_header_wrote_it(self, village, district_officer):
        thai = ["เลขประจำตัวประชาชน", "คำนำหน้า", "ชื่อ", "นามสกุล", "เพศ", "วันเกิด", "รหัสพื้นที่"]
        rows = people(2)
        rows[1][0] = "1234567890123"  # wrong check digit

        with pytest.raises(imports.ImportRejected) as caught:
            run("persons", csv_bytes([thai, *rows]), district_officer)

        issues = caught.value.report.as_dict()["issues"]
        assert [(i["row"], i["column"]) for i in issues] == [(3, "เลขประจำตัวประชาชน")]


class TestPersonsImport:
    def test_imports_every_row_of_a_good_file_and_writes_the_import_to_the_audit_log(
        self, village, district_officer
    ):
        rows = people(3)

        report = run("persons", csv_bytes([PERSON_HEADER, *rows]), district_officer, filename="p.csv")

        assert (report.rows, report.imported, report.skipped) == (3, 3, [])
        person = Person.objects.get(citizen_id=rows[0][0])
        assert person.full_name == "นางบุญเรือน0 ปินตา"
        assert person.birth_date == dt.date(1965, 5, 12)  # 2508 BE
        assert person.name_key == "บุญเรือน0|ปินตา"
        entry = AuditLog.objects.get(event=AuditEvent.IMPORT)
        assert entry.user == district_officer and entry.detail["imported"] == 3

    def test_a_wrong_check_digit_names_the_row_and_column_and_writes_nothing(self, village, district_officer):
        rows = people(3)
        rows[1][0] = rows[1][0][:12] + str((int(rows[1][0][12]) + 1) % 10)

        issues = rejected("persons", csv_bytes([PERSON_HEADER, *rows]), district_officer)

        assert [(i["row"], i["column"]) for i in issues] == [(3, "citizen_id")]
        assert "check digit" in issues[0]["reason_en"]
        assert "ตรวจสอบ" in issues[0]["reason_th"] or issues[0]["reason_th"] != issues[0]["reason_en"]
        assert Person.objects.count() == 0

    def test_an_unknown_area_code(self, village, district_officer):
        rows = people(2)
        rows[1][6] = "56019999"

        issues = rejected("persons", csv_bytes([PERSON_HEADER, *rows]), district_officer)

        assert [(i["row"], i["column"]) for i in issues] == [(3, "area_code")]
        assert "56019999" in issues[0]["reason_en"] and "56019999" in issues[0]["reason_th"]
        assert Person.objects.count() == 0

    def test_the_same_id_twice_in_one_file_names_both_rows(self, village, district_officer):
        rows = people(3)
        rows[2][0] = rows[0][0]

        issues = rejected("persons", csv_bytes([PERSON_HEADER, *rows]), district_officer)

        assert [(i["row"], i["column"]) for i in issues] == [(4, "citizen_id")]
        assert "row 2" in issues[0]["reason_en"]
        assert Person.objects.count() == 0

    def test_an_id_already_registered(self, village, district_officer):
        existing = factories.person(by=district_officer)
        rows = people(2)
        rows[0][0] = existing.citizen_id

        issues = rejected("persons", csv_bytes([PERSON_HEADER, *rows]), district_officer)

        assert [(i["row"], i["column"]) for i in issues] == [(2, "citizen_id")]
        assert "already registered" in issues[0]["reason_en"]
        assert Person.objects.count() == 1

    def test_a_cp874_file_as_thai_excel_saves_it(self, village, district_officer):
        rows = people(2)

        report = run("persons", csv_bytes([PERSON_HEADER, *rows], "cp874"), district_officer)

        assert report.encoding == "cp874" and report.imported == 2
        assert Person.objects.get(citizen_id=rows[1][0]).first_name == "บุญเรือน1"

    def test_utf8_with_a_bom_and_thai_column_names(self, village, district_officer):
        header = ["เลขประจำตัวประชาชน", "คำนำหน้า", "ชื่อ", "นามสกุล", "เพศ", "วันเกิด", "รหัสพื้นที่"]
        rows = people(1)
        rows[0][4] = "หญิง"

        report = run("persons", b"\xef\xbb\xbf" + csv_bytes([header, *rows]), district_officer)

        assert report.imported == 1
        assert Person.objects.get().sex == "F"

    def test_a_file_over_the_size_limit(self, village, district_officer):
        data = csv_bytes([PERSON_HEADER, *people(50)])

        issues = rejected("persons", data, district_officer, max_bytes=len(data) - 1)

        assert issues[0]["row"] is None and "larger than" in issues[0]["reason_en"]
        assert Person.objects.count() == 0

    def test_the_default_limit_is_50_mb(self, settings):
        assert settings.THANRAK_MAX_REGISTRY_IMPORT_BYTES == 50 * 1024 * 1024

    @pytest.mark.parametrize(
        ("data", "reason"),
        [
            (b"", "empty"),
            (b"\xef\xbb\xbf", "empty"),
            (b"citizen_id,first_name,last_name,area_code\n", "no data rows"),
        ],
    )
    def test_an_empty_file(self, village, district_officer, data, reason):
        issues = rejected("persons", data, district_officer)

        assert reason in issues[0]["reason_en"]

    def test_a_missing_and_an_extra_column_are_named(self, village, district_officer):
        header = ["citizen_id", "first_name", "nickname", "area_code"]

        issues = rejected("persons", csv_bytes([header, ["1", "a", "b", "56010101"]]), district_officer)

        assert {(i["row"], i["column"]) for i in issues} == {(1, "last_name"), (1, "nickname")}
        assert Person.objects.count() == 0

    def test_a_row_with_more_values_than_columns(self, village, district_officer):
        rows = people(2)
        rows[1].append("extra")

        issues = rejected("persons", csv_bytes([PERSON_HEADER, *rows]), district_officer)

        assert issues[0]["row"] == 3 and "columns" in issues[0]["reason_en"]

    def test_submitting_the_same_file_twice_writes_it_once(self, village, district_officer):
        data = csv_bytes([PERSON_HEADER, *people(3)])
        run("persons", data, district_officer)

        issues = rejected("persons", data, district_officer)

        assert [(i["row"], i["column"]) for i in issues] == [
            (2, "citizen_id"),
            (3, "citizen_id"),
            (4, "citizen_id"),
        ]
        assert Person.objects.count() == 3

    def test_skip_invalid_imports_the_good_rows_and_reports_exactly_what_was_skipped(
        self, village, district_officer
    ):
        rows = people(4)
        rows[1][0] = "123"
        rows[3][5] = "31/02/2510"

        report = run("persons", csv_bytes([PERSON_HEADER, *rows]), district_officer, skip_invalid=True)

        assert (report.imported, report.skipped) == (2, [3, 5])
        assert [(i.row, i.column) for i in report.issues] == [(3, "citizen_id"), (5, "birth_date")]
        assert Person.objects.count() == 2

    def test_a_dry_run_checks_and_writes_nothing(self, village, district_officer):
        report = run("persons", csv_bytes([PERSON_HEADER, *people(2)]), district_officer, dry_run=True)

        assert report.imported == 2
        assert Person.objects.count() == 0 and not AuditLog.objects.filter(event=AuditEvent.IMPORT).exists()

    def test_a_district_officer_cannot_import_into_another_province(self, village, district_officer):
        factories.village("500101", 1)
        rows = people(2)
        rows[1][6] = "50010101"

        issues = rejected("persons", csv_bytes([PERSON_HEADER, *rows]), district_officer)

        assert [(i["row"], i["column"]) for i in issues] == [(3, "area_code")]
        assert "outside your areas" in issues[0]["reason_en"]
        assert Person.objects.count() == 0

    def test_a_role_that_may_not_import_is_refused(self, village, volunteer):
        with pytest.raises(PermissionError):
            run("persons", csv_bytes([PERSON_HEADER, *people(1)]), volunteer)

    def test_thai_digits_and_dashes_in_ids_and_dates(self, village, district_officer):
        rows = people(1)
        digits = rows[0][0]
        rows[0][0] = to_thai_digits(f"{digits[0]}-{digits[1:5]}-{digits[5:10]}-{digits[10:12]}-{digits[12]}")
        rows[0][5] = to_thai_digits("25 มี.ค. 2512")

        run("persons", csv_bytes([PERSON_HEADER, *rows]), district_officer)

        assert Person.objects.get(citizen_id=digits).birth_date == dt.date(1969, 3, 25)


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)), st.booleans(), st.booleans())
def test_a_date_reads_the_same_in_either_era_format_and_digits(day, buddhist, thai):
    year = day.year + 543 if buddhist else day.year
    for text in (f"{day.day}/{day.month}/{year}", f"{year}-{day.month:02d}-{day.day:02d}"):
        assert imports.parse_date(to_thai_digits(text) if thai else text) == day


@pytest.mark.parametrize(
    "text", ["2512/03/25", "25/03/12", "1/13/2512", "25 มีนา 2512", "1700-01-01", "ไม่ทราบ"]
)
def test_dates_it_cannot_read_give_a_reason(text):
    assert not isinstance(imports.parse_date(text), dt.date | None)


HOUSE_HEADER = [
    "village_code",
    "house_no",
    "relation",
    "citizen_id",
    "title",
    "first_name",
    "last_name",
    "sex",
]


class TestHouseholdsImport:
    def test_imports_households_with_their_members_and_links_a_registered_person(
        self, village, district_officer
    ):
        known = factories.person(by=district_officer, area_code="56010101")
        rows = [
            ["56010101", "1", "หัวหน้าครัวเรือน", factories.citizen_id(), "นาย", "สมชาย", "ใจดี", "M"],
            ["56010101", "1", "คู่สมรส", known.citizen_id, "นาง", "x", "y", "F"],
            ["56010101", "2", "HEAD", "", "นาย", "ไม่มีบัตร", "ใจดี", "M"],
        ]

        report = run("households", csv_bytes([HOUSE_HEADER, *rows]), district_officer)

        assert report.imported == 2
        house = Household.objects.get(house_no="1")
        members = {m.person.first_name: m.relation for m in house.members.select_related("person")}
        assert members == {"สมชาย": Relation.HEAD, known.first_name: Relation.SPOUSE}
        assert HouseholdMember.objects.count() == 3

    def test_a_household_without_a_head_or_with_two(self, village, district_officer):
        rows = [
            ["56010101", "1", "บุตร", factories.citizen_id(), "", "ก", "ข", ""],
            ["56010101", "2", "HEAD", factories.citizen_id(), "", "ค", "ง", ""],
            ["56010101", "2", "HEAD", factories.citizen_id(), "", "จ", "ฉ", ""],
        ]

        issues = rejected("households", csv_bytes([HOUSE_HEADER, *rows]), district_officer)

        assert {(i["row"], i["column"]) for i in issues} >= {(2, "relation"), (4, "relation")}
        assert not Household.objects.exists() and not Person.objects.exists()

    def test_skip_invalid_skips_the_whole_household_of_a_bad_row(self, village, district_officer):
        rows = [
            ["56010101", "1", "HEAD", factories.citizen_id(), "", "ก", "ข", ""],
            ["56010101", "1", "CHILD", "999", "", "ค", "ง", ""],
            ["56010101", "2", "HEAD", factories.citizen_id(), "", "จ", "ฉ", ""],
        ]

        report = run("households", csv_bytes([HOUSE_HEADER, *rows]), district_officer, skip_invalid=True)

        assert (report.imported, report.skipped) == (1, [2, 3])
        assert [(i.row, i.column) for i in report.issues] == [(3, "citizen_id"), (2, None)]
        assert list(Household.objects.values_list("house_no", flat=True)) == ["2"]

    def test_a_household_already_registered_and_a_village_outside_the_district(
        self, village, district_officer
    ):
        factories.household(by=district_officer)  # house number in 56010101
        existing = Household.objects.get()
        factories.village("560201", 1)
        rows = [
            ["56010101", existing.house_no, "HEAD", factories.citizen_id(), "", "ก", "ข", ""],
            ["56020101", "9", "HEAD", factories.citizen_id(), "", "ค", "ง", ""],
        ]

        issues = rejected("households", csv_bytes([HOUSE_HEADER, *rows]), district_officer)

        assert {(i["row"], i["column"]) for i in issues} == {(2, "house_no"), (3, "village_code")}
        assert Household.objects.count() == 1


ORG_HEADER = ["kind", "name_th", "registration_no", "registered_date", "area_code"]


class TestOrganisationsImport:
    def test_imports_organisations_named_by_their_thai_kind(self, district_officer):
        rows = [
            ["วิสาหกิจชุมชน", "วิสาหกิจชุมชนทอผ้า", "5-56-01-01/1-0099", "15/06/2562", "560101"],
            ["COOPERATIVE", "สหกรณ์การเกษตร", "", "", "560101"],
        ]

        report = run("organisations", csv_bytes([ORG_HEADER, *rows]), district_officer)

        assert report.imported == 2
        org = Organisation.objects.get(registration_no="5-56-01-01/1-0099")
        assert (org.kind, org.registered_date) == ("COMMUNITY_ENTERPRISE", dt.date(2019, 6, 15))

    def test_unknown_kind_and_a_registration_number_twice(self, district_officer):
        rows = [
            ["ร้านค้า", "ร้าน", "", "", "560101"],
            ["COOPERATIVE", "ก", "1", "", "560101"],
            ["COOPERATIVE", "ข", "1", "", "560101"],
        ]

        issues = rejected("organisations", csv_bytes([ORG_HEADER, *rows]), district_officer)

        assert [(i["row"], i["column"]) for i in issues] == [(2, "kind"), (4, "registration_no")]
        assert not Organisation.objects.exists()


class TestExport:
    def test_xlsx_round_trip_gives_back_the_same_persons(self, village, district_officer):
        run("persons", csv_bytes([PERSON_HEADER, *people(3)]), district_officer)
        before = list(
            Person.objects.order_by("citizen_id").values("citizen_id", "first_name", "birth_date", "sex")
        )

        data, count = exports.registry_export(kind="persons", fmt="xlsx", by=district_officer, at=AT)
        Person.objects.all().delete()
        report = run("persons", data, district_officer)

        assert count == 3 and report.encoding == "xlsx" and report.imported == 3
        after = list(
            Person.objects.order_by("citizen_id").values("citizen_id", "first_name", "birth_date", "sex")
        )
        assert after == before

    def test_households_round_trip_through_csv(self, village, district_officer):
        factories.household(by=district_officer, members=3)
        data, count = exports.registry_export(kind="households", fmt="csv", by=district_officer, at=AT)
        HouseholdMember.objects.all().delete()
        Household.objects.all().delete()
        Person.objects.all().delete()

        report = run("households", data, district_officer)

        assert count == 3 and report.imported == 1 and HouseholdMember.objects.count() == 3

    def test_every_export_is_in_the_audit_log_with_who_what_how_many_and_where(
        self, village, district_officer
    ):
        run("persons", csv_bytes([PERSON_HEADER, *people(2)]), district_officer)

        exports.registry_export(kind="persons", fmt="csv", by=district_officer, at=AT, area="560101")

        entry = AuditLog.objects.get(event=AuditEvent.EXPORT)
        assert (entry.user, entry.object_type, entry.area_code) == (
            district_officer,
            "registry.persons",
            "560101",
        )
        assert entry.detail["rows"] == 2 and entry.detail["format"] == "csv"

    def test_cells_a_spreadsheet_would_run_are_neutralised(self, village, district_officer):
        factories.person(by=district_officer, first_name='=HYPERLINK("http://x")', last_name="@SUM(A1)")

        data, _ = exports.registry_export(kind="persons", fmt="xlsx", by=district_officer, at=AT, lang="en")

        sheet = load_workbook(io.BytesIO(data)).worksheets[0]
        values = [c.value for c in sheet[2]]
        assert '\'=HYPERLINK("http://x")' in values and "'@SUM(A1)" in values
        assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)

    def test_an_export_holds_only_the_officers_area(self, village, district_officer, national_manager):
        factories.village("500101", 1)
        mine = factories.person(by=national_manager, area_code="56010101")
        theirs = factories.person(by=national_manager, area_code="50010101")

        data, count = exports.registry_export(kind="persons", fmt="csv", by=district_officer, at=AT)

        text = data.decode("utf-8-sig")
        assert count == 1 and mine.citizen_id in text and theirs.citizen_id not in text
        with pytest.raises(PermissionError):
            exports.registry_export(kind="persons", fmt="csv", by=district_officer, at=AT, area="50")

    def test_citizen_ids_are_masked_for_a_role_that_may_not_see_them(
        self, village, district_officer, monkeypatch
    ):
        person = factories.person(by=district_officer)
        from thanrak.core import access

        monkeypatch.setitem(access._POLICY, "registry.citizen_id", {"reveal": frozenset()})

        data, _ = exports.registry_export(kind="persons", fmt="csv", by=district_officer, at=AT)

        text = data.decode("utf-8-sig")
        assert person.citizen_id not in text and "-xxxxx-xx-" in text
        assert AuditLog.objects.get(event=AuditEvent.EXPORT).detail["citizen_ids"] == "masked"

    def test_the_peoples_export_reads_labels_and_buddhist_era_dates(self, village, district_officer):
        factories.household(by=district_officer, members=2)
        head = HouseholdMember.objects.get(relation="HEAD").person
        head.birth_date, head.sex = dt.date(1986, 10, 13), "F"
        head.save()

        data, _ = exports.registry_export(kind="households", fmt="csv", by=district_officer, at=AT)

        text = data.decode("utf-8-sig")
        assert "13 ต.ค. 2529" in text and "1986-10-13" not in text
        assert "หัวหน้าครัวเรือน" in text and "หญิง" in text
        assert not re.search(r",(HEAD|THAI_ID|F|M),", text)

    def test_the_machine_layout_keeps_the_documented_codes_and_iso_dates(self, village, district_officer):
        factories.household(by=district_officer, members=2)
        head = HouseholdMember.objects.get(relation="HEAD").person
        head.birth_date, head.sex = dt.date(1986, 10, 13), "F"
        head.save()

        data, _ = exports.registry_export(
            kind="households", fmt="csv", by=district_officer, at=AT, layout="machine"
        )

        text = data.decode("utf-8-sig")
        assert text.startswith("village_code,house_no,")
        assert "1986-10-13" in text and ",HEAD," in text and ",THAI_ID," in text and ",F," in text
        assert exports.filename("households", "csv", AT, layout="machine").startswith(
            "thanrak-households-machine-"
        )

    def test_a_peoples_export_is_imported_again(self, village, district_officer):
        factories.household(by=district_officer, members=3)
        before = sorted(Person.objects.values_list("citizen_id", "sex", "birth_date", "id_kind"))
        data, _ = exports.registry_export(kind="households", fmt="xlsx", by=district_officer, at=AT)
        HouseholdMember.objects.all().delete()
        Household.objects.all().delete()
        Person.objects.all().delete()

        report = run("households", data, district_officer)

        assert report.imported == 1
        assert sorted(Person.objects.values_list("citizen_id", "sex", "birth_date", "id_kind")) == before

    def test_a_template_opens_in_excel_with_thai_headers(self):
        data = write_xlsx(imports.header_names("persons", "th"), imports.EXAMPLES["persons"])

        assert next(load_workbook(io.BytesIO(data)).worksheets[0].values)[0] == "เลขประจำตัวประชาชน"


class TestCommands:
    def test_registry_import_prints_the_report_and_exits_non_zero_on_a_rejected_file(
        self, village, district_officer, tmp_path, capsys
    ):
        from django.core.management import call_command

        rows = people(2)
        rows[1][6] = "56019999"
        path = tmp_path / "people.csv"
        path.write_bytes(csv_bytes([PERSON_HEADER, *rows], "cp874"))

        with pytest.raises(SystemExit) as caught:
            call_command("registry_import", "persons", str(path), "--user", district_officer.username)

        assert caught.value.code == 1
        out = capsys.readouterr().out
        assert "row 3, area_code" in out and "56019999" in out
        assert Person.objects.count() == 0

    def test_registry_import_with_skip_invalid_and_a_progress_bar(
        self, village, district_officer, tmp_path, capsys
    ):
        from django.core.management import call_command

        rows = people(3)
        rows[0][0] = "1"
        path = tmp_path / "people.csv"
        path.write_bytes(csv_bytes([PERSON_HEADER, *rows]))

        call_command(
            "registry_import", "persons", str(path), "--user", district_officer.username, "--skip-invalid"
        )

        captured = capsys.readouterr()
        assert "imported 2 persons from 3 rows (1 rows skipped)" in captured.out
        assert "3/3" in captured.err  # the progress bar
        assert Person.objects.count() == 2

    def test_registry_export_writes_the_file_and_the_audit_log(self, village, district_officer, tmp_path):
        from django.core.management import call_command

        factories.person(by=district_officer)
        out = tmp_path / "p.xlsx"

        call_command(
            "registry_export",
            "persons",
            "--format",
            "xlsx",
            "--out",
            str(out),
            "--user",
            district_officer.username,
        )

        assert load_workbook(out).worksheets[0].max_row == 2
        assert AuditLog.objects.filter(event=AuditEvent.EXPORT, user=district_officer).count() == 1

    def test_registry_export_refuses_an_area_outside_the_user(self, district_officer, tmp_path):
        from django.core.management import CommandError, call_command

        with pytest.raises(CommandError, match="outside"):
            call_command(
                "registry_export",
                "persons",
                "--out",
                str(tmp_path / "x.csv"),
                "--user",
                district_officer.username,
                "--area",
                "50",
            )


def test_backslashes_quotes_and_formula_text_in_names_arrive_as_written(village, district_officer):
    rows = people(2)
    rows[0][2], rows[0][3] = "a\\Nb", 'c\\\\d"e'
    rows[1][2] = "=cmd|' /C calc'!A0"

    run("persons", csv_bytes([PERSON_HEADER, *rows]), district_officer)

    assert Person.objects.get(citizen_id=rows[0][0]).first_name == "a\\Nb"
    assert Person.objects.get(citizen_id=rows[0][0]).last_name == 'c\\\\d"e'
    assert Person.objects.get(citizen_id=rows[1][0]).first_name == "=cmd|' /C calc'!A0"


def test_a_file_with_a_nul_character_is_refused_naming_the_row(village, district_officer):
    data = csv_bytes([PERSON_HEADER, *people(2)]).replace("บุญเรือน1".encode(), b"x\x00")

    issues = rejected("persons", data, district_officer)

    assert issues[0]["row"] == 3 and "NUL" in issues[0]["reason_en"]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_long_file_on_postgresql_streams_one_copy_and_still_finds_registered_ids(
    district_officer, monkeypatch
):
    factories.village("560101", 1)
    monkeypatch.setattr(
        imports.persons, "CHUNK", 3
    )  # "long": several chunks, IDs looked up on a second connection
    known = factories.person(by=district_officer)
    rows = people(8)
    rows[6][0] = known.citizen_id

    issues = rejected("persons", csv_bytes([PERSON_HEADER, *rows]), district_officer)

    assert [(i["row"], i["column"]) for i in issues] == [(8, "citizen_id")]
    assert Person.objects.count() == 1
    rows[6][0] = factories.citizen_id()
    assert run("persons", csv_bytes([PERSON_HEADER, *rows]), district_officer).imported == 8
    assert Person.objects.count() == 9
