"""The finance API under /api/v1/finance: funds, members, savings, loans, ledger, year end, roll-ups.

Every operation declares its resource (`@access`) and the error answers (`**ERRORS`); rows are
scoped by the same queries as the pages (organisation, area, the member's own). Amounts are integer
satang, rates basis points, dates ISO (Christian era). Writes accept an `idempotency_key`: the same
request sent again returns the first result and changes nothing.
"""

import datetime as dt
from typing import Annotated, Literal

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.params import FormEx, P, PathEx, QueryEx
from pydantic import AfterValidator, WithJsonSchema

from thanrak.apikit import ERRORS, Error, access
from thanrak.core.clientip import client_ip
from thanrak.core.errors import DomainError
from thanrak.core.money import MAX_ABS_SATANG
from thanrak.finance import actions, importing, queries
from thanrak.finance.models import (
    AgingPreset,
    Book,
    Fund,
    FundKind,
    FundMember,
    JournalEntry,
    YearEndRun,
)
from thanrak.finance.schedules import InvalidSchedule, build_schedule

router = Router(tags=["finance"])

MAX_ID = 2**53
Id = PathEx[int, P(ge=1, le=MAX_ID)]
Satang = Annotated[int, Field(ge=1, le=MAX_ABS_SATANG)]
SatangOrZero = Annotated[int, Field(ge=0, le=MAX_ABS_SATANG)]
Bp = Annotated[int, Field(ge=0, le=10_000)]
# A calendar date from 1900 to 2199. The pattern matches exactly the valid dates of those years, so
# the published schema says which dates are accepted (a bound on a date cannot be written otherwise).
DATE_PATTERN = (
    r"^(?:(?:19|20|21)[0-9]{2}-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)"
    r"|(?:0[13578]|1[02])-31)|(?:(?:19|20|21)(?:0[48]|[2468][048]|[13579][26])|2000)-02-29)$"
)


def _within_years(day: dt.date) -> dt.date:
    if not 1900 <= day.year <= 2199:
        raise ValueError("a date from 1900 to 2199")
    return day


Day = Annotated[
    dt.date,
    AfterValidator(_within_years),
    WithJsonSchema({"type": "string", "format": "date", "pattern": DATE_PATTERN}),
]
Key = Annotated[str, Field(max_length=80)]
Text = Annotated[str, Field(max_length=300)]
MethodName = Literal["flat", "declining_installment", "declining_principal", "bullet"]
FrequencyName = Literal["monthly", "quarterly", "semiannual", "annual"]
SavingsKindName = Literal["SAJJA", "DEPOSIT", "SHARES", "CONTRIBUTION"]
AreaCode = QueryEx[str, P(pattern=r"^([0-9]{2}([0-9]{2}([0-9]{2})?)?)?$", max_length=6)]


def _now() -> dt.datetime:
    return timezone.now()


def _today() -> dt.date:
    return timezone.localdate()


# --- schemas --------------------------------------------------------------------------------------


class BookOut(Schema):
    id: int
    code: str
    name_th: str
    source: str
    is_default: bool


class FundOut(Schema):
    id: int
    organisation_id: int
    kind: str
    name_th: str
    name_en: str
    area_code: str
    can_lend: bool
    opened_on: dt.date
    closed_through: dt.date | None
    aging_preset: str
    accrual_basis: bool


class FundSummaryOut(Schema):
    fund: FundOut
    books: list[BookOut]
    cash_satang: int
    bank_satang: int
    sajja_satang: int
    deposits_satang: int
    shares_satang: int
    members: int
    loans_active: int
    loans_outstanding_satang: int
    overdue_principal_satang: int
    overdue_percent: str | None
    pending_approvals: int


class BookIn(Schema):
    code: Annotated[str, Field(min_length=1, max_length=20, pattern=r"^[a-z0-9_-]+$")]
    name_th: Annotated[str, Field(min_length=1, max_length=120)]
    source: Literal[
        "GENERAL", "SEED_CAPITAL", "TOP_UP", "MEMBER_SAVINGS", "GRANT", "BANK_LOAN", "WELFARE"
    ] = "GENERAL"


class BylawFields(Schema):
    resolution: Text | None = None
    share_price_satang: Satang | None = None
    max_shares: Annotated[int, Field(ge=0, le=32_000)] | None = None
    monthly_savings_satang: SatangOrZero | None = None
    savings_withdrawable: bool | None = None
    loan_rate_bp: Bp | None = None
    max_loan_satang: SatangOrZero | None = None
    max_periods: Annotated[int, Field(ge=1, le=600)] | None = None
    guarantors_required: Annotated[int, Field(ge=0, le=20)] | None = None
    guarantors_above_satang: SatangOrZero | None = None
    approvals_required: Annotated[int, Field(ge=1, le=50)] | None = None
    penalty_rate_bp: Bp | None = None
    penalty_grace_days: Annotated[int, Field(ge=0, le=3650)] | None = None
    penalty_cap_bp: Bp | None = None
    rounding: Literal["HALF_UP", "HALF_EVEN", "DOWN"] | None = None
    reserve_bp: Bp | None = None
    welfare_bp: Bp | None = None
    committee_bp: Bp | None = None
    public_benefit_bp: Bp | None = None
    dividend_bp: Bp | None = None
    patronage_bp: Bp | None = None
    dividend_basis: Literal["SHARES", "SAVINGS", "SHARES_AND_SAVINGS"] | None = None
    dividend_cap_bp: Bp | None = None
    patronage_excludes_arrears: bool | None = None

    def changes(self) -> dict:
        return {k: v for k, v in self.dict().items() if v is not None}


