"""Copy the POS sales of the events' last days into the markets app's PosSales (see
thanrak.markets.actions.pos_roll_up). Run it nightly (cron, or `db_worker --batch` after it); the
last --days days are rolled up again, so a refund made a few days later is counted."""

import datetime as dt

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from thanrak.markets.actions import pos_roll_up
from thanrak.markets.models import Event


class Command(BaseCommand):
    help = "Roll up the POS sales of events' past days for their turnover pages."

    def add_arguments(self, parser: object) -> None:
        parser.add_argument("--days", type=int, default=7)  # type: ignore[attr-defined]

    def handle(self, *args: object, days: int, **options: object) -> None:
        now = timezone.now()
        today = timezone.localdate(now)
        first = today - dt.timedelta(days=days)
        window = [first + dt.timedelta(days=n) for n in range(days)]
        events = Event.objects.filter(
            Q(start_date__lt=today) & (Q(end_date__isnull=True) | Q(end_date__gte=first)),
            booths__pos_location__isnull=False,
        ).distinct()
        written = 0
        for event in events:
            written += pos_roll_up(event=event, days=window, at=now)
        self.stdout.write(f"{events.count()} events, {written} rows of POS sales rolled up")
