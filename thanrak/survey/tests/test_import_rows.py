"""Reading a file of answers into households, without a database: each problem on its row."""

from hypothesis import given
from hypothesis import strategies as st

from thanrak.survey.import_rows import household_keys, problem_issues, read_import_rows
from thanrak.survey.validation import Problem

VILLAGE = "56010101"
HOUSEHOLD = 7
REGISTRY = {
    "household_ids": {(VILLAGE, "1"): HOUSEHOLD},
    "members": {HOUSEHOLD: {101, 102}},
    "person_ids": {"1111111111111": 101, "2222222222222": 102, "3333333333333": 103},
}


def _row(cid: str, *, house: str = "1", village: str = VILLAGE, saves: str = "yes", **answers: str):
    return {
        "village_code": village,
        "house_no": house,
        "citizen_id": cid,
        "age": "",
        "saves": saves,
        **answers,
    }


def _read(rows, *, covers=lambda code: True, round_area="5601", **registry):
    return read_import_rows(
        list(enumerate(rows, start=2)),
        round_area=round_area,
        household_questions=["saves"],
        person_questions=["job"],
        covers_area=covers,
        **{**REGISTRY, **registry},
    )


def _columns(read):
    return [(issue.row, issue.column) for issue in read.issues]


class TestReadImportRows:
    def test_a_household_s_rows_become_its_answers_and_its_members_answers(self):
        read = _read([_row("1-1111-11111-11-1", job="farm"), _row("2222222222222", job="shop")])

        [household] = read.households
        assert household.issues == ()
        assert household.rows.household_id == HOUSEHOLD
        assert household.rows.household_raw == {"saves": "yes"}
        assert household.rows.members_raw == {
            101: {"age": "", "answers": {"job": "farm"}},
            102: {"age": "", "answers": {"job": "shop"}},
        }
        assert household.rows.row_of == {101: 2, 102: 3}

    def test_refuses_a_house_the_registry_does_not_have(self):
        read = _read([_row("1111111111111", house="99")])

        assert _columns(read) == [(2, "house_no")]
        assert read.households[0].rows is None

    def test_refuses_a_village_outside_the_round_or_the_user_s_areas(self):
        assert _columns(_read([_row("1111111111111")], round_area="57")) == [(2, "village_code")]
        assert _columns(_read([_row("1111111111111")], covers=lambda code: False)) == [(2, "village_code")]

    def test_refuses_household_answers_that_differ_between_rows(self):
        read = _read([_row("1111111111111"), _row("2222222222222", saves="no")])

        assert _columns(read) == [(3, "saves")]
        assert read.households[0].rows is None

    def test_refuses_a_person_listed_twice_naming_the_first_row(self):
        read = _read([_row("1111111111111"), _row("1111111111111")])

        [issue] = read.issues
        assert (issue.row, issue.column, issue.params) == (3, "citizen_id", {"row": 2})

    def test_refuses_a_person_who_is_not_a_current_member(self):
        assert _columns(_read([_row("3333333333333")])) == [(2, "citizen_id")]
        assert _columns(_read([_row("4444444444444")])) == [(2, "citizen_id")]

    def test_a_person_is_listed_once_in_the_whole_file_not_only_in_a_household(self):
        registry = {
            "household_ids": {(VILLAGE, "1"): 7, (VILLAGE, "2"): 8},
            "members": {7: {101}, 8: {101}},
        }
        read = _read([_row("1111111111111"), _row("1111111111111", house="2")], **registry)

        assert read.households[0].rows is not None
        assert _columns(read) == [(3, "citizen_id")]


class TestProblemIssues:
    def test_a_member_s_problem_is_on_the_member_s_row_a_household_s_on_the_first(self):
        read = _read([_row("1111111111111"), _row("2222222222222")])
        rows = read.households[0].rows

        issues = problem_issues(
            [Problem("hh-saves", "x"), Problem("m102-job", "y"), Problem("m102-age", "z")], rows
        )

        assert [(i.row, i.column, i.message) for i in issues] == [
            (2, "saves", "x"),
            (3, "job", "y"),
            (3, "age", "z"),
        ]


@given(st.lists(st.tuples(st.sampled_from(["1", "2", "3"]), st.sampled_from(["101", "102", "103", "104"]))))
def test_every_row_is_either_read_or_named_in_a_problem(pairs):
    registry = {
        "household_ids": {(VILLAGE, "1"): 1, (VILLAGE, "2"): 2},
        "members": {1: {101, 102}, 2: {103}},
        "person_ids": {"101": 101, "102": 102, "103": 103},
    }
    rows = [_row(cid, house=house) for house, cid in pairs]
    read = _read(rows, **registry)

    numbers = set(range(2, len(rows) + 2))
    read_rows = {n for h in read.households if h.rows for n in h.rows.row_of.values()}
    problem_rows = {i.row for i in read.issues}
    stopped = {
        n
        for h in read.households
        if h.rows is None
        for n, row in enumerate(rows, 2)
        if row["house_no"] == h.house_no
    }
    assert read_rows | stopped == numbers
    assert not read_rows & problem_rows
    assert [h.house_no for h in read.households] == [
        house for _v, house in household_keys(list(enumerate(rows, 2)))
    ]