class FundIn(Schema):
    organisation_id: Annotated[int, Field(ge=1, le=MAX_ID)]
    kind: Literal[tuple(FundKind.values)]  # type: ignore[valid-type]
    name_th: Annotated[str, Field(min_length=1, max_length=200)]
    name_en: Annotated[str, Field(max_length=200)] = ""
    opened_on: Day
    fiscal_year_start_month: Annotated[int, Field(ge=1, le=12)] = 1
    aging_preset: Literal["BOT", "DAYS", "TFRS9"] = AgingPreset.BOT
    books: Annotated[list[BookIn], Field(max_length=10)] = []
    bylaw: BylawFields = BylawFields()
    # Cash basis unless asked: interest is income when paid (see docs/finance.md, "Cash or accrual").
    accrual_basis: bool = False


class BylawIn(BylawFields):
    effective_from: Day


class BylawOut(Schema):
    id: int
    effective_from: dt.date
    resolution: str
    share_price_satang: int
    max_shares: int
    monthly_savings_satang: int
    savings_withdrawable: bool
    loan_rate_bp: int
    max_loan_satang: int
    max_periods: int
    guarantors_required: int
    guarantors_above_satang: int
    approvals_required: int
    penalty_rate_bp: int
    penalty_grace_days: int
    penalty_cap_bp: int
    rounding: str
    reserve_bp: int
    welfare_bp: int
    committee_bp: int
    public_benefit_bp: int
    dividend_bp: int
    patronage_bp: int
    dividend_basis: str
    dividend_cap_bp: int
    patronage_excludes_arrears: bool


class AgingIn(Schema):
    preset: Literal["BOT", "DAYS", "TFRS9", "CUSTOM"]
    bands: Annotated[
        list[
            tuple[
                Annotated[str, Field(max_length=60)],
                Annotated[str, Field(max_length=60)],
                Annotated[int, Field(ge=0, le=100_000)],
                Annotated[int, Field(ge=0, le=100_000)] | None,
            ]
        ],
        Field(max_length=20),
    ] = []  # noqa: E501


class MemberOut(Schema):
    id: int
    fund_id: int
    person_id: int
    member_no: str
    name: str
    joined_on: dt.date
    left_on: dt.date | None
    status: str
    sajja_satang: int
    deposits_satang: int
    shares_satang: int
    loans_outstanding_satang: int


def _member_out(row: queries.MemberRow) -> dict:
    m = row.member
    return {
        "id": m.pk,
        "fund_id": m.fund_id,
        "person_id": m.person_id,
        "member_no": m.member_no,
        "name": m.person.full_name,
        "joined_on": m.joined_on,
        "left_on": m.left_on,
        "status": m.status,
        "sajja_satang": row.balances.get("sajja", 0),
        "deposits_satang": row.balances.get("deposits", 0),
        "shares_satang": row.balances.get("shares", 0),
        "loans_outstanding_satang": row.loans_outstanding_satang,
    }


class EnrolIn(Schema):
    citizen_id: Annotated[str, Field(min_length=13, max_length=20)]
    joined_on: Day
    member_no: Annotated[str, Field(max_length=20)] = ""


class MovementOut(Schema):
    id: int
    member_id: int
    kind: str
    on: dt.date
    for_month: dt.date | None
    amount_satang: int
    units: int
    entry_id: int


class PassbookLineOut(MovementOut):
    balance_satang: int


class PassbookOut(Schema):
    member: MemberOut
    lines: list[PassbookLineOut]


class SavingsIn(Schema):
    direction: Literal["in", "out"] = "in"
    kind: SavingsKindName
    amount_satang: Satang
    on: Day
    for_month: Day | None = None
    idempotency_key: Key | None = None


class CollectItemIn(Schema):
    member_id: Annotated[int, Field(ge=1, le=MAX_ID)]
    kind: SavingsKindName = "SAJJA"
    amount_satang: Satang


class CollectIn(Schema):
    on: Day
    for_month: Day | None = None
    items: Annotated[list[CollectItemIn], Field(min_length=1, max_length=2000)]
    idempotency_key: Key | None = None


class MissedOut(Schema):
    member_id: int
    member_no: str
    name: str
    paid_satang: int
    required_satang: int


class WelfareIn(Schema):
    amount_satang: Satang
    on: Day
    reason: Annotated[str, Field(min_length=1, max_length=200)]
    idempotency_key: Key | None = None


class LoanOut(Schema):
    id: int
    fund_id: int
    book_id: int
    borrower_id: int
    number: str
    purpose: str
    principal_satang: int
    annual_rate_bp: int
    periods: int
    method: str
    frequency: str
    status: str
    applied_on: dt.date
    decided_on: dt.date | None
    disbursed_on: dt.date | None
    first_due_date: dt.date | None
    closed_on: dt.date | None
    principal_repaid_satang: int
    interest_paid_satang: int
    penalty_paid_satang: int
    outstanding_satang: int
    schedule_version: int
    imported: bool


class InstallmentOut(Schema):
    number: int
    due_date: dt.date
    principal_satang: int
    interest_satang: int
    principal_paid_satang: int = 0
    interest_paid_satang: int = 0
    penalty_paid_satang: int = 0
    status: str = "OPEN"


class ScheduleVersionOut(Schema):
    version: int
    current: bool
    installments: list[InstallmentOut]


class RepaymentOut(Schema):
    id: int
    loan_id: int
    on: dt.date
    amount_satang: int
    penalty_satang: int
    interest_satang: int
    principal_satang: int
    entry_id: int
    reverses_id: int | None
    rescheduled_to: int | None


class DuesOut(Schema):
    due_satang: int
    penalty_satang: int
    overdue_principal_satang: int
    payoff_satang: int
    days_past_due: int


class DecisionOut(Schema):
    by: str
    decision: str
    note: str
    at: dt.datetime


class LoanDetailOut(Schema):
    loan: LoanOut
    guarantor_ids: list[int]
    decisions: list[DecisionOut]
    schedules: list[ScheduleVersionOut]
    repayments: list[RepaymentOut]
    dues: DuesOut | None


