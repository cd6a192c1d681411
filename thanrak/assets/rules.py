"""Pure rules of shared machinery: overlapping bookings, meters and the fee (no database, no clock)."""

import datetime as dt
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

HOUR = "HOUR"
DAY = "DAY"
RAI = "RAI"


def overlaps(start: dt.datetime, end: dt.datetime, other_start: dt.datetime, other_end: dt.datetime) -> bool:
    """Two half-open periods [start, end) share a moment: a booking may start when another ends."""
    return start < other_end and other_start < end


@dataclass(frozen=True)
class Use:
    """What a check-in records: engine hours (from the meters, else as written), rai worked, days."""

    hours: Decimal
    rai: Decimal
    days: int


class BadMeter(ValueError):
    """A meter reading that cannot be: negative, or lower at check-in than at check-out."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def use_of(
    *,
    out_at: dt.datetime,
    in_at: dt.datetime,
    meter_out: Decimal | None,
    meter_in: Decimal | None,
    hours: Decimal | None,
    rai: Decimal | None,
) -> Use:
    """The use between check-out and check-in. Days are started days (a 25-hour loan is 2 days)."""
    for value in (meter_out, meter_in, hours, rai):
        if value is not None and value < 0:
            raise BadMeter("negative_meter")
    if meter_in is not None and meter_out is not None:
        if meter_in < meter_out:
            raise BadMeter("meter_goes_back")
        hours = meter_in - meter_out
    seconds = (in_at - out_at).total_seconds()
    if hours is None:
        hours = (Decimal(seconds) / 3600).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return Use(hours=Decimal(hours), rai=Decimal(rai or 0), days=max(1, math.ceil(seconds / 86400)))


def fee_satang(*, unit: str, rate_satang: int, use: Use) -> int:
    """The fee for a use: rate × hours, days or rai, rounded half up to the satang."""
    quantity = {HOUR: use.hours, DAY: Decimal(use.days), RAI: use.rai}[unit]
    return int((quantity * rate_satang).quantize(Decimal(1), ROUND_HALF_UP))


def days_of_use(out_at: dt.datetime, in_at: dt.datetime) -> int:
    """The started days of one loan, as the fee counts them (a 25-hour loan is 2 days)."""
    return max(1, math.ceil((in_at - out_at).total_seconds() / 86400))


NONE = "none"
OK = "ok"
DUE = "due"
OVERDUE = "overdue"
DUE_SOON_DAYS = 7  # a dated service shows as due a week before its date
DUE_SOON_SHARE = Decimal("0.9")  # and a service by use when 90 % of the hours or days are used


@dataclass(frozen=True)
class ServiceDue:
    """Where an item stands against its maintenance schedule."""

    state: str  # none (no schedule), ok, due (soon), overdue
    hours_since: Decimal
    days_since: int
    hours_left: Decimal | None
    days_left: int | None
    due_on: dt.date | None


def service_due(
    *,
    every_hours: int | None,
    every_days: int | None,
    due_on: dt.date | None,
    hours_since: Decimal,
    days_since: int,
    today: dt.date,
) -> ServiceDue:
    """Overdue once the hours or days of use since the last service pass the schedule's, or the date
    has passed; due from 90 % of them, or a week before the date."""
    hours_left = Decimal(every_hours) - hours_since if every_hours else None
    days_left = every_days - days_since if every_days else None
    state = NONE if every_hours is None and every_days is None and due_on is None else OK
    if (
        (hours_left is not None and hours_left <= every_hours * (1 - DUE_SOON_SHARE))
        or (days_left is not None and days_left <= every_days * (1 - DUE_SOON_SHARE))
        or (due_on is not None and today >= due_on - dt.timedelta(days=DUE_SOON_DAYS))
    ):
        state = DUE
    if (
        (hours_left is not None and hours_left < 0)
        or (days_left is not None and days_left < 0)
        or (due_on is not None and today > due_on)
    ):
        state = OVERDUE
    return ServiceDue(state, hours_since, days_since, hours_left, days_left, due_on)
