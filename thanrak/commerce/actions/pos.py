"""The counter (POS): cashier sessions and counter sales, online or synced later."""

import datetime as dt
import re
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.commerce.actions.base import _ensure_manages, _line, _new_order
from thanrak.commerce.actions.stock import _balances_locked, _move
from thanrak.commerce.errors import CannotUsePos
from thanrak.commerce.models import (
    Channel,
    Location,
    MovementKind,
    Order,
    OrderEvent,
    OrderLine,
    OrderStatus,
    PosSession,
    PosSessionRecount,
    Variant,
)
from thanrak.commerce.plans import MAX_POS_ITEMS, PosItem, plan_pos_sale
from thanrak.commerce.queries import pos_expected_cash
from thanrak.commerce.rules import clean_text

# --- POS -----------------------------------------------------------------------------------------


@transaction.atomic
def pos_session_open(
    *, location: Location, cashier: User, opening_float_satang: int, at: dt.datetime
) -> PosSession:
    """Open a cashier session at a counter with the cash already in the drawer."""
    _ensure_manages(cashier, location.shop)
    if not isinstance(opening_float_satang, int) or not 0 <= opening_float_satang <= 10**9:
        raise CannotUsePos(
            _("The opening float must be zero or more."),
            code="opening_float_zero",
            field="opening_float_satang",
        )
    if PosSession.objects.filter(location=location, closed_at__isnull=True).exists():
        raise CannotUsePos(
            _("A session is already open at this counter."),
            code="session_already_open_counter",
            field="location",
        )
    try:
        with transaction.atomic():
            return PosSession.objects.create(
                shop=location.shop,
                location=location,
                cashier=cashier,
                opened_at=at,
                opening_float_satang=opening_float_satang,
            )
    except IntegrityError as exc:
        raise CannotUsePos(
            _("A session is already open at this counter."),
            code="session_already_open_counter",
            field="location",
        ) from exc


@transaction.atomic
def pos_session_close(
    *, session: PosSession, counted_cash_satang: int, by: User, at: dt.datetime
) -> PosSession:
    """Close the session with the counted cash; the difference to the expected cash is kept."""
    _ensure_manages(by, session.shop)
    session = PosSession.objects.select_for_update().get(pk=session.pk)
    if session.closed_at is not None:
        raise CannotUsePos(_("This session is already closed."), code="session_already_closed")
    if not isinstance(counted_cash_satang, int) or counted_cash_satang < 0:
        raise CannotUsePos(
            _("The counted cash must be zero or more."), code="counted_cash_zero", field="counted_cash_satang"
        )
    session.expected_cash_satang = pos_expected_cash(session)
    session.counted_cash_satang = counted_cash_satang
    session.difference_satang = counted_cash_satang - session.expected_cash_satang
    session.closed_at = at
    session.save()
    return session


def _pos_session_recount(session: PosSession, *, order: Order, by: User | None, at: dt.datetime) -> None:
    """A sale or refund reached a session after it was closed: recompute its expected cash and
    difference against the cash that was counted, keep the before and after, and log it."""
    from thanrak.accounts.actions import audit_record
    from thanrak.accounts.models import AuditEvent

    session = PosSession.objects.select_for_update().get(pk=session.pk)
    if session.closed_at is None:
        return
    expected = pos_expected_cash(session)
    if expected == session.expected_cash_satang:
        return
    recount = PosSessionRecount.objects.create(
        session=session,
        order=order,
        at=at,
        by=by,
        expected_before_satang=session.expected_cash_satang,
        expected_after_satang=expected,
        difference_before_satang=session.difference_satang,
        difference_after_satang=session.counted_cash_satang - expected,
    )
    session.expected_cash_satang = expected
    session.difference_satang = recount.difference_after_satang
    session.save(update_fields=["expected_cash_satang", "difference_satang"])
    audit_record(
        by=by,
        event=AuditEvent.CHANGE,
        at=at,
        object_type="commerce.possession",
        object_id=str(session.pk),
        area_code=session.shop.area_code,
        detail={
            "what": "closed cashier session recounted",
            "order": order.number,
            "expected_before": recount.expected_before_satang,
            "expected_after": expected,
            "difference_before": recount.difference_before_satang,
            "difference_after": recount.difference_after_satang,
        },
    )


