"""Importing a round's answers from a CSV/XLSX file."""

import datetime as dt
from dataclasses import dataclass, field

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.actions import audit_record
from thanrak.accounts.models import AuditEvent, User
from thanrak.accounts.scope import scope_of
from thanrak.core.tabular import Issue, TableError, bound_issues, read_table
from thanrak.registry.models import Household, HouseholdMember, Person
from thanrak.survey.actions._common import _require
from thanrak.survey.actions.collection import CannotCollect, _store_submitted
from thanrak.survey.import_rows import (
    ImportRows,
    clean_citizen_id,
    household_keys,
    problem_issues,
    read_import_rows,
)
from thanrak.survey.models import (
    MemberAnswer,
    Response,
    ResponseStatus,
    Round,
    RoundStatus,
    Source,
    SurveyVersion,
)
from thanrak.survey.validation import Checked, Instrument, check

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


def _registry_lookup(
    rows: list[tuple[int, dict[str, str]]], round_: Round
) -> tuple[dict[tuple[str, str], Household], dict[int, dict[int, Person]], dict[str, int]]:
    """What the registry holds about the file's households and people, in three queries: the
    household of each (village, house number) (the first recorded when there are several), each
    one's current members born by the reference date, and the person id of each citizen ID."""
    keys = household_keys(rows)
    households: dict[tuple[str, str], Household] = {}
    candidates = Household.objects.filter(
        area_code__in={v for v, _h in keys}, house_no__in={h for _v, h in keys}
    ).order_by("pk")
    wanted = set(keys)
    for household in candidates:
        key = (household.area_code, household.house_no)
        if key in wanted:
            households.setdefault(key, household)
    born = models.Q(person__birth_date__isnull=True) | models.Q(person__birth_date__lte=round_.reference_date)
    members: dict[int, dict[int, Person]] = {}
    for m in HouseholdMember.objects.filter(
        born, household__in=list(households.values()), left_date__isnull=True
    ).select_related("person"):
        members.setdefault(m.household_id, {})[m.person_id] = m.person
    citizen_ids = [clean_citizen_id(row["citizen_id"]) for _n, row in rows]
    person_ids = dict(Person.objects.filter(citizen_id__in=citizen_ids).values_list("citizen_id", "pk"))
    return households, members, person_ids


def _checked_households(
    read: ImportRows,
    *,
    households: dict[tuple[str, str], Household],
    members: dict[int, dict[int, Person]],
    inst: Instrument,
    round_: Round,
) -> tuple[list[Issue], list[tuple[Household, Checked]]]:
    """Every problem of the file, in row order, and each household's checked answers: the rows as
    read, then the instrument's checks, then no member listed in another household of the round."""
    issues: list[Issue] = []
    prepared: list[tuple[Household, Checked]] = []
    for household_read in read.households:
        issues.extend(household_read.issues)
        rows = household_read.rows
        if rows is None:
            continue
        household = households[(household_read.village_code, household_read.house_no)]
        checked = check(
            inst,
            reference_date=round_.reference_date,
            household_raw=rows.household_raw,
            members_raw=rows.members_raw,
            persons=members.get(rows.household_id, {}),
            complete=True,
        )
        issues.extend(problem_issues(checked.problems, rows))
        if not checked.ok:
            continue
        already = MemberAnswer.objects.filter(round=round_, person_id__in=list(checked.members)).exclude(
            response__household=household
        )
        if already.exists():
            issues.append(
                Issue(
                    rows.first_row,
                    "citizen_id",
                    _("A member is already listed in another household in this round."),
                )
            )
            continue
        prepared.append((household, checked))
    return issues, prepared


@transaction.atomic
def responses_import(
    *, round_: Round, data: bytes, by: User, at: dt.datetime, max_bytes: int | None = None
) -> ImportReport:
    """Import a round's answers from CSV/XLSX: all rows are checked first and nothing is written on
    any problem."""
    _require(by, "survey.response", "import")
    if not Round.objects.visible_to(by).filter(pk=round_.pk).exists():
        raise PermissionError("survey.round outside the user's areas")  # each row's village is checked below
    if round_.status != RoundStatus.OPEN:
        raise CannotCollect(_("This round is closed."), code="round_closed")
    version = round_.version
    inst = Instrument.of(version)
    try:
        table = read_table(data, required=import_columns(version), max_bytes=max_bytes)
    except TableError as exc:
        return ImportReport(issues=exc.issues)
    households, members, person_ids = _registry_lookup(table.rows, round_)
    read = read_import_rows(
        table.rows,
        round_area=round_.area_code,
        household_questions=[q.name for q in inst.household_questions()],
        person_questions=[q.name for q in inst.person_questions()],
        household_ids={key: h.pk for key, h in households.items()},
        covers_area=scope_of(by).covers_area,
        members=members,
        person_ids=person_ids,
    )
    issues, prepared = _checked_households(
        read, households=households, members=members, inst=inst, round_=round_
    )
    if issues:
        return ImportReport(issues=bound_issues(issues))
    report = ImportReport()
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
