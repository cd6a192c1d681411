"""Ledger reports from the journal: trial balance, balance sheet, income statement, an
account's ledger, the journal and its entries."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Max, QuerySet, Sum
from django.db.models.functions import Coalesce

from thanrak.accounts.models import User
from thanrak.finance.models import (
    DEBIT_NORMAL,
    AccountType,
    Book,
    EntryKind,
    Fund,
    JournalEntry,
    JournalLine,
    LedgerAccount,
)
from thanrak.finance.queries.funds import fund_get

# --- ledger reports --------------------------------------------------------------------------------


@dataclass
class ReportRow:
    code: str
    name_th: str
    name_en: str
    type: str
    debit_satang: int  # Σ debits − Σ credits, as in the ledger
    account_id: int | None = None

    @property
    def natural_satang(self) -> int:
        """The balance in the account's normal direction."""
        return self.debit_satang if self.type in DEBIT_NORMAL else -self.debit_satang

    @property
    def debit_column(self) -> int:
        return max(self.debit_satang, 0)

    @property
    def credit_column(self) -> int:
        return max(-self.debit_satang, 0)


def _lines(fund: Fund, book: Book | None) -> QuerySet[JournalLine]:
    lines = JournalLine.objects.filter(entry__fund=fund)
    return lines.filter(entry__book=book) if book is not None else lines


def _rows(lines: QuerySet[JournalLine], *, book: Book | None) -> list[ReportRow]:
    grouped = (
        lines.values("account__code", "account__name_th", "account__name_en", "account__type")
        .annotate(d=Sum("debit_satang"), c=Sum("credit_satang"), account_id=Max("account_id"))
        .order_by("account__code")
    )
    return [
        ReportRow(
            code=r["account__code"],
            name_th=r["account__name_th"],
            name_en=r["account__name_en"],
            type=r["account__type"],
            debit_satang=r["d"] - r["c"],
            account_id=r["account_id"] if book is not None else None,
        )
        for r in grouped
        if r["d"] != r["c"]
    ]


@dataclass
class TrialBalance:
    fund: Fund
    book: Book | None
    as_of: dt.date
    rows: list[ReportRow]

    @property
    def total_debit_satang(self) -> int:
        return sum(r.debit_column for r in self.rows)

    @property
    def total_credit_satang(self) -> int:
        return sum(r.credit_column for r in self.rows)

    @property
    def balanced(self) -> bool:
        return self.total_debit_satang == self.total_credit_satang


def trial_balance(*, viewer: User, fund: Fund, as_of: dt.date, book: Book | None = None) -> TrialBalance:
    """Every account's balance from the entries dated on or before `as_of` (one book or all together)."""
    fund = fund_get(viewer=viewer, fund_id=fund.pk)
    rows = _rows(_lines(fund, book).filter(entry__entry_date__lte=as_of), book=book)
    return TrialBalance(fund=fund, book=book, as_of=as_of, rows=rows)


@dataclass
class BalanceSheet:
    fund: Fund
    book: Book | None
    as_of: dt.date
    assets: list[ReportRow]
    liabilities: list[ReportRow]
    equity: list[ReportRow]
    current_earnings_satang: int  # income − expenses not yet closed into the equity accounts

    @property
    def total_assets_satang(self) -> int:
        return sum(r.natural_satang for r in self.assets)

    @property
    def total_liabilities_satang(self) -> int:
        return sum(r.natural_satang for r in self.liabilities)

    @property
    def total_equity_satang(self) -> int:
        return sum(r.natural_satang for r in self.equity) + self.current_earnings_satang

    @property
    def balanced(self) -> bool:
        return self.total_assets_satang == self.total_liabilities_satang + self.total_equity_satang


def balance_sheet(*, viewer: User, fund: Fund, as_of: dt.date, book: Book | None = None) -> BalanceSheet:
    """Assets = liabilities + equity as of a day; this year's result shows until the year-end closes it."""
    tb = trial_balance(viewer=viewer, fund=fund, as_of=as_of, book=book)
    by_type: dict[str, list[ReportRow]] = defaultdict(list)
    for row in tb.rows:
        by_type[row.type].append(row)
    earnings = sum(r.natural_satang for r in by_type[AccountType.INCOME]) - sum(
        r.natural_satang for r in by_type[AccountType.EXPENSE]
    )
    return BalanceSheet(
        fund=tb.fund,
        book=book,
        as_of=as_of,
        assets=by_type[AccountType.ASSET],
        liabilities=by_type[AccountType.LIABILITY],
        equity=by_type[AccountType.EQUITY],
        current_earnings_satang=earnings,
    )


