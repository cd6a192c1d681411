"""Imports of the helpers directory and of cases from a spreadsheet (CSV in UTF-8 or cp874, or XLSX;
Thai or English headers; layouts in services/layouts.py). All or nothing: any problem in any row and
nothing is written; every problem is listed with its row and column."""

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import IO, Any

from django.db import transaction
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from thanrak.accounts.models import User
from thanrak.accounts.scope import OutsideScope
from thanrak.core.errors import DomainError
from thanrak.core.forms import read_thai_date
from thanrak.core.tabular import Issue, TableError, read_table
from thanrak.core.thai import from_thai_digits
from thanrak.registry.models import Household, Organisation, Person
from thanrak.services import layouts
from thanrak.services.actions.cases import case_move, case_open
from thanrak.services.actions.helpers import helper_save
from thanrak.services.models import (
    Availability,
    CaseChannel,
    CaseOutcome,
    CaseStatus,
    CaseTopic,
    Expertise,
    Helper,
    HelperKind,
    SubjectKind,
)

MAX_ROWS = 5000
MAX_BYTES = 5 * 1024 * 1024
KINDS = ("helpers", "cases")
# The steps an imported case takes from intake to the state in the file (each dated the intake date).
PATHS = {
    CaseStatus.INTAKE: (),
    CaseStatus.ASSESSED: (CaseStatus.ASSESSED,),
    CaseStatus.SERVED: (CaseStatus.ASSESSED, CaseStatus.SERVED),
    CaseStatus.CLOSED: (CaseStatus.ASSESSED, CaseStatus.SERVED, CaseStatus.CLOSED),
}
OUTSIDE = _("This area is outside the areas you work in.")


class ImportRefused(DomainError):
    """The file cannot be imported; `issues` lists every problem by row and column."""

    def __init__(self, issues: list[Issue], rows: int = 0):
        super().__init__(_("The file was not imported: correct the rows listed."), code="import_refused")
        self.issues = issues
        self.rows = rows


@dataclass
class ImportResult:
    """What an import wrote (or, on a dry run, would write): one line per row."""

    kind: str
    dry_run: bool
    encoding: str
    written: list[tuple[int, str]] = field(default_factory=list)


class _Rollback(Exception):
    """Leaves the transaction of a dry run without writing."""


def _choice(text: str, choices: type[TextChoices]) -> str | None:
    """A choice by its code or its Thai or English label (None when it is none of them)."""
    text = " ".join(text.split())
    if not text:
        return None
    for value, label in choices.choices:
        if text.upper() == value:
            return value
        for lang in ("th", "en"):
            with override(lang):
                if text.casefold() == str(label).casefold():
                    return value
    return None


def _choices(text: str, choices: type[TextChoices]) -> tuple[list[str], list[str]]:
    """The codes in a cell (separated by commas, semicolons or new lines; or spaces between codes)
    and the words that are none of them."""
    whole = _choice(text, choices)
    if whole:
        return [whole], []
    found, unknown = [], []
    for part in re.split(r"[,;|\n]+", text):
        if not part.strip():
            continue
        code = _choice(part, choices)
        if code:
            found.append(code)
            continue
        words = [(w, _choice(w, choices)) for w in part.split()]
        found += [c for _w, c in words if c]
        unknown += [w for w, c in words if not c]
    return found, unknown


def _digits(text: str) -> str:
    return re.sub(r"\D", "", from_thai_digits(text or ""))


def _number(values: dict[str, str], column: str) -> int | None:
    text = _digits(values.get(column, ""))
    return int(text) if text and len(text) <= 12 else None


def _name_key(text: str) -> str:
    return "".join(text.split())


def _person(by: User, values: dict[str, str], id_column: str, name_column: str) -> Person | None:
    """The registry person of a row: by number, else by citizen ID, else by name and phone."""
    visible = Person.objects.visible_to(by)
    if (pk := _number(values, id_column)) is not None:
        return visible.filter(pk=pk).first()
    if citizen_id := _digits(values.get("citizen_id", "")):
        return visible.filter(citizen_id=citizen_id).first()
    name, phone = _name_key(values.get(name_column, "")), _digits(values.get("phone", ""))
    if not name or len(phone) < 4:
        return None
    found = [
        p
        for p in visible.filter(phone__contains=phone[-4:])
        if _digits(p.phone) == phone
        and name in (_name_key(p.full_name), _name_key(f"{p.first_name}{p.last_name}"))
    ]
    return found[0] if len(found) == 1 else None


