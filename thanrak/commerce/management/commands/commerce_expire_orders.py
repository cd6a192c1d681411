"""Cancel storefront orders left unpaid, returning their stock (run hourly from cron, or enqueue
the task thanrak.commerce.tasks.expire_unpaid_orders)."""

import datetime as dt

from django.core.management.base import BaseCommand
from django.utils import timezone

from thanrak.commerce import actions
from thanrak.commerce.tasks import UNPAID_HOURS


class Command(BaseCommand):
    help = "Cancel storefront PromptPay orders unpaid (and without a slip) for a number of hours."

    def add_arguments(self, parser: object) -> None:
        parser.add_argument("--hours", type=int, default=UNPAID_HOURS)  # type: ignore[attr-defined]

    def handle(self, *args: object, hours: int, **options: object) -> None:
        now = timezone.now()
        count = actions.orders_expire_unpaid(placed_before=now - dt.timedelta(hours=hours), at=now)
        self.stdout.write(f"{count} unpaid orders cancelled; their stock is back on sale.")
