"""The households import's pure core: rows grouped into households and judged whole, no database."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from thanrak.core.citizen_id import check_digit
from thanrak.registry.imports.households import judge_households, read_households
from thanrak.registry.imports.layouts import columns
from thanrak.registry.models import Relation

TODAY = dt.date(2026, 12, 7)
HEADERS = [c.name for c in columns("households")]
INDEX = {name: i for i, name in enumerate(HEADERS)}


class Areas:
    """The two villages the importer knows; only the first is inside the importer's areas."""

    villages = frozenset({"56010101", "56010102"})

    def inside(self, code: str) -> bool:
        return code == "56010101"


def cid(n: int) -> str:
    first12 = f"1{n:011d}"
    return first12 + str(check_digit(first12))


def row(village: str, house: str, relation: str, citizen_id: str = "", **more: str) -> list[str]:
    values = {
        "village_code": village,
        "house_no": house,
        "relation": relation,
        "citizen_id": citizen_id,
        "first_name": "ทดสอบ",
        "last_name": "ใจดี",
        **more,
    }
    return [values.get(name, "") for name in HEADERS]


def read(*cells: list[str]):  # noqa: ANN201 — HouseholdsRead
    return read_households(enumerate(cells, start=2), INDEX, Areas(), today=TODAY)


class TestReadHouseholds:
    def test_rows_of_one_house_make_one_household_with_its_members(self):
        got = read(row("56010101", "12/1", "HEAD", cid(1)), row("56010101", "12/1", "บุตร", cid(2)))

        (house,) = got.houses.values()
        assert (house.village_code, house.house_no, house.first_row) == ("56010101", "12/1", 2)
        assert [(r, rel) for r, rel, _ in house.members] == [(2, "HEAD"), (3, "CHILD")]
        assert house.issues == [] and got.loose == []

    def test_a_row_without_a_house_number_belongs_to_no_household(self):
        got = read(row("56010101", "", "HEAD"))

        assert got.houses == {}
        assert [(i.row, i.column) for i in got.loose] == [(2, "house_no")]

    def test_a_second_head_and_a_repeated_id_are_problems_of_the_household(self):
        got = read(
            row("56010101", "1", "HEAD", cid(1)),
            row("56010101", "1", "HEAD", cid(2)),
            row("56010101", "1", "CHILD", cid(1)),
        )

        (house,) = got.houses.values()
        assert [(i.row, i.column) for i in house.issues] == [(3, "relation"), (4, "citizen_id")]
        assert [r for r, _, _ in house.members] == [2]

    def test_a_village_outside_the_importers_areas_or_unknown_is_refused_on_the_first_row(self):
        got = read(row("56010102", "1", "HEAD"), row("56019999", "1", "HEAD"))

        outside, unknown = got.houses.values()
        assert [(i.row, i.column, i.params) for i in outside.issues] == [
            (2, "village_code", {"code": "56010102"})
        ]
        assert [(i.row, i.column) for i in unknown.issues] == [(3, "village_code")]


class TestJudgeHouseholds:
    def test_a_household_without_a_head_is_skipped_with_every_row(self):
        got = read(
            row("56010101", "1", "CHILD"), row("56010101", "1", "SPOUSE"), row("56010101", "2", "HEAD")
        )

        verdict = judge_households(list(got.houses.values()))

        assert [h.house_no for h in verdict.good] == ["2"]
        assert verdict.skipped == [2, 3]
        assert [(i.row, i.column) for i in verdict.issues] == [(2, "relation"), (3, None)]


RELATIONS = st.sampled_from(["HEAD", "SPOUSE", "CHILD", "NOBODY"])


@given(st.lists(st.tuples(st.integers(1, 4), RELATIONS), min_size=1, max_size=12))
def test_every_row_is_written_or_skipped_and_a_written_household_has_exactly_one_head(rows):
    cells = [row("56010101", str(house), relation) for house, relation in rows]
    got = read(*cells)

    verdict = judge_households(list(got.houses.values()))

    written = [r for h in verdict.good for r, _, _ in h.members]
    assert sorted(written + verdict.skipped) == list(range(2, len(rows) + 2))
    assert not set(written) & set(verdict.skipped)
    for house in verdict.good:
        assert [rel for _, rel, _ in house.members].count(Relation.HEAD) == 1
