"""Import of the registers from a spreadsheet (CSV in UTF-8 or cp874, or XLSX; Thai or English
headers): community forests, โคก หนอง นา sites, land plots, housing units and shared equipment. A
household is named by its house registration code (11 digits). All or nothing: any problem in any
row and nothing is written; every problem is listed with its row and column."""

import datetime as dt
from collections.abc import Callable
from typing import IO, Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.accounts.scope import OutsideScope
from thanrak.assets.actions.forests import forest_register
from thanrak.assets.actions.land import housing_advance, housing_record, plot_allocate, plot_survey
from thanrak.assets.actions.machinery import equipment_list_item
from thanrak.assets.actions.sites import site_register
from thanrak.assets.models import (
    Condition,
    EquipmentKind,
    FeeUnit,
    HousingStage,
    HousingWork,
    LegalStatus,
    SiteKind,
    SurveyStatus,
    Tenure,
)
from thanrak.core.errors import DomainError
from thanrak.core.forms import read_thai_date
from thanrak.core.money import InvalidAmount, parse_baht
from thanrak.core.tabular import Issue, TableError, read_table
from thanrak.core.thai import from_thai_digits
from thanrak.registry.models import Household, Organisation

MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024

FOREST_COLUMNS = ("name", "area_code")
FOREST_OPTIONAL = ("legal_status", "registration_no", "approved_on", "organisation_id")
SITE_COLUMNS = ("kind", "name", "area_code", "started_on")
SITE_OPTIONAL = ("organisation_id", "household_id", "programme", "finished_on")
PLOT_COLUMNS = ("house_code", "programme", "tenure", "allocated_on")
PLOT_OPTIONAL = ("ends_on", "conditions", "survey_status", "surveyed_on")
HOUSING_COLUMNS = ("house_code", "programme", "work", "cost_baht")
HOUSING_OPTIONAL = ("stage", "started_on", "handed_over_on")
EQUIPMENT_COLUMNS = ("organisation_id", "kind", "name", "fee_unit", "fee_baht")
EQUIPMENT_OPTIONAL = ("condition", "kept_at")
# Columns an export adds (the record's number, its measures): read and ignored, so an export can be
# imported again (each row is added as a new record).
EXPORT_ONLY = ("id", "area_code", "area_m2", "rai", "members", "available")
# An action names the input at fault by its form field; the file names it by its column.
FIELD_COLUMNS = {"cost": "cost_baht", "fee": "fee_baht", "household": "house_code", "status": "survey_status"}
SCOPE_COLUMNS = {"plots": "house_code", "housing": "house_code", "equipment": "organisation_id"}
MAX_COST_SATANG = 100_000_000 * 100  # a hundred million baht: above any house or machine
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
    "รหัสประจำบ้าน": "house_code",
    "เลขรหัสประจำบ้าน": "house_code",
    "สิทธิ": "tenure",
    "ประเภทสิทธิ": "tenure",
    "วันที่จัดสรร": "allocated_on",
    "วันที่สิ้นสุดสิทธิ": "ends_on",
    "เงื่อนไข": "conditions",
    "สถานะการรังวัด": "survey_status",
    "วันที่รังวัด": "surveyed_on",
    "งาน": "work",
    "ค่าใช้จ่าย": "cost_baht",
    "ค่าใช้จ่าย (บาท)": "cost_baht",
    "ขั้น": "stage",
    "ขั้นงาน": "stage",
    "วันที่ส่งมอบ": "handed_over_on",
    "ชนิด": "kind",
    "หน่วยค่าบริการ": "fee_unit",
    "ค่าบริการ": "fee_baht",
    "ค่าบริการ (บาท)": "fee_baht",
    "สภาพ": "condition",
    "ที่เก็บ": "kept_at",
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


def _required_date(values: dict[str, str], column: str, row: int, issues: list[Issue]) -> dt.date:
    found = _date(values, column, row, issues)
    if found is None and not values.get(column, "").strip():
        issues.append(Issue(row, column, _("The date is required.")))
    return found or dt.date.min


def _known(
    values: dict[str, str], column: str, choices: list[tuple[str, Any]], row: int, issues: list[Issue]
) -> str:
    """A choice read by code or label; a Thai problem naming the choices when it is none of them."""
    found = _choice(values.get(column, ""), choices)
    if found not in {value for value, _label in choices}:
        issues.append(
            Issue(
                row,
                column,
                _("Write one of: %(choices)s."),
                {"choices": ", ".join(f"{value} ({label})" for value, label in choices)},
            )
        )
    return found


def _satang(values: dict[str, str], column: str, row: int, issues: list[Issue]) -> int:
    try:
        return parse_baht(values.get(column, "") or "0", max_satang=MAX_COST_SATANG)
    except InvalidAmount:
        issues.append(Issue(row, column, _("Write the amount in baht, for example 1,250.50.")))
        return 0


def _household(by: User, values: dict[str, str], row: int, issues: list[Issue]) -> Household | None:
    """The household named by its house registration code, among those the user may see."""
    code = from_thai_digits(values.get("house_code", "")).replace("-", "").strip()
    found = list(Household.objects.visible_to(by).filter(house_code=code)[:2]) if len(code) == 11 else []
    if len(found) != 1:
        issues.append(
            Issue(row, "house_code", _("No household with this house registration code in your areas."))
        )
        return None
    return found[0]


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


