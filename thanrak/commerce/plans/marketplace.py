"""The marketplace import's pure core: a Shopee or Lazada export → the orders to create and the
later statuses to apply (with the stock each moves), the issues, the unknown SKUs."""

import datetime as dt
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from thanrak.commerce.models import SOLD_STATUSES, OrderStatus
from thanrak.commerce.plans.checkout import PlannedLine
from thanrak.core.tabular import Issue

if TYPE_CHECKING:
    from thanrak.commerce.marketplace import ParsedOrder, ParsedOrders


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
