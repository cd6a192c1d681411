"""Copy the POS sales of the events' last days into the markets app's PosSales (see
thanrak.markets.actions.pos_roll_up); the last --days days are rolled up again, so a refund made a
few days later is counted. The tasks worker does this every night by itself
(thanrak.markets.tasks.roll_up_nightly); --schedule queues that nightly run if none is waiting
(the turnover page does the same), for cron or by hand."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from thanrak.markets import tasks
from thanrak.markets.actions import roll_up_recent


class Command(BaseCommand):
    help = "Roll up the POS sales of events' past days for their turnover pages."

    def add_arguments(self, parser: object) -> None:
        parser.add_argument("--days", type=int, default=7)  # type: ignore[attr-defined]
        parser.add_argument(  # type: ignore[attr-defined]
            "--schedule", action="store_true", help="queue the worker's nightly roll-up, if none is waiting"
        )

    def handle(self, *args: object, days: int, schedule: bool, **options: object) -> None:
        now = timezone.now()
        if schedule:
            queued = tasks.schedule_nightly(now=now)
            when = timezone.localtime(tasks.next_night(now)).strftime("%Y-%m-%d %H:%M")
            self.stdout.write(
                f"nightly roll-up queued for {when}" if queued else "nightly roll-up already queued"
            )
            return
        events, written = roll_up_recent(days=days, at=now)
        self.stdout.write(f"{events} events, {written} rows of POS sales rolled up")
