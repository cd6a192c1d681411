"""Funds, their books, bylaws and arrears buckets."""

import datetime as dt
from typing import Annotated, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Schema
from ninja.params import P, QueryEx

from thanrak.apikit import ERRORS, AppRouter, Id, access, choice_literal
from thanrak.finance import actions, queries
from thanrak.finance.api.common import fund_of
from thanrak.finance.api.schemas import (
    AreaCode,
    Bp,
    BucketOut,
    Day,
    Limit,
    Offset,
    RowId,
    Satang,
    SatangOrZero,
    Text,
    pct,
)
from thanrak.finance.models import AgingPreset, BookSource, DividendBasis, FundKind, Rounding

router = AppRouter("finance")

# A new fund starts from a preset; its own bands (CUSTOM) are set afterwards through PUT …/aging.
PRESETS = tuple(p for p in AgingPreset.values if p != AgingPreset.CUSTOM)
PresetName = Literal[PRESETS]  # type: ignore[valid-type]


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
    source: choice_literal(BookSource) = BookSource.GENERAL.value


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
    rounding: choice_literal(Rounding) | None = None
    reserve_bp: Bp | None = None
    welfare_bp: Bp | None = None
    committee_bp: Bp | None = None
    public_benefit_bp: Bp | None = None
    dividend_bp: Bp | None = None
    patronage_bp: Bp | None = None
    dividend_basis: choice_literal(DividendBasis) | None = None
    dividend_cap_bp: Bp | None = None
    patronage_excludes_arrears: bool | None = None

    def changes(self) -> dict:
        return {k: v for k, v in self.dict().items() if v is not None}


class FundIn(Schema):
    organisation_id: RowId
    kind: choice_literal(FundKind)
    name_th: Annotated[str, Field(min_length=1, max_length=200)]
    name_en: Annotated[str, Field(max_length=200)] = ""
    opened_on: Day
    fiscal_year_start_month: Annotated[int, Field(ge=1, le=12)] = 1
    aging_preset: PresetName = AgingPreset.BOT
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
    preset: choice_literal(AgingPreset)
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


# --- operations ---


@router.get("/funds", response={200: list[FundOut], **ERRORS})
@access("finance.fund", "view")
def funds(
    request: HttpRequest,
    q: QueryEx[str, P(max_length=100)] = "",
    kind: QueryEx[str, P(max_length=40)] = "",
    area: AreaCode = "",
    limit: Limit = 100,
    offset: Offset = 0,
):
    """Funds the caller may see (officers: their organisations; area roles: their areas; \
members: their own)."""
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
        at=timezone.now(),
    )


@router.get("/funds/{fund_id}", response={200: FundSummaryOut, **ERRORS})
@access("finance.fund", "view")
def fund_detail(request: HttpRequest, fund_id: Id):
    """A fund at a glance: cash, savings by kind, members, loans and the overdue share."""
    fund = fund_of(request, fund_id)
    s = queries.fund_summary(fund=fund, on=timezone.localdate())
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
        "overdue_percent": pct(s.overdue_percent),
        "pending_approvals": s.pending_approvals,
    }


@router.post("/funds/{fund_id}/books", response={200: BookOut, **ERRORS})
@access("finance.fund", "change")
def book_add(request: HttpRequest, fund_id: Id, payload: BookIn):
    """Keep another money source apart in its own book."""
    fund = fund_of(request, fund_id)
    return actions.book_add(
        fund=fund,
        spec=actions.BookSpec(payload.code, payload.name_th, payload.source),
        by=request.user,
        at=timezone.now(),
    )


@router.get("/funds/{fund_id}/bylaws", response={200: list[BylawOut], **ERRORS})
@access("finance.fund", "view")
def bylaws(request: HttpRequest, fund_id: Id):
    """Every version of the fund's bylaw, newest first."""
    return list(queries.bylaw_history(fund=fund_of(request, fund_id)))


@router.post("/funds/{fund_id}/bylaws", response={200: BylawOut, **ERRORS})
@access("finance.fund", "change")
def bylaw_amend(request: HttpRequest, fund_id: Id, payload: BylawIn):
    """A new version of the bylaw from a date; fields left out keep their current value."""
    fund = fund_of(request, fund_id)
    changes = payload.changes()
    changes.pop("effective_from", None)
    return actions.bylaw_amend(
        fund=fund, effective_from=payload.effective_from, by=request.user, at=timezone.now(), **changes
    )


@router.put("/funds/{fund_id}/aging", response={200: list[BucketOut], **ERRORS})
@access("finance.fund", "change")
def aging_set(request: HttpRequest, fund_id: Id, payload: AgingIn):
    """Use a preset of arrears buckets (Bank of Thailand tiers, day bands, TFRS 9) or the fund's own bands."""
    fund = fund_of(request, fund_id)
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
