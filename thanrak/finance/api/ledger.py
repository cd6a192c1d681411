"""The ledger: journal entries, reversals, closing periods and the statements."""

import datetime as dt
from typing import Annotated, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Schema
from ninja.params import P, QueryEx

from thanrak.apikit import ERRORS, AppRouter, Id, access
from thanrak.finance import actions, queries
from thanrak.finance.api.common import book_of, fund_of
from thanrak.finance.api.schemas import Day, EntryOut, Key, Offset, QueryId, RowId, SatangOrZero, entry_out
from thanrak.finance.chart_of_accounts import MANUAL_ROLES

router = AppRouter("finance")


# The accounts a manual entry may post to, as the chart of accounts lists them.
ManualRole = Literal[tuple(str(role) for role in MANUAL_ROLES)]  # type: ignore[valid-type]


class LegIn(Schema):
    role: ManualRole
    debit_satang: SatangOrZero = 0
    credit_satang: SatangOrZero = 0


class ManualEntryIn(Schema):
    on: Day
    memo: Annotated[str, Field(min_length=1, max_length=300)]
    legs: Annotated[list[LegIn], Field(min_length=2, max_length=20)]
    book_id: RowId | None = None
    idempotency_key: Key | None = None


class ReverseIn(Schema):
    on: Day
    reason: Annotated[str, Field(min_length=1, max_length=200)]
    idempotency_key: Key | None = None


class CloseIn(Schema):
    through: Day
    note: Annotated[str, Field(max_length=200)] = ""


class CloseOut(Schema):
    fund_id: int
    closed_through: dt.date


class RowOut(Schema):
    code: str
    name_th: str
    name_en: str
    type: str
    balance_satang: int
    debit_satang: int
    credit_satang: int


def _rows(rows: list[queries.ReportRow]) -> list[dict]:
    return [
        {
            "code": r.code,
            "name_th": r.name_th,
            "name_en": r.name_en,
            "type": r.type,
            "balance_satang": r.natural_satang,
            "debit_satang": r.debit_column,
            "credit_satang": r.credit_column,
        }
        for r in rows
    ]


class TrialBalanceOut(Schema):
    as_of: dt.date
    book_id: int | None
    rows: list[RowOut]
    total_debit_satang: int
    total_credit_satang: int
    balanced: bool


class BalanceSheetOut(Schema):
    as_of: dt.date
    book_id: int | None
    assets: list[RowOut]
    liabilities: list[RowOut]
    equity: list[RowOut]
    current_earnings_satang: int
    total_assets_satang: int
    total_liabilities_satang: int
    total_equity_satang: int
    balanced: bool


class IncomeStatementOut(Schema):
    start: dt.date
    end: dt.date
    book_id: int | None
    income: list[RowOut]
    expenses: list[RowOut]
    net_profit_satang: int


class LedgerLineOut(Schema):
    entry_id: int
    entry_date: dt.date
    memo: str
    member_id: int | None
    debit_satang: int
    credit_satang: int
    balance_satang: int


class AccountLedgerOut(Schema):
    account_id: int
    code: str
    name_th: str
    start: dt.date
    end: dt.date
    opening_satang: int
    closing_satang: int
    lines: list[LedgerLineOut]


# --- operations ---


@router.get("/funds/{fund_id}/journal", response={200: list[EntryOut], **ERRORS})
@access("finance.ledger", "view")
def journal(
    request: HttpRequest,
    fund_id: Id,
    limit: QueryEx[int, P(ge=1, le=200)] = 50,
    offset: Offset = 0,
):
    """The fund's journal, newest first, each entry with its lines."""
    entries = queries.journal_list(viewer=request.user, fund=fund_of(request, fund_id))[
        offset : offset + limit
    ]
    return [entry_out(e) for e in entries]


@router.post("/funds/{fund_id}/journal", response={200: EntryOut, **ERRORS})
@access("finance.ledger", "change")
def journal_post(request: HttpRequest, fund_id: Id, payload: ManualEntryIn):
    """An entry by account role for what the other operations do not cover (expenses, transfers, grants)."""
    fund = fund_of(request, fund_id)
    entry = actions.journal_post_manual(
        fund=fund,
        on=payload.on,
        memo=payload.memo,
        book=book_of(fund, payload.book_id),
        legs=[(leg.role, leg.debit_satang, leg.credit_satang) for leg in payload.legs],
        by=request.user,
        at=timezone.now(),
        key=payload.idempotency_key,
    )
    return entry_out(entry)


@router.get("/entries/{entry_id}", response={200: EntryOut, **ERRORS})
@access("finance.ledger", "view")
def entry_detail(request: HttpRequest, entry_id: Id):
    """One journal entry with its lines."""
    return entry_out(queries.entry_get(viewer=request.user, entry_id=entry_id))


