"""Importing households: rows grouped by village and house number, one head each, members checked
against the registry, written through actions.households_register_batch."""

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from thanrak.core.tabular import Issue
from thanrak.core.thai import from_thai_digits
from thanrak.registry.actions import (
    CannotRegisterPerson,
    clean_person_fields,
    households_register_batch,
    local_day,
)
from thanrak.registry.imports.report import ImportReport
from thanrak.registry.imports.values import (
    OUTSIDE,
    TWICE,
    Areas,
    column_index,
    person_data,
    row_values,
    vocabulary_word,
)
from thanrak.registry.models import (
    Household,
    HouseholdMember,
    Person,
    Relation,
)


@dataclass
class _House:
    village_code: str
    house_no: str
    first_row: int
    house_code: str = ""
    address_detail: str = ""
    members: list[tuple[int, str, dict[str, Any]]] = field(default_factory=list)  # row, relation, person
    issues: list[Issue] = field(default_factory=list)


@dataclass(frozen=True)
class HouseholdsRead:
    """A file's rows grouped into households, each with its members and its own problems."""

    houses: dict[tuple[str, str], _House]  # by (village code, house number), in the file's order
    loose: list[Issue]  # rows that name no household (or could not be read at all)


@dataclass(frozen=True)
class HouseholdsVerdict:
    """Which households are written, and what the report lists for the others."""

    good: list[_House]
    issues: list[Issue]  # each bad household's problems, then its rows skipped with it
    skipped: list[int]  # the rows of the bad households


def import_households(
    headers: list[str],
    rows: Iterator[tuple[int, list[str] | Issue]],
    report: ImportReport,
    areas: Areas,
    *,
    at: dt.datetime,
    tick: Callable[[int], None],
) -> None:
    today = local_day(at)

    def on_row() -> None:
        report.rows += 1
        tick(1)

    read = read_households(rows, column_index(headers), areas, today=today, on_row=on_row)
    _check_against_registry(read.houses, areas)
    for issue in read.loose:
        report.add(issue)
        report.skipped.append(issue.row or 0)
    verdict = judge_households(list(read.houses.values()))
    for issue in verdict.issues:
        report.add(issue)
    report.skipped.extend(verdict.skipped)
    if report.issues and not report.skip_invalid:
        return
    report.imported = len(verdict.good)
    if not report.dry_run:
        households_register_batch(verdict.good, at=at, today=today)


def read_households(
    rows: Iterable[tuple[int, list[str] | Issue]],
    index: dict[str, int],
    areas: Areas,
    *,
    today: dt.date,
    on_row: Callable[[], None] = lambda: None,
) -> HouseholdsRead:
    """Group the rows by village and house number and check each row on its own (no database: the
    areas are the codes loaded once, a citizen ID already registered is checked afterwards)."""
    houses: dict[tuple[str, str], _House] = {}
    seen: dict[str, int] = {}  # citizen ID → the first row naming it
    loose: list[Issue] = []
    for row, cells in rows:
        on_row()
        if isinstance(cells, Issue):
            loose.append(cells)
            continue
        issue = _read_row(row, row_values(cells, index), houses, seen, areas, today)
        if issue is not None:
            loose.append(issue)
    return HouseholdsRead(houses=houses, loose=loose)


def _read_row(
    row: int,
    values: dict[str, str],
    houses: dict[tuple[str, str], _House],
    seen: dict[str, int],
    areas: Areas,
    today: dt.date,
) -> Issue | None:
    """Add the row's member to its household (a problem goes on the household); an Issue when the
    row names no household."""
    village = from_thai_digits(values.pop("village_code", ""))
    house_no = " ".join(values.pop("house_no", "").split())
    if not village or not house_no:
        column = "village_code" if not village else "house_no"
        return Issue(row, column, _("Every row needs the village code and the house number."))
    house = houses.setdefault((village, house_no), _House(village, house_no, row))
    if len(house.members) == 0 and row == house.first_row:
        _check_village(house, row, areas)
    code = from_thai_digits(values.pop("house_code", "")).replace("-", "").strip()
    detail = values.pop("address_detail", "")
    if code:
        if not (code.isdigit() and len(code) == 11):
            house.issues.append(Issue(row, "house_code", _("The house registration code must be 11 digits.")))
        house.house_code = house.house_code or code
    house.address_detail = house.address_detail or detail
    member = _member(row, values, house, seen, today)
    if member is not None:
        house.members.append(member)
    return None


