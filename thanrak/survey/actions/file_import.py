"""Importing a round's answers from a CSV/XLSX file."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.actions import audit_record
from thanrak.accounts.models import AuditEvent, User
from thanrak.accounts.scope import scope_of
from thanrak.core.tabular import Issue, TableError, bound_issues, read_table
from thanrak.registry.models import Household, Person
from thanrak.survey.actions._common import _require
from thanrak.survey.actions.collection import CannotCollect, _current_members, _store_submitted
from thanrak.survey.models import (
    MemberAnswer,
    Response,
    ResponseStatus,
    Round,
    RoundStatus,
    Source,
    SurveyVersion,
)
from thanrak.survey.validation import Instrument, check

IMPORT_FIXED = ("village_code", "house_no", "citizen_id", "age")


@dataclass
class ImportReport:
    households: int = 0
    persons: int = 0
    issues: list[Issue] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.issues


def import_columns(version: SurveyVersion) -> list[str]:
    """The documented layout: one row per member; household answers repeated on each member's row."""
    names = [q.name for q in version.questions.order_by("order", "id")]
    return [*IMPORT_FIXED, *names]


@transaction.atomic
def responses_import(
    *, round_: Round, data: bytes, by: User, at: dt.datetime, max_bytes: int | None = None
) -> ImportReport:
    """Import a round's answers from CSV/XLSX: all rows are checked first and nothing is written on any problem."""
    _require(by, "survey.response", "import")
    if not Round.objects.visible_to(by).filter(pk=round_.pk).exists():
        raise PermissionError("survey.round outside the user's areas")  # each row's village is checked below
    if round_.status != RoundStatus.OPEN:
        raise CannotCollect(_("This round is closed."), code="round_closed")
    version = round_.version
    inst = Instrument.of(version)
    columns = import_columns(version)
    try:
        table = read_table(data, required=columns, max_bytes=max_bytes)
    except TableError as exc:
        return ImportReport(issues=exc.issues)
    report = ImportReport()
    groups: dict[tuple[str, str], list[tuple[int, dict[str, str]]]] = {}
    for number, row in table.rows:
        groups.setdefault((row["village_code"], row["house_no"]), []).append((number, row))
    hh_questions = [q.name for q in inst.household_questions()]
    p_questions = [q.name for q in inst.person_questions()]
    citizen_ids = [row["citizen_id"].replace("-", "").replace(" ", "") for _n, row in table.rows]
    persons_by_cid = {p.citizen_id: p for p in Person.objects.filter(citizen_id__in=citizen_ids)}
    seen_cid: dict[str, int] = {}
    prepared = []
    for (village_code, house_no), rows in groups.items():
        first_row = rows[0][0]
        household = Household.objects.filter(area_code=village_code, house_no=house_no).first()
        if household is None:
            report.issues.append(
                Issue(
                    first_row,
                    "house_no",
                    _("No household %(house)s in village %(village)s in the registry."),
                    {"house": house_no, "village": village_code},
                )
            )
            continue
        if not village_code.startswith(round_.area_code) or not scope_of(by).covers_area(village_code):
            report.issues.append(
                Issue(
                    first_row,
                    "village_code",
                    _("Village %(village)s is outside the round's area or yours."),
                    {"village": village_code},
                )
            )
            continue
        members = _current_members(household, round_)
        household_raw = {q: rows[0][1].get(q, "") for q in hh_questions}
        members_raw: dict[int, dict[str, Any]] = {}
        row_of: dict[int, int] = {}
        bad = False
        for number, row in rows:
            for q in hh_questions:
                if row.get(q, "") != household_raw[q]:
                    report.issues.append(
                        Issue(number, q, _("Household answers differ between the rows of one household."))
                    )
                    bad = True
            cid = row["citizen_id"].replace("-", "").replace(" ", "")
            person = persons_by_cid.get(cid)
            if cid in seen_cid:
                report.issues.append(
                    Issue(
                        number,
                        "citizen_id",
                        _("This person is already listed on row %(row)s."),
                        {"row": seen_cid[cid]},
                    )
                )
                bad = True
                continue
            seen_cid[cid] = number
            if person is None or person.pk not in members:
                report.issues.append(
                    Issue(
                        number,
                        "citizen_id",
                        _("This person is not a current member of household %(house)s in the registry."),
                        {"house": house_no},
                    )
                )
                bad = True
                continue
            members_raw[person.pk] = {
                "age": row.get("age"),
                "answers": {q: row.get(q, "") for q in p_questions},
            }
            row_of[person.pk] = number
        if bad:
            continue
        checked = check(
            inst,
            reference_date=round_.reference_date,
            household_raw=household_raw,
            members_raw=members_raw,
            persons=members,
            complete=True,
        )
        for problem in checked.problems:
            column = problem.field.split("-", 1)[1]
            row_no = first_row
            if problem.field.startswith("m"):
                row_no = row_of.get(int(problem.field[1:].split("-", 1)[0]), first_row)
            report.issues.append(Issue(row_no, column, problem.text))
        if checked.ok:
            already = MemberAnswer.objects.filter(round=round_, person_id__in=list(checked.members)).exclude(
                response__household=household
            )
            if already.exists():
                report.issues.append(
                    Issue(
                        first_row,
                        "citizen_id",
                        _("A member is already listed in another household in this round."),
                    )
                )
                continue
            prepared.append((household, checked))
    if report.issues:
        report.issues = bound_issues(report.issues)
        return report
    for household, checked in prepared:
        existing = Response.objects.filter(
            round=round_, household=household, status=ResponseStatus.SUBMITTED
        ).first()
        if existing is not None:
            existing.members.all().delete()
            Response.objects.filter(pk=existing.pk).update(status=ResponseStatus.DRAFT)
        _store_submitted(
            round_=round_, household=household, checked=checked, by=by, at=at, source=Source.IMPORT
        )
        report.households += 1
        report.persons += len(checked.members)
    audit_record(
        by=by,
        event=AuditEvent.IMPORT,
        at=at,
        object_type="survey.round",
        object_id=str(round_.pk),
        area_code=round_.area_code,
        detail={"households": report.households},
    )
    return report
