"""Producers' payouts: statements of their shares of goods sold."""

import datetime as dt

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.commerce.actions.base import _ensure_manages
from thanrak.commerce.errors import CannotPayOut
from thanrak.commerce.models import (
    SOLD_STATUSES,
    OrderLine,
    PayoutStatement,
    Shop,
)
from thanrak.registry.models import Person

# --- producers' payouts ------------------------------------------------------------------------


@transaction.atomic
def payout_statement_create(
    *, shop: Shop, producer: Person, period_start: dt.date, period_end: dt.date, by: User, at: dt.datetime
) -> PayoutStatement:
    """Gather a member producer's shares of goods sold in a period (not yet on a statement)."""
    _ensure_manages(by, shop)
    if period_end < period_start:
        raise CannotPayOut(
            _("The period ends before it starts."), code="period_ends_starts", field="period_end"
        )
    if PayoutStatement.objects.filter(
        shop=shop, producer=producer, period_start=period_start, period_end=period_end
    ).exists():
        raise CannotPayOut(
            _("There is already a statement for this producer and period."),
            code="already_statement_producer_period",
        )
    lines = OrderLine.objects.select_for_update().filter(
        order__shop=shop,
        producer=producer,
        payout__isnull=True,
        order__status__in=SOLD_STATUSES,
        order__paid_at__date__gte=period_start,
        order__paid_at__date__lte=period_end,
    )
    totals = lines.aggregate(sales=Sum("line_total_satang"), share=Sum("producer_share_satang"))
    if not totals["sales"]:
        raise CannotPayOut(
            _("This producer sold nothing in the period that is not on a statement yet."),
            code="producer_sold_nothing_period",
        )
    statement = PayoutStatement.objects.create(
        shop=shop,
        producer=producer,
        period_start=period_start,
        period_end=period_end,
        sales_satang=totals["sales"],
        amount_satang=totals["share"] or 0,
        created_at=at,
        by=by,
    )
    lines.update(payout=statement)
    return statement


@transaction.atomic
def payout_mark_paid(*, statement: PayoutStatement, by: User, at: dt.datetime) -> PayoutStatement:
    _ensure_manages(by, statement.shop)
    statement = PayoutStatement.objects.select_for_update().get(pk=statement.pk)
    if statement.paid_at is None:
        statement.paid_at = at
        statement.save(update_fields=["paid_at"])
    return statement