class LoanApplyIn(Schema):
    borrower_id: Annotated[int, Field(ge=1, le=MAX_ID)]
    principal_satang: Satang
    periods: Annotated[int, Field(ge=1, le=600)]
    method: MethodName
    frequency: FrequencyName
    applied_on: Day
    purpose: Annotated[str, Field(max_length=200)] = ""
    guarantor_ids: Annotated[list[Annotated[int, Field(ge=1, le=MAX_ID)]], Field(max_length=10)] = []
    annual_rate_bp: Bp | None = None
    book_id: Annotated[int, Field(ge=1, le=MAX_ID)] | None = None
    idempotency_key: Key | None = None


class DecideIn(Schema):
    decision: Literal["APPROVE", "REJECT"]
    note: Text = ""


class DisburseIn(Schema):
    on: Day
    first_due_date: Day | None = None
    idempotency_key: Key | None = None


class RepayIn(Schema):
    amount_satang: Satang
    on: Day
    prepay: bool = False
    idempotency_key: Key | None = None


class RestructureIn(Schema):
    on: Day
    periods: Annotated[int, Field(ge=1, le=600)]
    first_due_date: Day
    method: MethodName | None = None
    frequency: FrequencyName | None = None
    annual_rate_bp: Bp | None = None
    note: Annotated[str, Field(min_length=1, max_length=300)]


class BucketOut(Schema):
    label_th: str
    label_en: str
    min_days: int
    max_days: int | None
    loans: int
    outstanding_satang: int


class LoanArrearsOut(Schema):
    loan_id: int
    number: str
    borrower_id: int
    borrower: str
    days_past_due: int
    bucket: str | None
    outstanding_satang: int
    overdue_principal_satang: int
    overdue_interest_satang: int
    last_paid_on: dt.date | None


class ArrearsOut(Schema):
    on: dt.date
    outstanding_satang: int
    not_yet_due_satang: int
    overdue_satang: int
    not_yet_due_percent: str | None
    overdue_percent: str | None
    par: dict[str, str | None]
    buckets: list[BucketOut]
    follow_up: list[LoanArrearsOut]


class LineOut(Schema):
    account_code: str
    account_role: str
    member_id: int | None
    loan_id: int | None
    debit_satang: int
    credit_satang: int


class EntryOut(Schema):
    id: int
    fund_id: int
    book_id: int
    entry_date: dt.date
    kind: str
    memo: str
    reverses_id: int | None
    member_id: int | None
    loan_id: int | None
    lines: list[LineOut]


def _entry_out(entry: JournalEntry) -> dict:
    return {
        "id": entry.pk,
        "fund_id": entry.fund_id,
        "book_id": entry.book_id,
        "entry_date": entry.entry_date,
        "kind": entry.kind,
        "memo": entry.memo,
        "reverses_id": entry.reverses_id,
        "member_id": entry.member_id,
        "loan_id": entry.loan_id,
        "lines": [
            {
                "account_code": line.account.code,
                "account_role": line.account.role,
                "member_id": line.member_id,
                "loan_id": line.loan_id,
                "debit_satang": line.debit_satang,
                "credit_satang": line.credit_satang,
            }
            for line in queries.entry_lines(entry=entry)
        ],
    }


ManualRole = Literal[
    "cash",
    "bank",
    "capital",
    "reserve",
    "welfare_reserve",
    "public_benefit",
    "retained",
    "committee_payable",
    "fee_income",
    "bank_interest",
    "grant_income",
    "operating_expense",
    "deposit_interest",
]


class LegIn(Schema):
    role: ManualRole
    debit_satang: SatangOrZero = 0
    credit_satang: SatangOrZero = 0


class ManualEntryIn(Schema):
    on: Day
    memo: Annotated[str, Field(min_length=1, max_length=300)]
    legs: Annotated[list[LegIn], Field(min_length=2, max_length=20)]
    book_id: Annotated[int, Field(ge=1, le=MAX_ID)] | None = None
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


class YearEndBookOut(Schema):
    book_id: int
    net_profit_satang: int
    allocations: dict[str, int] = Field(
        description="Satang to each pool: reserve_satang, welfare_satang, committee_satang, public_benefit_satang, "
        "dividends_satang, patronage_refunds_satang, retained_satang (empty when there is no profit)."
    )
    loss_covered_satang: int = Field(
        0, description="Profit that first makes good losses carried from earlier years (not shared out)."
    )
    dividends: dict[str, int]
    refunds: dict[str, int]


class YearEndPlanOut(Schema):
    period_start: dt.date
    period_end: dt.date
    bylaw_id: int
    net_profit_satang: int
    books: list[YearEndBookOut]


class MemberYearEndOut(Schema):
    member_id: int
    book_id: int
    dividend_weight: int
    dividend_satang: int
    interest_paid_satang: int
    refund_satang: int
    excluded_from_refund: bool


class YearEndOut(Schema):
    id: int
    fund_id: int
    period_start: dt.date
    period_end: dt.date
    summary: dict = Field(
        description="Per book (by id): name, entry, income, expense, net_profit and allocations in satang "
        "(reserve_satang, welfare_satang, committee_satang, public_benefit_satang, dividends_satang, "
        "patronage_refunds_satang, retained_satang)."
    )
    paid_out_on: dt.date | None
    members: list[MemberYearEndOut]


class YearEndIn(Schema):
    period_end: Day
    idempotency_key: Key | None = None


class PayOutIn(Schema):
    on: Day
    to_deposits: bool = False
    idempotency_key: Key | None = None


class ImportOut(Schema):
    members: int
    persons_registered: int
    loans: int
    entry_id: int | None


class RollupRowOut(Schema):
    code: str
    name: str
    funds: int
    members: int
    savings_satang: int
    outstanding_satang: int
    not_yet_due_satang: int
    overdue_satang: int
    overdue_percent: str | None


class RollupOut(Schema):
    total: RollupRowOut
    children: list[RollupRowOut]


class OwnLoanOut(Schema):
    loan: LoanOut
    next_due_date: dt.date | None
    next_due_satang: int | None
    days_past_due: int


class OwnAccountOut(Schema):
    member: MemberOut
    fund_name: str
    loans: list[OwnLoanOut]
    year_ends: list[MemberYearEndOut]


