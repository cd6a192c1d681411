"""The storefront's checkout: a guest's cart becomes one order per shop."""

import datetime as dt
import re
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from thanrak.commerce.actions.base import _line, _new_order
from thanrak.commerce.actions.stock import _balances_locked, _move
from thanrak.commerce.errors import CannotCheckout
from thanrak.commerce.models import (
    Carrier,
    Channel,
    Location,
    MovementKind,
    Order,
    OrderEvent,
    OrderLine,
    OrderStatus,
    ShippingBand,
    Shop,
    Variant,
)
from thanrak.commerce.plans import (
    MAX_CART_LINES,
    Band,
    Buyer,
    CartItem,
    CartShop,
    CartVariant,
    CheckoutPlan,
    plan_checkout,
)
from thanrak.commerce.rules import clean_text
from thanrak.core.events import emit

# --- checkout ------------------------------------------------------------------------------------


def checkout(
    *,
    items: Sequence[CartItem],
    buyer_name: str,
    buyer_phone: str,
    address_line: str,
    area_code: str,
    postal_code: str,
    carrier: str,
    payment_method: str,
    idempotency_key: str,
    at: dt.datetime,
) -> list[Order]:
    """Place a guest's order (one per shop in the cart), reserving stock atomically.

    Prices come from the server; a cart showing another price is refused with the new price.
    A repeated idempotency key returns the orders of the first call and changes nothing.
    """
    key = clean_text(idempotency_key, 64)
    if not re.fullmatch(r"[A-Za-z0-9_-]{8,64}", key):
        raise CannotCheckout(
            _("The checkout form has expired; please open it again."),
            code="checkout_form_expired_please",
            field="idempotency_key",
        )
    existing = list(Order.objects.filter(idempotency_key=key, channel=Channel.STOREFRONT).order_by("pk"))
    if existing:
        return existing
    try:
        return _checkout(
            items=items,
            buyer_name=buyer_name,
            buyer_phone=buyer_phone,
            address_line=address_line,
            area_code=area_code,
            postal_code=postal_code,
            carrier=carrier,
            payment_method=payment_method,
            key=key,
            at=at,
        )
    except IntegrityError:
        # The same key was committed by a parallel request (a double click): its orders stand.
        existing = list(Order.objects.filter(idempotency_key=key, channel=Channel.STOREFRONT).order_by("pk"))
        if existing:
            return existing
        raise


@transaction.atomic
def _checkout(
    *,
    items: Sequence[CartItem],
    buyer_name: str,
    buyer_phone: str,
    address_line: str,
    area_code: str,
    postal_code: str,
    carrier: str,
    payment_method: str,
    key: str,
    at: dt.datetime,
) -> list[Order]:
    """Read what the plan needs, check and price the cart (plans.plan_checkout), then write: lock the
    balances, one order per shop with its lines, the stock taken."""
    if not items:
        raise CannotCheckout(_("The cart is empty."), code="cart_empty", field="items")
    variants = {
        v.pk: v
        for v in Variant.objects.select_related("product", "shop").filter(
            pk__in=[i.variant_id for i in items][: MAX_CART_LINES + 1]
        )
    }
    for i, item in enumerate(items):
        v = variants.get(item.variant_id)
        if v is None or not (v.is_active and v.product.is_active and v.shop.is_open):
            # An unknown or withdrawn item: the API answers 404, the cart page drops it.
            raise Variant.DoesNotExist(f"items.{i}.variant_id")
    buyer = Buyer(buyer_name, buyer_phone, address_line, area_code, postal_code, carrier, payment_method)
    plan = plan_checkout(
        items=items,
        variants={pk: _cart_variant(v) for pk, v in variants.items()},
        buyer=buyer,
        postal_codes=_postal_codes(area_code) if carrier != Carrier.PICKUP else None,
        shops=_cart_shops({v.shop_id: v.shop for v in variants.values()}, carrier=carrier),
        default_bands=_bands(None, carrier),
    )
    return _place_orders(plan, variants=variants, key=key, at=at)


def _cart_variant(v: Variant) -> CartVariant:
    return CartVariant(v.pk, v.shop_id, v.label, v.price_satang, v.weight_g)


def _postal_codes(area_code: str) -> list[str] | None:
    """The postal codes of the subdistrict chosen (None when there is no such subdistrict)."""
    from thanrak.geo.models import Subdistrict

    if len(area_code or "") < 6:
        return None
    sub = Subdistrict.objects.filter(code=area_code[:6]).first()
    return None if sub is None else sub.postal_code_list


def _bands(shop_id: int | None, carrier: str) -> tuple[Band, ...]:
    rows = ShippingBand.objects.filter(shop_id=shop_id, carrier=carrier).values_list(
        "max_weight_g", "fee_satang"
    )
    return tuple(Band(w, f) for w, f in rows)


def _cart_shops(shops: dict[int, Shop], *, carrier: str) -> dict[int, CartShop]:
    locations = dict(
        Location.objects.filter(shop_id__in=list(shops), is_default=True).values_list("shop_id", "pk")
    )
    return {
        pk: CartShop(
            name=shop.name,
            location_id=locations.get(pk),
            takes_promptpay=bool(shop.promptpay_account),
            bands=_bands(pk, carrier),
        )
        for pk, shop in shops.items()
    }


def _place_orders(
    plan: CheckoutPlan, *, variants: dict[int, Variant], key: str, at: dt.datetime
) -> list[Order]:
    balances = _balances_locked(
        (line.variant_id, planned.location_id) for planned in plan.orders for line in planned.lines
    )
    orders = []
    for planned in plan.orders:
        order = _new_order(
            shop=variants[planned.lines[0].variant_id].shop,
            channel=Channel.STOREFRONT,
            status=OrderStatus.PENDING_PAYMENT,
            payment_method=plan.payment_method,
            location_id=planned.location_id,
            buyer_name=plan.buyer_name,
            buyer_phone=plan.buyer_phone,
            address_line=plan.address_line,
            area_code=plan.area_code,
            postal_code=plan.postal_code,
            carrier=plan.carrier,
            weight_g=planned.weight_g,
            subtotal_satang=planned.subtotal_satang,
            shipping_satang=planned.shipping_satang,
            total_satang=planned.total_satang,
            idempotency_key=key,
            placed_at=at,
            updated_at=at,
        )
        OrderLine.objects.bulk_create(
            [_line(order, variants[ln.variant_id], ln.quantity, ln.unit_price_satang) for ln in planned.lines]
        )
        for line in planned.lines:
            _move(
                balances[(line.variant_id, planned.location_id)],
                kind=MovementKind.SALE,
                quantity=-line.quantity,
                reason=str(_("Order %(number)s") % {"number": order.number}),
                by=None,
                at=at,
                order=order,
            )
        OrderEvent.objects.create(order=order, status=order.status, at=at)
        emit("commerce.order_placed", order=order)
        orders.append(order)
    return orders
