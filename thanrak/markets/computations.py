"""Monitoring computations from the markets app's records (see thanrak/monitoring/computed.py for
the contract): markets active, events held, vendors, turnover, deals and their value in the period,
by the event's subdistrict (an event recorded for a district counts under that district's code).

Turnover here is the typed figures plus the POS sales at the booths' locations on the event's days,
the same figure as the event's turnover page."""

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from thanrak.core.computing import by_area


def _overlapping(start: dt.date, end: dt.date) -> Q:
    return Q(start_date__lte=end) & (Q(end_date__isnull=True) | Q(end_date__gte=start))


def markets_active(*, start: dt.date, end: dt.date) -> dict[str, int]:
    """Recurring markets running at some time in the period."""
    from thanrak.markets.models import Event, EventKind

    rows = Event.objects.filter(_overlapping(start, end), kind=EventKind.MARKET)
    return by_area(rows, "area_code", Count("id"))


def events_held(*, start: dt.date, end: dt.date) -> dict[str, int]:
    """Fairs, market days, OTOP Midyear, exhibitions and campaigns that ended in the period."""
    from thanrak.markets.models import Event, EventKind

    rows = Event.objects.exclude(kind=EventKind.MARKET).filter(end_date__gte=start, end_date__lte=end)
    return by_area(rows, "area_code", Count("id"))


def vendors(*, start: dt.date, end: dt.date) -> dict[str, int]:
    """Distinct vendors with a booth at an event or market running in the period."""
    from thanrak.markets.models import Booth

    rows = Booth.objects.filter(
        Q(event__start_date__lte=end) & (Q(event__end_date__isnull=True) | Q(event__end_date__gte=start))
    )
    return by_area(rows, "event__area_code", Count("vendor", distinct=True))


def turnover_satang(*, start: dt.date, end: dt.date) -> dict[str, int]:
    """Typed figures and POS sales at the booths on the event's days within the period."""
    from thanrak.markets import rules
    from thanrak.markets.models import Booth, Turnover

    out: dict[str, int] = defaultdict(int)
    typed = by_area(
        Turnover.objects.filter(date__gte=start, date__lte=end),
        "booth__event__area_code",
        Sum("amount_satang"),
    )
    for area, amount in typed.items():
        out[area] += amount
    from thanrak.commerce.queries.locations import location_sales_by_day

    booths = (
        Booth.objects.filter(pos_location__isnull=False)
        .filter(
            Q(event__start_date__lte=end) & (Q(event__end_date__isnull=True) | Q(event__end_date__gte=start))
        )
        .select_related("event")
    )
    for booth in booths:
        event = booth.event
        rows = location_sales_by_day(location_ids=[booth.pos_location_id], date_from=start, date_to=end)
        for row in rows:
            if rules.is_event_day(
                day=row["day"], start=event.start_date, end=event.end_date, weekdays=event.weekdays
            ):
                out[event.area_code[:6]] += row["amount"] or 0
    return {area: n for area, n in sorted(out.items()) if n}


def deals(*, start: dt.date, end: dt.date) -> dict[str, int]:
    """Meetings held in the period that made a deal (a value above zero)."""
    from thanrak.markets.models import Meeting, MeetingStatus

    rows = Meeting.objects.filter(
        status=MeetingStatus.HELD, deal_satang__gt=0, starts_at__date__gte=start, starts_at__date__lte=end
    )
    return by_area(rows, "event__area_code", Count("id"))


def deal_value_satang(*, start: dt.date, end: dt.date) -> dict[str, int]:
    from thanrak.markets.models import Meeting, MeetingStatus

    rows = Meeting.objects.filter(
        status=MeetingStatus.HELD, starts_at__date__gte=start, starts_at__date__lte=end
    )
    return by_area(rows, "event__area_code", Sum("deal_satang"))


def _entry(
    name: str, function: Any, label: Any, unit: str, temporal: str, description: Any
) -> dict[str, Any]:
    return {
        "name": name,
        "version": 1,
        "function": function,
        "label": label,
        "unit": unit,
        "temporal": temporal,
        "description": description,
        "changes": {1: "first version"},
    }


MONITORING_COMPUTATIONS: list[dict[str, Any]] = [
    _entry(
        "markets.markets_active",
        markets_active,
        _("Recurring markets active"),
        "SITES",
        "STOCK",
        _("Recurring markets (ตลาดต้องชม) running at some time in the period, by the market's area."),
    ),
    _entry(
        "markets.events_held",
        events_held,
        _("Market events held"),
        "TIMES",
        "FLOW",
        _("Fairs, market days, OTOP Midyear, exhibitions and online campaigns that ended in the period."),
    ),
    _entry(
        "markets.vendors",
        vendors,
        _("Vendors at markets and fairs"),
        "ENTERPRISES",
        "FLOW",
        _("Distinct vendors with a booth at an event or market running in the period."),
    ),
    _entry(
        "markets.turnover_satang",
        turnover_satang,
        _("Turnover at markets and fairs"),
        "BAHT",
        "FLOW",
        _("POS sales at the booths on the event's days and the typed daily figures, in the period."),
    ),
    _entry(
        "markets.deals",
        deals,
        _("Business matching deals"),
        "TIMES",
        "FLOW",
        _("Matching meetings held in the period that made a deal."),
    ),
    _entry(
        "markets.deal_value_satang",
        deal_value_satang,
        _("Value of business matching deals"),
        "BAHT",
        "FLOW",
        _("The value of the deals made in matching meetings held in the period."),
    ),
]
