"""Checkout's pure core: a guest's cart → one priced order per shop, with its weight and shipping
fee, or the refusal the buyer sees (CannotCheckout); and the shipping-fee rule."""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from thanrak.commerce.errors import CannotCheckout
from thanrak.commerce.models import Carrier, PaymentMethod
from thanrak.commerce.rules import clean_phone, clean_text
from thanrak.core.money import format_baht

MAX_LINE_QUANTITY = 999
MAX_CART_LINES = 50


@dataclass(frozen=True)
class Band:
    """One row of a fee table: parcels up to `max_weight_g` cost `fee_satang`."""

    max_weight_g: int
    fee_satang: int


def shipping_fee_for(*, carrier: str, weight_g: int, own: Sequence[Band], default: Sequence[Band]) -> int:
    """The fee of the lightest band that takes the weight: the shop's own table for the carrier when
    it has one, else the platform's default table; pickup is free."""
    if carrier == Carrier.PICKUP:
        return 0
    for bands in (own, default):
        if bands:
            fitting = [b for b in bands if b.max_weight_g >= max(weight_g, 1)]
            if not fitting:
                raise CannotCheckout(
                    _("The parcel is too heavy for this carrier."),
                    code="parcel_too_heavy_carrier",
                    field="carrier",
                )
            return min(fitting, key=lambda b: b.max_weight_g).fee_satang
    raise CannotCheckout(
        _("This shop does not ship with this carrier."), code="shop_does_ship_carrier", field="carrier"
    )


# --- checkout ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CartItem:
    variant_id: int
    quantity: int
    # The price the buyer saw; a different server price refuses the checkout (None: not checked).
    price_satang: int | None = None


@dataclass(frozen=True)
class CartVariant:
    """What the server knows of an item in the cart."""

    id: int
    shop_id: int
    label: str
    price_satang: int
    weight_g: int


@dataclass(frozen=True)
class CartShop:
    """What the checkout needs of a shop: its name, its default stock location (None: it has none),
    whether it takes PromptPay, and its own fee table for the chosen carrier."""

    name: str
    location_id: int | None
    takes_promptpay: bool
    bands: tuple[Band, ...] = ()


@dataclass(frozen=True)
class Buyer:
    """The buyer's form as typed."""

    name: str
    phone: str
    address_line: str
    area_code: str
    postal_code: str
    carrier: str
    payment_method: str


@dataclass(frozen=True)
class PlannedLine:
    variant_id: int
    quantity: int
    unit_price_satang: int


@dataclass(frozen=True)
class PlannedOrder:
    """One shop's order: its priced lines (by variant id), weight, goods, shipping fee and total."""

    shop_id: int
    location_id: int
    lines: tuple[PlannedLine, ...]
    weight_g: int
    subtotal_satang: int
    shipping_satang: int

    @property
    def total_satang(self) -> int:
        return self.subtotal_satang + self.shipping_satang


@dataclass(frozen=True)
class CheckoutPlan:
    """A checkout that passed every check: the buyer's cleaned details and one order per shop
    (by shop id)."""

    buyer_name: str
    buyer_phone: str
    address_line: str
    area_code: str
    postal_code: str
    carrier: str
    payment_method: str
    orders: tuple[PlannedOrder, ...]


def merge_cart(items: Sequence[CartItem]) -> dict[int, CartItem]:
    """The cart's lines by variant (a variant twice is one line); refuses an empty or huge cart and
    quantities outside 1..MAX_LINE_QUANTITY."""
    if not items:
        raise CannotCheckout(_("The cart is empty."), code="cart_empty", field="items")
    if len(items) > MAX_CART_LINES:
        raise CannotCheckout(_("Too many lines in one order."), code="too_many_lines_order", field="items")
    merged: dict[int, CartItem] = {}
    for i, item in enumerate(items):
        quantity = item.quantity
        if isinstance(quantity, int) and 1 <= quantity <= MAX_LINE_QUANTITY and item.variant_id in merged:
            quantity += merged[item.variant_id].quantity
        if not isinstance(quantity, int) or not 1 <= quantity <= MAX_LINE_QUANTITY:
            raise CannotCheckout(
                _("Order between 1 and %(max)s pieces of each item."),
                code="order_between_pieces_each",
                field=f"items.{i}.quantity",
                params={"max": MAX_LINE_QUANTITY},
            )
        merged[item.variant_id] = CartItem(item.variant_id, quantity, item.price_satang)
    return merged


