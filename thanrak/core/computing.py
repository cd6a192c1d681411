"""Helpers for the monitoring computations each app contributes (see thanrak/monitoring/computed.py):
Bangkok day boundaries and sums grouped by a prefix of an area code."""

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models.functions import Substr

BANGKOK = ZoneInfo("Asia/Bangkok")


def start_of(day: dt.date) -> dt.datetime:
    """The first instant of a day in Bangkok."""
    return dt.datetime.combine(day, dt.time.min, tzinfo=BANGKOK)


def end_of(day: dt.date) -> dt.datetime:
    """The first instant after a day in Bangkok: records created before it existed that day."""
    return start_of(day + dt.timedelta(days=1))


def by_area(queryset: Any, field_name: str, aggregate: Any, *, length: int = 6) -> dict[str, int]:
    """`aggregate` grouped by the first `length` digits of an area code (subdistrict by default);
    areas whose figure is zero or empty are left out."""
    rows = (
        queryset.annotate(area=Substr(field_name, 1, length))
        .values("area")
        .annotate(n=aggregate)
        .order_by("area")
        .values_list("area", "n")
    )
    return {area: int(n) for area, n in rows if n}
