"""The pure cores of the commerce module's long writes ("check, then do"): plain values in, a named
frozen result out, no database. The actions read what a plan needs, call it, then write what it says.

- `plan_checkout`: a guest's cart → one priced order per shop, with its weight and shipping fee, or
  the refusal the buyer sees (CannotCheckout).
- `shipping_fee_for`: the fee of the lightest band that takes a parcel.
- `plan_marketplace_import`: a Shopee or Lazada export → the orders to create and the later
  statuses to apply (with the stock each moves), the issues, the unknown SKUs.
- `plan_pos_sale`: a counter sale's items → its lines, total, cash received and change.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from thanrak.commerce.errors import CannotCheckout, CannotUsePos
from thanrak.commerce.models import SOLD_STATUSES, Carrier, OrderStatus, PaymentMethod
from thanrak.commerce.rules import clean_phone, clean_text
from thanrak.core.money import format_baht
from thanrak.core.tabular import Issue

if TYPE_CHECKING:
    from thanrak.commerce.marketplace import ParsedOrder, ParsedOrders

MAX_LINE_QUANTITY = 999
MAX_CART_LINES = 50


# --- shipping fees -------------------------------------------------------------------------------


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


# --- marketplace imports -------------------------------------------------------------------------

MARKETPLACE_STATUS = {
    "sold": OrderStatus.DELIVERED,
    "cancelled": OrderStatus.CANCELLED,
    "returned": OrderStatus.REFUNDED,
    "unpaid": OrderStatus.PENDING_PAYMENT,
}


@dataclass(frozen=True)
class KnownLine:
    variant_id: int
    quantity: int
    name: str
    on_payout: bool = False


@dataclass(frozen=True)
class KnownOrder:
    """An order a marketplace file brought in before: its status, location, payment and lines."""

    status: str
    location_id: int
    paid_at: dt.datetime | None
    lines: tuple[KnownLine, ...]


@dataclass(frozen=True)
class NewMarketplaceOrder:
    """An order id seen for the first time: created with the known SKUs' lines; a sold order takes
    its goods from the default location (a shortage is corrected and flagged for a shelf count)."""

    row: int
    external_id: str
    status: str
    placed_at: dt.datetime
    paid_at: dt.datetime | None
    note: str
    lines: tuple[PlannedLine, ...]
    change_note: Promise
    change_params: dict[str, Any]

    @property
    def sold(self) -> bool:
        return self.status in SOLD_STATUSES

    @property
    def subtotal_satang(self) -> int:
        return sum(line.quantity * line.unit_price_satang for line in self.lines)

    @property
    def stock(self) -> int:
        """Pieces moved: taken (negative) when sold."""
        return -sum(line.quantity for line in self.lines) if self.sold else 0


@dataclass(frozen=True)
class MarketplaceStatusChange:
    """A later status of an order imported before: the goods come back (`stock` > 0), are taken
    (`stock` < 0) or stay (0)."""

    row: int
    external_id: str
    before: str
    target: str
    stock: int
    paid_at: dt.datetime | None
    change_note: Promise
    change_params: dict[str, Any]


@dataclass(frozen=True)
class MarketplaceImportPlan:
    """What a marketplace file changes, in the file's order, and what it cannot."""

    steps: tuple[NewMarketplaceOrder | MarketplaceStatusChange, ...]
    already_known: int
    issues: tuple[dict[str, Any], ...]
    unknown_skus: tuple[str, ...]


def _status_issue(row: int, message: Promise, params: dict[str, Any], column: str | None) -> dict[str, Any]:
    return {**Issue(row, None, message, params).as_dict(), "column": column}