def _check_buyer(buyer: Buyer, postal_codes: Sequence[str] | None) -> Buyer:
    """The buyer's details cleaned; `postal_codes` are the chosen subdistrict's (None: no such
    subdistrict)."""
    name = clean_text(buyer.name, 200)
    if not name:
        raise CannotCheckout(_("Write your name."), code="write_your_name", field="buyer_name")
    phone = clean_phone(buyer.phone)
    if not phone:
        raise CannotCheckout(
            _("Write a Thai phone number, e.g. 081-234-5678."),
            code="write_thai_phone_number",
            field="buyer_phone",
        )
    carrier = buyer.carrier
    if carrier not in Carrier.values:
        raise CannotCheckout(
            _("Choose how to receive the goods."), code="choose_how_receive_goods", field="carrier"
        )
    address = clean_text(buyer.address_line, 300)
    postal = (buyer.postal_code or "").strip()
    area = (buyer.area_code or "")[:6]
    if carrier == Carrier.PICKUP:
        area = postal_for_order = ""
    else:
        if not address:
            raise CannotCheckout(
                _("Write the house number and road."), code="write_house_number_road", field="address_line"
            )
        if postal_codes is None:
            raise CannotCheckout(
                _("Choose the province, district and subdistrict."),
                code="choose_province_district_subdistrict",
                field="area_code",
            )
        if postal not in postal_codes:
            raise CannotCheckout(
                _("The postal code does not match the subdistrict."),
                code="postal_code_does_match",
                field="postal_code",
            )
        postal_for_order = postal
    if buyer.payment_method not in (PaymentMethod.PROMPTPAY, PaymentMethod.COD):
        raise CannotCheckout(
            _("Choose PromptPay or cash on delivery."),
            code="choose_promptpay_cash_delivery",
            field="payment_method",
        )
    if buyer.payment_method == PaymentMethod.COD and carrier == Carrier.PICKUP:
        raise CannotCheckout(
            _("Cash on delivery needs a delivery."),
            code="cash_delivery_needs_delivery",
            field="payment_method",
        )
    return Buyer(name, phone, address, area, postal_for_order, carrier, buyer.payment_method)


def plan_checkout(
    *,
    items: Sequence[CartItem],
    variants: Mapping[int, CartVariant],
    buyer: Buyer,
    postal_codes: Sequence[str] | None,
    shops: Mapping[int, CartShop],
    default_bands: Sequence[Band],
) -> CheckoutPlan:
    """Check a cart and price it: server prices (a cart showing another price is refused with the new
    price), one order per shop with its weight and shipping fee. Every item of `items` is in
    `variants` (the action refuses unknown or withdrawn items first)."""
    merged = merge_cart(items)
    clean = _check_buyer(buyer, postal_codes)
    for i, item in enumerate(merged.values()):
        v = variants[item.variant_id]
        if item.price_satang is not None and item.price_satang != v.price_satang:
            raise CannotCheckout(
                _("The price of %(item)s is now %(price)s baht. Please check your cart and order again."),
                code="price_now_baht_please",
                field=f"items.{i}.price_satang",
                params={"item": v.label, "price": format_baht(v.price_satang)},
            )
    by_shop: dict[int, list[CartVariant]] = defaultdict(list)
    for v in variants.values():
        by_shop[v.shop_id].append(v)
    for shop_id in by_shop:
        shop = shops[shop_id]
        if shop.location_id is None:
            raise CannotCheckout(
                _("%(shop)s has no stock to sell online."),
                code="stock_sell_online",
                params={"shop": shop.name},
            )
        if clean.payment_method == PaymentMethod.PROMPTPAY and not shop.takes_promptpay:
            raise CannotCheckout(
                _("%(shop)s does not take PromptPay yet; choose cash on delivery."),
                code="does_take_promptpay_yet",
                field="payment_method",
                params={"shop": shop.name},
            )
    orders = []
    for shop_id in sorted(by_shop):
        shop_variants = sorted(by_shop[shop_id], key=lambda v: v.id)
        lines = tuple(PlannedLine(v.id, merged[v.id].quantity, v.price_satang) for v in shop_variants)
        weight = sum(v.weight_g * merged[v.id].quantity for v in shop_variants)
        fee = shipping_fee_for(
            carrier=clean.carrier, weight_g=weight, own=shops[shop_id].bands, default=default_bands
        )
        orders.append(
            PlannedOrder(
                shop_id=shop_id,
                location_id=shops[shop_id].location_id,  # type: ignore[arg-type]
                lines=lines,
                weight_g=weight,
                subtotal_satang=sum(line.quantity * line.unit_price_satang for line in lines),
                shipping_satang=fee,
            )
        )
    return CheckoutPlan(
        buyer_name=clean.name,
        buyer_phone=clean.phone,
        address_line=clean.address_line,
        area_code=clean.area_code,
        postal_code=clean.postal_code,
        carrier=clean.carrier,
        payment_method=clean.payment_method,
        orders=tuple(orders),
    )
