"""Shopee and Lazada order exports brought into Thanrak: read what the plan needs, plan the import
(plans.plan_marketplace_import), then write what it says."""

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.commerce.actions.base import _ensure_manages, _line, _new_order
from thanrak.commerce.actions.stock import _balances_locked, _move, _return_stock
from thanrak.commerce.errors import CannotImport
from thanrak.commerce.models import (
    Channel,
    Location,
    MarketplaceImport,
    MovementKind,
    Order,
    OrderEvent,
    OrderLine,
    OrderStatus,
    PaymentMethod,
    Shop,
    StockBalance,
    Variant,
)
from thanrak.commerce.plans import (
    MARKETPLACE_STATUS,
    KnownLine,
    KnownOrder,
    MarketplaceStatusChange,
    NewMarketplaceOrder,
    plan_marketplace_import,
)
from thanrak.core.tabular import Issue, bound_issue_dicts

__all__ = ["MARKETPLACE_STATUS", "marketplace_orders_import"]


def _marketplace_change(
    order: Order, before: str, *, row: int, stock: int, note: Any, params: dict[str, Any]
) -> dict[str, Any]:
    """One line of the import's report: which order, from which status to which, stock moved."""
    issue = Issue(row, None, note, params)
    return {
        "row": row,
        "order": order.external_id,
        "number": order.number,
        "from": before,
        "to": order.status,
        "stock": stock,
        "reason_th": issue.th,
        "reason_en": issue.en,
    }


def _known_order(order: Order) -> KnownOrder:
    lines = tuple(
        KnownLine(line.variant_id, line.quantity, line.name, line.payout_id is not None)
        for line in order.lines.all()
    )
    return KnownOrder(order.status, order.location_id, order.paid_at, lines)


def _stock_locked(pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], int]:
    """The pieces at (variant, location) pairs, their balance rows locked in a fixed order (rows not
    there yet hold none; the moves create them)."""
    wanted = sorted(set(pairs))
    if not wanted:
        return {}
    rows = (
        StockBalance.objects.select_for_update()
        .filter(Q(*[Q(variant_id=v, location_id=loc) for v, loc in wanted], _connector=Q.OR))
        .order_by("variant_id", "location_id")
        .values_list("variant_id", "location_id", "quantity")
    )
    return {(v, loc): q for v, loc, q in rows}


def _take_stock(
    order: Order, lines: Iterable[OrderLine], *, by: User, at: dt.datetime, correct: bool
) -> None:
    """Take an order's goods from its location (`correct`: a shortage is corrected and flagged)."""
    lines = list(lines)
    balances = _balances_locked((line.variant_id, order.location_id) for line in lines)
    for line in lines:
        _move(
            balances[(line.variant_id, order.location_id)],
            kind=MovementKind.SALE,
            quantity=-line.quantity,
            reason=f"{Channel(order.channel).label} {order.external_id}",
            by=by,
            at=at,
            order=order,
            correct_shortfall=correct,
        )


def _create_order(
    step: NewMarketplaceOrder,
    *,
    shop: Shop,
    marketplace: str,
    location: Location,
    variants: dict[int, Variant],
    filename: str,
    by: User,
    at: dt.datetime,
) -> dict[str, Any]:
    order = _new_order(
        shop=shop,
        channel=marketplace,
        status=step.status,
        payment_method=PaymentMethod.MARKETPLACE,
        location=location,
        buyer_name="",
        area_code="",
        subtotal_satang=step.subtotal_satang,
        shipping_satang=0,
        total_satang=step.subtotal_satang,
        external_id=step.external_id,
        paid_at=step.paid_at,
        placed_at=step.placed_at,
        updated_at=at,
        note=step.note,
    )
    order_lines = OrderLine.objects.bulk_create(
        [_line(order, variants[ln.variant_id], ln.quantity, ln.unit_price_satang) for ln in step.lines]
    )
    OrderEvent.objects.create(order=order, status=order.status, at=at, by=by, note=filename[:300])
    if step.sold:
        # Sold on the marketplace already: the goods left; a shortage is flagged for a shelf count.
        _take_stock(order, order_lines, by=by, at=at, correct=True)
    return _marketplace_change(
        order, "", row=step.row, stock=step.stock, note=step.change_note, params=step.change_params
    )