@router.post("/entries/{entry_id}/reverse", response={200: EntryOut, **ERRORS})
@access("finance.ledger", "change")
def entry_reverse(request: HttpRequest, entry_id: Id, payload: ReverseIn):
    """Correct an entry by posting its mirror image; what it did to savings or a loan is undone."""
    entry = queries.entry_get(viewer=request.user, entry_id=entry_id)
    reversal = actions.journal_reverse(
        entry=entry,
        on=payload.on,
        reason=payload.reason,
        by=request.user,
        at=timezone.now(),
        key=payload.idempotency_key,
    )
    return entry_out(reversal)


@router.post("/funds/{fund_id}/periods/close", response={200: CloseOut, **ERRORS})
@access("finance.ledger", "change")
def period_close(request: HttpRequest, fund_id: Id, payload: CloseIn):
    """Close the books through a day: nothing may be recorded on or before it afterwards."""
    fund = fund_of(request, fund_id)
    close = actions.period_close(
        fund=fund, through=payload.through, note=payload.note, by=request.user, at=timezone.now()
    )
    return {"fund_id": fund.pk, "closed_through": close.closed_through}


@router.get("/funds/{fund_id}/trial-balance", response={200: TrialBalanceOut, **ERRORS})
@access("finance.ledger", "view")
def trial_balance(
    request: HttpRequest,
    fund_id: Id,
    as_of: Day | None = None,
    book_id: QueryId | None = None,
):
    """Every account's balance as of a day (one book or all together)."""
    fund = fund_of(request, fund_id)
    tb = queries.trial_balance(
        viewer=request.user, fund=fund, as_of=as_of or timezone.localdate(), book=book_of(fund, book_id)
    )
    return {
        "as_of": tb.as_of,
        "book_id": book_id,
        "rows": _rows(tb.rows),
        "total_debit_satang": tb.total_debit_satang,
        "total_credit_satang": tb.total_credit_satang,
        "balanced": tb.balanced,
    }


@router.get("/funds/{fund_id}/balance-sheet", response={200: BalanceSheetOut, **ERRORS})
@access("finance.ledger", "view")
def balance_sheet(
    request: HttpRequest,
    fund_id: Id,
    as_of: Day | None = None,
    book_id: QueryId | None = None,
):
    """Assets, liabilities and equity as of a day."""
    fund = fund_of(request, fund_id)
    bs = queries.balance_sheet(
        viewer=request.user, fund=fund, as_of=as_of or timezone.localdate(), book=book_of(fund, book_id)
    )
    return {
        "as_of": bs.as_of,
        "book_id": book_id,
        "assets": _rows(bs.assets),
        "liabilities": _rows(bs.liabilities),
        "equity": _rows(bs.equity),
        "current_earnings_satang": bs.current_earnings_satang,
        "total_assets_satang": bs.total_assets_satang,
        "total_liabilities_satang": bs.total_liabilities_satang,
        "total_equity_satang": bs.total_equity_satang,
        "balanced": bs.balanced,
    }


@router.get("/funds/{fund_id}/income-statement", response={200: IncomeStatementOut, **ERRORS})
@access("finance.ledger", "view")
def income_statement(
    request: HttpRequest,
    fund_id: Id,
    start: Day,
    end: Day,
    book_id: QueryId | None = None,
):
    """Income and expenses between two days, the year-end closing left out."""
    fund = fund_of(request, fund_id)
    pl = queries.income_statement(
        viewer=request.user, fund=fund, start=start, end=end, book=book_of(fund, book_id)
    )
    return {
        "start": start,
        "end": end,
        "book_id": book_id,
        "income": _rows(pl.income),
        "expenses": _rows(pl.expenses),
        "net_profit_satang": pl.net_profit_satang,
    }


@router.get("/accounts/{account_id}/ledger", response={200: AccountLedgerOut, **ERRORS})
@access("finance.ledger", "view")
def account_ledger(request: HttpRequest, account_id: Id, start: Day, end: Day):
    """An account's lines between two days with the running balance."""
    led = queries.account_ledger(viewer=request.user, account_id=account_id, start=start, end=end)
    return {
        "account_id": led.account.pk,
        "code": led.account.code,
        "name_th": led.account.name_th,
        "start": start,
        "end": end,
        "opening_satang": led.opening_satang,
        "closing_satang": led.closing_satang,
        "lines": [
            {
                "entry_id": r.line.entry_id,
                "entry_date": r.line.entry.entry_date,
                "memo": r.line.entry.memo,
                "member_id": r.line.member_id,
                "debit_satang": r.line.debit_satang,
                "credit_satang": r.line.credit_satang,
                "balance_satang": r.balance_satang,
            }
            for r in led.rows
        ],
    }
