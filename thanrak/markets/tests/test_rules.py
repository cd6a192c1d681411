import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from thanrak.markets import rules


def test_a_weekend_market_is_held_on_saturdays_and_sundays_only():
    mask = rules.weekdays_mask([5, 6])
    saturday = dt.date(2026, 11, 28)
    assert rules.is_event_day(day=saturday, start=dt.date(2026, 11, 1), end=None, weekdays=mask)
    assert not rules.is_event_day(
        day=saturday - dt.timedelta(days=1), start=dt.date(2026, 11, 1), end=None, weekdays=mask
    )
    assert not rules.is_event_day(day=saturday, start=dt.date(2026, 12, 1), end=None, weekdays=mask)


def test_a_fair_is_held_every_day_between_its_dates():
    days = list(
        rules.event_days(start=dt.date(2026, 11, 21), end=dt.date(2026, 11, 25), until=dt.date(2026, 11, 23))
    )
    assert days == [dt.date(2026, 11, 21), dt.date(2026, 11, 22), dt.date(2026, 11, 23)]


@given(st.sets(st.integers(0, 6), min_size=1))
def test_weekdays_round_trip(days):
    assert rules.weekdays_of(rules.weekdays_mask(days)) == sorted(days)


def test_back_to_back_meetings_do_not_overlap():
    t = dt.datetime(2026, 11, 22, 9, tzinfo=dt.UTC)
    half = dt.timedelta(minutes=30)
    assert not rules.overlaps(t, t + half, t + half, t + 2 * half)
    assert rules.overlaps(t, t + half, t + half / 2, t + 2 * half)


@given(st.integers(0, 10**9), st.none() | st.integers(0, 10**9))
def test_a_days_figure_is_pos_plus_what_was_typed(pos, typed):
    figure = rules.day_figure(pos_satang=pos, typed_satang=typed)
    assert figure.satang == pos + (typed or 0)
    assert figure.source in ("POS", "TYPED", "BOTH", "NONE")
