"""Sales at given stock locations (a fair booth's POS) day by day: figures only, no buyer's data.

For the markets app, which counts a vendor's POS sales at its booth as the booth's turnover. The
caller scopes by its own rows (the event the booths belong to); this read returns sums, never
orders, so it takes no viewer."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db.models import Count, F, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from thanrak.commerce.models import SOLD_STATUSES, Order, OrderLine


def _window(date_from: dt.date, date_to: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_default_timezone()
    start = dt.datetime.combine(date_from, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


def location_sales_by_day(
    *, location_ids: Sequence[int], date_from: dt.date, date_to: dt.date
) -> list[dict[str, Any]]:
    """[{location_id, day, amount, orders}] for sold orders (paid … delivered) placed at the
    locations between the two days (Bangkok days, both included)."""
    if not location_ids:
        return []
    start, end = _window(date_from, date_to)
    return list(
        Order.objects.filter(
            location_id__in=list(location_ids),
            placed_at__gte=start,
            placed_at__lt=end,
            status__in=SOLD_STATUSES,
        )
        .annotate(day=TruncDate("placed_at", tzinfo=timezone.get_default_timezone()))
        .values("location_id", "day")
        .annotate(amount=Sum("subtotal_satang"), orders=Count("id"))
        .order_by("day", "location_id")
    )


def location_sales_by_day_and_category(
    *, location_ids: Sequence[int], date_from: dt.date, date_to: dt.date
) -> list[dict[str, Any]]:
    """[{location_id, day, category, amount, lines}] of the lines sold at the locations between the
    two days (Bangkok days, both included), by the product's OTOP category."""
    if not location_ids:
        return []
    start, end = _window(date_from, date_to)
    return list(
        OrderLine.objects.filter(
            order__location_id__in=list(location_ids),
            order__placed_at__gte=start,
            order__placed_at__lt=end,
            order__status__in=SOLD_STATUSES,
        )
        .annotate(day=TruncDate("order__placed_at", tzinfo=timezone.get_default_timezone()))
        .values("order__location_id", "day", category=F("variant__product__category"))
        .annotate(amount=Sum("line_total_satang"), lines=Count("id"))
        .order_by("day", "order__location_id")
    )
