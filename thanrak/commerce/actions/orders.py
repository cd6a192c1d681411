"""An order's life after checkout: payment, packing, shipping, delivery, cancelling, refunds."""

import datetime as dt
import secrets
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.commerce.actions.base import _ensure_manages
from thanrak.commerce.actions.pos import _pos_session_recount
from thanrak.commerce.actions.stock import _return_stock
from thanrak.commerce.errors import CannotChangeOrder
from thanrak.commerce.images import prepare_image
from thanrak.commerce.models import (
    THAILAND_POST,
    Carrier,
    Channel,
    Order,
    OrderEvent,
    OrderStatus,
    PaymentMethod,
)
from thanrak.commerce.rules import clean_text
from thanrak.commerce.shipping import is_valid_s10, normalise_tracking
from thanrak.core.events import emit

# --- order life --------------------------------------------------------------------------------

# Allowed next statuses. COD orders are packed and shipped before the money comes (on delivery).
TRANSITIONS = {
    OrderStatus.PENDING_PAYMENT: {OrderStatus.PAID, OrderStatus.CANCELLED},
    OrderStatus.PAID: {OrderStatus.PACKED, OrderStatus.REFUNDED},
    OrderStatus.PACKED: {OrderStatus.SHIPPED, OrderStatus.REFUNDED},
    OrderStatus.SHIPPED: {OrderStatus.DELIVERED, OrderStatus.REFUNDED},
    OrderStatus.DELIVERED: {OrderStatus.REFUNDED},
}
COD_TRANSITIONS = {
    OrderStatus.PENDING_PAYMENT: {OrderStatus.PACKED, OrderStatus.CANCELLED},
    OrderStatus.PACKED: {OrderStatus.SHIPPED, OrderStatus.CANCELLED},
    OrderStatus.SHIPPED: {OrderStatus.DELIVERED, OrderStatus.CANCELLED},
    OrderStatus.DELIVERED: {OrderStatus.REFUNDED},
}


def _locked_order(order: Order) -> Order:
    return Order.objects.select_for_update().select_related("shop").get(pk=order.pk)


def _transition(order: Order, to: str, *, by: User | None, at: dt.datetime, note: str = "") -> None:
    table = COD_TRANSITIONS if order.payment_method == PaymentMethod.COD else TRANSITIONS
    if to not in table.get(order.status, set()):
        raise CannotChangeOrder(
            _("An order that is %(status)s cannot become %(to)s."),
            code="order_become",
            field="status",
            params={"status": order.get_status_display(), "to": OrderStatus(to).label},
        )
    order.status = to
    order.updated_at = at
    order.save(
        update_fields=["status", "updated_at", "paid_at", "payment_confirmed_by", "slip", "slip_uploaded_at"]
    )
    OrderEvent.objects.create(order=order, status=to, at=at, by=by, note=note[:300])
    emit("commerce.order_changed", order=order)


@transaction.atomic
def order_slip_upload(*, order: Order, upload: Any, at: dt.datetime) -> Order:
    """The buyer sends a picture of the transfer slip for the seller to check."""
    order = _locked_order(order)
    if order.status != OrderStatus.PENDING_PAYMENT or order.payment_method != PaymentMethod.PROMPTPAY:
        raise CannotChangeOrder(
            _("This order is not waiting for a PromptPay payment."), code="order_waiting_promptpay_payment"
        )
    main, _thumb = prepare_image(upload, field="slip")
    # A name nobody can guess: the slip shows a bank account and a person's name.
    order.slip.save(f"{secrets.token_hex(16)}.jpg", main, save=False)
    order.slip_uploaded_at = at
    order.updated_at = at
    order.save(update_fields=["slip", "slip_uploaded_at", "updated_at"])
    return order


@transaction.atomic
def order_payment_confirm(*, order: Order, by: User, at: dt.datetime) -> tuple[Order, bool]:
    """The seller confirms the money arrived (checked against the slip). Confirming again changes
    nothing: returns (order, False)."""
    _ensure_manages(by, order.shop)
    order = _locked_order(order)
    if order.paid_at is not None:
        return order, False
    if order.payment_method == PaymentMethod.PROMPTPAY and not order.slip:
        raise CannotChangeOrder(
            _("The buyer has not sent a slip yet."), code="buyer_sent_slip_yet", field="slip"
        )
    if order.payment_method == PaymentMethod.COD and order.status != OrderStatus.SHIPPED:
        raise CannotChangeOrder(
            _("Cash on delivery is confirmed when the parcel is delivered."),
            code="cash_delivery_confirmed_when",
        )
    order.paid_at = at
    order.payment_confirmed_by = by
    if order.payment_method == PaymentMethod.COD:
        _transition(order, OrderStatus.DELIVERED, by=by, at=at, note=str(_("Cash received on delivery")))
    else:
        _transition(order, OrderStatus.PAID, by=by, at=at)
    return order, True