class HouseholdDebtOut(Schema):
    person_id: int
    name: str
    fund_id: int
    fund_name: str
    loan_id: int
    number: str
    outstanding_satang: int
    days_past_due: int


# --- helpers --------------------------------------------------------------------------------------


def _fund(request: HttpRequest, fund_id: int) -> Fund:
    return queries.fund_get(viewer=request.user, fund_id=fund_id)


def _book(fund: Fund, book_id: int | None) -> Book | None:
    return fund.books.get(pk=book_id) if book_id else None


def _rollup_row(r: queries.RollupRow) -> dict:
    return {
        "code": r.code,
        "name": r.name,
        "funds": r.funds,
        "members": r.members,
        "savings_satang": r.savings_satang,
        "outstanding_satang": r.outstanding_satang,
        "not_yet_due_satang": r.not_yet_due_satang,
        "overdue_satang": r.overdue_satang,
        "overdue_percent": _pct(r.overdue_percent),
    }


def _pct(value: object) -> str | None:
    return None if value is None else str(value)


# The year-end pools are amounts in satang; the plan keeps them under the bylaw's field names (`reserve_bp`
# is the share, in basis points, the reserve pool came from). The API names them by what they hold.
ALLOCATION_KEYS = {
    "reserve_bp": "reserve_satang",
    "welfare_bp": "welfare_satang",
    "committee_bp": "committee_satang",
    "public_benefit_bp": "public_benefit_satang",
    "dividend_bp": "dividends_satang",
    "patronage_bp": "patronage_refunds_satang",
    "retained": "retained_satang",
}


def _allocations_out(allocations: dict[str, int]) -> dict[str, int]:
    return {ALLOCATION_KEYS.get(k, k): v for k, v in allocations.items()}


def _year_end_out(request: HttpRequest, run: YearEndRun) -> dict:
    summary = {
        **run.summary,
        "books": {
            book_id: {**book, "allocations": _allocations_out(book.get("allocations") or {})}
            for book_id, book in (run.summary.get("books") or {}).items()
        },
    }
    return {
        "id": run.pk,
        "fund_id": run.fund_id,
        "period_start": run.period_start,
        "period_end": run.period_end,
        "summary": summary,
        "paid_out_on": run.paid_out_on,
        "members": list(queries.year_end_members(viewer=request.user, run=run)),
    }


# --- funds and bylaws -------------------------------------------------------------------------------


@router.get("/funds", response={200: list[FundOut], **ERRORS})
@access("finance.fund", "view")
def funds(
    request: HttpRequest,
    q: QueryEx[str, P(max_length=100)] = "",
    kind: QueryEx[str, P(max_length=40)] = "",
    area: AreaCode = "",
    limit: QueryEx[int, P(ge=1, le=500)] = 100,
    offset: QueryEx[int, P(ge=0, le=10_000_000)] = 0,
):
    """Funds the caller may see (officers: their organisations; area roles: their areas; members: their own)."""
    qs = queries.fund_list(
        viewer=request.user, q=q, kind=kind if kind in FundKind.values else "", area_code=area
    )
    return qs[offset : offset + limit]


@router.post("/funds", response={200: FundOut, **ERRORS})
@access("finance.fund", "change")
def fund_open(request: HttpRequest, payload: FundIn):
    """Open a fund for an organisation: its books, the standard chart, arrears buckets and the first bylaw."""
    from thanrak.registry.models import Organisation

    organisation = Organisation.objects.visible_to(request.user).get(pk=payload.organisation_id)
    return actions.fund_open(
        organisation=organisation,
        kind=payload.kind,
        name_th=payload.name_th,
        name_en=payload.name_en,
        opened_on=payload.opened_on,
        fiscal_year_start_month=payload.fiscal_year_start_month,
        aging_preset=payload.aging_preset,
        books=[actions.BookSpec(b.code, b.name_th, b.source) for b in payload.books],
        bylaw=payload.bylaw.changes(),
        accrual_basis=payload.accrual_basis,
        by=request.user,
        at=_now(),
    )


@router.get("/funds/{fund_id}", response={200: FundSummaryOut, **ERRORS})
@access("finance.fund", "view")
def fund_detail(request: HttpRequest, fund_id: Id):
    """A fund at a glance: cash, savings by kind, members, loans and the overdue share."""
    fund = _fund(request, fund_id)
    s = queries.fund_summary(fund=fund, on=_today())
    return {
        "fund": fund,
        "books": queries.books_of(fund=fund),
        "cash_satang": s.cash_satang,
        "bank_satang": s.bank_satang,
        "sajja_satang": s.savings_satang["sajja"],
        "deposits_satang": s.savings_satang["deposits"],
        "shares_satang": s.savings_satang["shares"],
        "members": s.members,
        "loans_active": s.loans_active,
        "loans_outstanding_satang": s.loans_outstanding_satang,
        "overdue_principal_satang": s.overdue_principal_satang,
        "overdue_percent": _pct(s.overdue_percent),
        "pending_approvals": s.pending_approvals,
    }


@router.post("/funds/{fund_id}/books", response={200: BookOut, **ERRORS})
@access("finance.fund", "change")
def book_add(request: HttpRequest, fund_id: Id, payload: BookIn):
    """Keep another money source apart in its own book."""
    fund = _fund(request, fund_id)
    return actions.book_add(
        fund=fund,
        spec=actions.BookSpec(payload.code, payload.name_th, payload.source),
        by=request.user,
        at=_now(),
    )


@router.get("/funds/{fund_id}/bylaws", response={200: list[BylawOut], **ERRORS})
@access("finance.fund", "view")
def bylaws(request: HttpRequest, fund_id: Id):
    """Every version of the fund's bylaw, newest first."""
    return list(queries.bylaw_history(fund=_fund(request, fund_id)))