def _member(
    row: int, values: dict[str, str], house: _House, seen: dict[str, int], today: dt.date
) -> tuple[int, str, dict[str, Any]] | None:
    """The row's member (row, relation, checked person fields), or None with the problem on the house."""
    issues = house.issues
    relation = vocabulary_word("relation", values.pop("relation", ""))
    if relation is None:
        issues.append(Issue(row, "relation", _("Unknown relation to the head.")))
        return None
    if relation == Relation.HEAD and any(r == Relation.HEAD for _, r, _ in house.members):
        issues.append(Issue(row, "relation", _("This household already has a head on another row.")))
        return None
    data = person_data(values, row, issues)
    if data is None:
        return None
    try:
        data = clean_person_fields(
            {**data, "area_code": house.village_code},
            today=today,
            check_registered=False,
            area_exists=lambda c: True,
        )
    except CannotRegisterPerson as exc:
        issues.append(Issue(row, exc.field, exc.message, exc.params))
        return None
    if (cid := data["citizen_id"]) and cid in seen:
        issues.append(Issue(row, "citizen_id", TWICE, {"id": cid, "row": seen[cid]}))
        return None
    if cid:
        seen[cid] = row
    return (row, relation, data)


def judge_households(houses: list[_House]) -> HouseholdsVerdict:
    """A household is written whole or not at all: one without a head, or with a problem on any of
    its rows, is skipped with every row of it."""
    good: list[_House] = []
    issues: list[Issue] = []
    skipped: list[int] = []
    for house in houses:
        if house.members and not any(r == Relation.HEAD for _, r, _ in house.members) and not house.issues:
            house.issues.append(
                Issue(house.first_row, "relation", _("This household has no head (relation HEAD)."))
            )
        if not house.issues:
            good.append(house)
            continue
        issues.extend(house.issues)
        bad_rows = {i.row for i in house.issues}
        issues.extend(
            Issue(
                row,
                None,
                _("Skipped with its household (house %(house)s): another row of it has a problem."),
                {"house": house.house_no},
            )
            for row, _r, _d in house.members
            if row not in bad_rows
        )
        skipped.extend(sorted(bad_rows | {r for r, _, _ in house.members}))
    return HouseholdsVerdict(good=good, issues=issues, skipped=skipped)


def _check_village(house: _House, row: int, areas: Areas) -> None:
    code = house.village_code
    if not (len(code) == 8 and code.isascii() and code.isdigit()) or code not in areas.villages:
        house.issues.append(
            Issue(row, "village_code", _("The village code %(code)s does not exist."), {"code": code})
        )
    elif not areas.inside(code):
        house.issues.append(Issue(row, "village_code", OUTSIDE, {"code": code}))


def _check_against_registry(houses: dict[tuple[str, str], _House], areas: Areas) -> None:
    """Households already registered, and members already registered elsewhere or in a household."""
    villages = {v for v, _ in houses}
    existing = set()
    for start in range(0, len(villages), 500):
        part = sorted(villages)[start : start + 500]
        existing |= set(Household.objects.filter(area_code__in=part).values_list("area_code", "house_no"))
    ids = [d["citizen_id"] for h in houses.values() for _, _, d in h.members if d["citizen_id"]]
    people: dict[str, tuple[int, str, int | None]] = {}
    for start in range(0, len(ids), 5_000):
        for pk, cid, area, merged in Person.objects.filter(
            citizen_id__in=ids[start : start + 5_000]
        ).values_list("pk", "citizen_id", "area_code", "merged_into_id"):
            people[cid] = (pk, area, merged)
    housed = (
        set(
            HouseholdMember.objects.filter(
                person_id__in=[p[0] for p in people.values()], left_date__isnull=True
            ).values_list("person_id", flat=True)
        )
        if people
        else set()
    )
    for (village, house_no), house in houses.items():
        if (village, house_no) in existing:
            house.issues.append(
                Issue(
                    house.first_row,
                    "house_no",
                    _("House %(house)s is already registered in village %(code)s."),
                    {"house": house_no, "code": village},
                )
            )
        for row, _relation, data in house.members:
            found = people.get(data["citizen_id"] or "")
            if found is None:
                continue
            pk, area, merged = found
            if merged or not areas.inside(area):
                house.issues.append(
                    Issue(
                        row,
                        "citizen_id",
                        _("The citizen ID %(id)s is registered outside your areas."),
                        {"id": data["citizen_id"]},
                    )
                )
            elif pk in housed:
                house.issues.append(
                    Issue(
                        row,
                        "citizen_id",
                        _("The person with citizen ID %(id)s already lives in another household."),
                        {"id": data["citizen_id"]},
                    )
                )
            else:
                data["existing_pk"] = pk
