"""Loans: application, decision, disbursement, repayment and restructuring."""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.accounts.scope import scope_of
from thanrak.core.events import emit
from thanrak.core.money import format_baht
from thanrak.core.thai import be_year
from thanrak.finance import posting
from thanrak.finance.actions._common import (
    CannotApplyForLoan,
    CannotDecideLoan,
    CannotDisburseLoan,
    _active_member,
    _book,
    _bylaw_on,
    _keeps_books,
    open_books,
)
from thanrak.finance.chart_of_accounts import Roles
from thanrak.finance.models import (
    Book,
    BylawVersion,
    Decision,
    EntryKind,
    Fund,
    FundMember,
    Installment,
    InstallmentStatus,
    Loan,
    LoanDecision,
    LoanGuarantor,
    LoanStatus,
)
from thanrak.finance.posting import cr, dr, lock_fund
from thanrak.finance.schedules import (
    PERIODS_PER_YEAR,
    Frequency,
    InvalidSchedule,
    Method,
    add_months,
    build_schedule,
)

# --- loans ---------------------------------------------------------------------------------------


def _overdue_loans(member: FundMember, on: dt.date) -> bool:
    return (
        Installment.objects.filter(
            loan__borrower=member,
            loan__status=LoanStatus.ACTIVE,
            status=InstallmentStatus.OPEN,
            due_date__lt=on,
        )
        .filter(loan__schedule_version=F("version"))
        .exists()
    )


@transaction.atomic
def loan_apply(
    *,
    borrower: FundMember,
    principal_satang: int,
    periods: int,
    method: str,
    frequency: str,
    applied_on: dt.date,
    by: User,
    at: dt.datetime,
    purpose: str = "",
    guarantors: Iterable[FundMember] = (),
    annual_rate_bp: int | None = None,
    book: Book | None = None,
    key: str | None = None,
) -> Loan:
    """Record a member's application for the committee: checked against the bylaw in force that day."""
    opened = open_books(
        borrower.fund_id,
        by=by,
        key=key,
        replay=lambda f, k: Loan.objects.filter(fund=f, application_key=k).first(),
    )
    if opened.prior is not None:
        return opened.prior
    fund, key = opened.fund, opened.key
    if not fund.can_lend:
        raise CannotApplyForLoan(
            _("This is a welfare fund: it does not lend."), code="welfare_fund_does_lend", field="fund"
        )
    borrower = _active_member(fund, borrower, CannotApplyForLoan)
    book = _book(fund, book)
    bylaw = _bylaw_on(fund, applied_on)
    rate = _check_terms(bylaw, principal_satang, periods, method, frequency, annual_rate_bp, applied_on)
    if _overdue_loans(borrower, applied_on):
        raise CannotApplyForLoan(
            _("%(name)s has an overdue loan: it must be brought up to date first."),
            code="overdue_loan_brought_up",
            field="borrower",
            params={"name": borrower.person.full_name},
        )
    guarantor_list = _check_guarantors(fund, borrower, bylaw, principal_satang, guarantors)
    purpose = " ".join((purpose or "").split())[:200]
    fund.loan_seq += 1
    while Loan.objects.filter(fund=fund, number=f"{be_year(applied_on.year)}-{fund.loan_seq:04d}").exists():
        fund.loan_seq += 1  # a number brought over from the paper books
    fund.save(update_fields=["loan_seq"])
    loan = Loan.objects.create(
        fund=fund,
        book=book,
        borrower=borrower,
        number=f"{be_year(applied_on.year)}-{fund.loan_seq:04d}",
        purpose=purpose,
        principal_satang=principal_satang,
        annual_rate_bp=rate,
        periods=periods,
        method=method,
        frequency=frequency,
        bylaw=bylaw,
        applied_on=applied_on,
        recorded_by=by,
        application_key=key,
        created_at=at,
    )
    LoanGuarantor.objects.bulk_create(LoanGuarantor(loan=loan, member=g) for g in guarantor_list)
    return loan


