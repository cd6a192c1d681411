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


def _overlapping(start: dt.date, end: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}start_date__lte": end}) & (
        Q(**{f"{prefix}end_date__isnull": True}) | Q(**{f"{prefix}end_date__gte": start})
    )


def _of_programme(rows: Any, programme: str, prefix: str = "") -> Any:
    return rows.filter(**{f"{prefix}programme_code": programme}) if programme else rows


def _markets(start: dt.date, end: dt.date, programme: str) -> Any:
    from thanrak.markets.models import Event, EventKind

    rows = Event.objects.filter(_overlapping(start, end), kind=EventKind.MARKET)
    return _of_programme(rows, programme)


def _events(start: dt.date, end: dt.date, programme: str) -> Any:
    from thanrak.markets.models import Event, EventKind

    rows = Event.objects.exclude(kind=EventKind.MARKET).filter(end_date__gte=start, end_date__lte=end)
    return _of_programme(rows, programme)


def _booths(start: dt.date, end: dt.date, programme: str) -> Any:
    from thanrak.markets.models import Booth

    rows = Booth.objects.filter(_overlapping(start, end, "event__"))
    return _of_programme(rows, programme, "event__")


def _meetings(start: dt.date, end: dt.date, programme: str) -> Any:
    from thanrak.markets.models import Meeting, MeetingStatus

    rows = Meeting.objects.filter(
        status=MeetingStatus.HELD, starts_at__date__gte=start, starts_at__date__lte=end
    )
    return _of_programme(rows, programme, "event__")


def markets_active(*, start: dt.date, end: dt.date, programme: str = "") -> dict[str, int]:
    """Recurring markets (of the programme, when given) running at some time in the period."""
    return by_area(_markets(start, end, programme), "area_code", Count("id"), length=8)


def events_held(*, start: dt.date, end: dt.date, programme: str = "") -> dict[str, int]:
    """Fairs, market days, OTOP Midyear, exhibitions and campaigns that ended in the period."""
    return by_area(_events(start, end, programme), "area_code", Count("id"))


def vendors(*, start: dt.date, end: dt.date, programme: str = "") -> dict[str, int]:
    """Distinct vendors with a booth at an event or market running in the period."""
    return by_area(_booths(start, end, programme), "event__area_code", Count("vendor", distinct=True))


def turnover_satang(*, start: dt.date, end: dt.date, programme: str = "") -> dict[str, int]:
    """Typed figures and POS sales at the booths on the event's days within the period."""
    from thanrak.markets import rules
    from thanrak.markets.models import Turnover

    out: dict[str, int] = defaultdict(int)
    typed = by_area(
        _of_programme(Turnover.objects.filter(date__gte=start, date__lte=end), programme, "booth__event__"),
        "booth__event__area_code",
        Sum("amount_satang"),
    )
    for area, amount in typed.items():
        out[area] += amount
    from thanrak.commerce.queries.locations import location_sales_by_day

    booths = _booths(start, end, programme).filter(pos_location__isnull=False).select_related("event")
    for booth in booths:
        event = booth.event
        rows = location_sales_by_day(location_ids=[booth.pos_location_id], date_from=start, date_to=end)
        for row in rows:
            if rules.is_event_day(
                day=row["day"], start=event.start_date, end=event.end_date, weekdays=event.weekdays
            ):
                out[event.area_code[:6]] += row["amount"] or 0
    return {area: n for area, n in sorted(out.items()) if n}


def deals(*, start: dt.date, end: dt.date, programme: str = "") -> dict[str, int]:
    """Meetings held in the period that made a deal (a value above zero)."""
    rows = _meetings(start, end, programme).filter(deal_satang__gt=0)
    return by_area(rows, "event__area_code", Count("id"))


def deal_value_satang(*, start: dt.date, end: dt.date, programme: str = "") -> dict[str, int]:
    return by_area(_meetings(start, end, programme), "event__area_code", Sum("deal_satang"))


