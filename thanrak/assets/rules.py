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