def _check_terms(
    bylaw: BylawVersion,
    principal_satang: int,
    periods: int,
    method: str,
    frequency: str,
    annual_rate_bp: int | None,
    applied_on: dt.date,
) -> int:
    """The loan's terms against the bylaw in force; the interest rate it will carry."""
    if isinstance(principal_satang, bool) or not isinstance(principal_satang, int) or principal_satang <= 0:
        raise CannotApplyForLoan(
            _("The amount must be more than zero."), code="amount_not_positive", field="principal"
        )
    if bylaw.max_loan_satang and principal_satang > bylaw.max_loan_satang:
        raise CannotApplyForLoan(
            _("The bylaw lends at most %(max)s baht."),
            code="bylaw_lends_most_baht",
            field="principal",
            params={"max": format_baht(bylaw.max_loan_satang)},
        )
    if isinstance(periods, bool) or not isinstance(periods, int) or not 1 <= periods <= bylaw.max_periods:
        raise CannotApplyForLoan(
            _("The number of installments must be between 1 and %(n)s."),
            code="number_installments_between",
            field="periods",
            params={"n": bylaw.max_periods},
        )
    if method not in Method.__members__.values():
        raise CannotApplyForLoan(
            _("Unknown repayment method."), code="unknown_repayment_method", field="method"
        )
    if frequency not in Frequency.__members__.values():
        raise CannotApplyForLoan(
            _("Unknown repayment frequency."), code="unknown_repayment_frequency", field="frequency"
        )
    rate = bylaw.loan_rate_bp if annual_rate_bp is None else annual_rate_bp
    if isinstance(rate, bool) or not isinstance(rate, int) or not 0 <= rate <= bylaw.loan_rate_bp:
        raise CannotApplyForLoan(
            _("The interest may be at most the bylaw's %(rate)s %% a year."),
            code="interest_may_most_bylaw",
            field="annual_rate_bp",
            params={"rate": f"{bylaw.loan_rate_bp / 100:g}"},
        )
    try:
        build_schedule(
            principal_satang=principal_satang,
            annual_rate_bp=rate,
            periods=periods,
            method=method,
            frequency=frequency,
            first_due_date=add_months(applied_on, 12 // PERIODS_PER_YEAR[Frequency(frequency)]),
        )
    except InvalidSchedule as exc:
        raise CannotApplyForLoan(
            _("These terms cannot make a repayment schedule."),
            code="these_terms_make_repayment",
            field="periods",
        ) from exc
    return rate


def _check_guarantors(
    fund: Fund,
    borrower: FundMember,
    bylaw: BylawVersion,
    principal_satang: int,
    guarantors: Iterable[FundMember],
) -> list[FundMember]:
    """The guarantors, once each: active members other than the borrower, as many as the bylaw asks."""
    guarantor_list = list({g.pk: g for g in guarantors}.values())
    for g in guarantor_list:
        g = _active_member(fund, g, CannotApplyForLoan)
        if g.pk == borrower.pk:
            raise CannotApplyForLoan(
                _("A borrower cannot guarantee their own loan."),
                code="borrower_guarantee_own_loan",
                field="guarantors",
            )
    needs = bylaw.guarantors_required if principal_satang > bylaw.guarantors_above_satang else 0
    if len(guarantor_list) < needs:
        raise CannotApplyForLoan(
            _("A loan of this size needs %(n)s guarantors who are members."),
            code="loan_size_needs_guarantors",
            field="guarantors",
            params={"n": needs},
        )
    return guarantor_list


@transaction.atomic
def loan_decide(*, loan: Loan, decision: str, by: User, at: dt.datetime, note: str = "") -> Loan:
    """A committee member approves or rejects an application. The person who recorded it, the borrower
    and the guarantors may not vote; the loan is approved when the bylaw's quorum of approvals is met."""
    fund = lock_fund(loan.fund_id)
    _keeps_books(by, fund)
    loan = Loan.objects.select_for_update().select_related("borrower__person", "bylaw").get(pk=loan.pk)
    if decision not in Decision.values:
        raise CannotDecideLoan(_("Approve or reject."), code="approve_reject", field="decision")
    mine = loan.decisions.filter(by=by).first()
    if mine is not None:
        if mine.decision == decision:
            return loan  # the same vote sent twice
        raise CannotDecideLoan(
            _("You have already voted on this application."),
            code="you_already_voted_application",
            field="decision",
        )
    if loan.status != LoanStatus.APPLIED:
        raise CannotDecideLoan(
            _("This application has already been decided (%(status)s)."),
            code="application_already_decided",
            params={"status": LoanStatus(loan.status).label},
        )
    _check_voter(loan, by)
    note = " ".join((note or "").split())[:300]
    if decision == Decision.REJECT and not note:
        raise CannotDecideLoan(
            _("Give the reason for rejecting."), code="give_reason_rejecting", field="note"
        )
    LoanDecision.objects.create(loan=loan, by=by, decision=decision, note=note, at=at)
    if decision == Decision.REJECT:
        loan.status = LoanStatus.REJECTED
    elif loan.decisions.filter(decision=Decision.APPROVE).count() >= loan.bylaw.approvals_required:
        loan.status = LoanStatus.APPROVED
    if loan.status != LoanStatus.APPLIED:
        loan.decided_on = timezone.localdate(at)
        loan.save(update_fields=["status", "decided_on"])
        emit("finance.loan_decided", loan=loan)
    return loan


def _check_voter(loan: Loan, by: User) -> None:
    """Who recorded the application, the borrower and the guarantors may not vote on it."""
    if loan.recorded_by_id == by.pk:
        raise CannotDecideLoan(
            _("You recorded this application, so another committee member must decide on it."),
            code="you_recorded_application_another",
            field="decision",
        )
    person_id = scope_of(by).person_id
    if person_id is not None and person_id == loan.borrower.person_id:
        raise CannotDecideLoan(
            _("You cannot decide on your own loan."), code="you_decide_your_own", field="decision"
        )
    if person_id is not None and loan.guarantors.filter(member__person_id=person_id).exists():
        raise CannotDecideLoan(
            _("You guarantee this loan, so you cannot decide on it."),
            code="you_guarantee_loan_you",
            field="decision",
        )


def _write_schedule(
    loan: Loan,
    *,
    principal: int,
    rate: int,
    periods: int,
    method: str,
    frequency: str,
    first_due_date: dt.date,
    starts_on: dt.date,
    carried_interest: int = 0,
) -> int:
    schedule = build_schedule(
        principal_satang=principal,
        annual_rate_bp=rate,
        periods=periods,
        method=method,
        frequency=frequency,
        first_due_date=first_due_date,
    )
    version = (loan.installments.aggregate(v=Max("version"))["v"] or 0) + 1
    rows, previous = [], starts_on
    for inst in schedule:
        interest = inst.interest_satang + (carried_interest if inst.number == 1 else 0)
        rows.append(
            Installment(
                loan=loan,
                version=version,
                number=inst.number,
                starts_on=previous,
                due_date=inst.due_date,
                principal_satang=inst.principal_satang,
                interest_satang=interest,
            )
        )
        previous = inst.due_date
    Installment.objects.bulk_create(rows)
    loan.schedule_version = version
    return version


@transaction.atomic
def loan_disburse(
    *,
    loan: Loan,
    on: dt.date,
    by: User,
    at: dt.datetime,
    first_due_date: dt.date | None = None,
    key: str | None = None,
) -> Loan:
    """Pay an approved loan out in cash and fix its repayment schedule."""
    opened = open_books(loan.fund_id, by=by, key=key)
    if opened.prior is not None:
        return Loan.objects.get(pk=opened.prior.loan_id)
    fund, key = opened.fund, opened.key
    loan = Loan.objects.select_for_update().select_related("borrower__person", "book").get(pk=loan.pk)
    if loan.status == LoanStatus.ACTIVE or loan.status == LoanStatus.CLOSED:
        raise CannotDisburseLoan(_("This loan has already been paid out."), code="loan_already_paid_out")
    if loan.status != LoanStatus.APPROVED:
        raise CannotDisburseLoan(_("Only an approved loan can be paid out."), code="approved_loan_paid_out")
    if on < loan.applied_on:
        raise CannotDisburseLoan(
            _("A loan cannot be paid out before it was applied for."),
            code="loan_paid_out_applied",
            field="on",
        )
    step = 12 // PERIODS_PER_YEAR[Frequency(loan.frequency)]
    first = first_due_date or add_months(on, step)
    if first <= on:
        raise CannotDisburseLoan(
            _("The first installment must fall due after the payout."),
            code="first_due_before_payout",
            field="first_due_date",
        )
    if first > add_months(on, 12 * 2):
        raise CannotDisburseLoan(
            _("The first installment must fall due within two years."),
            code="first_due_too_late",
            field="first_due_date",
        )
    posting.post(
        fund=fund,
        book=loan.book,
        on=on,
        kind=EntryKind.LOAN_DISBURSE,
        by=by,
        at=at,
        key=key,
        member_id=loan.borrower_id,
        loan_id=loan.pk,
        memo=f"จ่ายเงินกู้ {loan.number}: {loan.borrower.person.full_name}",
        legs=[
            dr(Roles.LOANS, loan.principal_satang, member_id=loan.borrower_id, loan_id=loan.pk),
            cr(Roles.CASH, loan.principal_satang),
        ],
    )
    try:
        _write_schedule(
            loan,
            principal=loan.principal_satang,
            rate=loan.annual_rate_bp,
            periods=loan.periods,
            method=loan.method,
            frequency=loan.frequency,
            first_due_date=first,
            starts_on=on,
        )
    except InvalidSchedule as exc:
        raise CannotDisburseLoan(
            _("These terms cannot make a repayment schedule."),
            code="these_terms_make_repayment",
            field="first_due_date",
        ) from exc
    loan.status, loan.disbursed_on, loan.first_due_date = LoanStatus.ACTIVE, on, first
    loan.save(update_fields=["status", "disbursed_on", "first_due_date", "schedule_version"])
    return loan