def _plan_status_change(
    parsed: "ParsedOrder",
    known: KnownOrder,
    stock: dict[tuple[int, int], int],
    *,
    at: dt.datetime,
    column: str | None,
) -> MarketplaceStatusChange | dict[str, Any] | None:
    """A known order's later status: a change, an issue (dict) saying why not, or None (nothing
    changes). `stock` is updated with what the change moves."""
    row, external_id, before = parsed.rows[0], parsed.external_id, known.status
    target = MARKETPLACE_STATUS[parsed.state]
    was_sold, now_sold = before in SOLD_STATUSES, target in SOLD_STATUSES
    if before == target or (was_sold and now_sold):
        return None
    pieces = sum(line.quantity for line in known.lines)
    moved, paid_at = 0, known.paid_at
    if was_sold:
        if target == OrderStatus.PENDING_PAYMENT:
            message = _("Order %(order)s was paid and cannot become unpaid again: left as it is.")
            return _status_issue(row, message, {"order": external_id}, column)
        if any(line.on_payout for line in known.lines):
            message = _("Order %(order)s is on a producer's payout statement: refund it by hand.")
            return _status_issue(row, message, {"order": external_id}, column)
        for line in known.lines:
            stock[(line.variant_id, known.location_id)] = stock.get(
                (line.variant_id, known.location_id), 0
            ) + (line.quantity)
        moved = pieces
    elif now_sold:
        short = _shortage(known, stock)
        if short is not None:
            message = _(
                "Order %(order)s is paid but only %(left)s of %(item)s are in stock, %(needed)s needed: "
                "it stays unpaid here until stock is received."
            )
            return _status_issue(row, message, {"order": external_id, **short}, column)
        for line in known.lines:
            stock[(line.variant_id, known.location_id)] -= line.quantity
        moved, paid_at = -pieces, known.paid_at or parsed.placed_at or at
    note = (
        _("Order %(order)s: %(before)s → %(after)s, %(n)s pieces back in stock.")
        if moved > 0
        else _("Order %(order)s: %(before)s → %(after)s, %(n)s pieces taken from stock.")
        if moved < 0
        else _("Order %(order)s: %(before)s → %(after)s.")
    )
    params = {
        "order": external_id,
        "before": OrderStatus(before).label,
        "after": OrderStatus(target).label,
        "n": abs(moved),
    }
    return MarketplaceStatusChange(row, external_id, before, target, moved, paid_at, note, params)


def _shortage(known: KnownOrder, stock: dict[tuple[int, int], int]) -> dict[str, Any] | None:
    """The first item (by variant id) of which the order's location holds less than it needs."""
    needed: dict[int, int] = defaultdict(int)
    for line in known.lines:
        needed[line.variant_id] += line.quantity
    for variant_id, quantity in sorted(needed.items()):
        left = stock.setdefault((variant_id, known.location_id), 0)
        if left < quantity:
            name = next(line.name for line in known.lines if line.variant_id == variant_id)
            return {"left": left, "item": name, "needed": quantity}
    return None


def _plan_new_order(
    parsed: "ParsedOrder",
    variant_ids: Mapping[str, int],
    stock: dict[tuple[int, int], int],
    *,
    location_id: int,
    at: dt.datetime,
) -> NewMarketplaceOrder | dict[str, Any]:
    lines = tuple(
        PlannedLine(variant_ids[line.sku], line.quantity, line.unit_price_satang)
        for line in parsed.lines
        if line.sku in variant_ids
    )
    if not lines:
        return {
            "row": parsed.rows[0],
            "column": None,
            "reason_th": f"คำสั่งซื้อ {parsed.external_id} ไม่มีสินค้าที่รู้จัก",
            "reason_en": f"Order {parsed.external_id} has no known SKU",
        }
    status = MARKETPLACE_STATUS[parsed.state]
    sold = status in SOLD_STATUSES
    if sold:  # sold on the marketplace already: a shortage is corrected to zero (and flagged)
        for line in lines:
            key = (line.variant_id, location_id)
            stock[key] = max(stock.get(key, 0) - line.quantity, 0)
    pieces = sum(line.quantity for line in lines)
    return NewMarketplaceOrder(
        row=parsed.rows[0],
        external_id=parsed.external_id,
        status=status,
        placed_at=parsed.placed_at or at,
        paid_at=(parsed.placed_at or at) if sold else None,
        note=parsed.province[:300],
        lines=lines,
        change_note=_("Order %(order)s: new, %(after)s, %(n)s pieces taken from stock.")
        if sold
        else _("Order %(order)s: new, %(after)s."),
        change_params={"order": parsed.external_id, "after": OrderStatus(status).label, "n": pieces},
    )


