"""The pure rules, without a database."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from thanrak.learning.rules import (
    NUMBER_ALPHABET,
    arrival_mark,
    certificate_number,
    completion,
    mask_name,
    promote,
)


def test_completion_needs_the_minimum_attendance_and_the_score():
    assert completion(sessions=5, attended=4, min_percent=80, score=None, pass_score=None).completed
    assert not completion(sessions=5, attended=3, min_percent=80, score=None, pass_score=None).completed
    assert not completion(sessions=5, attended=5, min_percent=80, score=59, pass_score=60).completed
    assert completion(sessions=5, attended=5, min_percent=80, score=60, pass_score=60).completed
    assert not completion(sessions=5, attended=5, min_percent=80, score=None, pass_score=60).completed


def test_a_batch_without_sessions_completes_no_one():
    assert not completion(sessions=0, attended=0, min_percent=0, score=None, pass_score=None).completed


@given(st.integers(0, 50), st.integers(0, 50), st.integers(0, 100))
def test_completion_percent_is_never_above_the_attendance(sessions, attended, minimum):
    attended = min(attended, sessions)
    result = completion(
        sessions=sessions, attended=attended, min_percent=minimum, score=None, pass_score=None
    )
    assert 0 <= result.percent <= 100
    assert result.completed == (sessions > 0 and attended * 100 >= minimum * sessions)


def test_late_after_fifteen_minutes():
    start = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
    assert arrival_mark(arrived=start + dt.timedelta(minutes=15), starts=start) == "PRESENT"
    assert arrival_mark(arrived=start + dt.timedelta(minutes=16), starts=start) == "LATE"


@given(st.integers(1, 30), st.integers(0, 40), st.lists(st.integers(1, 10**6), unique=True, max_size=30))
def test_promotion_fills_free_places_in_order(capacity, enrolled, waiting):
    promoted = promote(capacity=capacity, enrolled=enrolled, waiting=waiting).promoted
    assert list(promoted) == waiting[: max(capacity - enrolled, 0)]


def test_certificate_numbers_are_random_and_readable():
    numbers = {certificate_number(2569) for _ in range(200)}
    assert len(numbers) == 200
    for n in numbers:
        assert n.startswith("LRN-2569-") and all(c in NUMBER_ALPHABET for c in n[9:]) and len(n) == 19


def test_mask_name_keeps_the_first_name_and_one_letter():
    assert mask_name("สมชาย", "ใจดี") == "สมชาย ใ***"
    assert mask_name("Ann", "") == "Ann"
