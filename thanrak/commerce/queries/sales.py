"""Sales figures, producers' shares and payouts, the shop panel."""

import datetime as dt
from typing import Any

from django.db.models import (
    Count,
    F,
    Max,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import Substr, TruncMonth

from thanrak.accounts.models import User
from thanrak.accounts.scope import scope_of
from thanrak.commerce.models import (
    SOLD_STATUSES,
    Channel,
    Order,
    OrderLine,
    OrderStatus,
    PayoutStatement,
    Product,
    Shop,
)
from thanrak.commerce.queries.backoffice import certifications_expiring

GROUPINGS = ("product", "shop", "month", "channel", "district", "province")


def _sold_lines(
    viewer: User, date_from: dt.date | None, date_to: dt.date | None, shop_id: int | None
) -> QuerySet[OrderLine]:
    orders = Order.objects.visible_to(viewer).filter(status__in=SOLD_STATUSES)
    if shop_id:
        orders = orders.filter(shop_id=shop_id)
    if date_from:
        orders = orders.filter(placed_at__date__gte=date_from)
    if date_to:
        orders = orders.filter(placed_at__date__lte=date_to)
    return OrderLine.objects.filter(order__in=orders)


def sales_summary(
    *,
    viewer: User,
    by: str,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    shop_id: int | None = None,
    limit: int = 500,
) -> list[dict[str, Any]]:
    """Sold amounts (paid, packed, shipped, delivered; refunds and cancellations excluded) grouped
    by product, shop, month, channel, district or province, largest first (months in order)."""
    if by not in GROUPINGS:
        raise ValueError(by)
    lines = _sold_lines(viewer, date_from, date_to, shop_id)
    key_expr = {
        "product": F("variant__product_id"),
        "shop": F("order__shop_id"),
        "month": TruncMonth("order__placed_at"),
        "channel": F("order__channel"),
        "district": Substr("order__shop__area_code", 1, 4),
        "province": Substr("order__shop__area_code", 1, 2),
    }[by]
    rows = list(
        lines.annotate(key=key_expr)
        .values("key")
        .annotate(
            amount=Sum("line_total_satang"), quantity=Sum("quantity"), orders=Count("order_id", distinct=True)
        )
        .order_by("key" if by == "month" else "-amount")[:limit]
    )
    labels: dict[Any, str] = {}
    keys = [r["key"] for r in rows]
    if by == "product":
        labels = dict(Product.objects.filter(pk__in=keys).values_list("pk", "name_th"))
    elif by == "shop":
        labels = dict(Shop.objects.filter(pk__in=keys).values_list("pk", "name"))
    elif by in ("district", "province"):
        from thanrak.geo.queries import area_names

        labels = area_names(codes={k for k in keys if k})
    elif by == "channel":
        labels = {c.value: str(c.label) for c in Channel}
    for r in rows:
        key = r["key"]
        if by == "month":
            from thanrak.core.thai import format_month

            local = key.date() if hasattr(key, "date") else key
            r["label"] = format_month(local.year, local.month)
            r["key"] = local.strftime("%Y-%m")
        else:
            r["label"] = labels.get(key, str(key))
    return rows


def sales_totals(
    *,
    viewer: User,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    shop_id: int | None = None,
) -> dict[str, int]:
    lines = _sold_lines(viewer, date_from, date_to, shop_id)
    agg = lines.aggregate(
        amount=Sum("line_total_satang"), quantity=Sum("quantity"), orders=Count("order_id", distinct=True)
    )
    return {k: v or 0 for k, v in agg.items()}


def producer_shares(*, viewer: User, shop: Shop) -> list[dict[str, Any]]:
    """Per member producer: sold amount and share not yet on a statement."""
    from thanrak.registry.models import Person

    rows = list(
        OrderLine.objects.filter(
            order__in=Order.objects.visible_to(viewer).filter(shop=shop, status__in=SOLD_STATUSES)
        )
        .filter(producer__isnull=False, payout__isnull=True)
        .values("producer_id")
        .annotate(
            sales=Sum("line_total_satang"), share=Sum("producer_share_satang"), last=Max("order__paid_at")
        )
        .order_by("-share")
    )
    people = {p.pk: p for p in Person.objects.filter(pk__in=[r["producer_id"] for r in rows])}
    for r in rows:
        r["producer"] = people.get(r["producer_id"])
    return rows


def payout_list(*, viewer: User, shop: Shop | None = None) -> QuerySet[PayoutStatement]:
    scope = scope_of(viewer)
    if scope.role == "MEMBER":
        qs = PayoutStatement.objects.filter(scope.person_q("producer_id"))
    else:
        qs = PayoutStatement.objects.visible_to(viewer)
    if shop is not None:
        qs = qs.filter(shop=shop)
    return qs.select_related("shop", "producer").order_by("-period_end", "producer__first_name")


def payout_get(*, viewer: User, statement_id: int) -> PayoutStatement:
    return payout_list(viewer=viewer).prefetch_related("lines", "lines__order").get(pk=statement_id)


def order_status_counts(*, viewer: User, shop: Shop) -> dict[str, int]:
    return dict(
        Order.objects.visible_to(viewer)
        .filter(shop=shop)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )


def shop_panel(*, viewer: User, on: dt.date) -> dict[str, Any]:
    """The home-page panel: shops, orders waiting, certificates to renew."""
    shops = Shop.objects.visible_to(viewer)
    waiting = Order.objects.visible_to(viewer).filter(
        Q(status=OrderStatus.PENDING_PAYMENT, channel=Channel.STOREFRONT)
        | Q(status__in=[OrderStatus.PAID, OrderStatus.PACKED])
    )
    return {
        "shops": list(shops.order_by("name")[:10]),
        "shop_count": shops.count(),
        "waiting": waiting.count(),
        "expiring": certifications_expiring(viewer=viewer, on=on).count(),
    }
