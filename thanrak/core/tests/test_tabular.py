"""Reading the spreadsheets people have (CSV in three encodings, XLSX) and writing safe ones."""

import csv
import datetime as dt
import io

import pytest
from openpyxl import Workbook, load_workbook

from thanrak.core.tabular import TableError, neutralise, read_table, write_csv, write_xlsx

REQUIRED = ("citizen_id", "first_name")
OPTIONAL = ("last_name", "birth_date")


def csv_bytes(rows: list[list[str]], encoding: str = "utf-8") -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def issues_of(data: bytes, **kwargs: object) -> list[dict]:
    with pytest.raises(TableError) as caught:
        read_table(data, required=REQUIRED, optional=OPTIONAL, **kwargs)
    return [i.as_dict() for i in caught.value.issues]


PEOPLE = [
    ["citizen_id", "first_name", "last_name"],
    ["1101200003001", "สมชาย", "ใจดี"],
    ["1234567890121", " บุญเรือน ", "ปินตา"],
]


class TestReadCsv:
    def test_reads_utf8_rows_keyed_by_header_with_spreadsheet_row_numbers(self):
        table = read_table(csv_bytes(PEOPLE), required=REQUIRED, optional=OPTIONAL)

        assert table.encoding == "utf-8"
        assert table.headers == ["citizen_id", "first_name", "last_name"]
        assert table.rows == [
            (2, {"citizen_id": "1101200003001", "first_name": "สมชาย", "last_name": "ใจดี"}),
            (3, {"citizen_id": "1234567890121", "first_name": "บุญเรือน", "last_name": "ปินตา"}),
        ]
        assert len(table) == 2

    def test_reads_utf8_with_a_bom_without_spoiling_the_first_header(self):
        table = read_table(b"\xef\xbb\xbf" + csv_bytes(PEOPLE), required=REQUIRED, optional=OPTIONAL)

        assert table.encoding == "utf-8-sig"
        assert table.headers[0] == "citizen_id"
        assert table.rows[0][1]["first_name"] == "สมชาย"

    def test_reads_tis620_as_thai_excel_saves_it(self):
        data = csv_bytes(PEOPLE, encoding="cp874")

        table = read_table(data, required=REQUIRED, optional=OPTIONAL)

        assert table.encoding == "cp874"
        assert [r["last_name"] for _, r in table.rows] == ["ใจดี", "ปินตา"]

    def test_skips_blank_lines_but_keeps_row_numbers_as_the_spreadsheet_shows(self):
        data = csv_bytes([PEOPLE[0], PEOPLE[1], [], ["", "", ""], PEOPLE[2]])

        table = read_table(data, required=REQUIRED, optional=OPTIONAL)

        assert [n for n, _ in table.rows] == [2, 5]

    def test_pads_short_rows_and_accepts_empty_trailing_cells(self):
        data = csv_bytes([PEOPLE[0], ["1101200003001", "สมชาย"], ["1234567890121", "บุญ", "ปินตา", "", ""]])

        table = read_table(data, required=REQUIRED, optional=OPTIONAL)

        assert table.rows[0][1]["last_name"] == ""
        assert table.rows[1][1] == {"citizen_id": "1234567890121", "first_name": "บุญ", "last_name": "ปินตา"}

    def test_names_every_row_with_more_values_than_columns(self):
        data = csv_bytes([PEOPLE[0], PEOPLE[1] + ["extra"], PEOPLE[2], PEOPLE[1] + ["x", "y"]])

        issues = issues_of(data)

        assert [(i["row"], i["column"]) for i in issues] == [(2, None), (4, None)]
        assert "4 values" in issues[0]["reason_en"] and "3 columns" in issues[0]["reason_en"]
        assert issues[0]["reason_th"]


class TestReadXlsx:
    def test_reads_the_first_sheet_with_numbers_and_dates_as_text(self):
        data = xlsx_bytes(
            [
                ["citizen_id", "first_name", "birth_date", None],
                [1101200003001, "สมชาย", dt.datetime(1980, 5, 17)],  # noqa: DTZ001  Excel has no time zones
                ["1234567890121", "บุญเรือน", dt.date(1990, 1, 2)],
            ]
        )

        table = read_table(data, required=REQUIRED, optional=OPTIONAL)

        assert table.encoding == "xlsx"
        assert table.headers == ["citizen_id", "first_name", "birth_date"]
        assert table.rows[0] == (
            2,
            {"citizen_id": "1101200003001", "first_name": "สมชาย", "birth_date": "1980-05-17"},
        )
        assert table.rows[1][1]["birth_date"] == "1990-01-02"

    def test_reads_whole_floats_as_integers(self):
        data = xlsx_bytes([["citizen_id", "first_name"], [1101200003001.0, "สมชาย"]])

        assert read_table(data, required=REQUIRED).rows[0][1]["citizen_id"] == "1101200003001"

    def test_refuses_a_damaged_workbook_with_a_sentence(self):
        damaged = xlsx_bytes(PEOPLE)[:200]

        issues = issues_of(damaged)

        assert "cannot be opened" in issues[0]["reason_en"]

    def test_refuses_a_workbook_with_an_empty_sheet(self):
        workbook = Workbook()
        out = io.BytesIO()
        workbook.save(out)

        assert "empty" in issues_of(out.getvalue())[0]["reason_en"]