@router.post("/funds/{fund_id}/bylaws", response={200: BylawOut, **ERRORS})
@access("finance.fund", "change")
def bylaw_amend(request: HttpRequest, fund_id: Id, payload: BylawIn):
    """A new version of the bylaw from a date; fields left out keep their current value."""
    fund = _fund(request, fund_id)
    changes = payload.changes()
    changes.pop("effective_from", None)
    return actions.bylaw_amend(
        fund=fund, effective_from=payload.effective_from, by=request.user, at=_now(), **changes
    )


@router.put("/funds/{fund_id}/aging", response={200: list[BucketOut], **ERRORS})
@access("finance.fund", "change")
def aging_set(request: HttpRequest, fund_id: Id, payload: AgingIn):
    """Use a preset of arrears buckets (Bank of Thailand tiers, day bands, TFRS 9) or the fund's own bands."""
    fund = _fund(request, fund_id)
    actions.aging_buckets_set(fund=fund, preset=payload.preset, bands=payload.bands, by=request.user)
    return [
        {
            "label_th": b.label_th,
            "label_en": b.label_en,
            "min_days": b.min_days,
            "max_days": b.max_days,
            "loans": 0,
            "outstanding_satang": 0,
        }
        for b in queries.aging_buckets(fund=fund)
    ]


# --- members and savings ------------------------------------------------------------------------------


@router.get("/funds/{fund_id}/members", response={200: list[MemberOut], **ERRORS})
@access("finance.member", "view")
def members(
    request: HttpRequest,
    fund_id: Id,
    q: QueryEx[str, P(max_length=100)] = "",
    status: Literal["ACTIVE", "LEFT", ""] = "ACTIVE",
):
    """The fund's members with their savings by kind and what they owe (a member sees only themself)."""
    rows = queries.member_list(viewer=request.user, fund=_fund(request, fund_id), q=q, status=status)
    return [_member_out(r) for r in rows]


@router.post("/funds/{fund_id}/members", response={200: MemberOut, **ERRORS})
@access("finance.member", "change")
def member_enrol(request: HttpRequest, fund_id: Id, payload: EnrolIn):
    """Enrol a registered person by their citizen ID: someone the caller may see in the registry or who
    lives in the fund's area (anyone else is refused without a name); every look-up is audit-logged."""
    fund = _fund(request, fund_id)
    member = actions.fund_member_enrol_by_citizen_id(
        fund=fund,
        citizen_id=payload.citizen_id,
        joined_on=payload.joined_on,
        member_no=payload.member_no,
        by=request.user,
        at=_now(),
        ip=client_ip(request),
    )
    return _member_out(queries.member_row(member=member))


@router.get("/members/{member_id}/passbook", response={200: PassbookOut, **ERRORS})
@access("finance.member", "view")
def passbook(request: HttpRequest, member_id: Id):
    """A member's movements in date order with the running balance of each kind."""
    member = queries.member_get(viewer=request.user, member_id=member_id)
    lines = queries.passbook(viewer=request.user, member=member)
    return {
        "member": _member_out(queries.member_row(member=member)),
        "lines": [
            {
                **{
                    f: getattr(line.movement, f)
                    for f in (
                        "id",
                        "member_id",
                        "kind",
                        "on",
                        "for_month",
                        "amount_satang",
                        "units",
                        "entry_id",
                    )
                },
                "balance_satang": line.balance_satang,
            }
            for line in lines
        ],
    }


@router.post("/members/{member_id}/savings", response={200: MovementOut, **ERRORS})
@access("finance.savings", "change")
def savings_record(request: HttpRequest, member_id: Id, payload: SavingsIn):
    """A deposit (sajja savings, deposit, shares, welfare contribution) or a withdrawal, as the bylaw allows."""
    member = queries.member_get(viewer=request.user, member_id=member_id)
    if payload.direction == "in":
        return actions.savings_deposit(
            member=member,
            kind=payload.kind,
            amount_satang=payload.amount_satang,
            on=payload.on,
            for_month=payload.for_month,
            by=request.user,
            at=_now(),
            key=payload.idempotency_key,
        )
    return actions.savings_withdraw(
        member=member,
        kind=payload.kind,
        amount_satang=payload.amount_satang,
        on=payload.on,
        by=request.user,
        at=_now(),
        key=payload.idempotency_key,
    )


@router.post("/funds/{fund_id}/savings/collect", response={200: list[MovementOut], **ERRORS})
@access("finance.savings", "change")
def savings_collect(request: HttpRequest, fund_id: Id, payload: CollectIn):
    """A meeting's savings for many members at once: all or nothing."""
    fund = _fund(request, fund_id)
    items = [actions.CollectItem(i.member_id, i.kind, i.amount_satang) for i in payload.items]
    return actions.savings_collect(
        fund=fund,
        items=items,
        on=payload.on,
        for_month=payload.for_month,
        by=request.user,
        at=_now(),
        key=payload.idempotency_key,
    )


@router.get("/funds/{fund_id}/savings/missed", response={200: list[MissedOut], **ERRORS})
@access("finance.savings", "view")
def savings_missed(request: HttpRequest, fund_id: Id, month: Day | None = None):
    """Active members who have not paid the month's savings in full."""
    rows = queries.members_missed(viewer=request.user, fund=_fund(request, fund_id), month=month or _today())
    return [
        {
            "member_id": r.member.pk,
            "member_no": r.member.member_no,
            "name": r.member.person.full_name,
            "paid_satang": r.paid_satang,
            "required_satang": r.required_satang,
        }
        for r in rows
    ]


@router.post("/members/{member_id}/welfare", response={200: EntryOut, **ERRORS})
@access("finance.savings", "change")
def welfare_pay(request: HttpRequest, member_id: Id, payload: WelfareIn):
    """Pay a welfare benefit (a welfare fund's expense, or from another fund's welfare reserve)."""
    member = queries.member_get(viewer=request.user, member_id=member_id)
    entry = actions.welfare_benefit_pay(
        member=member,
        amount_satang=payload.amount_satang,
        on=payload.on,
        reason=payload.reason,
        by=request.user,
        at=_now(),
        key=payload.idempotency_key,
    )
    return _entry_out(entry)


