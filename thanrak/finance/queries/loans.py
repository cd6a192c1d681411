"""Loans: lists, a loan's detail and proposed schedule, approvals pending, the repayment sheet."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet

from thanrak.accounts.models import User
from thanrak.accounts.roles import Role
from thanrak.finance.dues import Dues, dues_on
from thanrak.finance.models import (
    Decision,
    Fund,
    Installment,
    InstallmentStatus,
    Loan,
    LoanDecision,
    LoanStatus,
)
from thanrak.finance.queries.funds import fund_get, fund_managed
from thanrak.finance.schedules import PERIODS_PER_YEAR, Frequency, InvalidSchedule, add_months, build_schedule

# --- loans ---------------------------------------------------------------------------------------


def loan_list(*, viewer: User, fund: Fund, status: str = "", q: str = "") -> QuerySet[Loan]:
    fund = fund_get(viewer=viewer, fund_id=fund.pk)
    qs = Loan.objects.visible_to(viewer).filter(fund=fund).select_related("borrower__person", "book")
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(
            Q(number__icontains=q) | Q(borrower__person__first_name__icontains=q) | Q(borrower__member_no=q)
        )
    return qs.order_by("-applied_on", "-id")


def loan_get(*, viewer: User, loan_id: int) -> Loan:
    return (
        Loan.objects.visible_to(viewer)
        .select_related("fund__organisation", "borrower__person", "book", "bylaw", "recorded_by")
        .get(pk=loan_id)
    )


@dataclass
class LoanDetail:
    loan: Loan
    versions: list[tuple[int, list[Installment]]]  # newest first
    repayments: list
    decisions: list
    guarantors: list
    reschedules: list
    dues: Dues | None
    days_past_due: int


def loan_detail(*, viewer: User, loan_id: int, on: dt.date) -> LoanDetail:
    """A loan with every schedule version (old ones kept), repayments, votes and what is owed today."""
    loan = loan_get(viewer=viewer, loan_id=loan_id)
    by_version: dict[int, list[Installment]] = defaultdict(list)
    for inst in loan.installments.order_by("version", "number"):
        by_version[inst.version].append(inst)
    dues = None
    dpd = 0
    if loan.status == LoanStatus.ACTIVE:
        current = [i for i in by_version.get(loan.schedule_version, []) if i.status == InstallmentStatus.OPEN]
        dues = dues_on(loan=loan, bylaw=loan.bylaw, on=on, installments=current)
        late = [i.due_date for i in current if i.due_date < on]
        dpd = (on - min(late)).days if late else 0
    return LoanDetail(
        loan=loan,
        versions=sorted(by_version.items(), reverse=True),
        repayments=list(loan.repayments.select_related("entry").order_by("on", "id")),
        decisions=list(loan.decisions.select_related("by").order_by("at")),
        guarantors=list(loan.guarantors.select_related("member__person")),
        reschedules=list(loan.reschedules.select_related("by").order_by("at")),
        dues=dues,
        days_past_due=dpd,
    )


@dataclass
class ProposedSchedule:
    rows: list
    interest_satang: int
    total_satang: int


def loan_proposed_schedule(*, loan: Loan) -> ProposedSchedule | None:
    """The installments an application would have if paid out on the day it was applied for, so the
    committee sees what the borrower commits to before voting (None for terms that make none)."""
    step = 12 // PERIODS_PER_YEAR[Frequency(loan.frequency)]
    first = loan.first_due_date or add_months(loan.applied_on, step)
    try:
        rows = build_schedule(
            principal_satang=loan.principal_satang,
            annual_rate_bp=loan.annual_rate_bp,
            periods=loan.periods,
            method=loan.method,
            frequency=loan.frequency,
            first_due_date=first,
        )
    except InvalidSchedule:
        return None
    return ProposedSchedule(
        rows=rows,
        interest_satang=sum(i.interest_satang for i in rows),
        total_satang=sum(i.total_satang for i in rows),
    )


def loan_voters_left(*, loan: Loan) -> int:
    """How many of the fund's officers may still vote on an application: not the one who recorded it,
    not the borrower or a guarantor, not one who has voted already."""
    barred_people = [loan.borrower.person_id, *loan.guarantors.values_list("member__person_id", flat=True)]
    return (
        User.objects.filter(
            is_active=True,
            role=Role.ORG_OFFICER,
            organisation_assignments__organisation_id=loan.fund.organisation_id,
        )
        .exclude(pk=loan.recorded_by_id)
        .exclude(person__in=barred_people)
        .exclude(pk__in=LoanDecision.objects.filter(loan=loan).values("by_id"))
        .distinct()
        .count()
    )


def loan_cannot_be_approved(*, loan: Loan) -> bool:
    """True when an application waits for more approvals than the officers left who may give them."""
    if loan.status != LoanStatus.APPLIED:
        return False
    given = loan.decisions.filter(decision=Decision.APPROVE).count()
    return given + loan_voters_left(loan=loan) < loan.bylaw.approvals_required


def approvals_pending(*, viewer: User, fund: Fund | None = None) -> QuerySet[Loan]:
    """Applications waiting for a vote that this viewer may cast (not recorded by them, not yet voted)."""
    funds = Fund.objects.managed_by(viewer)
    if fund is not None:
        funds = funds.filter(pk=fund.pk)
    return (
        Loan.objects.filter(fund__in=funds.values("pk"), status=LoanStatus.APPLIED)
        .exclude(recorded_by=viewer)
        .exclude(decisions__by=viewer)
        .select_related("borrower__person", "fund")
        .order_by("applied_on", "id")
    )


def repayment_sheet(*, viewer: User, fund: Fund, on: dt.date) -> list[tuple[Loan, Dues, int]]:
    """Active loans with something due on or before `on` (for taking repayments at a meeting)."""
    fund = fund_managed(viewer=viewer, fund_id=fund.pk)
    loans = list(
        Loan.objects.filter(fund=fund, status=LoanStatus.ACTIVE)
        .select_related("borrower__person", "bylaw")
        .order_by("borrower__member_no")
    )
    installments: dict[int, list[Installment]] = defaultdict(list)
    for inst in Installment.objects.filter(
        loan__in=loans, status=InstallmentStatus.OPEN, version=F("loan__schedule_version")
    ).order_by("number"):
        installments[inst.loan_id].append(inst)
    out = []
    horizon = add_months(on, 1)
    for loan in loans:
        rows = installments.get(loan.pk, [])
        dues = dues_on(loan=loan, bylaw=loan.bylaw, on=on, installments=rows)
        next_due = dues.future[0] if dues.future and dues.future[0].due_date <= horizon else None
        suggested = dues.due_total_satang or (
            next_due.interest_due_satang + next_due.principal_due_satang if next_due else 0
        )
        if suggested:
            out.append((loan, dues, suggested))
    return out
