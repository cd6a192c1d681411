"""Year end: the preview, the closing and the payout of dividends and refunds."""

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Schema

from thanrak.apikit import ERRORS, AppRouter, Id, access
from thanrak.finance import actions, queries
from thanrak.finance.api.common import fund_of
from thanrak.finance.api.schemas import Day, Key, MemberYearEndOut
from thanrak.finance.models import YearEndRun

router = AppRouter("finance")


class YearEndBookOut(Schema):
    book_id: int
    net_profit_satang: int
    allocations: dict[str, int] = Field(
        description="Satang to each pool: reserve_satang, welfare_satang, committee_satang, "
        "public_benefit_satang, dividends_satang, patronage_refunds_satang, retained_satang "
        "(empty when there is no profit)."
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


# --- operations ---


@router.get("/funds/{fund_id}/year-end/preview", response={200: YearEndPlanOut, **ERRORS})
@access("finance.yearend", "change")
def year_end_preview(request: HttpRequest, fund_id: Id, period_end: Day):
    """What closing the year would post, without writing."""
    plan = queries.year_end_preview(
        viewer=request.user, fund=fund_of(request, fund_id), period_end=period_end
    )
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
    fund = fund_of(request, fund_id)
    run = actions.year_end_post(
        fund=fund,
        period_end=payload.period_end,
        by=request.user,
        at=timezone.now(),
        key=payload.idempotency_key,
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
        at=timezone.now(),
        key=payload.idempotency_key,
    )
    return _year_end_out(request, run)