# --- loans ----------------------------------------------------------------------------------------------


@router.get("/funds/{fund_id}/loans", response={200: list[LoanOut], **ERRORS})
@access("finance.loan", "view")
def loans(
    request: HttpRequest,
    fund_id: Id,
    status: Literal["", "APPLIED", "APPROVED", "REJECTED", "ACTIVE", "CLOSED"] = "",
    limit: QueryEx[int, P(ge=1, le=500)] = 100,
    offset: QueryEx[int, P(ge=0, le=10_000_000)] = 0,
):
    """The fund's loans, newest first (a member sees only their own)."""
    return queries.loan_list(viewer=request.user, fund=_fund(request, fund_id), status=status)[
        offset : offset + limit
    ]


@router.post("/funds/{fund_id}/loans", response={200: LoanOut, **ERRORS})
@access("finance.loan", "change")
def loan_apply(request: HttpRequest, fund_id: Id, payload: LoanApplyIn):
    """Record an application for the committee, checked against the bylaw in force that day."""
    fund = _fund(request, fund_id)
    borrower = FundMember.objects.get(fund=fund, pk=payload.borrower_id)
    guarantors = list(FundMember.objects.filter(fund=fund, pk__in=payload.guarantor_ids))
    if len(guarantors) != len(set(payload.guarantor_ids)):
        raise actions.CannotApplyForLoan(
            _("A guarantor is not a member of this fund."),
            code="guarantor_member_fund",
            field="guarantor_ids",
        )
    return actions.loan_apply(
        borrower=borrower,
        principal_satang=payload.principal_satang,
        periods=payload.periods,
        method=payload.method,
        frequency=payload.frequency,
        applied_on=payload.applied_on,
        purpose=payload.purpose,
        guarantors=guarantors,
        annual_rate_bp=payload.annual_rate_bp,
        book=_book(fund, payload.book_id),
        by=request.user,
        at=_now(),
        key=payload.idempotency_key,
    )


@router.get("/loans/{loan_id}", response={200: LoanDetailOut, **ERRORS})
@access("finance.loan", "view")
def loan_detail(request: HttpRequest, loan_id: Id):
    """A loan with every schedule version (old ones kept), repayments, votes and what is owed today."""
    d = queries.loan_detail(viewer=request.user, loan_id=loan_id, on=_today())
    return {
        "loan": d.loan,
        "guarantor_ids": [g.member_id for g in d.guarantors],
        "decisions": [
            {"by": str(v.by), "decision": v.decision, "note": v.note, "at": v.at} for v in d.decisions
        ],
        "schedules": [
            {"version": version, "current": version == d.loan.schedule_version, "installments": rows}
            for version, rows in d.versions
        ],
        "repayments": d.repayments,
        "dues": None
        if d.dues is None
        else {
            "due_satang": d.dues.due_total_satang,
            "penalty_satang": d.dues.penalty_satang,
            "overdue_principal_satang": d.dues.overdue_principal_satang,
            "payoff_satang": d.dues.payoff_satang,
            "days_past_due": d.days_past_due,
        },
    }


@router.post("/loans/{loan_id}/decisions", response={200: LoanOut, **ERRORS})
@access("finance.loan", "approve")
def loan_decide(request: HttpRequest, loan_id: Id, payload: DecideIn):
    """A committee member's vote; the recorder, the borrower and the guarantors may not vote."""
    loan = queries.loan_get(viewer=request.user, loan_id=loan_id)
    return actions.loan_decide(
        loan=loan, decision=payload.decision, note=payload.note, by=request.user, at=_now()
    )


@router.post("/loans/{loan_id}/disburse", response={200: LoanOut, **ERRORS})
@access("finance.loan", "change")
def loan_disburse(request: HttpRequest, loan_id: Id, payload: DisburseIn):
    """Pay an approved loan out and fix its schedule."""
    loan = queries.loan_get(viewer=request.user, loan_id=loan_id)
    return actions.loan_disburse(
        loan=loan,
        on=payload.on,
        first_due_date=payload.first_due_date,
        by=request.user,
        at=_now(),
        key=payload.idempotency_key,
    )


@router.post("/loans/{loan_id}/repayments", response={200: RepaymentOut, **ERRORS})
@access("finance.loan", "change")
def loan_repay(request: HttpRequest, loan_id: Id, payload: RepayIn):
    """Take a repayment: penalty, then interest, then principal, oldest installment first."""
    loan = queries.loan_get(viewer=request.user, loan_id=loan_id)
    return actions.loan_repay(
        loan=loan,
        amount_satang=payload.amount_satang,
        on=payload.on,
        prepay=payload.prepay,
        by=request.user,
        at=_now(),
        key=payload.idempotency_key,
    )


@router.post("/loans/{loan_id}/restructure", response={200: LoanOut, **ERRORS})
@access("finance.loan", "change")
def loan_restructure(request: HttpRequest, loan_id: Id, payload: RestructureIn):
    """A new schedule for the principal still owed; the old schedule stays as an earlier version."""
    loan = queries.loan_get(viewer=request.user, loan_id=loan_id)
    actions.loan_restructure(
        loan=loan,
        on=payload.on,
        periods=payload.periods,
        first_due_date=payload.first_due_date,
        method=payload.method,
        frequency=payload.frequency,
        annual_rate_bp=payload.annual_rate_bp,
        note=payload.note,
        by=request.user,
        at=_now(),
    )
    return queries.loan_get(viewer=request.user, loan_id=loan_id)


