"""Run the month end (days past due, aging buckets, accrued interest) for every active loan."""

import datetime as dt
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from thanrak.finance import actions, tasks


class Command(BaseCommand):
    help = "Month-end run: days past due, aging bucket and the month's accrued interest of every active loan."

    def add_arguments(self, parser: object) -> None:
        parser.add_argument(  # type: ignore[attr-defined]
            "--as-of", help="the day (YYYY-MM-DD); default: the last day of last month"
        )
        parser.add_argument("--fund", type=int, action="append", help="only this fund (repeatable)")  # type: ignore[attr-defined]
        parser.add_argument(  # type: ignore[attr-defined]
            "--enqueue", action="store_true", help="queue it for the task worker instead of running it now"
        )

    def handle(
        self, *args: object, as_of: str | None, fund: list[int] | None, enqueue: bool, **options: object
    ) -> None:
        if as_of:
            try:
                day = dt.date.fromisoformat(as_of)
            except ValueError as exc:
                raise CommandError("--as-of must be a date such as 2026-10-31") from exc
        else:
            day = timezone.localdate().replace(day=1) - dt.timedelta(days=1)
        if enqueue:
            result = tasks.month_end.enqueue(day.isoformat(), fund)
            self.stdout.write(f"queued month end for {day.isoformat()} as task {result.id}")
            return
        started = time.monotonic()
        loans = actions.month_end_run(as_of=day, fund_ids=fund, accrue=False)
        accrual = actions.interest_accrue(as_of=day, fund_ids=fund)
        self.stdout.write(
            f"month end {day.isoformat()}: {loans:,} loans in {time.monotonic() - started:.1f} s; "
            f"accrued interest booked in {len(accrual.posted)} books (accrual basis), "
            f"{accrual.already} already booked, {len(accrual.closed or [])} in a closed period"
        )