@dataclass
class IncomeStatement:
    fund: Fund
    book: Book | None
    start: dt.date
    end: dt.date
    income: list[ReportRow]
    expenses: list[ReportRow]

    @property
    def total_income_satang(self) -> int:
        return sum(r.natural_satang for r in self.income)

    @property
    def total_expenses_satang(self) -> int:
        return sum(r.natural_satang for r in self.expenses)

    @property
    def net_profit_satang(self) -> int:
        return self.total_income_satang - self.total_expenses_satang


def income_statement(
    *, viewer: User, fund: Fund, start: dt.date, end: dt.date, book: Book | None = None
) -> IncomeStatement:
    """Income and expenses between two days (the year-end closing entries left out)."""
    fund = fund_get(viewer=viewer, fund_id=fund.pk)
    lines = (
        _lines(fund, book)
        .filter(
            entry__entry_date__range=(start, end), account__type__in=[AccountType.INCOME, AccountType.EXPENSE]
        )
        .exclude(entry__kind=EntryKind.YEAR_END)
    )
    rows = _rows(lines, book=book)
    return IncomeStatement(
        fund=fund,
        book=book,
        start=start,
        end=end,
        income=[r for r in rows if r.type == AccountType.INCOME],
        expenses=[r for r in rows if r.type == AccountType.EXPENSE],
    )


@dataclass
class LedgerLineRow:
    line: JournalLine
    balance_satang: int  # in the account's normal direction, after this line


@dataclass
class AccountLedger:
    account: LedgerAccount
    start: dt.date
    end: dt.date
    opening_satang: int
    rows: list[LedgerLineRow]

    @property
    def closing_satang(self) -> int:
        return self.rows[-1].balance_satang if self.rows else self.opening_satang


def account_ledger(
    *, viewer: User, account_id: int, start: dt.date, end: dt.date, limit: int = 2000
) -> AccountLedger:
    """An account's lines between two days with the running balance, starting from the balance before."""
    account = LedgerAccount.objects.select_related("book", "fund").get(
        pk=account_id, fund__in=Fund.objects.visible_to(viewer).values("pk")
    )
    sign = 1 if account.normal_debit else -1
    before = JournalLine.objects.filter(account=account, entry__entry_date__lt=start).aggregate(
        d=Coalesce(Sum("debit_satang"), 0), c=Coalesce(Sum("credit_satang"), 0)
    )
    balance = sign * (before["d"] - before["c"])
    opening = balance
    rows = []
    lines = (
        JournalLine.objects.filter(account=account, entry__entry_date__range=(start, end))
        .select_related("entry", "member__person", "loan")
        .order_by("entry__entry_date", "entry_id", "id")[:limit]
    )
    for line in lines:
        balance += sign * (line.debit_satang - line.credit_satang)
        rows.append(LedgerLineRow(line=line, balance_satang=balance))
    return AccountLedger(account=account, start=start, end=end, opening_satang=opening, rows=rows)


def journal_list(
    *, viewer: User, fund: Fund, kind: str = "", book: Book | None = None
) -> QuerySet[JournalEntry]:
    """The fund's entries, newest first, for readers of its books."""
    fund = fund_get(viewer=viewer, fund_id=fund.pk)
    qs = (
        JournalEntry.objects.filter(fund=fund)
        .select_related("book", "created_by", "member__person", "loan", "reverses")
        .annotate(total=Sum("lines__debit_satang"))
        .order_by("-entry_date", "-id")
    )
    if kind:
        qs = qs.filter(kind=kind)
    if book is not None:
        qs = qs.filter(book=book)
    return qs


def entry_get(*, viewer: User, entry_id: int) -> JournalEntry:
    return (
        JournalEntry.objects.filter(fund__in=Fund.objects.visible_to(viewer).values("pk"))
        .select_related("book", "fund", "created_by", "member__person", "loan", "reverses")
        .get(pk=entry_id)
    )


def entry_lines(*, entry: JournalEntry) -> QuerySet[JournalLine]:
    return entry.lines.select_related("account", "member__person", "loan").order_by("id")


def entry_reversed_by(*, entry: JournalEntry) -> JournalEntry | None:
    return JournalEntry.objects.filter(reverses=entry).first()


def accounts_of_book(*, viewer: User, book: Book) -> QuerySet[LedgerAccount]:
    fund_get(viewer=viewer, fund_id=book.fund_id)
    return LedgerAccount.objects.filter(book=book).order_by("code")


def period_closes(*, fund: Fund) -> QuerySet:
    return fund.closes.select_related("closed_by").order_by("-closed_through")