class TestReadRefuses:
    @pytest.mark.parametrize("data", [b"", b"  \n\r\n ", b"\xef\xbb\xbf\n"])
    def test_an_empty_file(self, data):
        issues = issues_of(data)

        assert issues == [
            {
                "row": None,
                "column": None,
                "reason_en": "The file is empty.",
                "reason_th": issues[0]["reason_th"],
            }
        ]
        assert issues[0]["reason_th"]

    @pytest.mark.parametrize("build", [csv_bytes, xlsx_bytes])
    def test_a_file_with_only_a_header(self, build):
        assert "no data rows" in issues_of(build([PEOPLE[0]]))[0]["reason_en"]

    def test_a_missing_required_column_named_on_row_one(self):
        issues = issues_of(csv_bytes([["first_name", "last_name"], ["สมชาย", "ใจดี"]]))

        assert [(i["row"], i["column"]) for i in issues] == [(1, "citizen_id")]
        assert "missing" in issues[0]["reason_en"]

    def test_a_column_given_twice(self):
        issues = issues_of(csv_bytes([["citizen_id", "first_name", "first_name"], ["1", "a", "b"]]))

        assert [(i["row"], i["column"]) for i in issues] == [(1, "first_name")]
        assert "twice" in issues[0]["reason_en"]

    def test_an_unknown_column_unless_extra_columns_are_allowed(self):
        data = csv_bytes([["citizen_id", "first_name", "nickname"], ["1101200003001", "สมชาย", "ชาย"]])

        issues = issues_of(data)

        assert [(i["row"], i["column"]) for i in issues] == [(1, "nickname")]
        table = read_table(data, required=REQUIRED, allow_extra=True)
        assert table.rows[0][1]["nickname"] == "ชาย"

    def test_a_file_larger_than_allowed(self):
        data = csv_bytes(PEOPLE)

        issues = issues_of(io.BytesIO(data), max_bytes=len(data) - 1)

        assert "larger than" in issues[0]["reason_en"]
        read_table(io.BytesIO(data), required=REQUIRED, optional=OPTIONAL, max_bytes=len(data))

    def test_bytes_that_are_no_text_encoding_it_knows(self):
        assert "UTF-8 or TIS-620" in issues_of(b"citizen_id,first_name\n\xdb\xfc,\xff\n")[0]["reason_en"]

    def test_a_csv_that_is_not_really_a_table(self):
        garbage = b'citizen_id,first_name\n"' + b"x" * 200_000 + b'"\n'  # one cell beyond csv's limit

        assert "malformed" in issues_of(garbage)[0]["reason_en"]


DANGEROUS = ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://x")', "＝1+1"]


class TestWriteNeutralisesFormulas:
    @pytest.mark.parametrize("text", DANGEROUS)
    def test_a_cell_that_a_spreadsheet_would_run_starts_with_an_apostrophe(self, text):
        assert neutralise(text) == "'" + text

    def test_leaves_numbers_dates_and_plain_text_alone(self):
        assert neutralise(-5) == -5
        assert neutralise(dt.date(2026, 11, 25)) == dt.date(2026, 11, 25)
        assert neutralise("สมชาย") == "สมชาย"
        assert neutralise(None) is None

    def test_csv_starts_with_a_bom_and_keeps_formulas_inert(self):
        data = write_csv(["name", "=cmd"], [["=1+1", 5], ["สมชาย", None]])

        assert data.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
        assert rows == [["name", "'=cmd"], ["'=1+1", "5"], ["สมชาย", ""]]

    def test_xlsx_stores_formulas_as_text_and_numbers_as_numbers(self):
        data = write_xlsx(["name", "amount"], [[t, 12] for t in DANGEROUS], sheet_title="x" * 40)

        sheet = load_workbook(io.BytesIO(data)).worksheets[0]

        assert sheet.title == "x" * 31
        cells = [row for row in sheet.iter_rows(min_row=2)]
        assert all(c[0].data_type == "s" and c[0].value.startswith("'") for c in cells)
        assert all(c[1].value == 12 for c in cells)

    def test_what_was_written_reads_back(self):
        data = write_csv(["citizen_id", "first_name"], [["1101200003001", "สมชาย"]])

        table = read_table(data, required=REQUIRED)

        assert table.rows == [(2, {"citizen_id": "1101200003001", "first_name": "สมชาย"})]