@router.get("/schedule", response={200: list[InstallmentOut], **ERRORS})
@access("finance.tools", "view")
def schedule(
    request: HttpRequest,
    principal_satang: QueryEx[int, P(ge=1, le=MAX_ABS_SATANG)],
    annual_rate_bp: QueryEx[int, P(ge=0, le=100_000)],
    periods: QueryEx[int, P(ge=1, le=600)],
    method: MethodName,
    frequency: FrequencyName,
    first_due_date: Day,
):
    """The installments `build_schedule` gives for these terms (nothing is recorded)."""
    try:
        return build_schedule(
            principal_satang=principal_satang,
            annual_rate_bp=annual_rate_bp,
            periods=periods,
            method=method,
            frequency=frequency,
            first_due_date=first_due_date,
        )
    except InvalidSchedule as exc:
        raise DomainError(
            _("These terms cannot make a repayment schedule."),
            code="these_terms_make_repayment",
            field="periods",
        ) from exc


# --- arrears --------------------------------------------------------------------------------------------


@router.get("/funds/{fund_id}/arrears", response={200: ArrearsOut, **ERRORS})
@access("finance.arrears", "view")
def arrears(request: HttpRequest, fund_id: Id):
    """Today's arrears: the seed report's line, aging buckets, PAR by threshold and the follow-up list."""
    r = queries.arrears_report(viewer=request.user, fund=_fund(request, fund_id), on=_today())
    return {
        "on": r.on,
        "outstanding_satang": r.outstanding_satang,
        "not_yet_due_satang": r.not_yet_due_satang,
        "overdue_satang": r.overdue_satang,
        "not_yet_due_percent": _pct(r.not_yet_due_percent),
        "overdue_percent": _pct(r.overdue_percent),
        "par": {f"par{d}": _pct(v) for d, v in r.par_thresholds},
        "buckets": [
            {
                "label_th": b.bucket.label_th,
                "label_en": b.bucket.label_en,
                "min_days": b.bucket.min_days,
                "max_days": b.bucket.max_days,
                "loans": b.loans,
                "outstanding_satang": b.outstanding_satang,
            }
            for b in r.buckets
        ],
        "follow_up": [
            {
                "loan_id": a.loan.pk,
                "number": a.loan.number,
                "borrower_id": a.loan.borrower_id,
                "borrower": a.loan.borrower.person.full_name,
                "days_past_due": a.days_past_due,
                "bucket": a.bucket.label_th if a.bucket else None,
                "outstanding_satang": a.outstanding_satang,
                "overdue_principal_satang": a.overdue_principal_satang,
                "overdue_interest_satang": a.overdue_interest_satang,
                "last_paid_on": a.last_paid_on,
            }
            for a in r.follow_up
        ],
    }


# --- ledger ---------------------------------------------------------------------------------------------


@router.get("/funds/{fund_id}/journal", response={200: list[EntryOut], **ERRORS})
@access("finance.ledger", "view")
def journal(
    request: HttpRequest,
    fund_id: Id,
    limit: QueryEx[int, P(ge=1, le=200)] = 50,
    offset: QueryEx[int, P(ge=0, le=10_000_000)] = 0,
):
    """The fund's journal, newest first, each entry with its lines."""
    entries = queries.journal_list(viewer=request.user, fund=_fund(request, fund_id))[offset : offset + limit]
    return [_entry_out(e) for e in entries]


@router.post("/funds/{fund_id}/journal", response={200: EntryOut, **ERRORS})
@access("finance.ledger", "change")
def journal_post(request: HttpRequest, fund_id: Id, payload: ManualEntryIn):
    """An entry by account role for what the other operations do not cover (expenses, transfers, grants)."""
    fund = _fund(request, fund_id)
    entry = actions.journal_post_manual(
        fund=fund,
        on=payload.on,
        memo=payload.memo,
        book=_book(fund, payload.book_id),
        legs=[(leg.role, leg.debit_satang, leg.credit_satang) for leg in payload.legs],
        by=request.user,
        at=_now(),
        key=payload.idempotency_key,
    )
    return _entry_out(entry)


@router.get("/entries/{entry_id}", response={200: EntryOut, **ERRORS})
@access("finance.ledger", "view")
def entry_detail(request: HttpRequest, entry_id: Id):
    """One journal entry with its lines."""
    return _entry_out(queries.entry_get(viewer=request.user, entry_id=entry_id))


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
        at=_now(),
        key=payload.idempotency_key,
    )
    return _entry_out(reversal)


@router.post("/funds/{fund_id}/periods/close", response={200: CloseOut, **ERRORS})
@access("finance.ledger", "change")
def period_close(request: HttpRequest, fund_id: Id, payload: CloseIn):
    """Close the books through a day: nothing may be recorded on or before it afterwards."""
    fund = _fund(request, fund_id)
    close = actions.period_close(
        fund=fund, through=payload.through, note=payload.note, by=request.user, at=_now()
    )
    return {"fund_id": fund.pk, "closed_through": close.closed_through}


