"""Indicator values to and from files: CSV and Excel (core.tabular) and DHIS2 dataValueSets JSON.

Reading only turns a file into rows; `actions.values_import` checks and writes them (all or nothing).
Numbers may use Thai digits and thousands separators ("๑๒,๘๙๐,๗๔๓"); money is in baht.
"""

import json
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from thanrak.core.tabular import Issue, TableError, read_table, write_csv, write_xlsx
from thanrak.core.thai import from_thai_digits
from thanrak.monitoring import periods
from thanrak.monitoring.actions import RowIn
from thanrak.monitoring.models import Qualifier, Value
from thanrak.monitoring.periods import InvalidPeriod

REQUIRED = ("indicator", "area", "period", "value")
OPTIONAL = (
    "fiscal_year",
    "qualifier",
    "comment",
    "indicator_name",
    "area_name",
    "unit",
    "status",
    "source",
    "updated_at",
)
HEADERS = (
    "indicator",
    "indicator_name",
    "area",
    "area_name",
    "period",
    "fiscal_year",
    "value",
    "unit",
    "qualifier",
    "status",
    "source",
    "comment",
    "updated_at",
)
DHIS2_DEFAULT_COMBOS = ("", "default", "HllvX50cXC0", "bRowv6yZOF2")
MAX_DHIS2_VALUES = 200_000


def read_values_table(data: bytes, *, max_bytes: int | None = None) -> list[RowIn]:
    """A CSV or XLSX of values (columns indicator, area, period, value, optional fiscal_year,
    qualifier, comment; the other columns of our own export are accepted and ignored)."""
    table = read_table(data, required=REQUIRED, optional=OPTIONAL, max_bytes=max_bytes)
    rows = []
    issues: list[Issue] = []
    for number, cells in table.rows:
        fy_text = from_thai_digits(cells.get("fiscal_year", "")).strip()
        fiscal_year = None
        if fy_text:
            if not fy_text.isdigit():
                issues.append(
                    Issue(
                        number, "fiscal_year", _("The fiscal year must be a Buddhist-era year such as 2565.")
                    )
                )
                continue
            fiscal_year = int(fy_text)
        qualifier = cells.get("qualifier", "").strip().upper()
        if qualifier not in Qualifier.values:
            issues.append(Issue(number, "qualifier", _("The qualifier is empty, MORE_THAN or EACH.")))
            continue
        rows.append(
            RowIn(
                row=number,
                indicator_code=cells["indicator"].strip(),
                area_code=cells["area"],
                period=cells["period"],
                amount=cells["value"],
                comment=cells.get("comment", ""),
                qualifier=qualifier,
                fiscal_year=fiscal_year,
            )
        )
    if issues:
        raise TableError(issues)
    return rows


def _plain(amount: Decimal) -> str:
    return format(amount, "f")


def value_rows(values: Iterable[Value], names: dict[str, str]) -> list[list[object]]:
    rows = []
    for v in values:
        ind = v.indicator
        rows.append(
            [
                ind.code,
                ind.name_th,
                v.area_code or "TH",
                names.get(v.area_code, ""),
                v.period,
                v.fiscal_year,
                _plain(ind.from_storage(v.value)),
                ind.unit_word("en") if ind.is_money else ind.get_unit_display(),
                v.qualifier,
                v.status,
                v.source,
                v.comment,
                v.updated_at.isoformat(),
            ]
        )
    return rows


def write_values(values: Iterable[Value], *, format: str, names: dict[str, str]) -> bytes:
    """Values as CSV (UTF-8 with BOM) or XLSX, in a layout this module reads back."""
    rows = value_rows(values, names)
    if format == "xlsx":
        return write_xlsx(HEADERS, rows, sheet_title="values")
    return write_csv(HEADERS, rows)


# --- DHIS2 ---------------------------------------------------------------------------------------


@dataclass
class Dhis2Read:
    rows: list[RowIn]
    issues: list[Issue]