def plan_marketplace_import(
    *,
    parsed: "ParsedOrders",
    variant_ids: Mapping[str, int],
    known: Mapping[str, KnownOrder],
    stock: Mapping[tuple[int, int], int],
    location_id: int,
    at: dt.datetime,
) -> MarketplaceImportPlan:
    """What a Shopee or Lazada export changes, order by order in the file's order.

    `variant_ids` are the shop's variants by SKU, `known` the orders imported before by marketplace
    order id, `stock` the pieces at (variant id, location id) (missing: none) and `location_id` the
    shop's default location. A new id becomes an order (a sold one takes its goods); a known id takes
    the marketplace's later status: cancelled or returned, the goods come back once; unpaid then
    paid, the goods are taken, unless the stock is short (then an issue says so and it stays unpaid).
    """
    running = dict(stock)
    steps: list[NewMarketplaceOrder | MarketplaceStatusChange] = []
    issues: list[dict[str, Any]] = []
    already_known = 0
    for order in parsed.orders:
        if order.external_id in known:
            result = _plan_status_change(
                order, known[order.external_id], running, at=at, column=parsed.status_column
            )
            if result is None:
                already_known += 1
                continue
        else:
            result = _plan_new_order(order, variant_ids, running, location_id=location_id, at=at)
        if isinstance(result, dict):
            issues.append(result)
        else:
            steps.append(result)
    skus = {line.sku for o in parsed.orders for line in o.lines}
    return MarketplaceImportPlan(
        steps=tuple(steps),
        already_known=already_known,
        issues=tuple(issues),
        unknown_skus=tuple(sorted(skus - set(variant_ids))),
    )


# --- counter sales -------------------------------------------------------------------------------

MAX_POS_ITEMS = 200


@dataclass(frozen=True)
class PosItem:
    variant_id: int
    quantity: int
    unit_price_satang: int


@dataclass(frozen=True)
class PosSalePlan:
    """A counter sale that passed every check: its lines (one per variant and price, in that order),
    total, and for cash the cash received and the change (None for PromptPay)."""

    lines: tuple[PlannedLine, ...]
    total_satang: int
    cash_received_satang: int | None
    change_satang: int | None


def _merge_pos_items(items: Sequence[PosItem]) -> dict[tuple[int, int], int]:
    if not items or len(items) > MAX_POS_ITEMS:
        raise CannotUsePos(_("The sale has no items."), code="sale_items", field="items")
    merged: dict[tuple[int, int], int] = defaultdict(int)
    for i, item in enumerate(items):
        if not isinstance(item.quantity, int) or not 1 <= item.quantity <= MAX_LINE_QUANTITY:
            raise CannotUsePos(
                _("Sell between 1 and %(max)s pieces of an item."),
                code="sell_between_pieces_item",
                field=f"items.{i}.quantity",
                params={"max": MAX_LINE_QUANTITY},
            )
        if not isinstance(item.unit_price_satang, int) or not 0 < item.unit_price_satang <= 10**9:
            raise CannotUsePos(
                _("Each item needs a price."),
                code="each_item_needs_price",
                field=f"items.{i}.unit_price_satang",
            )
        merged[(item.variant_id, item.unit_price_satang)] += item.quantity
    return merged


def plan_pos_sale(
    *,
    items: Sequence[PosItem],
    payment_method: str,
    cash_received_satang: int | None,
    shop_variant_ids: Collection[int],
) -> PosSalePlan:
    """Check a counter sale and add it up: cash or PromptPay, 1 to 200 items each with a quantity and
    a price, every item the shop's own (`shop_variant_ids`), and for cash the cash received (never
    assumed to be the exact amount) at least the total."""
    if payment_method not in (PaymentMethod.CASH, PaymentMethod.PROMPTPAY):
        raise CannotUsePos(
            _("Choose cash or PromptPay."), code="choose_cash_promptpay", field="payment_method"
        )
    merged = _merge_pos_items(items)
    for i, (variant_id, _price) in enumerate(merged):
        if variant_id not in shop_variant_ids:
            raise CannotUsePos(
                _("An item does not belong to this shop."),
                code="item_does_belong_shop",
                field=f"items.{i}.variant_id",
            )
    total = sum(q * p for (_v, p), q in merged.items())
    if payment_method != PaymentMethod.CASH:
        return PosSalePlan(_pos_lines(merged), total, None, None)
    if not isinstance(cash_received_satang, int):
        raise CannotUsePos(
            _("A cash sale needs the cash received."),
            code="cash_sale_needs_cash",
            field="cash_received_satang",
        )
    if cash_received_satang < total:
        raise CannotUsePos(
            _("The cash received is less than the total."),
            code="cash_received_less_total",
            field="cash_received_satang",
        )
    return PosSalePlan(_pos_lines(merged), total, cash_received_satang, cash_received_satang - total)


def _pos_lines(merged: dict[tuple[int, int], int]) -> tuple[PlannedLine, ...]:
    return tuple(PlannedLine(v, q, p) for (v, p), q in sorted(merged.items()))
