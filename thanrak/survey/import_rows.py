"""Reading a file of a round's answers: its rows grouped into households, with each row's problems.

Pure: plain values in (the file's rows, and what the registry holds about the households and people
the file names), a named result out. The action (`actions.responses_import`) looks the registry up
first, then checks each household's answers against the instrument and writes only when no row has
a problem.
"""

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from thanrak.core.tabular import Issue
from thanrak.survey.validation import Problem

Row = tuple[int, Mapping[str, str]]  # (row number in the file, column -> text)


@dataclass(frozen=True)
class HouseholdRows:
    """One household's rows, read: its answers and each member's answers by person id."""

    household_id: int
    first_row: int
    household_raw: dict[str, str]
    members_raw: dict[int, dict[str, Any]]
    row_of: dict[int, int]  # person id -> the row the person is on


@dataclass(frozen=True)
class HouseholdRead:
    """What the rows of one (village, house number) gave: the household's rows, or None when a
    problem stops it, and the problems found, in row order."""

    village_code: str
    house_no: str
    rows: HouseholdRows | None
    issues: tuple[Issue, ...]


@dataclass(frozen=True)
class ImportRows:
    households: tuple[HouseholdRead, ...]  # in the order the file first names them

    @property
    def issues(self) -> tuple[Issue, ...]:
        return tuple(issue for household in self.households for issue in household.issues)


def clean_citizen_id(text: str) -> str:
    return text.replace("-", "").replace(" ", "")


def household_keys(rows: Sequence[Row]) -> list[tuple[str, str]]:
    """The (village code, house number) pairs the file names, in the order it first names them."""
    return list(dict.fromkeys((row["village_code"], row["house_no"]) for _n, row in rows))


def read_import_rows(
    rows: Sequence[Row],
    *,
    round_area: str,
    household_questions: Sequence[str],
    person_questions: Sequence[str],
    household_ids: Mapping[tuple[str, str], int],
    covers_area: Callable[[str], bool],
    members: Mapping[int, Collection[int]],
    person_ids: Mapping[str, int],
) -> ImportRows:
    """Group the rows by household and read each: the household must be in the registry, in the
    round's area and the user's; its answers the same on each of its rows; each row a current
    member of it (`members`: household id -> the ids of its current members), listed once in the
    whole file (`person_ids`: citizen ID -> person id, for those the registry knows)."""
    groups: dict[tuple[str, str], list[Row]] = {}
    for number, row in rows:
        groups.setdefault((row["village_code"], row["house_no"]), []).append((number, row))
    seen: dict[str, int] = {}
    households = []
    for (village_code, house_no), group in groups.items():
        household_id = household_ids.get((village_code, house_no))
        first_row = group[0][0]
        if household_id is None:
            issue = Issue(
                first_row,
                "house_no",
                _("No household %(house)s in village %(village)s in the registry."),
                {"house": house_no, "village": village_code},
            )
            households.append(HouseholdRead(village_code, house_no, None, (issue,)))
            continue
        if not village_code.startswith(round_area) or not covers_area(village_code):
            issue = Issue(
                first_row,
                "village_code",
                _("Village %(village)s is outside the round's area or yours."),
                {"village": village_code},
            )
            households.append(HouseholdRead(village_code, house_no, None, (issue,)))
            continue
        households.append(
            _read_household(
                group,
                household_id=household_id,
                village_code=village_code,
                house_no=house_no,
                household_questions=household_questions,
                person_questions=person_questions,
                members=members.get(household_id, ()),
                person_ids=person_ids,
                seen=seen,
            )
        )
    return ImportRows(tuple(households))


def _read_household(
    group: Sequence[Row],
    *,
    household_id: int,
    village_code: str,
    house_no: str,
    household_questions: Sequence[str],
    person_questions: Sequence[str],
    members: Collection[int],
    person_ids: Mapping[str, int],
    seen: dict[str, int],
) -> HouseholdRead:
    """One household's rows; `seen` (citizen ID -> row) carries the people listed so far in the file."""
    household_raw = {q: group[0][1].get(q, "") for q in household_questions}
    members_raw: dict[int, dict[str, Any]] = {}
    row_of: dict[int, int] = {}
    issues: list[Issue] = []
    for number, row in group:
        for q in household_questions:
            if row.get(q, "") != household_raw[q]:
                issues.append(
                    Issue(number, q, _("Household answers differ between the rows of one household."))
                )
        cid = clean_citizen_id(row["citizen_id"])
        if cid in seen:
            issues.append(
                Issue(
                    number,
                    "citizen_id",
                    _("This person is already listed on row %(row)s."),
                    {"row": seen[cid]},
                )
            )
            continue
        seen[cid] = number
        person_id = person_ids.get(cid)
        if person_id is None or person_id not in members:
            issues.append(
                Issue(
                    number,
                    "citizen_id",
                    _("This person is not a current member of household %(house)s in the registry."),
                    {"house": house_no},
                )
            )
            continue
        members_raw[person_id] = {
            "age": row.get("age"),
            "answers": {q: row.get(q, "") for q in person_questions},
        }
        row_of[person_id] = number
    if issues:
        return HouseholdRead(village_code, house_no, None, tuple(issues))
    rows = HouseholdRows(household_id, group[0][0], household_raw, members_raw, row_of)
    return HouseholdRead(village_code, house_no, rows, ())


def problem_issues(problems: Sequence[Problem], household: HouseholdRows) -> list[Issue]:
    """The instrument's problems with a household's answers, each on the row and column it is about
    (`hh-<question>` on the household's first row, `m<person id>-<question>` on the person's row)."""
    issues = []
    for problem in problems:
        column = problem.field.split("-", 1)[1]
        row_no = household.first_row
        if problem.field.startswith("m"):
            row_no = household.row_of.get(int(problem.field[1:].split("-", 1)[0]), household.first_row)
        issues.append(Issue(row_no, column, problem.text))
    return issues