def _apply_status(
    step: MarketplaceStatusChange, order: Order, *, filename: str, by: User, at: dt.datetime
) -> dict[str, Any]:
    before, target = step.before, step.target
    if step.stock > 0:
        label = Channel(order.channel).label
        _return_stock(order, by=by, at=at, reason=f"{label} {order.external_id}: {OrderStatus(target).label}")
    elif step.stock < 0:
        _take_stock(order, order.lines.all(), by=by, at=at, correct=False)
    order.status = target
    order.paid_at = step.paid_at
    order.updated_at = at
    order.save(update_fields=["status", "updated_at", "paid_at"])
    OrderEvent.objects.create(
        order=order,
        status=target,
        at=at,
        by=by,
        note=f"{filename}: {OrderStatus(before).label} → {OrderStatus(target).label}"[:300],
    )
    return _marketplace_change(
        order, before, row=step.row, stock=step.stock, note=step.change_note, params=step.change_params
    )


@transaction.atomic
def marketplace_orders_import(
    *, shop: Shop, marketplace: str, data: bytes, filename: str, by: User, at: dt.datetime
) -> MarketplaceImport:
    """Bring a Shopee or Lazada order export into Thanrak: one order per marketplace order id, stock
    taken from the shop's default location. An id seen before takes the marketplace's later status
    (cancelled or returned: the goods come back once; unpaid then paid: the goods are taken, or the
    row says the stock is short); the same file twice changes nothing. The report lists per row what
    changed."""
    from thanrak.commerce import marketplace as mp

    _ensure_manages(by, shop)
    parsed = mp.parse_orders(marketplace=marketplace, data=data)
    location = shop.locations.filter(is_default=True).first()
    if location is None:
        raise CannotImport(_("The shop has no default stock location."), code="shop_default_stock_location")
    skus = {line.sku for o in parsed.orders for line in o.lines}
    variants = {v.sku: v for v in Variant.objects.select_related("product").filter(shop=shop, sku__in=skus)}
    existing = {
        o.external_id: o
        for o in Order.objects.select_for_update()
        .filter(shop=shop, channel=marketplace, external_id__in=[p.external_id for p in parsed.orders])
        .prefetch_related("lines")
    }
    known = {external_id: _known_order(o) for external_id, o in existing.items()}
    pairs = [(line.variant_id, k.location_id) for k in known.values() for line in k.lines]
    pairs += [
        (variants[line.sku].pk, location.pk)
        for o in parsed.orders
        for line in o.lines
        if line.sku in variants
    ]
    plan = plan_marketplace_import(
        parsed=parsed,
        variant_ids={sku: v.pk for sku, v in variants.items()},
        known=known,
        stock=_stock_locked(pairs),
        location_id=location.pk,
        at=at,
    )
    by_pk = {v.pk: v for v in variants.values()}
    changes = []
    for step in plan.steps:
        if isinstance(step, NewMarketplaceOrder):
            changes.append(
                _create_order(
                    step,
                    shop=shop,
                    marketplace=marketplace,
                    location=location,
                    variants=by_pk,
                    filename=filename,
                    by=by,
                    at=at,
                )
            )
        else:
            changes.append(_apply_status(step, existing[step.external_id], filename=filename, by=by, at=at))
    return MarketplaceImport.objects.create(
        shop=shop,
        marketplace=marketplace,
        filename=filename[:200],
        at=at,
        by=by,
        orders_created=sum(isinstance(s, NewMarketplaceOrder) for s in plan.steps),
        orders_already_known=plan.already_known,
        orders_updated=sum(isinstance(s, MarketplaceStatusChange) for s in plan.steps),
        unknown_skus=list(plan.unknown_skus),
        issues=bound_issue_dicts([*(i.as_dict() for i in parsed.issues), *plan.issues]),
        changes=changes,
    )
