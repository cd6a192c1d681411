"""Import of the registers from a spreadsheet (CSV in UTF-8 or cp874, or XLSX; Thai or English
headers): community forests and โคก หนอง นา sites. All or nothing: any problem in any row and nothing
is written; every problem is listed with its row and column."""

import datetime as dt
from collections.abc import Callable
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.accounts.scope import OutsideScope
from thanrak.assets.actions.forests import forest_register
from thanrak.assets.actions.sites import site_register
from thanrak.assets.models import LegalStatus, SiteKind
from thanrak.core.errors import DomainError
from thanrak.core.forms import read_thai_date
from thanrak.core.tabular import Issue, TableError, read_table
from thanrak.core.thai import from_thai_digits
from thanrak.registry.models import Household, Organisation

MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024

FOREST_COLUMNS = ("name", "area_code")
FOREST_OPTIONAL = ("legal_status", "registration_no", "approved_on", "organisation_id")
SITE_COLUMNS = ("kind", "name", "area_code", "started_on")
SITE_OPTIONAL = ("organisation_id", "household_id", "programme", "finished_on")
ALIASES = {
    "ชื่อ": "name",
    "ชื่อป่าชุมชน": "name",
    "ชื่อพื้นที่": "name",
    "รหัสพื้นที่": "area_code",
    "รหัสตำบล": "area_code",
    "สถานะ": "legal_status",
    "สถานะทางกฎหมาย": "legal_status",
    "เลขทะเบียน": "registration_no",
    "วันที่อนุมัติ": "approved_on",
    "รหัสองค์กร": "organisation_id",
    "ประเภท": "kind",
    "เลขครัวเรือน": "household_id",
    "โครงการ": "programme",
    "วันที่เริ่ม": "started_on",
    "วันที่แล้วเสร็จ": "finished_on",
}


class ImportRefused(DomainError):
    """The file cannot be imported; `issues` lists every problem by row and column."""

    def __init__(self, issues: list[Issue]):
        super().__init__(_("The file was not imported: correct the rows listed."), code="import_refused")
        self.issues = issues


def _date(values: dict[str, str], column: str, row: int, issues: list[Issue]) -> dt.date | None:
    text = values.get(column, "").strip()
    if not text:
        return None
    found = read_thai_date(text)
    if found is None:
        issues.append(Issue(row, column, _("Write the date as day/month/year, for example 15/06/2567.")))
    return found


def _choice(text: str, choices: list[tuple[str, Any]]) -> str:
    """A choice by its code or its Thai or English label."""
    text = " ".join(text.split())
    for value, label in choices:
        if text.upper() == value or text in (str(label), value.lower()):
            return value
    return text


def _id(values: dict[str, str], column: str) -> int | None:
    text = from_thai_digits(values.get(column, "")).strip()
    return int(text) if text.isdigit() else None


def _forest_row(
    by: User, at: dt.datetime, values: dict[str, str], row: int, issues: list[Issue]
) -> Callable[[], object]:
    approved_on = _date(values, "approved_on", row, issues)
    organisation_id = _id(values, "organisation_id")
    status = _choice(values.get("legal_status", "") or LegalStatus.PROPOSED, LegalStatus.choices)

    def write() -> object:
        organisation = (
            Organisation.objects.visible_to(by).get(pk=organisation_id) if organisation_id else None
        )
        return forest_register(
            name=values.get("name", ""),
            area_code=from_thai_digits(values.get("area_code", "")).strip(),
            legal_status=status,
            registration_no=values.get("registration_no", ""),
            approved_on=approved_on,
            organisation=organisation,
            by=by,
            at=at,
        )

    return write


def _site_row(
    by: User, at: dt.datetime, values: dict[str, str], row: int, issues: list[Issue]
) -> Callable[[], object]:
    started_on = _date(values, "started_on", row, issues)
    finished_on = _date(values, "finished_on", row, issues)
    if started_on is None and values.get("started_on", "").strip() == "":
        issues.append(Issue(row, "started_on", _("The start date is required.")))
    organisation_id, household_id = _id(values, "organisation_id"), _id(values, "household_id")

    def write() -> object:
        organisation = (
            Organisation.objects.visible_to(by).get(pk=organisation_id) if organisation_id else None
        )
        household = Household.objects.visible_to(by).get(pk=household_id) if household_id else None
        return site_register(
            kind=_choice(values.get("kind", ""), SiteKind.choices),
            name=values.get("name", ""),
            area_code=from_thai_digits(values.get("area_code", "")).strip(),
            organisation=organisation,
            household=household,
            programme=values.get("programme", ""),
            started_on=started_on or dt.date.min,
            finished_on=finished_on,
            by=by,
            at=at,
        )

    return write


REGISTERS = {
    "forests": (FOREST_COLUMNS, FOREST_OPTIONAL, _forest_row),
    "sites": (SITE_COLUMNS, SITE_OPTIONAL, _site_row),
}


@transaction.atomic
def register_import(*, register: str, source: IO[bytes] | bytes, by: User, at: dt.datetime) -> int:
    """Import the rows of a register file (forests or sites); all or nothing. Returns the rows written."""
    required, optional, reader = REGISTERS[register]
    try:
        table = read_table(
            source,
            required=required,
            optional=optional,
            aliases=ALIASES,
            max_rows=MAX_ROWS,
            max_bytes=MAX_BYTES,
        )
    except TableError as exc:
        raise ImportRefused(list(exc.issues)) from exc
    issues: list[Issue] = []
    written = 0
    for row, values in table.rows:
        before = len(issues)
        write = reader(by, at, values, row, issues)
        if len(issues) > before:
            continue
        try:
            with transaction.atomic():
                write()
                written += 1
        except DomainError as exc:
            issues.append(Issue(row, exc.field, exc.message, exc.params))
        except (OutsideScope, PermissionError):
            issues.append(Issue(row, "area_code", _("This area is outside the areas you work in.")))
        except (Organisation.DoesNotExist, Household.DoesNotExist):
            issues.append(Issue(row, None, _("The organisation or household number is not in your areas.")))
    if issues:
        transaction.set_rollback(True)
        raise ImportRefused(issues)
    return written
