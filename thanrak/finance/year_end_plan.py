"""The year-end computation, read-only: net profit per book, the bylaw's allocations, each member's
dividend (on balances weighted by whole months held) and patronage refund (on interest paid),
split by largest remainder so that members' amounts sum exactly to each pool.

`actions.year_end_post` posts a plan; `queries.year_end_preview` shows one before it is posted.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import F, Sum
from django.utils.translation import gettext_lazy as _

from thanrak.core.errors import DomainError
from thanrak.core.money import allocate_largest_remainder
from thanrak.core.thai import format_date
from thanrak.finance import posting
from thanrak.finance.chart_of_accounts import Roles
from thanrak.finance.models import (
    AccountType,
    Book,
    BylawVersion,
    DividendBasis,
    EntryKind,
    Fund,
    Installment,
    InstallmentStatus,
    JournalLine,
    LedgerAccount,
    LoanStatus,
)
from thanrak.finance.rules import capped_dividend_pool, split_profit
from thanrak.finance.schedules import add_months

ALLOCATION_FIELDS = (
    "reserve_bp",
    "welfare_bp",
    "committee_bp",
    "public_benefit_bp",
    "dividend_bp",
    "patronage_bp",
)


class CannotCloseYear(DomainError):
    """The year-end cannot be run or paid out."""


def _bylaw_on(fund: Fund, on: dt.date) -> BylawVersion:
    found = fund.bylaws.filter(effective_from__lte=on).order_by("-effective_from").first()
    if found is None:
        raise CannotCloseYear(
            _("The fund has no bylaw in force on %(date)s."),
            code="fund_bylaw_force",
            params={"date": format_date(on)},
        )
    return found


@dataclass
class BookYearEnd:
    book: Book
    income: dict[str, int]  # role → credits − debits in the period
    expense: dict[str, int]  # role → debits − credits
    net_profit: int
    allocations: dict[str, int]
    dividends: dict[int, int]  # member id → satang
    dividend_weights: dict[int, int]
    refunds: dict[int, int]
    interest_paid: dict[int, int]
    excluded: set[int]
    # Losses carried from earlier years that this year's profit makes good before anything is shared.
    loss_covered: int = 0


@dataclass
class YearEndPlan:
    fund: Fund
    period_start: dt.date
    period_end: dt.date
    bylaw: BylawVersion
    books: list[BookYearEnd]

    @property
    def net_profit(self) -> int:
        return sum(b.net_profit for b in self.books)


def year_end_period_start(fund: Fund) -> dt.date:
    last = fund.year_ends.order_by("-period_end").first()
    return last.period_end + dt.timedelta(days=1) if last else fund.opened_on


def year_end_plan(*, fund: Fund, period_end: dt.date) -> YearEndPlan:
    """Compute the year-end without writing: profit per book, allocations, each member's amounts."""
    start = year_end_period_start(fund)
    if period_end < start:
        raise CannotCloseYear(
            _("The period must end on or after %(date)s."),
            code="period_end",
            field="period_end",
            params={"date": format_date(start)},
        )
    bylaw = _bylaw_on(fund, period_end)
    books = [
        _book_year_end(fund, book, start, period_end, bylaw)
        for book in fund.books.order_by("-is_default", "id")
    ]
    return YearEndPlan(fund=fund, period_start=start, period_end=period_end, bylaw=bylaw, books=books)


def _book_year_end(fund: Fund, book: Book, start: dt.date, end: dt.date, bylaw: BylawVersion) -> BookYearEnd:
    accounts = posting.accounts_of(book)
    sums = (
        JournalLine.objects.filter(entry__book=book, entry__entry_date__range=(start, end))
        .exclude(entry__kind=EntryKind.YEAR_END)
        .values("account_id")
        .annotate(d=Sum("debit_satang"), c=Sum("credit_satang"))
    )
    by_id = {a.pk: a for a in accounts.values()}
    income, expense = {}, {}
    for row in sums:
        account = by_id.get(row["account_id"])
        if account is None:
            continue
        if account.type == AccountType.INCOME and row["c"] != row["d"]:
            income[account.role] = row["c"] - row["d"]
        elif account.type == AccountType.EXPENSE and row["c"] != row["d"]:
            expense[account.role] = row["d"] - row["c"]
    net = sum(income.values()) - sum(expense.values())
    allocations: dict[str, int] = {}
    dividends: dict[int, int] = {}
    refunds: dict[int, int] = {}
    weights: dict[int, int] = {}
    interest_paid: dict[int, int] = {}
    excluded: set[int] = set()
    carried_loss = max(0, -_retained_before(accounts[Roles.RETAINED], end)) if net > 0 else 0
    loss_covered = min(net, carried_loss)
    if net > 0:
        # A profit first makes good the losses carried from earlier years: no dividend is paid out of a loss.
        allocations = split_profit(net - loss_covered, {f: getattr(bylaw, f) for f in ALLOCATION_FIELDS})
        allocations["retained"] += loss_covered
        basis = {
            DividendBasis.SHARES: [Roles.SHARES],
            DividendBasis.SAVINGS: [Roles.SAJJA],
            DividendBasis.SHARES_AND_SAVINGS: [Roles.SHARES, Roles.SAJJA],
        }[DividendBasis(bylaw.dividend_basis)]
        weights = _months_held_weights(book, basis, start, end)
        pool = allocations["dividend_bp"]
        capped = capped_dividend_pool(
            pool_satang=pool, weight_satang_months=sum(weights.values()), cap_bp=bylaw.dividend_cap_bp
        )
        if sum(weights.values()) == 0:
            capped = 0
        allocations["reserve_bp"] += pool - capped
        allocations["dividend_bp"] = capped
        dividends = _split(capped, weights)
        interest_paid = _interest_paid(book, start, end)
        if bylaw.patronage_excludes_arrears:
            excluded = _members_in_arrears(book, end)
        refund_weights = {m: (0 if m in excluded else w) for m, w in interest_paid.items()}
        refund_pool = allocations["patronage_bp"]
        if sum(refund_weights.values()) == 0:
            allocations["reserve_bp"] += refund_pool
            allocations["patronage_bp"] = refund_pool = 0
        refunds = _split(refund_pool, refund_weights)
    return BookYearEnd(
        book=book,
        income=income,
        expense=expense,
        net_profit=net,
        allocations=allocations,
        dividends=dividends,
        dividend_weights=weights,
        refunds=refunds,
        interest_paid=interest_paid,
        excluded=excluded,
        loss_covered=loss_covered,
    )


