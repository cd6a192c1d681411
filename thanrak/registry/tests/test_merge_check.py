"""Merging two records, the check alone: plain values in, what the survivor takes out, no database."""

import pytest

from thanrak.registry.actions import CannotMerge, check_merge

BLANK = dict.fromkeys(
    ("citizen_id", "merged_into_id", "user_id", "birth_date", "sex", "phone", "first_name_en", "last_name_en")
)


def record(**given: object) -> dict[str, object]:
    return {**BLANK, **given}


def test_the_survivor_takes_the_duplicates_id_login_and_the_details_it_lacks():
    fill = check_merge(
        record(phone="0812345678"),
        record(citizen_id="1100000000019", user_id=7, phone="0899999999", sex="F"),
    )

    assert fill.citizen_id and fill.login
    assert fill.filled == {"sex": "F"}


def test_the_survivor_keeps_what_it_has():
    fill = check_merge(
        record(citizen_id="1100000000019", user_id=3), record(citizen_id="1100000000019", user_id=7)
    )

    assert not fill.citizen_id and not fill.login and fill.filled == {}


@pytest.mark.parametrize(
    ("survivor", "duplicate", "code"),
    [
        (record(merged_into_id=4), record(), "these_records_already_merged"),
        (record(), record(merged_into_id=4), "these_records_already_merged"),
        (
            record(citizen_id="1100000000019"),
            record(citizen_id="1100000000027"),
            "these_records_different_citizen",
        ),
    ],
)
def test_records_merged_already_or_with_different_ids_are_refused(survivor, duplicate, code):
    with pytest.raises(CannotMerge) as refused:
        check_merge(survivor, duplicate)

    assert refused.value.code == code
