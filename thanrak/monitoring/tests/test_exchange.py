"""Values to and from CSV, Excel and DHIS2 dataValueSets: all rows or none, every problem named."""

import json

import pytest

from thanrak.accounts.models import AuditEvent, AuditLog
from thanrak.core.tabular import TableError
from thanrak.monitoring import actions, exchange
from thanrak.monitoring.models import ImportFormat, Unit, Value
from thanrak.monitoring.tests import factories
from thanrak.monitoring.tests.factories import AT


@pytest.fixture
def households(national_manager):
    return factories.indicator(by=national_manager, unit=Unit.HOUSEHOLDS, code="HH")


@pytest.fixture
def sales(national_manager):
    return factories.indicator(by=national_manager, unit=Unit.BAHT, code="SALES", dhis2_uid="aBcDeFgHiJ1")


def csv(text: str) -> bytes:
    return text.encode("utf-8")


def import_csv(data: bytes, by, **kw):  # noqa: ANN001, ANN201
    return actions.values_import(
        rows=exchange.read_values_table(data), by=by, at=AT, format=ImportFormat.CSV, **kw
    )


@pytest.mark.django_db
class TestCsvImport:
    def test_thai_digits_and_thousands_separators_are_read(self, households, sales, district_officer):
        data = csv('indicator,area,period,value\nHH,๕๖๐๑๐๑,๒๕๖๙-๐๑,"๑,๒๓๔"\nSALES,5601,2569-01,"12,345.50"\n')

        result = import_csv(data, district_officer, filename="jan.csv")

        assert (result.created, result.updated) == (2, 0)
        assert dict(Value.objects.values_list("indicator__code", "value")) == {"HH": 1234, "SALES": 1234550}
        assert AuditLog.objects.filter(event=AuditEvent.IMPORT).count() == 1

    def test_a_bad_row_rejects_the_whole_file_naming_each_problem(self, households, district_officer):
        data = csv(
            "indicator,area,period,value\n"
            "HH,560101,2569-01,10\n"
            "NOPE,560101,2569-01,10\n"
            "HH,500101,2569-01,10\n"
            "HH,560102,January,10\n"
            "HH,560104,2569-01,ten\n"
            "HH,560101,2569-01,11\n"
        )

        with pytest.raises(actions.ImportRejected) as exc:
            import_csv(data, district_officer)

        assert [(i.row, i.column) for i in exc.value.issues] == [
            (3, "indicator"),
            (4, "area"),
            (5, "period"),
            (6, "value"),
            (7, "indicator"),
        ]
        assert Value.objects.count() == 0

    def test_a_dry_run_counts_without_saving(self, households, district_officer):
        result = import_csv(
            csv("indicator,area,period,value\nHH,560101,2569-01,10\n"), district_officer, dry_run=True
        )

        assert (result.created, Value.objects.count()) == (1, 0)

    def test_a_value_in_a_locked_period_is_reported_and_nothing_written(
        self, households, district_officer, national_manager
    ):
        actions.period_lock(period="2569-01", by=national_manager, at=AT)

        with pytest.raises(actions.ImportRejected) as exc:
            import_csv(
                csv("indicator,area,period,value\nHH,560101,2569-02,1\nHH,560101,2569-01,2\n"),
                district_officer,
            )

        assert [(i.row, i.column) for i in exc.value.issues] == [(3, "period")]
        assert Value.objects.count() == 0

    def test_missing_columns_are_named(self):
        with pytest.raises(TableError) as exc:
            exchange.read_values_table(csv("indicator,area,value\nHH,5601,1\n"))

        assert "period" in exc.value.issues[0].en

    def test_our_own_export_reads_back(self, households, district_officer):
        factories.value(households, "560101", "2569-01", "10", by=district_officer)
        values = Value.objects.select_related("indicator", "updated_by")

        for fmt in ("csv", "xlsx"):
            data = exchange.write_values(values, format=fmt, names={"560101": "เวียง"})
            rows = exchange.read_values_table(data)
            assert [(r.indicator_code, r.area_code, r.period, r.amount) for r in rows] == [
                ("HH", "560101", "2569-01", "10")
            ]

    def test_a_formula_in_a_comment_is_neutralised_on_export(self, households, district_officer):
        factories.value(households, "560101", "2569-01", "10", by=district_officer, comment="=HYPERLINK(1)")

        data = exchange.write_values(
            Value.objects.select_related("indicator", "updated_by"), format="csv", names={}
        )

        assert "'=HYPERLINK(1)" in data.decode("utf-8-sig")


@pytest.mark.django_db
class TestDhis2:
    def doc(self, *values, **top):  # noqa: ANN002, ANN003, ANN201
        return json.dumps({"dataSet": "ds", **top, "dataValues": list(values)}).encode()

    def test_values_are_imported_with_period_and_org_unit_codes(self, sales, households, national_manager):
        read = exchange.read_dhis2(
            self.doc(
                {"dataElement": "aBcDeFgHiJ1", "period": "2021Oct", "orgUnit": "TH", "value": "1000.25"},
                {"dataElement": "HH", "period": "202201", "orgUnit": "TH56", "value": "12"},
            )
        )

        result = actions.values_import(
            rows=read.rows,
            issues=read.issues,
            by=national_manager,
            at=AT,
            format=ImportFormat.DHIS2,
            column_names=exchange.DHIS2_COLUMNS,
        )

        assert result.created == 2
        assert set(Value.objects.values_list("indicator__code", "area_code", "period", "value")) == {
            ("SALES", "", "FY2565", 100025),
            ("HH", "56", "2565-01", 12),
        }

    def test_unknown_codes_are_reported_and_nothing_half_written(self, households, national_manager):
        read = exchange.read_dhis2(
            self.doc(
                {"dataElement": "HH", "period": "202201", "orgUnit": "56", "value": "1"},
                {"dataElement": "XYZ123", "period": "202201", "orgUnit": "56", "value": "1"},
                {"dataElement": "HH", "period": "202201", "orgUnit": "99", "value": "1"},
                {"dataElement": "HH", "period": "2022W05", "orgUnit": "56", "value": "1"},
                {
                    "dataElement": "HH",
                    "period": "202202",
                    "orgUnit": "56",
                    "value": "1",
                    "categoryOptionCombo": "male",
                },
            )
        )

        with pytest.raises(actions.ImportRejected) as exc:
            actions.values_import(
                rows=read.rows,
                issues=read.issues,
                by=national_manager,
                at=AT,
                format=ImportFormat.DHIS2,
                column_names=exchange.DHIS2_COLUMNS,
            )

        assert [(i.row, i.column) for i in exc.value.issues] == [
            (2, "dataElement"),
            (3, "orgUnit"),
            (4, "period"),
            (5, "categoryOptionCombo"),
        ]
        assert Value.objects.count() == 0

    def test_not_a_data_value_set_is_refused(self):
        with pytest.raises(TableError):
            exchange.read_dhis2(b'{"rows": []}')
        with pytest.raises(TableError):
            exchange.read_dhis2(b"not json")

    def test_export_uses_dhis2_periods_and_skips_what_dhis2_cannot_hold(self, sales, national_manager):
        factories.value(sales, "", "FY2565", "10", by=national_manager)
        factories.value(sales, "56", "2564-01..2565-07", "5", by=national_manager)

        doc, skipped = exchange.write_dhis2(Value.objects.select_related("indicator", "updated_by"))

        assert skipped == 1
        assert [(d["dataElement"], d["period"], d["orgUnit"], d["value"]) for d in doc["dataValues"]] == [
            ("aBcDeFgHiJ1", "2021Oct", "TH", "10.00")
        ]