def markets_active_rows(
    *, viewer: Any, start: dt.date, end: dt.date, area_code: str = "", programme: str = ""
) -> Any:
    from thanrak.markets.models import Event

    ids = _markets(start, end, programme).filter(area_code__startswith=area_code).values("pk")
    return Event.objects.visible_to(viewer).filter(pk__in=ids).order_by("area_code", "start_date", "pk")


def events_held_rows(
    *, viewer: Any, start: dt.date, end: dt.date, area_code: str = "", programme: str = ""
) -> Any:
    from thanrak.markets.models import Event

    ids = _events(start, end, programme).filter(area_code__startswith=area_code).values("pk")
    return Event.objects.visible_to(viewer).filter(pk__in=ids).order_by("area_code", "end_date", "pk")


def vendors_rows(
    *, viewer: Any, start: dt.date, end: dt.date, area_code: str = "", programme: str = ""
) -> Any:
    from thanrak.markets.models import Booth

    ids = _booths(start, end, programme).filter(event__area_code__startswith=area_code).values("pk")
    return (
        Booth.objects.visible_to(viewer)
        .filter(pk__in=ids)
        .select_related("event", "vendor")
        .order_by("event__area_code", "event__start_date", "label", "pk")
    )


def _meeting_rows(rows: Any, viewer: Any, area_code: str) -> Any:
    from thanrak.markets.models import Meeting

    ids = rows.filter(event__area_code__startswith=area_code).values("pk")
    return (
        Meeting.objects.visible_to(viewer)
        .filter(pk__in=ids)
        .select_related("event", "buyer", "booth__vendor")
        .order_by("starts_at", "pk")
    )


def deals_rows(*, viewer: Any, start: dt.date, end: dt.date, area_code: str = "", programme: str = "") -> Any:
    return _meeting_rows(_meetings(start, end, programme).filter(deal_satang__gt=0), viewer, area_code)


def deal_value_rows(
    *, viewer: Any, start: dt.date, end: dt.date, area_code: str = "", programme: str = ""
) -> Any:
    return _meeting_rows(_meetings(start, end, programme), viewer, area_code)


PROGRAMME = {
    "programme": _(
        "Code of the programme that funds the event or market (e.g. 2.2.8); every event when left out"
    )
}


def _entry(
    name: str,
    function: Any,
    label: Any,
    unit: str,
    temporal: str,
    description: Any,
    rows: Any = None,
    changes: dict[int, str] | None = None,
) -> dict[str, Any]:
    extra = {"rows": rows} if rows else {}
    changes = changes or {1: "first version"}
    return {
        **extra,
        "parameters": PROGRAMME,
        "name": name,
        "version": max(changes),
        "function": function,
        "label": label,
        "unit": unit,
        "temporal": temporal,
        "description": description,
        "changes": changes,
    }


MONITORING_COMPUTATIONS: list[dict[str, Any]] = [
    _entry(
        "markets.markets_active",
        markets_active,
        _("Recurring markets active"),
        "SITES",
        "STOCK",
        _("Recurring markets (ตลาดต้องชม) running at some time in the period, by the market's area."),
        markets_active_rows,
        {1: "first version", 2: "by village where the market is recorded for one (trading villages)"},
    ),
    _entry(
        "markets.events_held",
        events_held,
        _("Market events held"),
        "TIMES",
        "FLOW",
        _("Fairs, market days, OTOP Midyear, exhibitions and online campaigns that ended in the period."),
        events_held_rows,
    ),
    _entry(
        "markets.vendors",
        vendors,
        _("Vendors at markets and fairs"),
        "ENTERPRISES",
        "FLOW",
        _("Distinct vendors with a booth at an event or market running in the period."),
        vendors_rows,
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
        deals_rows,
    ),
    _entry(
        "markets.deal_value_satang",
        deal_value_satang,
        _("Value of business matching deals"),
        "BAHT",
        "FLOW",
        _("The value of the deals made in matching meetings held in the period."),
        deal_value_rows,
    ),
]
