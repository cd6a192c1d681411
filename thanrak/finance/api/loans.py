"""Loans: applications, the committee's decisions, payouts, repayments, restructuring, schedules."""

import datetime as dt
from typing import Annotated

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema
from ninja.params import P, QueryEx

from thanrak.apikit import ERRORS, AppRouter, Id, access, choice_literal
from thanrak.core.errors import DomainError
from thanrak.core.money import MAX_ABS_SATANG
from thanrak.finance import actions, queries
from thanrak.finance.api.common import book_of, fund_of
from thanrak.finance.api.schemas import Bp, Day, Key, Limit, LoanOut, Offset, RowId, Satang, Text
from thanrak.finance.models import Decision, FundMember, LoanStatus
from thanrak.finance.schedules import Frequency, InvalidSchedule, Method, build_schedule

router = AppRouter("finance")

# The schedule's own names (schedules.Method and Frequency).
MethodName = choice_literal(Method)
FrequencyName = choice_literal(Frequency)


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
    borrower_id: RowId
    principal_satang: Satang
    periods: Annotated[int, Field(ge=1, le=600)]
    method: MethodName
    frequency: FrequencyName
    applied_on: Day
    purpose: Annotated[str, Field(max_length=200)] = ""
    guarantor_ids: Annotated[list[RowId], Field(max_length=10)] = []
    annual_rate_bp: Bp | None = None
    book_id: RowId | None = None
    idempotency_key: Key | None = None


class DecideIn(Schema):
    decision: choice_literal(Decision)
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


# --- operations ---


@router.get("/funds/{fund_id}/loans", response={200: list[LoanOut], **ERRORS})
@access("finance.loan", "view")
def loans(
    request: HttpRequest,
    fund_id: Id,
    status: choice_literal(LoanStatus, "") = "",
    limit: Limit = 100,
    offset: Offset = 0,
):
    """The fund's loans, newest first (a member sees only their own)."""
    return queries.loan_list(viewer=request.user, fund=fund_of(request, fund_id), status=status)[
        offset : offset + limit
    ]


@router.post("/funds/{fund_id}/loans", response={200: LoanOut, **ERRORS})
@access("finance.loan", "change")
def loan_apply(request: HttpRequest, fund_id: Id, payload: LoanApplyIn):
    """Record an application for the committee, checked against the bylaw in force that day."""
    fund = fund_of(request, fund_id)
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
        book=book_of(fund, payload.book_id),
        by=request.user,
        at=timezone.now(),
        key=payload.idempotency_key,
    )


@router.get("/loans/{loan_id}", response={200: LoanDetailOut, **ERRORS})
@access("finance.loan", "view")
def loan_detail(request: HttpRequest, loan_id: Id):
    """A loan with every schedule version (old ones kept), repayments, votes and what is owed today."""
    d = queries.loan_detail(viewer=request.user, loan_id=loan_id, on=timezone.localdate())
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
        loan=loan, decision=payload.decision, note=payload.note, by=request.user, at=timezone.now()
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
        at=timezone.now(),
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
        at=timezone.now(),
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
        at=timezone.now(),
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
