"""Copying the POS sales of an event's past days from commerce into PosSales, so that the turnover
page reads a few rows a booth and day instead of every sales line. Run for yesterday and the days
before by `manage.py markets_roll_up` (cron or the tasks worker); a day can be rolled up again
(a refund after the day changes its figures), it replaces the day's rows. `roll_up_recent` is what
runs every night: the tasks worker runs it by itself (thanrak.markets.tasks.roll_up_nightly)."""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from thanrak.commerce.queries.locations import location_sales_by_day_and_category
from thanrak.markets import rules
from thanrak.markets.models import Booth, Event, PosRollup, PosSales


@transaction.atomic
def pos_roll_up(*, event: Event, days: Iterable[dt.date], at: dt.datetime) -> int:
    """Roll up the event's days that are held and over (before `at`'s day); returns the rows written."""
    today = timezone.localdate(at)
    held = sorted(
        d
        for d in set(days)
        if d < today
        and rules.is_event_day(day=d, start=event.start_date, end=event.end_date, weekdays=event.weekdays)
    )
    if not held:
        return 0
    booths = {b.pos_location_id: b.pk for b in Booth.objects.filter(event=event, pos_location__isnull=False)}
    PosSales.objects.filter(booth__event=event, date__in=held).delete()
    rows = []
    for start, end in rules.spans(held):
        for r in location_sales_by_day_and_category(location_ids=list(booths), date_from=start, date_to=end):
            if r["day"] in held:
                rows.append(
                    PosSales(
                        booth_id=booths[r["order__location_id"]],
                        date=r["day"],
                        category=r["category"],
                        amount_satang=r["amount"] or 0,
                        lines=r["lines"],
                    )
                )
    PosSales.objects.bulk_create(rows, batch_size=2000)
    PosRollup.objects.filter(event=event, date__in=held).delete()
    PosRollup.objects.bulk_create(PosRollup(event=event, date=d, at=at) for d in held)
    return len(rows)


def roll_up_recent(*, days: int, at: dt.datetime) -> tuple[int, int]:
    """Roll up the last `days` days (before `at`'s day) of every event held then with a booth selling
    through the POS; returns (events, rows written). Rolling up a day again catches late refunds."""
    today = timezone.localdate(at)
    first = today - dt.timedelta(days=days)
    window = [first + dt.timedelta(days=n) for n in range(days)]
    events = list(
        Event.objects.filter(
            Q(start_date__lt=today) & (Q(end_date__isnull=True) | Q(end_date__gte=first)),
            booths__pos_location__isnull=False,
        ).distinct()
    )
    return len(events), sum(pos_roll_up(event=event, days=window, at=at) for event in events)