def _helper_row(
    by: User, at: dt.datetime, on: dt.date, values: dict[str, str], row: int, issues: list[Issue]
) -> Callable[[], str]:
    kinds, bad_kinds = _choices(values.get("kinds", ""), HelperKind)
    if bad_kinds or not kinds:
        issues.append(
            Issue(row, "kinds", _("Write the kinds of helper from the list, for example SME_VOLUNTEER."))
        )
    expertise, bad_expertise = _choices(values.get("expertise", ""), Expertise)
    if bad_expertise:
        issues.append(
            Issue(
                row, "expertise", _("%(word)s is not in the list of expertise."), {"word": bad_expertise[0]}
            )
        )
    availability = Availability.AVAILABLE
    if values.get("availability", "").strip():
        availability = _choice(values["availability"], Availability) or ""
        if not availability:
            issues.append(Issue(row, "availability", _("Write AVAILABLE, LIMITED or UNAVAILABLE.")))
    capacity = 5
    if values.get("capacity", "").strip():
        capacity = _number(values, "capacity") or 0
        if not 1 <= capacity <= 500:
            issues.append(Issue(row, "capacity", _("Open cases at once is a number from 1 to 500.")))
    areas = re.split(r"[\s,;]+", from_thai_digits(values.get("areas", "")).strip())
    person = _person(by, values, "person_id", "name")
    if person is None:
        issues.append(_person_missing(values, row, "person_id", "name"))

    def write() -> str:
        helper_save(
            person=person,
            kinds=kinds,
            expertise=expertise,
            areas=[a for a in areas if a],
            expertise_words=values.get("expertise_words", ""),
            availability=availability,
            capacity=capacity,
            by=by,
            at=at,
        )
        return person.full_name

    return write


def _person_missing(values: dict[str, str], row: int, id_column: str, name_column: str) -> Issue:
    if values.get(id_column, "").strip():
        return Issue(row, id_column, _("No person with this registry number in your areas."))
    if values.get("citizen_id", "").strip():
        return Issue(row, "citizen_id", _("No person with this citizen ID in your areas."))
    if values.get(name_column, "").strip() and values.get("phone", "").strip():
        return Issue(
            row,
            name_column,
            _("No single person in your areas has this name and phone; give the registry number."),
        )
    return Issue(row, id_column, _("Give the registry number, the citizen ID, or the name with the phone."))


def _subject(by: User, kind: str, values: dict[str, str], row: int, issues: list[Issue]) -> Any:
    if kind == SubjectKind.PERSON:
        person = _person(by, values, "subject_id", "subject")
        if person is None:
            issues.append(_person_missing(values, row, "subject_id", "subject"))
        return person
    model = Household if kind == SubjectKind.HOUSEHOLD else Organisation
    pk = _number(values, "subject_id")
    subject = model.objects.visible_to(by).filter(pk=pk).first() if pk is not None else None
    if subject is None:
        issues.append(
            Issue(
                row, "subject_id", _("No household or organisation with this registry number in your areas.")
            )
        )
    return subject


def _intake_date(values: dict[str, str], on: dt.date, row: int, issues: list[Issue]) -> dt.date | None:
    intake_date = read_thai_date(values.get("intake_date", ""))
    if intake_date is None:
        issues.append(
            Issue(row, "intake_date", _("Write the date as day/month/year, for example 15/06/2567."))
        )
    elif intake_date > on:
        issues.append(Issue(row, "intake_date", _("The intake date cannot be after today.")))
    return intake_date


def _state(values: dict[str, str], row: int, issues: list[Issue]) -> tuple[str | None, str]:
    """The state the case is imported in, and its outcome when closed."""
    text = values.get("status", "").strip()
    status = _choice(text, CaseStatus) if text else CaseStatus.INTAKE
    if status == CaseStatus.REFERRED:
        issues.append(
            Issue(
                row,
                "status",
                _("A case becomes referred by sending a referral from its page; import it as ASSESSED."),
            )
        )
    elif status is None:
        issues.append(Issue(row, "status", _("Write INTAKE, ASSESSED, SERVED or CLOSED.")))
    outcome = _choice(values.get("outcome", ""), CaseOutcome) or ""
    if status == CaseStatus.CLOSED and not outcome:
        issues.append(Issue(row, "outcome", _("Choose the outcome to close the case.")))
    return status, outcome