class TestLimits:
    """Uploads are refused before parsing when they are too wide, too long or unpack too far (D17)."""

    def test_refuses_a_csv_of_a_million_header_columns_fast_with_one_thai_message(self, monkeypatch):
        import time

        wide = b",".join(b"c%d" % i for i in range(1_000_000)) + b"\n1,2\n"
        started = time.monotonic()
        with pytest.raises(TableError) as caught:
            read_table(wide, required=REQUIRED, optional=OPTIONAL)
        assert time.monotonic() - started < 2
        assert len(caught.value.issues) == 1
        assert caught.value.issues[0].th == "ไฟล์มีเกิน 500 คอลัมน์ ไม่ใช่ตารางตามรูปแบบนี้"

    def test_refuses_a_quoted_header_wider_than_the_limit(self, settings):
        settings.THANRAK_IMPORT_MAX_COLUMNS = 3
        data = csv_bytes([["citizen_id", "first_name", "a", "b"], ["1", "2", "3", "4"]])
        assert "more than 3 columns" in issues_of(data)[0]["reason_en"]

    def test_refuses_a_csv_longer_than_the_row_limit_before_parsing(self, settings, monkeypatch):
        settings.THANRAK_IMPORT_MAX_ROWS = 10
        rows = [PEOPLE[0]] + [["1101200003001", "สมชาย", "ใจดี"]] * 11
        monkeypatch.setattr(csv, "reader", lambda *a, **k: pytest.fail("the file was parsed"))
        [issue] = issues_of(csv_bytes(rows))
        assert issue["reason_th"] == "ไฟล์มีข้อมูลเกิน 10 แถว กรุณาแบ่งเป็นไฟล์ที่เล็กลง"

    def test_reads_a_file_exactly_at_the_row_limit(self, settings):
        settings.THANRAK_IMPORT_MAX_ROWS = 2
        assert len(read_table(csv_bytes(PEOPLE) + b"\r\n", required=REQUIRED, optional=OPTIONAL)) == 2
        assert len(read_table(xlsx_bytes(PEOPLE), required=REQUIRED, optional=OPTIONAL)) == 2

    def test_refuses_an_xlsx_whose_sheet_declares_millions_of_rows_without_parsing_it(self, monkeypatch):
        import openpyxl

        data = _rewrite_sheet(
            xlsx_bytes(PEOPLE),
            lambda xml: xml.replace(b'<dimension ref="A1:C3"', b'<dimension ref="A1:C3000001"'),
        )
        monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("the workbook was parsed"))
        [issue] = issues_of(data)
        assert issue["reason_en"] == "The file has more than 100,000 data rows: split it into smaller files."

    def test_stops_reading_an_xlsx_that_did_not_declare_its_size_at_the_row_limit(self, settings):
        settings.THANRAK_IMPORT_MAX_ROWS = 1
        data = _rewrite_sheet(xlsx_bytes(PEOPLE), lambda xml: xml.replace(b'<dimension ref="A1:C3"/>', b""))
        assert "more than 1 data rows" in issues_of(data)[0]["reason_en"]

    def test_refuses_a_zip_bomb_without_unpacking_it(self, monkeypatch):
        import openpyxl

        bomb = _rewrite_sheet(xlsx_bytes(PEOPLE), lambda xml: xml + b" " * (30 * 1024 * 1024))
        assert len(bomb) < 200 * 1024
        monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: pytest.fail("the workbook was parsed"))
        [issue] = issues_of(bomb)
        assert issue["reason_th"] == "ไฟล์ Excel เมื่อคลายออกมีขนาดเกิน 500 MB กรุณาบันทึกเป็น CSV หรือแบ่งไฟล์"

    def test_refuses_an_xlsx_that_unpacks_beyond_the_limit(self, settings):
        settings.THANRAK_IMPORT_MAX_UNPACKED_BYTES = 1024
        assert "unpacks to more than" in issues_of(xlsx_bytes(PEOPLE))[0]["reason_en"]

    def test_lists_at_most_a_hundred_problems_then_how_many_more(self):
        rows = [PEOPLE[0]] + [["1101200003001", "สมชาย", "ใจดี", "extra"]] * 500
        issues = issues_of(csv_bytes(rows))
        assert len(issues) == 101
        assert issues[-1]["reason_th"] == "…และปัญหาอื่นอีก 400 รายการที่ไม่ได้แสดง"


def _rewrite_sheet(data: bytes, change) -> bytes:  # noqa: ANN001
    """The same workbook with its first sheet's XML changed."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = change(content)
            target.writestr(item.filename, content)
    return out.getvalue()
