"""Year end: posting the year's plan (dividends, refunds, allocations) and paying members out."""

import datetime as dt
from collections import defaultdict
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.core.events import emit
from thanrak.core.thai import format_date
from thanrak.finance import posting
from thanrak.finance.actions._common import _keeps_books, _key, open_books
from thanrak.finance.chart_of_accounts import Roles
from thanrak.finance.models import (
    Book,
    EntryKind,
    Fund,
    JournalLine,
    MemberYearEnd,
    PeriodClose,
    SavingsKind,
    SavingsMovement,
    YearEndRun,
)
from thanrak.finance.posting import cr, dr, lock_fund
from thanrak.finance.year_end_plan import BookYearEnd, CannotCloseYear, year_end_plan

# --- year end ------------------------------------------------------------------------------------


ALLOCATION_ROLES = {
    "reserve_bp": Roles.RESERVE,
    "welfare_bp": Roles.WELFARE_RESERVE,
    "committee_bp": Roles.COMMITTEE_PAYABLE,
    "public_benefit_bp": Roles.PUBLIC_BENEFIT,
    "retained": Roles.RETAINED,
}


@transaction.atomic
def year_end_post(
    *, fund: Fund, period_end: dt.date, by: User, at: dt.datetime, key: str | None = None
) -> YearEndRun:
    """Close the year: income and expenses to the allocations the bylaw sets, each member's dividend and
    refund as amounts payable, rounded by largest remainder so they sum exactly to the pools; then the
    books are closed through the period's last day."""
    opened = open_books(
        fund.pk,
        by=by,
        key=key,
        replay=lambda f, k: YearEndRun.objects.filter(fund=f, idempotency_key=k).first(),
    )
    if opened.prior is not None:
        return opened.prior
    fund, key = opened.fund, opened.key
    if period_end >= timezone.localdate(at):
        raise CannotCloseYear(
            _("The year can be closed only after its last day."),
            code="year_closed_last_day",
            field="period_end",
        )
    if fund.closed_through and period_end <= fund.closed_through:
        raise CannotCloseYear(
            _("The books are already closed for this period."),
            code="books_already_closed_period",
            field="period_end",
        )
    plan = year_end_plan(fund=fund, period_end=period_end)
    summary: dict[str, Any] = {"books": {}}
    run = YearEndRun.objects.create(
        fund=fund,
        period_start=plan.period_start,
        period_end=period_end,
        bylaw=plan.bylaw,
        summary={},
        idempotency_key=key,
        posted_by=by,
        posted_at=at,
    )
    for b in plan.books:
        legs = _closing_legs(b)
        entry_id = None
        if legs:
            entry_id = posting.post(
                fund=fund,
                book=b.book,
                on=period_end,
                kind=EntryKind.YEAR_END,
                legs=legs,
                by=by,
                at=at,
                memo=f"ปิดบัญชีประจำปี {format_date(plan.period_start)} – {format_date(period_end)}",
            ).pk
        members = set(b.dividends) | set(b.refunds) | set(b.interest_paid) | set(b.dividend_weights)
        MemberYearEnd.objects.bulk_create(
            MemberYearEnd(
                run=run,
                book=b.book,
                member_id=m,
                dividend_weight=b.dividend_weights.get(m, 0),
                dividend_satang=b.dividends.get(m, 0),
                interest_paid_satang=b.interest_paid.get(m, 0),
                refund_satang=b.refunds.get(m, 0),
                excluded_from_refund=m in b.excluded,
            )
            for m in sorted(members)
        )
        summary["books"][str(b.book.pk)] = {
            "name": b.book.name_th,
            "entry": entry_id,
            "income": sum(b.income.values()),
            "expense": sum(b.expense.values()),
            "net_profit": b.net_profit,
            "allocations": b.allocations,
        }
    run.summary = summary
    run.save(update_fields=["summary"])
    fund.closed_through = period_end
    fund.save(update_fields=["closed_through"])
    PeriodClose.objects.create(
        fund=fund, closed_through=period_end, note="ปิดบัญชีประจำปี", closed_by=by, closed_at=at
    )
    return run


