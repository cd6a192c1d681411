"""Stock: balances locked in a fixed order, movements that never go below zero."""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.commerce.actions.base import _ensure_manages
from thanrak.commerce.errors import CannotMoveStock, OutOfStock
from thanrak.commerce.models import (
    Location,
    MovementKind,
    Order,
    StockBalance,
    StockMovement,
    Variant,
)
from thanrak.commerce.rules import clean_text

# --- stock ---------------------------------------------------------------------------------------


def _balances_locked(pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], StockBalance]:
    """Lock (creating when missing) the balance rows of (variant, location) pairs in a fixed order,
    so that two checkouts over the same items never deadlock."""
    wanted = sorted(set(pairs))
    for variant_id, location_id in wanted:
        StockBalance.objects.get_or_create(variant_id=variant_id, location_id=location_id)
    rows = (
        StockBalance.objects.select_for_update()
        .filter(Q(*[Q(variant_id=v, location_id=loc) for v, loc in wanted], _connector=Q.OR))
        .order_by("variant_id", "location_id")
    )
    return {(b.variant_id, b.location_id): b for b in rows}


def _move(
    balance: StockBalance,
    *,
    kind: str,
    quantity: int,
    reason: str,
    by: User | None,
    at: dt.datetime,
    order: Order | None = None,
    correct_shortfall: bool = False,
) -> StockMovement:
    """Apply one movement to a locked balance. A shortfall is refused, or for sales that already
    happened elsewhere, first corrected by a flagged adjustment so the ledger never goes below zero."""
    if balance.quantity + quantity < 0:
        if not correct_shortfall:
            raise OutOfStock(
                _("Only %(left)s left of %(item)s."),
                field="quantity",
                params={"left": balance.quantity, "item": balance.variant.label},
            )
        shortfall = -(balance.quantity + quantity)
        balance.quantity += shortfall
        StockMovement.objects.create(
            variant_id=balance.variant_id,
            location_id=balance.location_id,
            kind=MovementKind.ADJUSTMENT,
            quantity=shortfall,
            balance_after=balance.quantity,
            by=by,
            at=at,
            order=order,
            needs_count=True,
            reason=str(_("Sold more than the recorded stock: please count the shelf")),
        )
    balance.quantity += quantity
    StockBalance.objects.filter(pk=balance.pk).update(quantity=balance.quantity)
    return StockMovement.objects.create(
        variant_id=balance.variant_id,
        location_id=balance.location_id,
        kind=kind,
        quantity=quantity,
        balance_after=balance.quantity,
        reason=reason[:200],
        by=by,
        at=at,
        order=order,
    )


def _location_of(variant: Variant, location: Location) -> None:
    if location.shop_id != variant.shop_id:
        raise CannotMoveStock(
            _("That location belongs to another shop."),
            code="location_belongs_another_shop",
            field="location",
        )


@transaction.atomic
def stock_receive(
    *, variant: Variant, location: Location, quantity: int, reason: str, by: User, at: dt.datetime
) -> StockMovement:
    """Goods made or delivered into a location."""
    _ensure_manages(by, variant.shop)
    _location_of(variant, location)
    if not isinstance(quantity, int) or not 1 <= quantity <= 1_000_000:
        raise CannotMoveStock(
            _("Receive between 1 and 1,000,000 pieces."), code="receive_between_pieces", field="quantity"
        )
    balance = _balances_locked([(variant.pk, location.pk)])[(variant.pk, location.pk)]
    return _move(
        balance,
        kind=MovementKind.RECEIVE,
        quantity=quantity,
        reason=reason or str(_("Received")),
        by=by,
        at=at,
    )


@transaction.atomic
def stock_adjust(
    *, variant: Variant, location: Location, delta: int, reason: str, by: User, at: dt.datetime
) -> StockMovement:
    """Correct the count (breakage, a stock take); a reason is required; never below zero."""
    _ensure_manages(by, variant.shop)
    _location_of(variant, location)
    reason = clean_text(reason, 200)
    if not reason:
        raise CannotMoveStock(_("Say why the stock changes."), code="say_why_stock_changes", field="reason")
    if not isinstance(delta, int) or delta == 0 or abs(delta) > 1_000_000:
        raise CannotMoveStock(
            _("The change must be a whole number other than zero."),
            code="change_whole_number_other",
            field="delta",
        )
    balance = _balances_locked([(variant.pk, location.pk)])[(variant.pk, location.pk)]
    return _move(balance, kind=MovementKind.ADJUSTMENT, quantity=delta, reason=reason, by=by, at=at)


def _return_stock(order: Order, *, by: User | None, at: dt.datetime, reason: str) -> None:
    lines = list(order.lines.all())
    balances = _balances_locked((line.variant_id, order.location_id) for line in lines)
    for line in lines:
        _move(
            balances[(line.variant_id, order.location_id)],
            kind=MovementKind.RETURN,
            quantity=line.quantity,
            reason=reason,
            by=by,
            at=at,
            order=order,
        )