def _retained_before(account: LedgerAccount, end: dt.date) -> int:
    """Retained earnings (credit − debit) from entries up to the period's end, before its closing entry."""
    sums = (
        JournalLine.objects.filter(account=account, entry__entry_date__lte=end)
        .exclude(entry__kind=EntryKind.YEAR_END, entry__entry_date=end)
        .aggregate(d=Sum("debit_satang"), c=Sum("credit_satang"))
    )
    return (sums["c"] or 0) - (sums["d"] or 0)


def _split(total: int, weights: dict[int, int]) -> dict[int, int]:
    members = sorted(weights)
    parts = allocate_largest_remainder(total, [weights[m] for m in members]) if total else [0] * len(members)
    return {m: p for m, p in zip(members, parts, strict=True) if p}


def _month_starts(start: dt.date, end: dt.date) -> list[dt.date]:
    first = start.replace(day=1)
    out = []
    while first <= end:
        out.append(first)
        first = add_months(first, 1)
    return out


def _months_held_weights(book: Book, roles: list[str], start: dt.date, end: dt.date) -> dict[int, int]:
    """Σ over the period's whole months of the least balance the member held at the end of any day of
    that month (a share bought on the 15th first counts the month after)."""
    accounts = posting.accounts_of(book)
    ids = [accounts[r].pk for r in roles]
    changes: dict[int, dict[dt.date, int]] = defaultdict(lambda: defaultdict(int))
    rows = (
        JournalLine.objects.filter(account_id__in=ids, member_id__isnull=False, entry__entry_date__lte=end)
        .values("member_id", "entry__entry_date")
        .annotate(c=Sum("credit_satang"), d=Sum("debit_satang"))
    )
    for r in rows:
        changes[r["member_id"]][r["entry__entry_date"]] += r["c"] - r["d"]
    months = [
        m for m in _month_starts(start, end) if m >= start and add_months(m, 1) - dt.timedelta(days=1) <= end
    ]
    weights = {}
    for member_id, by_day in changes.items():
        days = sorted(by_day)
        total = 0
        for m in months:
            month_end = add_months(m, 1) - dt.timedelta(days=1)
            balance = sum(by_day[d] for d in days if d < m)
            inside = [d for d in days if m <= d <= month_end]
            candidates = [] if inside and inside[0] == m else [balance]
            for d in inside:
                balance += by_day[d]
                candidates.append(balance)
            total += max(0, min(candidates))
        if total:
            weights[member_id] = total
    return weights


def _interest_paid(book: Book, start: dt.date, end: dt.date) -> dict[int, int]:
    account = posting.accounts_of(book)[Roles.INTEREST_INCOME]
    rows = (
        JournalLine.objects.filter(
            account=account, member_id__isnull=False, entry__entry_date__range=(start, end)
        )
        .values("member_id")
        .annotate(c=Sum("credit_satang"), d=Sum("debit_satang"))
    )
    return {r["member_id"]: r["c"] - r["d"] for r in rows if r["c"] - r["d"] > 0}


def _members_in_arrears(book: Book, on: dt.date) -> set[int]:
    return set(
        Installment.objects.filter(
            loan__book=book,
            loan__status=LoanStatus.ACTIVE,
            status=InstallmentStatus.OPEN,
            due_date__lt=on,
            loan__schedule_version=F("version"),
        ).values_list("loan__borrower_id", flat=True)
    )