def _adviser(by: User, values: dict[str, str], row: int, issues: list[Issue]) -> Helper | None:
    if (pk := _number(values, "adviser_person_id")) is None:
        return None
    adviser = Helper.objects.filter(person_id=pk, person__in=Person.objects.visible_to(by)).first()
    if adviser is None:
        issues.append(Issue(row, "adviser_person_id", _("This person is not a helper in your areas.")))
    return adviser


def _case_row(
    by: User, at: dt.datetime, on: dt.date, values: dict[str, str], row: int, issues: list[Issue]
) -> Callable[[], str]:
    intake_date = _intake_date(values, on, row, issues)
    found: dict[str, str | None] = {}
    for column, choices, message in (
        ("subject_kind", SubjectKind, _("Write PERSON, HOUSEHOLD or ORGANISATION.")),
        ("topic", CaseTopic, _("Write what is asked from the list, for example FINANCE.")),
        ("channel", CaseChannel, _("Write the channel from the list, for example COUNTER.")),
    ):
        found[column] = _choice(values.get(column, ""), choices)
        if found[column] is None:
            issues.append(Issue(row, column, message))
    status, outcome = _state(values, row, issues)
    if not values.get("summary", "").strip():
        issues.append(Issue(row, "summary", _("Write what the client asks for.")))
    subject = _subject(by, found["subject_kind"], values, row, issues) if found["subject_kind"] else None
    adviser = _adviser(by, values, row, issues)
    # The same row imported again (a file sent twice) gives back the case it made.
    key = "import-" + hashlib.sha256(repr(sorted(values.items())).encode()).hexdigest()[:40]

    def write() -> str:
        case = case_open(
            by=by,
            at=at,
            on=on,
            subject_kind=found["subject_kind"],
            subject=subject,
            topic=found["topic"],
            channel=found["channel"],
            intake_date=intake_date,
            summary=values.get("summary", ""),
            adviser=adviser,
            key=key,
        )
        if case.opened_at == at and case.status == CaseStatus.INTAKE:  # made now
            path = PATHS[status]
            if status == CaseStatus.CLOSED and outcome == CaseOutcome.WITHDRAWN:
                path = (CaseStatus.CLOSED,)
            for step in path:
                outcome_now = outcome if step == CaseStatus.CLOSED else ""
                case = case_move(case=case, to_status=step, by=by, at=at, on=intake_date, outcome=outcome_now)
        return str(subject)

    return write


READERS: dict[str, Callable[..., Callable[[], str]]] = {"helpers": _helper_row, "cases": _case_row}


def services_import(
    *, kind: str, source: IO[bytes] | bytes, by: User, at: dt.datetime, on: dt.date, dry_run: bool = False
) -> ImportResult:
    """Import the helpers directory or cases; all rows or none, every problem by row and column.
    A dry run checks and writes nothing (the preview)."""
    try:
        table = read_table(
            source,
            required=layouts.required(kind),
            optional=layouts.optional(kind),
            aliases=layouts.aliases(kind),
            max_rows=MAX_ROWS,
            max_bytes=MAX_BYTES,
        )
    except TableError as exc:
        raise ImportRefused(list(exc.issues)) from exc
    result = ImportResult(kind=kind, dry_run=dry_run, encoding=table.encoding)
    try:
        with transaction.atomic():
            issues = _write_rows(kind, table.rows, by=by, at=at, on=on, result=result)
            if issues:
                raise ImportRefused(issues, rows=len(table.rows))
            if dry_run:
                raise _Rollback
    except _Rollback:
        pass
    return result


def _write_rows(
    kind: str,
    rows: list[tuple[int, dict[str, str]]],
    *,
    by: User,
    at: dt.datetime,
    on: dt.date,
    result: ImportResult,
) -> list[Issue]:
    issues: list[Issue] = []
    for row, values in rows:
        before = len(issues)
        write = READERS[kind](by, at, on, values, row, issues)
        if len(issues) > before:
            continue
        try:
            with transaction.atomic():
                result.written.append((row, write()))
        except DomainError as exc:
            issues.append(Issue(row, _column(kind, exc.field), exc.message, exc.params))
        except (OutsideScope, PermissionError):
            issues.append(Issue(row, "areas" if kind == "helpers" else "subject_id", OUTSIDE))
    return issues


# A refusal from an action names its form field; the file's column for it.
_FIELDS = {
    "subject": "subject_id",
    "adviser": "adviser_person_id",
    "on": "intake_date",
    "to_status": "status",
}


def _column(kind: str, name: str | None) -> str | None:
    names = {c.name for c in layouts.LAYOUTS[kind]}
    name = _FIELDS.get(name or "", name)
    return name if name in names else None
