"""The persons import's pure core: a row checked on its own and against the file, no database."""

import datetime as dt

from thanrak.core.citizen_id import check_digit
from thanrak.registry.imports.persons import check_person_row, split_registered

TODAY = dt.date(2026, 12, 7)


class Areas:
    """Two villages exist; the importer works in the first only."""

    def exists(self, code: str) -> bool:
        return code in ("56010101", "56010102")

    def inside(self, code: str) -> bool:
        return code.startswith("56010101")


def cid(n: int) -> str:
    first12 = f"1{n:011d}"
    return first12 + str(check_digit(first12))


def values(**more: str) -> dict[str, str]:
    return {"citizen_id": "", "first_name": "ทดสอบ", "last_name": "ใจดี", "area_code": "56010101", **more}


def check(row: int, given: dict[str, str], seen: dict[str, int]) -> tuple[object, list]:
    issues: list = []
    return check_person_row(given, row, Areas(), TODAY, seen, issues), issues


class TestCheckPersonRow:
    def test_a_good_row_gives_the_persons_fields_and_remembers_its_id(self):
        seen: dict[str, int] = {}

        data, issues = check(2, values(citizen_id=cid(7), sex="หญิง", birth_date="12/05/2508"), seen)

        assert issues == [] and seen == {cid(7): 2}
        assert (data["citizen_id"], data["sex"], data["birth_date"]) == (cid(7), "F", dt.date(1965, 5, 12))

    def test_the_same_id_on_a_later_row_is_refused_naming_the_first(self):
        seen = {cid(7): 2}

        data, issues = check(5, values(citizen_id=cid(7)), seen)

        assert data is None and seen == {cid(7): 2}
        assert [(i.row, i.column, i.params) for i in issues] == [(5, "citizen_id", {"id": cid(7), "row": 2})]

    def test_an_area_outside_the_importer_and_an_unknown_one_are_refused(self):
        outside, out_issues = check(2, values(area_code="56010102"), {})
        unknown, unknown_issues = check(3, values(area_code="56019999"), {})

        assert outside is None and [i.column for i in out_issues] == ["area_code"]
        assert unknown is None and [i.column for i in unknown_issues] == ["area_code"]

    def test_a_wrong_check_digit_is_a_problem_of_the_row(self):
        bad = cid(7)[:12] + str((int(cid(7)[12]) + 1) % 10)

        data, issues = check(2, values(citizen_id=bad), {})

        assert data is None and [(i.row, i.column) for i in issues] == [(2, "citizen_id")]


def test_split_registered_keeps_the_new_and_refuses_the_registered_in_file_order():
    chunk = [(2, {"citizen_id": cid(1)}), (3, {"citizen_id": None}), (4, {"citizen_id": cid(2)})]

    good, refused = split_registered(chunk, {cid(2)})

    assert good == [{"citizen_id": cid(1)}, {"citizen_id": None}]
    assert [(i.row, i.column, i.params) for i in refused] == [(4, "citizen_id", {"id": cid(2)})]