def _plot_row(
    by: User, at: dt.datetime, values: dict[str, str], row: int, issues: list[Issue]
) -> Callable[[], object]:
    household = _household(by, values, row, issues)
    tenure = _known(values, "tenure", Tenure.choices, row, issues)
    allocated_on = _required_date(values, "allocated_on", row, issues)
    ends_on = _date(values, "ends_on", row, issues)
    status = SurveyStatus.NOT_SURVEYED
    if values.get("survey_status", "").strip():
        status = _known(values, "survey_status", SurveyStatus.choices, row, issues)
    surveyed_on = _date(values, "surveyed_on", row, issues)
    if (
        status != SurveyStatus.NOT_SURVEYED
        and surveyed_on is None
        and not values.get("surveyed_on", "").strip()
    ):
        issues.append(Issue(row, "surveyed_on", _("A surveyed plot needs the date of the survey.")))

    def write() -> object:
        plot = plot_allocate(
            household=household,  # type: ignore[arg-type]  # None only with an issue
            programme=values.get("programme", ""),
            tenure=tenure,
            allocated_on=allocated_on,
            ends_on=ends_on,
            conditions=values.get("conditions", ""),
            by=by,
            at=at,
        )
        if status != SurveyStatus.NOT_SURVEYED and surveyed_on is not None:
            plot = plot_survey(plot=plot, status=status, surveyed_on=surveyed_on, by=by)
        return plot

    return write


def _housing_row(
    by: User, at: dt.datetime, values: dict[str, str], row: int, issues: list[Issue]
) -> Callable[[], object]:
    household = _household(by, values, row, issues)
    work = _known(values, "work", HousingWork.choices, row, issues)
    cost_satang = _satang(values, "cost_baht", row, issues)
    stage = HousingStage.PLANNED
    if values.get("stage", "").strip():
        stage = _known(values, "stage", HousingStage.choices, row, issues)
    started_on = _date(values, "started_on", row, issues)
    handed_over_on = _date(values, "handed_over_on", row, issues)
    if stage == HousingStage.HANDED_OVER and handed_over_on is None:
        issues.append(
            Issue(row, "handed_over_on", _("A house handed over needs the date it was handed over."))
        )
    if stage not in (HousingStage.PLANNED, HousingStage.HANDED_OVER) and started_on is None:
        issues.append(Issue(row, "started_on", _("Work under way needs the date it started.")))

    def write() -> object:
        unit = housing_record(
            household=household,  # type: ignore[arg-type]  # None only with an issue
            programme=values.get("programme", ""),
            work=work,
            cost_satang=cost_satang,
            started_on=started_on,
            by=by,
            at=at,
        )
        if stage != unit.stage and stage != HousingStage.PLANNED:
            on = handed_over_on if stage == HousingStage.HANDED_OVER else started_on
            unit = housing_advance(unit=unit, stage=stage, on=on or dt.date.min, by=by)
        return unit

    return write


def _equipment_row(
    by: User, at: dt.datetime, values: dict[str, str], row: int, issues: list[Issue]
) -> Callable[[], object]:
    organisation_id = _id(values, "organisation_id")
    if organisation_id is None:
        issues.append(Issue(row, "organisation_id", _("Write the owner organisation's number.")))
    kind = _known(values, "kind", EquipmentKind.choices, row, issues)
    fee_unit = _known(values, "fee_unit", FeeUnit.choices, row, issues)
    fee_satang = _satang(values, "fee_baht", row, issues)
    condition = Condition.GOOD
    if values.get("condition", "").strip():
        condition = _known(values, "condition", Condition.choices, row, issues)

    def write() -> object:
        return equipment_list_item(
            organisation=Organisation.objects.visible_to(by).get(pk=organisation_id),
            name=values.get("name", ""),
            kind=kind,
            fee_unit=fee_unit,
            fee_satang=fee_satang,
            condition=condition,
            kept_at=values.get("kept_at", ""),
            by=by,
            at=at,
        )

    return write


REGISTERS = {
    "forests": (FOREST_COLUMNS, FOREST_OPTIONAL, _forest_row),
    "sites": (SITE_COLUMNS, SITE_OPTIONAL, _site_row),
    "plots": (PLOT_COLUMNS, PLOT_OPTIONAL, _plot_row),
    "housing": (HOUSING_COLUMNS, HOUSING_OPTIONAL, _housing_row),
    "equipment": (EQUIPMENT_COLUMNS, EQUIPMENT_OPTIONAL, _equipment_row),
}


def register_template(register: str) -> tuple[str, ...]:
    """The columns of a register's import file, required first (the header row of its template)."""
    required, optional, _reader = REGISTERS[register]
    return (*required, *optional)


@transaction.atomic
def register_import(*, register: str, source: IO[bytes] | bytes, by: User, at: dt.datetime) -> int:
    """Import the rows of a register file (see REGISTERS); all or nothing. Returns the rows written."""
    required, optional, reader = REGISTERS[register]
    try:
        table = read_table(
            source,
            required=required,
            optional=(*optional, *(c for c in EXPORT_ONLY if c not in required and c not in optional)),
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
            issues.append(Issue(row, FIELD_COLUMNS.get(exc.field or "", exc.field), exc.message, exc.params))
        except (OutsideScope, PermissionError):
            column = SCOPE_COLUMNS.get(register, "area_code")
            issues.append(Issue(row, column, _("This area is outside the areas you work in.")))
        except (Organisation.DoesNotExist, Household.DoesNotExist):
            column = SCOPE_COLUMNS.get(register)
            issues.append(Issue(row, column, _("The organisation or household number is not in your areas.")))
    if issues:
        transaction.set_rollback(True)
        raise ImportRefused(issues)
    return written
