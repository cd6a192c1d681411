"""What the writes of the commerce module share: their refusals, who may change a shop, a new
order's number and lines."""

import secrets
from typing import Any

from thanrak.accounts.models import User
from thanrak.accounts.roles import Role
from thanrak.accounts.scope import OutsideScope, scope_of
from thanrak.commerce.models import (
    Channel,
    Order,
    OrderLine,
    Shop,
    Variant,
)
from thanrak.registry.models import Organisation


def _ensure_manages(user: User, shop: Shop | Organisation) -> None:
    """Only the organisation's own officers (and national managers) change a shop."""
    scope = scope_of(user)
    org_id = shop.pk if isinstance(shop, Organisation) else shop.organisation_id
    if scope.everything:
        return
    if scope.role == Role.ORG_OFFICER and org_id in scope.organisation_ids:
        return
    raise OutsideScope(f"organisation {org_id}")


_NUMBER_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_PREFIX = {
    Channel.STOREFRONT: "W",
    Channel.POS: "P",
    Channel.SHOPEE: "S",
    Channel.LAZADA: "L",
    Channel.FAIR: "F",
}


def _order_number(channel: str) -> str:
    """An order number hard to guess: the buyer follows the order with it and their phone."""
    return f"{_PREFIX[channel]}-" + "".join(secrets.choice(_NUMBER_ALPHABET) for _ in range(9))


def _new_order(**fields: Any) -> Order:
    for _attempt in range(5):
        number = _order_number(fields["channel"])
        if not Order.objects.filter(number=number).exists():
            return Order.objects.create(number=number, **fields)
    raise RuntimeError("could not draw a free order number")


def _line(order: Order, variant: Variant, quantity: int, unit_price: int) -> OrderLine:
    product = variant.product
    total = unit_price * quantity
    share = total * product.producer_share_bp // 10000 if product.producer_id else 0
    return OrderLine(
        order=order,
        variant=variant,
        name=variant.label[:300],
        sku=variant.sku,
        quantity=quantity,
        unit_price_satang=unit_price,
        line_total_satang=total,
        producer_id=product.producer_id,
        producer_share_satang=share,
    )