@transaction.atomic
def order_pack(*, order: Order, by: User, at: dt.datetime) -> Order:
    _ensure_manages(by, order.shop)
    order = _locked_order(order)
    _transition(order, OrderStatus.PACKED, by=by, at=at)
    return order


@transaction.atomic
def order_ship(*, order: Order, carrier: str, tracking_number: str, by: User, at: dt.datetime) -> Order:
    """Hand the parcel to a carrier; Thailand Post numbers must be valid S10 numbers."""
    _ensure_manages(by, order.shop)
    order = _locked_order(order)
    number = normalise_tracking(tracking_number)
    if carrier not in Carrier.values:
        raise CannotChangeOrder(_("Choose a carrier."), code="choose_carrier", field="carrier")
    if carrier in THAILAND_POST and not is_valid_s10(number):
        raise CannotChangeOrder(
            _("%(number)s is not a Thailand Post tracking number (e.g. EI217050620TH)."),
            code="thailand_post_tracking_number",
            field="tracking_number",
            params={"number": number or "—"},
        )
    if carrier != Carrier.PICKUP and not number:
        raise CannotChangeOrder(
            _("Write the tracking number."), code="write_tracking_number", field="tracking_number"
        )
    _transition(order, OrderStatus.SHIPPED, by=by, at=at, note=f"{carrier} {number}")
    order.shipments.create(carrier=carrier, tracking_number=number, shipped_at=at, by=by)
    return order


@transaction.atomic
def order_deliver(*, order: Order, by: User, at: dt.datetime) -> Order:
    """Mark delivered; a cash-on-delivery order is paid at this moment."""
    _ensure_manages(by, order.shop)
    order = _locked_order(order)
    if order.payment_method == PaymentMethod.COD and order.paid_at is None:
        order.paid_at = at
        order.payment_confirmed_by = by
    _transition(order, OrderStatus.DELIVERED, by=by, at=at)
    return order


@transaction.atomic
def order_cancel(*, order: Order, by: User | None, at: dt.datetime, reason: str = "") -> Order:
    """Cancel an unpaid order (the seller, or the expiry task with by=None); the stock comes back."""
    if by is not None:
        _ensure_manages(by, order.shop)
    order = _locked_order(order)
    note = clean_text(reason, 300) or str(_("Cancelled"))
    _transition(order, OrderStatus.CANCELLED, by=by, at=at, note=note)
    _return_stock(order, by=by, at=at, reason=str(_("Order %(number)s cancelled") % {"number": order.number}))
    return order


@transaction.atomic
def order_refund(*, order: Order, by: User, at: dt.datetime, reason: str) -> Order:
    """Refund a paid order: the goods come back to stock and the sale leaves the figures."""
    _ensure_manages(by, order.shop)
    order = _locked_order(order)
    reason = clean_text(reason, 300)
    if not reason:
        raise CannotChangeOrder(
            _("Say why the order is refunded."), code="say_why_order_refunded", field="reason"
        )
    if order.lines.filter(payout__isnull=False).exists():
        raise CannotChangeOrder(
            _("The producers were already paid for this order."), code="producers_already_paid_order"
        )
    _transition(order, OrderStatus.REFUNDED, by=by, at=at, note=reason)
    _return_stock(order, by=by, at=at, reason=str(_("Order %(number)s refunded") % {"number": order.number}))
    if order.pos_session_id is not None:
        _pos_session_recount(order.pos_session, order=order, by=by, at=at)
    return order


def orders_expire_unpaid(*, placed_before: dt.datetime, at: dt.datetime) -> int:
    """Cancel storefront PromptPay orders still unpaid (and without a slip) since a time."""
    stale = Order.objects.filter(
        channel=Channel.STOREFRONT,
        status=OrderStatus.PENDING_PAYMENT,
        payment_method=PaymentMethod.PROMPTPAY,
        placed_at__lt=placed_before,
        slip="",
    ).values_list("pk", flat=True)
    count = 0
    for pk in list(stale):
        with transaction.atomic():
            order = Order.objects.select_for_update().get(pk=pk)
            if order.status == OrderStatus.PENDING_PAYMENT and not order.slip:
                order_cancel(order=order, by=None, at=at, reason=str(_("Not paid in time")))
                count += 1
    return count