def pos_sale_record(
    *,
    session: PosSession,
    sale_key: str,
    items: Sequence[PosItem],
    payment_method: str,
    cash_received_satang: int | None,
    sold_at: dt.datetime,
    by: User,
) -> tuple[Order, bool]:
    """Record a counter sale, made online or synced later from the device's queue.

    The sale key makes it idempotent: sending the same sale again returns the recorded one and
    (order, False). The sale already happened, so a ledger showing less stock gets a flagged
    correction instead of losing the sale.
    """
    _ensure_manages(by, session.shop)
    key = clean_text(sale_key, 64)
    if not re.fullmatch(r"[A-Za-z0-9_-]{8,64}", key):
        raise CannotUsePos(_("The sale has no valid key."), code="sale_valid_key", field="sale_key")
    found = Order.objects.filter(shop_id=session.shop_id, idempotency_key=key).first()
    if found is not None:
        return found, False
    try:
        return _pos_sale(
            session=session,
            key=key,
            items=items,
            payment_method=payment_method,
            cash_received_satang=cash_received_satang,
            sold_at=sold_at,
            by=by,
        ), True
    except IntegrityError:
        found = Order.objects.filter(shop_id=session.shop_id, idempotency_key=key).first()
        if found is not None:
            return found, False
        raise


@transaction.atomic
def _pos_sale(
    *,
    session: PosSession,
    key: str,
    items: Sequence[PosItem],
    payment_method: str,
    cash_received_satang: int | None,
    sold_at: dt.datetime,
    by: User,
) -> Order:
    # Locked: a sale synced while the session is being closed is counted by the close or recounts it.
    session = PosSession.objects.select_for_update().select_related("location", "shop").get(pk=session.pk)
    variants = {
        v.pk: v
        for v in Variant.objects.select_related("product", "shop").filter(
            pk__in=[i.variant_id for i in items][: MAX_POS_ITEMS + 1], shop_id=session.shop_id
        )
    }
    plan = plan_pos_sale(
        items=items,
        payment_method=payment_method,
        cash_received_satang=cash_received_satang,
        shop_variant_ids=set(variants),
    )
    # A session at a fair booth sells on the fair channel; any other counter is the POS channel.
    channel = Channel.FAIR if session.location.kind == Location.Kind.BOOTH else Channel.POS
    order = _new_order(
        shop=session.shop,
        channel=channel,
        status=OrderStatus.DELIVERED,
        payment_method=payment_method,
        location=session.location,
        subtotal_satang=plan.total_satang,
        shipping_satang=0,
        total_satang=plan.total_satang,
        idempotency_key=key,
        pos_session=session,
        cash_received_satang=plan.cash_received_satang,
        change_satang=plan.change_satang,
        paid_at=sold_at,
        payment_confirmed_by=by,
        placed_at=sold_at,
        updated_at=sold_at,
        note=str(_("Synced after the session closed")) if session.closed_at else "",
    )
    OrderLine.objects.bulk_create(
        [_line(order, variants[ln.variant_id], ln.quantity, ln.unit_price_satang) for ln in plan.lines]
    )
    balances = _balances_locked((ln.variant_id, session.location_id) for ln in plan.lines)
    for ln in plan.lines:
        _move(
            balances[(ln.variant_id, session.location_id)],
            kind=MovementKind.SALE,
            quantity=-ln.quantity,
            reason=str(_("Counter sale %(number)s") % {"number": order.number}),
            by=by,
            at=sold_at,
            order=order,
            correct_shortfall=True,
        )
    OrderEvent.objects.create(order=order, status=order.status, at=sold_at, by=by)
    if session.closed_at is not None:
        _pos_session_recount(session, order=order, by=by, at=timezone.now())
    return order
