"""Files in and out: XLSForm export and import, a round's answers from CSV/XLSX, welfare cards."""

import io

import pytest
from openpyxl import load_workbook

from thanrak.core.tabular import write_csv, write_xlsx
from thanrak.registry.tests import factories as rf
from thanrak.survey import actions, xlsform
from thanrak.survey.models import Indicator, Response, SurveyVersion, WelfareCard
from thanrak.survey.tests import factories as sf

pytestmark = pytest.mark.django_db


def _workbook_with(data: bytes, sheet: str, row: int, column: str, value: object) -> bytes:
    wb = load_workbook(io.BytesIO(data))
    ws = wb[sheet]
    header = [c.value for c in ws[1]]
    ws.cell(row=row, column=header.index(column) + 1, value=value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


class TestXlsForm:
    def test_the_version_compiles_with_pyxform_into_an_xform(self, national_manager):
        v = sf.version(national_manager)

        xml = xlsform.xform(v, round_id=7)

        assert f'id="{v.form_id}_r7"' in xml
        assert "birth_weight_g" in xml

    def test_a_person_question_is_only_relevant_where_its_indicator_applies(self, national_manager):
        relevance = xlsform.person_relevance(sf.version(national_manager))

        assert relevance["checkup"] == "${age} >= 35"
        assert "${disabled} = '1'" in relevance["disabled_cared"]

    def test_export_then_import_gives_a_new_version_with_the_same_rules(self, national_manager):
        v = sf.version(national_manager)
        data = _workbook_with(xlsform.export(v), "version", 2, "value", "jpt-2560-2564-copy")

        copy = actions.version_import_xlsform(data=data, by=national_manager, at=sf.AT)

        assert copy.code == "jpt-2560-2564-copy"
        assert copy.indicators.count() == 31
        assert copy.indicators.get(number=22).pass_when == v.indicators.get(number=22).pass_when
        assert copy.parameters == v.parameters

    def test_a_broken_formula_in_the_survey_sheet_names_the_row_and_column(self, national_manager):
        v = sf.version(national_manager)
        data = _workbook_with(xlsform.export(v), "version", 2, "value", "other")
        data = _workbook_with(data, "survey", 5, "relevant", "${age} >= (3")

        with pytest.raises(xlsform.InvalidXlsForm) as err:
            actions.version_import_xlsform(data=data, by=national_manager, at=sf.AT)
        assert err.value.code == "formula_broken_check_brackets"
        assert (err.value.params["sheet"], err.value.params["row"], err.value.params["column"]) == (
            "survey",
            5,
            "relevant",
        )
        assert not SurveyVersion.objects.filter(code="other").exists()

    def test_a_rule_naming_an_unknown_question_is_refused(self, national_manager):
        v = sf.version(national_manager)
        data = _workbook_with(xlsform.export(v), "version", 2, "value", "other")
        data = _workbook_with(data, "indicators", 23, "pass_when", "salary >= param.income_line_baht")

        with pytest.raises(xlsform.InvalidXlsForm) as err:
            actions.version_import_xlsform(data=data, by=national_manager, at=sf.AT)
        assert err.value.code == "sheet_indicators_row_column"
        assert err.value.params["column"] == "pass_when"
        assert "salary" in err.value.params["error"]

    def test_a_workbook_declaring_millions_of_rows_is_refused_unread(self, national_manager, monkeypatch):
        import io
        import re
        import zipfile

        source = zipfile.ZipFile(io.BytesIO(xlsform.export(sf.version(national_manager))))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                content = source.read(item.filename)
                if item.filename == "xl/worksheets/sheet1.xml":
                    content = re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:Z3000000"', content)
                target.writestr(item.filename, content)
        monkeypatch.setattr(xlsform, "load_workbook", lambda *a, **k: pytest.fail("the workbook was parsed"))

        with pytest.raises(xlsform.InvalidXlsForm, match="more than 100,000 data rows"):
            actions.version_import_xlsform(data=out.getvalue(), by=national_manager, at=sf.AT)

    def test_a_truncated_workbook_is_refused_clearly(self, national_manager):
        data = xlsform.export(sf.version(national_manager))

        with pytest.raises(xlsform.InvalidXlsForm) as err:
            actions.version_import_xlsform(data=data[: len(data) // 2], by=national_manager, at=sf.AT)
        assert err.value.code == "file_complete_excel_workbook"


class TestIndicatorUpdate:
    def test_a_rule_with_a_function_call_is_refused(self, national_manager):
        ind = sf.version(national_manager).indicators.get(number=22)

        with pytest.raises(actions.CannotEditVersion) as err:
            actions.indicator_update(indicator=ind, by=national_manager, at=sf.AT, pass_when="open('x')")
        assert err.value.code == "rule_uses_rule_language"

        assert Indicator.objects.get(pk=ind.pk).pass_when.startswith("income_total_baht")

    def test_editing_a_rule_bumps_the_form_version_for_odk(self, national_manager):
        v = sf.version(national_manager)
        before = v.form_version

        actions.indicator_update(
            indicator=v.indicators.get(number=7), by=national_manager, at=sf.AT, age_min=10
        )

        v.refresh_from_db()
        assert v.form_version > before


def _rows(round_, households):
    columns = actions.import_columns(round_.version)
    rows = []
    for h in households:
        hh, members = sf.passing_answers(round_, h)
        for m in h.members.select_related("person"):
            answers = members[m.person_id]
            values = {
                "village_code": h.area_code,
                "house_no": h.house_no,
                "citizen_id": m.person.citizen_id,
                "age": answers["age"],
                **hh,
                **answers["answers"],
            }
            rows.append([values.get(c, "") for c in columns])
    return columns, rows


class TestResponsesImport:
    def test_imports_a_csv_of_two_households(self, district_officer, national_manager):
        round_ = sf.round_(national_manager)
        homes = [rf.household(by=national_manager) for _ in range(2)]
        columns, rows = _rows(round_, homes)

        report = actions.responses_import(
            round_=round_, data=write_csv(columns, rows), by=district_officer, at=sf.AT
        )

        assert report.ok, [i.en for i in report.issues]
        assert (report.households, report.persons) == (2, 4)

    def test_one_bad_row_means_nothing_is_imported_and_the_row_is_named(
        self, district_officer, national_manager
    ):
        round_ = sf.round_(national_manager)
        homes = [rf.household(by=national_manager) for _ in range(2)]
        columns, rows = _rows(round_, homes)
        rows[3][columns.index("age")] = "3"  # contradicts the birth date

        report = actions.responses_import(
            round_=round_, data=write_xlsx(columns, rows), by=district_officer, at=sf.AT
        )

        assert not report.ok
        assert report.issues[0].row == 5 and report.issues[0].column == "age"
        assert Response.objects.count() == 0

    def test_a_member_listed_in_two_households_is_reported(self, district_officer, national_manager):
        round_ = sf.round_(national_manager)
        homes = [rf.household(by=national_manager) for _ in range(2)]
        columns, rows = _rows(round_, homes)
        rows[2][columns.index("citizen_id")] = rows[0][columns.index("citizen_id")]

        report = actions.responses_import(
            round_=round_, data=write_csv(columns, rows), by=district_officer, at=sf.AT
        )

        assert any("already listed on row 2" in i.en for i in report.issues)
        assert Response.objects.count() == 0

    def test_a_half_uploaded_xlsx_is_reported_not_crashed(self, district_officer, national_manager):
        round_ = sf.round_(national_manager)
        columns, rows = _rows(round_, [rf.household(by=national_manager)])
        data = write_xlsx(columns, rows)

        report = actions.responses_import(
            round_=round_, data=data[: len(data) // 2], by=district_officer, at=sf.AT
        )

        assert "damaged or incomplete" in report.issues[0].en

    def test_a_village_outside_the_officers_district_is_reported(
        self, other_district_officer, national_manager
    ):
        round_ = sf.round_(national_manager, area_code="56")
        columns, rows = _rows(round_, [rf.household(by=national_manager)])

        report = actions.responses_import(
            round_=round_, data=write_csv(columns, rows), by=other_district_officer, at=sf.AT
        )

        assert "outside" in report.issues[0].en


class TestWelfareCards:
    def test_imports_validated_cards_by_citizen_id(self, provincial_officer, phayao_household):
        person = phayao_household.members.first().person

        report = actions.welfare_cards_import(
            data=write_csv(["citizen_id", "validated"], [[person.citizen_id, "1"]]),
            year_be=2564,
            by=provincial_officer,
            at=sf.AT,
        )

        assert report.ok
        assert WelfareCard.objects.get(person=person).validated is True

    def test_reads_a_citizen_id_written_in_thai_digits_with_dashes(
        self, provincial_officer, phayao_household
    ):
        from thanrak.core.citizen_id import format_id
        from thanrak.core.thai import to_thai_digits

        person = phayao_household.members.first().person

        report = actions.welfare_cards_import(
            data=write_csv(
                ["citizen_id", "validated"], [[to_thai_digits(format_id(person.citizen_id)), "1"]]
            ),
            year_be=2564,
            by=provincial_officer,
            at=sf.AT,
        )

        assert report.ok
        assert WelfareCard.objects.get(person=person).validated is True

    def test_an_unknown_citizen_id_is_reported(self, provincial_officer):
        report = actions.welfare_cards_import(
            data=write_csv(["citizen_id", "validated"], [["1101700203451", "1"]]),
            year_be=2564,
            by=provincial_officer,
            at=sf.AT,
        )

        assert report.issues[0].row == 2
        assert WelfareCard.objects.count() == 0
