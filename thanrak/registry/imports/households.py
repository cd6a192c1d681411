"""Importing households: rows grouped by village and house number, one head each, members checked
against the registry, written through actions.households_register_batch."""

import datetime as dt
from collections.abc import Callable, Iterator
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
    _index,
    _person_data,
    _values,
    _word,
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


def _import_households(
    headers: list[str],
    rows: Iterator[tuple[int, list[str] | Issue]],
    report: ImportReport,
    areas: Areas,
    *,
    at: dt.datetime,
    tick: Callable[[int], None],
) -> None:
    today = local_day(at)
    index = _index(headers)
    houses: dict[tuple[str, str], _House] = {}
    seen: dict[str, int] = {}
    loose: list[Issue] = []  # rows that name no household
    for row, cells in rows:
        report.rows += 1
        tick(1)
        if isinstance(cells, Issue):
            loose.append(cells)
            continue
        values = _values(cells, index)
        village = from_thai_digits(values.pop("village_code", ""))
        house_no = " ".join(values.pop("house_no", "").split())
        if not village or not house_no:
            column = "village_code" if not village else "house_no"
            loose.append(Issue(row, column, _("Every row needs the village code and the house number.")))
            continue
        house = houses.setdefault((village, house_no), _House(village, house_no, row))
        issues = house.issues
        if len(house.members) == 0 and row == house.first_row:
            _check_village(house, row, areas)
        code = from_thai_digits(values.pop("house_code", "")).replace("-", "").strip()
        detail = values.pop("address_detail", "")
        if code:
            if not (code.isdigit() and len(code) == 11):
                issues.append(Issue(row, "house_code", _("The house registration code must be 11 digits.")))
            house.house_code = house.house_code or code
        house.address_detail = house.address_detail or detail
        relation = _word("relation", values.pop("relation", ""))
        if relation is None:
            issues.append(Issue(row, "relation", _("Unknown relation to the head.")))
            continue
        if relation == Relation.HEAD and any(r == Relation.HEAD for _, r, _ in house.members):
            issues.append(Issue(row, "relation", _("This household already has a head on another row.")))
            continue
        data = _person_data(values, row, issues)
        if data is None:
            continue
        try:
            data = clean_person_fields(
                {**data, "area_code": village},
                today=today,
                check_registered=False,
                area_exists=lambda c: True,
            )
        except CannotRegisterPerson as exc:
            issues.append(Issue(row, exc.field, exc.message, exc.params))
            continue
        if (cid := data["citizen_id"]) and cid in seen:
            issues.append(Issue(row, "citizen_id", TWICE, {"id": cid, "row": seen[cid]}))
            continue
        if cid:
            seen[cid] = row
        house.members.append((row, relation, data))
    _check_against_registry(houses, areas)
    for issue in loose:
        report.add(issue)
        report.skipped.append(issue.row or 0)
    good: list[_House] = []
    for house in houses.values():
        if house.members and not any(r == Relation.HEAD for _, r, _ in house.members) and not house.issues:
            house.issues.append(
                Issue(house.first_row, "relation", _("This household has no head (relation HEAD)."))
            )
        if house.issues:
            for issue in house.issues:
                report.add(issue)
            bad_rows = {i.row for i in house.issues}
            for row, _r, _d in house.members:
                if row not in bad_rows:
                    report.add(
                        Issue(
                            row,
                            None,
                            _(
                                "Skipped with its household (house %(house)s): another row of it "
                                "has a problem."
                            ),
                            {"house": house.house_no},
                        )
                    )
            report.skipped.extend(sorted(bad_rows | {r for r, _, _ in house.members}))
        else:
            good.append(house)
    if report.issues and not report.skip_invalid:
        return
    report.imported = len(good)
    if not report.dry_run:
        households_register_batch(good, at=at, today=today)


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
