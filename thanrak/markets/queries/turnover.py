"""Turnover of an event and of its vendors: POS sales at the booths' locations during the event's
days (read from commerce, as sums) and the figures typed for the other days and vendors."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Sum

from thanrak.commerce.models import OtopCategory
from thanrak.commerce.queries.locations import location_sales_by_day_and_category
from thanrak.markets import rules
from thanrak.markets.models import Booth, Event, PosRollup, PosSales, Turnover, TurnoverCorrection


@dataclass
class BoothTurnover:
    booth: Booth
    days: dict[dt.date, rules.DayFigure] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(f.satang for f in self.days.values())

    @property
    def pos(self) -> int:
        return sum(f.pos_satang for f in self.days.values())

    @property
    def typed(self) -> int:
        return sum(f.typed_satang or 0 for f in self.days.values())


@dataclass(frozen=True)
class EventTurnover:
    event: Event
    date_from: dt.date
    date_to: dt.date
    booths: list[BoothTurnover]
    by_day: list[tuple[dt.date, int]]
    by_category: list[tuple[str, str, int]]  # (category, label, satang)
    total: int


def _period(event: Event, today: dt.date) -> tuple[dt.date, dt.date]:
    end = min(event.end_date, today) if event.end_date else today
    return event.start_date, max(end, event.start_date)


def _pos_rows(event: Event, booths: list[Booth], held: set[dt.date]) -> list[tuple[int, dt.date, str, int]]:
    """(booth id, day, category, satang) of the POS sales on the event's days: rolled-up days from
    PosSales, the others (today, days not rolled up yet) read live from commerce."""
    by_location = {b.pos_location_id: b.pk for b in booths if b.pos_location_id}
    if not by_location or not held:
        return []
    rolled = set(PosRollup.objects.filter(event=event, date__in=held).values_list("date", flat=True))
    rows = list(
        PosSales.objects.filter(booth__in=list(by_location.values()), date__in=rolled).values_list(
            "booth_id", "date", "category", "amount_satang"
        )
    )
    for start, end in rules.spans(held - rolled):
        for r in location_sales_by_day_and_category(
            location_ids=list(by_location), date_from=start, date_to=end
        ):
            if r["day"] in held:
                rows.append((by_location[r["order__location_id"]], r["day"], r["category"], r["amount"] or 0))
    return rows


def event_turnover(*, event: Event, booths: list[Booth], today: dt.date) -> EventTurnover:
    """The event's turnover so far: per booth and day, per day, per product category. `booths` are
    the booths the viewer may see (queries.booth_list)."""
    date_from, date_to = _period(event, today)
    held = set(
        rules.event_days(start=event.start_date, end=event.end_date, weekdays=event.weekdays, until=date_to)
    )
    pos: dict[tuple[int, dt.date], int] = defaultdict(int)
    per_category: dict[str, int] = defaultdict(int)
    for booth_id, day, category, amount in _pos_rows(event, booths, held):
        pos[(booth_id, day)] += amount
        per_category[category] += amount
    typed = {
        (booth_id, day): amount
        for booth_id, day, amount in Turnover.objects.filter(
            booth__in=[b.pk for b in booths], date__gte=date_from, date__lte=date_to
        ).values_list("booth_id", "date", "amount_satang")
    }
    days_of: dict[int, set[dt.date]] = defaultdict(set)
    for booth_id, day in [*pos, *typed]:
        days_of[booth_id].add(day)
    out = [BoothTurnover(b) for b in booths]
    per_day: dict[dt.date, int] = defaultdict(int)
    for bt in out:
        for day in sorted(days_of[bt.booth.pk]):
            key = (bt.booth.pk, day)
            figure = rules.day_figure(pos_satang=pos.get(key, 0), typed_satang=typed.get(key))
            bt.days[day] = figure
            per_day[day] += figure.satang
            per_category[bt.booth.category] += figure.typed_satang or 0
    labels = dict(OtopCategory.choices)
    return EventTurnover(
        event=event,
        date_from=date_from,
        date_to=date_to,
        booths=sorted(out, key=lambda b: -b.total),
        by_day=sorted(per_day.items()),
        by_category=sorted(
            ((c, str(labels.get(c, c)), v) for c, v in per_category.items() if v), key=lambda r: -r[2]
        ),
        total=sum(per_day.values()),
    )


def turnover_rows(*, event: Event, booths: list[Booth]) -> Any:
    """The typed figures with who typed them and when (for the corrections log and the export)."""
    return (
        Turnover.objects.filter(booth__in=booths)
        .select_related("booth", "booth__vendor", "typed_by")
        .annotate(corrections_count=Count("corrections"))
        .order_by("date", "booth__label")
    )


def corrections(*, booth: Booth) -> Any:
    return (
        TurnoverCorrection.objects.filter(turnover__booth=booth)
        .select_related("turnover", "by")
        .order_by("-at")
    )


def typed_total(*, booths: list[Booth]) -> int:
    return Turnover.objects.filter(booth__in=booths).aggregate(s=Sum("amount_satang"))["s"] or 0