def _closing_legs(b: BookYearEnd) -> list[posting.Leg]:
    """One book's closing entry: income and expenses out; profit to the allocations, dividends and
    refunds payable per member; a loss against retained earnings."""
    legs: list[posting.Leg] = []
    for role, amount in b.income.items():
        legs.append(dr(role, amount) if amount > 0 else cr(role, -amount))
    for role, amount in b.expense.items():
        legs.append(cr(role, amount) if amount > 0 else dr(role, -amount))
    if b.net_profit > 0:
        for name, role in ALLOCATION_ROLES.items():
            if b.allocations.get(name):
                legs.append(cr(role, b.allocations[name]))
        legs += [cr(Roles.DIVIDENDS_PAYABLE, v, member_id=m) for m, v in b.dividends.items()]
        legs += [cr(Roles.REFUNDS_PAYABLE, v, member_id=m) for m, v in b.refunds.items()]
    elif b.net_profit < 0:
        legs.append(dr(Roles.RETAINED, -b.net_profit))
    return legs


@transaction.atomic
def year_end_pay_out(
    *, run: YearEndRun, on: dt.date, to_deposits: bool, by: User, at: dt.datetime, key: str | None = None
) -> YearEndRun:
    """Pay every member's dividend and refund, in cash or into their deposit account."""
    fund = lock_fund(run.fund_id)
    _keeps_books(by, fund)
    run = YearEndRun.objects.select_for_update().get(pk=run.pk)
    if run.paid_out_on is not None:
        return run
    if on <= run.period_end:
        raise CannotCloseYear(
            _("Pay out after the year has been closed."), code="pay_out_year_closed", field="on"
        )
    for book in fund.books.all():
        legs, deposits = _payable_legs(book)
        if not legs:
            continue
        if to_deposits:
            per_member: dict[int, int] = defaultdict(int)
            for m, amount in deposits:
                per_member[m] += amount
            legs += [cr(Roles.DEPOSITS, v, member_id=m) for m, v in per_member.items()]
        else:
            legs.append(cr(Roles.CASH, sum(a for _m, a in deposits)))
        entry = posting.post(
            fund=fund,
            book=book,
            on=on,
            kind=EntryKind.PAYOUT,
            legs=legs,
            by=by,
            at=at,
            memo="จ่ายเงินปันผลและเงินเฉลี่ยคืน",
            key=f"{_key(key)}:{book.pk}" if key else None,
        )
        if to_deposits:
            SavingsMovement.objects.bulk_create(
                SavingsMovement(
                    fund=fund,
                    book=book,
                    member_id=m,
                    kind=SavingsKind.DEPOSIT,
                    on=on,
                    amount_satang=v,
                    entry=entry,
                )
                for m, v in per_member.items()
            )
        emit("finance.dividend_paid", fund=fund, book=book, on=on, paid=deposits)
    run.paid_out_on = on
    run.save(update_fields=["paid_out_on"])
    return run


def _payable_legs(book: Book) -> tuple[list[posting.Leg], list[tuple[int, int]]]:
    """What each member is owed in dividends and refunds in a book: the debits that pay it off, and
    (member, amount) pairs."""
    legs, deposits = [], []
    for role in (Roles.DIVIDENDS_PAYABLE, Roles.REFUNDS_PAYABLE):
        account = posting.accounts_of(book)[role]
        owed = (
            JournalLine.objects.filter(account=account, member_id__isnull=False)
            .values("member_id")
            .annotate(c=Sum("credit_satang"), d=Sum("debit_satang"))
        )
        for row in owed:
            amount = row["c"] - row["d"]
            if amount > 0:
                legs.append(dr(role, amount, member_id=row["member_id"]))
                deposits.append((row["member_id"], amount))
    return legs, deposits