@router.get("/funds/{fund_id}/trial-balance", response={200: TrialBalanceOut, **ERRORS})
@access("finance.ledger", "view")
def trial_balance(
    request: HttpRequest,
    fund_id: Id,
    as_of: Day | None = None,
    book_id: QueryEx[int, P(ge=1, le=MAX_ID)] | None = None,
):
    """Every account's balance as of a day (one book or all together)."""
    fund = _fund(request, fund_id)
    tb = queries.trial_balance(
        viewer=request.user, fund=fund, as_of=as_of or _today(), book=_book(fund, book_id)
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
    book_id: QueryEx[int, P(ge=1, le=MAX_ID)] | None = None,
):
    """Assets, liabilities and equity as of a day."""
    fund = _fund(request, fund_id)
    bs = queries.balance_sheet(
        viewer=request.user, fund=fund, as_of=as_of or _today(), book=_book(fund, book_id)
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
    book_id: QueryEx[int, P(ge=1, le=MAX_ID)] | None = None,
):
    """Income and expenses between two days, the year-end closing left out."""
    fund = _fund(request, fund_id)
    pl = queries.income_statement(
        viewer=request.user, fund=fund, start=start, end=end, book=_book(fund, book_id)
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


# --- year end ------------------------------------------------------------------------------------------


@router.get("/funds/{fund_id}/year-end/preview", response={200: YearEndPlanOut, **ERRORS})
@access("finance.yearend", "change")
def year_end_preview(request: HttpRequest, fund_id: Id, period_end: Day):
    """What closing the year would post, without writing."""
    plan = queries.year_end_preview(viewer=request.user, fund=_fund(request, fund_id), period_end=period_end)
    return {
        "period_start": plan.period_start,
        "period_end": plan.period_end,
        "bylaw_id": plan.bylaw.pk,
        "net_profit_satang": plan.net_profit,
        "books": [
            {
                "book_id": b.book.pk,
                "net_profit_satang": b.net_profit,
                "allocations": _allocations_out(b.allocations),
                "loss_covered_satang": b.loss_covered,
                "dividends": {str(k): v for k, v in b.dividends.items()},
                "refunds": {str(k): v for k, v in b.refunds.items()},
            }
            for b in plan.books
        ],
    }


@router.post("/funds/{fund_id}/year-end", response={200: YearEndOut, **ERRORS})
@access("finance.yearend", "change")
def year_end_post(request: HttpRequest, fund_id: Id, payload: YearEndIn):
    """Close the year: allocations, dividends and refunds posted; the books closed through its last day."""
    fund = _fund(request, fund_id)
    run = actions.year_end_post(
        fund=fund, period_end=payload.period_end, by=request.user, at=_now(), key=payload.idempotency_key
    )
    return _year_end_out(request, run)


@router.get("/year-end/{run_id}", response={200: YearEndOut, **ERRORS})
@access("finance.yearend", "view")
def year_end_detail(request: HttpRequest, run_id: Id):
    """A closed year with each member's dividend and refund (a member sees only their own)."""
    return _year_end_out(request, queries.year_end_get(viewer=request.user, run_id=run_id))


@router.post("/year-end/{run_id}/pay-out", response={200: YearEndOut, **ERRORS})
@access("finance.yearend", "change")
def year_end_pay_out(request: HttpRequest, run_id: Id, payload: PayOutIn):
    """Pay every member's dividend and refund, in cash or into their deposits."""
    run = queries.year_end_get(viewer=request.user, run_id=run_id)
    run = actions.year_end_pay_out(
        run=run,
        on=payload.on,
        to_deposits=payload.to_deposits,
        by=request.user,
        at=_now(),
        key=payload.idempotency_key,
    )
    return _year_end_out(request, run)


# --- import, roll-ups, own accounts, households ------------------------------------------------------------


@router.post("/funds/{fund_id}/import", response={200: ImportOut, **ERRORS})
@access("finance.member", "import")
def fund_import(
    request: HttpRequest,
    fund_id: Id,
    opening_date: Form[Day],
    cash_satang: FormEx[int, P(ge=0, le=MAX_ABS_SATANG)],
    bank_satang: FormEx[int, P(ge=0, le=MAX_ABS_SATANG)] = 0,
    file: File[UploadedFile | None] = None,
):
    """Bring a group's paper books in from CSV or XLSX, all or nothing; a 422 lists each row and column at fault."""
    fund = _fund(request, fund_id)
    try:
        rows = importing.parse(file if file is not None else b"", max_bytes=settings.THANRAK_MAX_IMPORT_BYTES)
        result = actions.fund_import(
            fund=fund,
            rows=rows,
            opening_date=opening_date,
            cash_satang=cash_satang,
            bank_satang=bank_satang,
            by=request.user,
            at=_now(),
        )
    except importing.ImportRejected as exc:
        errors = [
            {"field": f"row {i.row}: {i.column}" if i.row else (i.column or ""), "message": i.en}
            for i in exc.issues
        ]
        return Status(422, Error(detail=exc.issues[0].en, field=errors[0]["field"], errors=errors))
    return {
        "members": result.members,
        "persons_registered": result.persons_registered,
        "loans": result.loans,
        "entry_id": result.entry.pk if result.entry else None,
    }


@router.get("/rollup", response={200: RollupOut, **ERRORS})
@access("finance.rollup", "view")
def rollup(request: HttpRequest, area: AreaCode = ""):
    """Funds, members, savings, loans outstanding and overdue % for an area and each area under it."""
    from thanrak.accounts.scope import scope_of

    scope = scope_of(request.user)
    if area and not scope.covers_area(area) and not any(a.startswith(area) for a in scope.area_codes):
        raise PermissionError("outside the caller's areas")
    total, children = queries.rollup(viewer=request.user, area_code=area, on=_today())
    return {"total": _rollup_row(total), "children": [_rollup_row(r) for r in children]}


@router.get("/me", response={200: list[OwnAccountOut], **ERRORS})
@access("finance.own", "view")
def my_accounts(request: HttpRequest):
    """The caller's own memberships: savings by kind, loans with the next installment, dividends."""
    out = []
    for a in queries.my_accounts(viewer=request.user, on=_today()):
        out.append(
            {
                "member": _member_out(a.row),
                "fund_name": a.row.member.fund.name_th,
                "loans": [
                    {
                        "loan": loan,
                        "next_due_date": nxt.due_date if nxt else None,
                        "next_due_satang": nxt.principal_due_satang + nxt.interest_due_satang
                        if nxt
                        else None,
                        "days_past_due": dpd,
                    }
                    for loan, nxt, dpd in a.loans
                ],
                "year_ends": a.year_ends,
            }
        )
    return out


@router.get("/households/{household_id}/debts", response={200: list[HouseholdDebtOut], **ERRORS})
@access("finance.household_debts", "view")
def household_debts(request: HttpRequest, household_id: Id):
    """A household's loans being repaid, across every fund."""
    _household, debts = queries.household_debts(viewer=request.user, household_id=household_id, on=_today())
    return [
        {
            "person_id": d.person.pk,
            "name": d.person.full_name,
            "fund_id": d.loan.fund_id,
            "fund_name": d.loan.fund.name_th,
            "loan_id": d.loan.pk,
            "number": d.loan.number,
            "outstanding_satang": d.outstanding_satang,
            "days_past_due": d.days_past_due,
        }
        for d in debts
    ]
