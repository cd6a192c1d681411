"""Run the month end (days past due, aging buckets, accrued interest) for every active loan."""

import datetime as dt
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from thanrak.finance import actions, tasks
from thanrak.finance.models import Fund

# Funds run together in one set-based pass; the progress bar moves once per batch.
BATCH = 1000


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
        fund_ids = sorted(fund) if fund else list(Fund.objects.order_by("pk").values_list("pk", flat=True))
        batches = [fund_ids[i : i + BATCH] for i in range(0, len(fund_ids), BATCH)]
        total = actions.MonthEndSummary(as_of=day)
        # The bar goes to the terminal only (disable=None): a scheduler's log keeps just the summary.
        with tqdm(
            total=len(fund_ids), unit="fund", desc=day.isoformat(), file=sys.stderr, disable=None
        ) as bar:
            for batch in batches:
                total.add(actions.month_end_close(as_of=day, fund_ids=batch))
                bar.update(len(batch))
        self.stdout.write(
            f"month end {day.isoformat()} over {len(fund_ids):,} funds in {time.monotonic() - started:.1f} "
            f"s: "
            f"{total.loans:,} active loans recorded (days past due, aging bucket, interest accrued), "
            f"{total.in_arrears:,} of them in arrears; "
            f"{total.entries_posted:,} accrued-interest entries posted (accrual basis), "
            f"{total.already_booked:,} already booked, {total.closed_funds:,} funds in a closed period"
        )
