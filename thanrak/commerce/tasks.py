"""Background work of the commerce module (Django tasks; run by the database task worker)."""

import datetime as dt

from django.tasks import task
from django.utils import timezone

from thanrak.commerce import actions

UNPAID_HOURS = 48


@task()
def expire_unpaid_orders(hours: int = UNPAID_HOURS) -> int:
    """Cancel storefront PromptPay orders left unpaid (no slip) for `hours`; their stock returns."""
    now = timezone.now()
    return actions.orders_expire_unpaid(placed_before=now - dt.timedelta(hours=hours), at=now)
