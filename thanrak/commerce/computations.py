"""Monitoring computations from the shops' orders (registered in CommerceConfig; see
thanrak/monitoring/computed.py for the contract)."""

import datetime as dt

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from thanrak.core.computing import by_area, end_of, start_of


def online_sales(*, start: dt.date, end: dt.date) -> dict[str, int]:
    """Goods (shipping left out) of online orders paid from `start` to `end` (Bangkok days) and
    still counted as sold (not cancelled or refunded), by the subdistrict of the shop's
    organisation, in satang."""
    from thanrak.commerce.models import SOLD_STATUSES, Channel, Order

    # Sold to buyers away from the counter and the fairs: the shop's own storefront and the marketplaces.
    orders = Order.objects.filter(
        channel__in=(Channel.STOREFRONT, Channel.SHOPEE, Channel.LAZADA),
        status__in=SOLD_STATUSES,
        paid_at__gte=start_of(start),
        paid_at__lt=end_of(end),
    )
    return by_area(orders, "shop__organisation__area_code", Sum("subtotal_satang"))


MONITORING_COMPUTATIONS = [
    {
        "name": "commerce.online_sales",
        "version": 1,
        "function": online_sales,
        "label": _("Online sales of community products"),
        "unit": "BAHT",
        "temporal": "FLOW",
        "description": _(
            "Goods sold through the storefront, Shopee and Lazada and paid in the period (shipping "
            "left out, cancelled and refunded orders not counted), by the subdistrict of the "
            "enterprise that sells them."
        ),
        "changes": {1: "first version"},
    },
]
