"""A counter sale's pure core: its items → its lines, total, cash received and change."""

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from thanrak.commerce.errors import CannotUsePos
from thanrak.commerce.models import PaymentMethod
from thanrak.commerce.plans.checkout import MAX_LINE_QUANTITY, PlannedLine

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