def _org_unit(code: str) -> str:
    """DHIS2 orgUnit codes here are DOPA codes; 'TH' (or 'TH56', OCHA style) also accepted."""
    code = from_thai_digits(str(code or "")).strip()
    if code.upper() == "TH":
        return ""
    if code.upper().startswith("TH") and code[2:].isdigit():
        return code[2:]
    return code


def read_dhis2(data: bytes) -> Dhis2Read:
    """Parse a dataValueSets JSON document (idScheme=code): dataElement = indicator code or its
    DHIS2 uid, orgUnit = area code, period = a DHIS2 month, quarter, year or October financial year."""
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise TableError(
            [Issue(None, None, _("The file is not JSON: %(error)s"), {"error": str(exc)[:200]})]
        ) from exc
    if not isinstance(doc, dict) or not isinstance(doc.get("dataValues"), list):
        raise TableError([Issue(None, None, _("A DHIS2 dataValueSet is an object with a dataValues list."))])
    values = doc["dataValues"]
    if not values:
        raise TableError([Issue(None, None, _("The dataValueSet has no dataValues."))])
    if len(values) > MAX_DHIS2_VALUES:
        raise TableError(
            [Issue(None, None, _("More than %(n)s dataValues in one file."), {"n": MAX_DHIS2_VALUES})]
        )
    default_period, default_ou = doc.get("period", ""), doc.get("orgUnit", "")
    rows, issues = [], []
    for index, dv in enumerate(values, start=1):
        if not isinstance(dv, dict):
            issues.append(Issue(index, None, _("Each data value must be an object.")))
            continue
        coc = str(dv.get("categoryOptionCombo", "") or "")
        aoc = str(dv.get("attributeOptionCombo", "") or "")
        if coc not in DHIS2_DEFAULT_COMBOS or aoc not in DHIS2_DEFAULT_COMBOS:
            issues.append(
                Issue(
                    index,
                    "categoryOptionCombo",
                    _(
                        "Disaggregations (%(combo)s) are not supported; send totals with the default "
                        "combination."
                    ),
                    {"combo": coc or aoc},
                )
            )
            continue
        pe = str(dv.get("period", default_period) or "")
        try:
            period = periods.from_dhis2(pe)
        except InvalidPeriod:
            issues.append(
                Issue(
                    index,
                    "period",
                    _("Unknown DHIS2 period %(pe)s (use 202201, 2022Q1, 2022 or 2021Oct)."),
                    {"pe": pe or "—"},
                )
            )
            continue
        if dv.get("deleted") is True:
            issues.append(Issue(index, "deleted", _("Deleting values through an import is not supported.")))
            continue
        rows.append(
            RowIn(
                row=index,
                indicator_code=str(dv.get("dataElement", "") or "").strip(),
                area_code=_org_unit(dv.get("orgUnit", default_ou)),
                period=period.code,
                amount=str(dv.get("value", "")),
                comment=str(dv.get("comment", "") or "")[:1000],
            )
        )
    return Dhis2Read(rows, issues)


def write_dhis2(values: Iterable[Value]) -> tuple[dict[str, Any], int]:
    """A dataValueSets document of the values DHIS2 can hold, and how many could not be sent
    (ranges, 'as of' dates and unstated periods have no DHIS2 period)."""
    out, skipped = [], 0
    for v in values:
        period = periods.parse(v.period, fiscal_year=v.fiscal_year)
        pe = periods.to_dhis2(period)
        if pe is None:
            skipped += 1
            continue
        ind = v.indicator
        out.append(
            {
                "dataElement": ind.dhis2_uid or ind.code,
                "period": pe,
                "orgUnit": v.area_code or "TH",
                "categoryOptionCombo": "default",
                "attributeOptionCombo": "default",
                "value": _plain(ind.from_storage(v.value)),
                "storedBy": v.updated_by.username if v.updated_by_id else "thanrak",
                "lastUpdated": v.updated_at.isoformat(),
                "comment": v.comment[:360],
                "followup": False,
            }
        )
    return {"dataValues": out}, skipped


DHIS2_COLUMNS = {"indicator": "dataElement", "area_code": "orgUnit", "period": "period", "value": "value"}
