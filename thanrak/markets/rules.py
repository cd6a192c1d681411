"""The rules of markets and fairs, without a database: which days an event is held, whether two
meetings overlap, and how a day's turnover is put together from POS sales and typed figures."""

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

# Monday = bit 0 … Sunday = bit 6, as date.weekday().
ALL_WEEKDAYS = 127


def weekdays_mask(days: Iterable[int]) -> int:
    """{5, 6} (Saturday, Sunday) → 96; days outside 0–6 are refused."""
    mask = 0
    for day in days:
        if not 0 <= day <= 6:
            raise ValueError(day)
        mask |= 1 << day
    return mask


def weekdays_of(mask: int) -> list[int]:
    return [d for d in range(7) if mask & (1 << d)]


def is_event_day(*, day: dt.date, start: dt.date, end: dt.date | None, weekdays: int = 0) -> bool:
    """A one-off event is held every day from start to end; a recurring market (weekdays set) on
    its days of the week from its start, until its end if it has one."""
    if day < start or (end is not None and day > end):
        return False
    return not weekdays or bool(weekdays & (1 << day.weekday()))


def event_days(
    *, start: dt.date, end: dt.date | None, weekdays: int = 0, until: dt.date
) -> Iterator[dt.date]:
    """The days the event is held from its start to its end or `until`, whichever comes first."""
    last = min(end, until) if end is not None else until
    day = start
    while day <= last:
        if is_event_day(day=day, start=start, end=end, weekdays=weekdays):
            yield day
        day += dt.timedelta(days=1)


def overlaps(a_start: dt.datetime, a_end: dt.datetime, b_start: dt.datetime, b_end: dt.datetime) -> bool:
    """Two slots overlap when each starts before the other ends (back to back is fine)."""
    return a_start < b_end and b_start < a_end


@dataclass(frozen=True)
class DayFigure:
    """A booth's turnover on a day: POS sales when it sells with the POS, else the typed figure."""

    pos_satang: int
    typed_satang: int | None
    satang: int
    source: str  # "POS", "TYPED", "BOTH" or "NONE"


def day_figure(*, pos_satang: int, typed_satang: int | None) -> DayFigure:
    """POS sales count automatically; a typed figure adds the sales made off the POS that day (cash
    taken without it). Neither: nothing is known, the day counts zero."""
    if typed_satang is None:
        return DayFigure(pos_satang, None, pos_satang, "POS" if pos_satang else "NONE")
    source = "BOTH" if pos_satang else "TYPED"
    return DayFigure(pos_satang, typed_satang, pos_satang + typed_satang, source)


def spans(days: Iterable[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """Days joined into runs of consecutive days: [(first, last), …], so a range is read once."""
    out: list[tuple[dt.date, dt.date]] = []
    for day in sorted(set(days)):
        if out and out[-1][1] + dt.timedelta(days=1) == day:
            out[-1] = (out[-1][0], day)
        else:
            out.append((day, day))
    return out
