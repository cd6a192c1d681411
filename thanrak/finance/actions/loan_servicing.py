"""Servicing a loan after payout: repayments (split by `repayment.allocate_repayment`) and restructuring."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.core.events import emit
from thanrak.finance import posting
from thanrak.finance.actions._common import (
    CannotRepayLoan,
    CannotRestructureLoan,
    Opened,
    _keeps_books,
    key_used_elsewhere,
    open_books,
)

# --- loans ---------------------------------------------------------------------------------------
from thanrak.finance.actions.loans import _write_schedule
from thanrak.finance.chart_of_accounts import Roles
from thanrak.finance.dues import dues_on, open_installments
from thanrak.finance.models import (
    EntryKind,
    Installment,
    InstallmentStatus,
    Loan,
    LoanReschedule,
    LoanStatus,
    Repayment,
    RepaymentAllocation,
    RescheduleReason,
)
from thanrak.finance.posting import cr, dr, lock_fund
from thanrak.finance.repayment import Allocation, Due, Owing, allocate_repayment
from thanrak.finance.schedules import (
    MAX_PERIODS,
    Frequency,
    InvalidSchedule,
    Method,
)


@transaction.atomic
def loan_repay(
    *,
    loan: Loan,
    amount_satang: int,
    on: dt.date,
    by: User,
    at: dt.datetime,
    key: str | None = None,
    prepay: bool = False,
) -> Repayment:
    """Take a repayment: what is due is paid penalty → interest → principal, oldest installment first.

    Money beyond what is due pays the next installments in advance (interest, then principal); with
    `prepay` it goes to principal instead: paying everything closes the loan (later interest is not
    charged), paying part re-spreads the rest over the remaining due dates as a new schedule.
    Lock → check → split (`repayment.allocate_repayment`, a pure function) → post.
    """
    opened = open_books(loan.fund_id, by=by, key=key, on=on, at=at)
    if opened.prior is not None:
        try:
            return opened.prior.repayment
        except Repayment.DoesNotExist as exc:
            raise key_used_elsewhere(CannotRepayLoan) from exc
    loan = (
        Loan.objects.select_for_update().select_related("borrower__person", "bylaw", "book").get(pk=loan.pk)
    )
    _check_repayable(loan, amount_satang, on)
    installments = list(
        Installment.objects.select_for_update()
        .filter(loan=loan, version=loan.schedule_version, status=InstallmentStatus.OPEN)
        .order_by("number")
    )
    dues = dues_on(loan=loan, bylaw=loan.bylaw, on=on, installments=installments)
    owing = Owing(
        due=[
            Due(o.installment.pk, o.principal_satang, o.interest_satang, o.penalty_satang) for o in dues.due
        ],
        future=[Due(i.pk, i.principal_due_satang, i.interest_due_satang) for i in dues.future],
        accrued_interest_satang=dues.accrued_interest_satang,
        principal_outstanding_satang=loan.principal_satang - loan.principal_repaid_satang,
    )
    split = allocate_repayment(owing, amount_satang, prepay=prepay)
    repayment = _post_repayment(opened, loan, split, amount_satang, on=on, by=by, at=at)
    _mark_installments(repayment, installments, split, on)
    loan.principal_repaid_satang += split.principal_satang
    loan.interest_paid_satang += split.interest_satang
    loan.penalty_paid_satang += split.penalty_satang
    if split.reschedule_principal_satang is not None and split.reschedule_principal_satang > 0:
        _reschedule_after_prepayment(
            loan, repayment, dues.future, split.reschedule_principal_satang, on=on, by=by, at=at
        )
    if loan.principal_repaid_satang == loan.principal_satang:
        loan.installments.filter(version=loan.schedule_version, status=InstallmentStatus.OPEN).update(
            status=InstallmentStatus.WAIVED
        )
        loan.status, loan.closed_on = LoanStatus.CLOSED, on
    loan.save(
        update_fields=[
            "principal_repaid_satang",
            "interest_paid_satang",
            "penalty_paid_satang",
            "status",
            "closed_on",
            "schedule_version",
        ]
    )
    emit("finance.repayment_received", repayment=repayment)
    return repayment


def _check_repayable(loan: Loan, amount_satang: int, on: dt.date) -> None:
    if loan.status == LoanStatus.CLOSED:
        raise CannotRepayLoan(
            _("This loan is already repaid and closed: nothing more is owed."),
            code="loan_already_repaid_closed",
        )
    if loan.status != LoanStatus.ACTIVE:
        raise CannotRepayLoan(
            _("This loan has not been paid out, so nothing is owed yet."), code="loan_paid_out_nothing"
        )
    if isinstance(amount_satang, bool) or not isinstance(amount_satang, int) or amount_satang <= 0:
        raise CannotRepayLoan(
            _("The amount must be more than zero."), code="amount_not_positive", field="amount"
        )
    if on < loan.disbursed_on:
        raise CannotRepayLoan(
            _("A repayment cannot be dated before the payout."), code="repayment_dated_payout", field="on"
        )


def _post_repayment(
    opened: Opened,
    loan: Loan,
    split: Allocation,
    amount_satang: int,
    *,
    on: dt.date,
    by: User,
    at: dt.datetime,
) -> Repayment:
    """The entry (cash in; loan principal, interest and penalty income out) and its Repayment row."""
    member_id = loan.borrower_id
    legs = [dr(Roles.CASH, amount_satang)]
    for role, satang in (
        (Roles.LOANS, split.principal_satang),
        (Roles.INTEREST_INCOME, split.interest_satang),
        (Roles.PENALTY_INCOME, split.penalty_satang),
    ):
        if satang:
            legs.append(cr(role, satang, member_id=member_id, loan_id=loan.pk))
    entry = posting.post(
        fund=opened.fund,
        book=loan.book,
        on=on,
        kind=EntryKind.LOAN_REPAY,
        legs=legs,
        by=by,
        at=at,
        key=opened.key,
        member_id=member_id,
        loan_id=loan.pk,
        memo=f"รับชำระ {loan.number}: {loan.borrower.person.full_name}",
    )
    return Repayment.objects.create(
        loan=loan,
        on=on,
        amount_satang=amount_satang,
        principal_satang=split.principal_satang,
        interest_satang=split.interest_satang,
        penalty_satang=split.penalty_satang,
        entry=entry,
    )


def _mark_installments(
    repayment: Repayment, installments: list[Installment], split: Allocation, on: dt.date
) -> None:
    """Add what was paid to each installment (paid when nothing is left) and record the allocations."""
    by_id = {i.pk: i for i in installments}
    allocations, touched = [], []
    for part in split.parts:
        inst = by_id[part.installment_id]
        inst.principal_paid_satang += part.principal_satang
        inst.interest_paid_satang += part.interest_satang
        inst.penalty_paid_satang += part.penalty_satang
        if inst.principal_due_satang == 0 and inst.interest_due_satang == 0:
            inst.status, inst.paid_on = InstallmentStatus.PAID, on
        touched.append(inst)
        allocations.append(
            RepaymentAllocation(
                repayment=repayment,
                installment=inst,
                principal_satang=part.principal_satang,
                interest_satang=part.interest_satang,
                penalty_satang=part.penalty_satang,
            )
        )
    Installment.objects.bulk_update(
        touched, ["principal_paid_satang", "interest_paid_satang", "penalty_paid_satang", "status", "paid_on"]
    )
    RepaymentAllocation.objects.bulk_create(allocations)


def _reschedule_after_prepayment(
    loan: Loan,
    repayment: Repayment,
    future: list[Installment],
    principal: int,
    *,
    on: dt.date,
    by: User,
    at: dt.datetime,
) -> None:
    """Spread the principal left after a part-prepayment over the remaining due dates (a new version)."""
    previous_version = loan.schedule_version
    Installment.objects.filter(pk__in=[i.pk for i in future]).update(status=InstallmentStatus.SUPERSEDED)
    version = _write_schedule(
        loan,
        principal=principal,
        rate=loan.annual_rate_bp,
        periods=len(future),
        method=loan.method,
        frequency=loan.frequency,
        first_due_date=future[0].due_date,
        starts_on=on,
    )
    LoanReschedule.objects.create(
        loan=loan,
        from_version=previous_version,
        to_version=version,
        reason=RescheduleReason.PREPAYMENT,
        on=on,
        principal_satang=principal,
        by=by,
        at=at,
    )
    repayment.rescheduled_to = version
    repayment.save(update_fields=["rescheduled_to"])


@transaction.atomic
def loan_restructure(
    *,
    loan: Loan,
    on: dt.date,
    periods: int,
    first_due_date: dt.date,
    by: User,
    at: dt.datetime,
    method: str | None = None,
    frequency: str | None = None,
    annual_rate_bp: int | None = None,
    note: str = "",
) -> LoanReschedule:
    """The committee gives a loan in trouble a new schedule for the principal still owed. Interest that is
    overdue is carried into the first new installment, penalties so far are waived, and the old schedule
    stays visible as an earlier version."""
    fund = lock_fund(loan.fund_id)
    _keeps_books(by, fund)
    loan = Loan.objects.select_for_update().select_related("bylaw").get(pk=loan.pk)
    if loan.status != LoanStatus.ACTIVE:
        raise CannotRestructureLoan(
            _("Only a loan being repaid can be restructured."), code="loan_being_repaid_restructured"
        )
    posting.ensure_open(fund, on)
    note = " ".join((note or "").split())[:300]
    if not note:
        raise CannotRestructureLoan(
            _("Record the committee's reason."), code="record_committee_reason", field="note"
        )
    method = method or loan.method
    frequency = frequency or loan.frequency
    rate = loan.annual_rate_bp if annual_rate_bp is None else annual_rate_bp
    if isinstance(rate, bool) or not isinstance(rate, int) or not 0 <= rate <= loan.annual_rate_bp:
        raise CannotRestructureLoan(
            _("Restructuring may lower the interest, never raise it."),
            code="restructuring_may_lower_interest",
            field="annual_rate_bp",
        )
    if method not in Method.__members__.values() or frequency not in Frequency.__members__.values():
        raise CannotRestructureLoan(
            _("Unknown repayment method or frequency."),
            code="unknown_repayment_method_frequency",
            field="method",
        )
    if isinstance(periods, bool) or not isinstance(periods, int) or not 1 <= periods <= MAX_PERIODS:
        raise CannotRestructureLoan(
            _("Choose the number of installments."), code="choose_number_installments", field="periods"
        )
    if first_due_date <= on:
        raise CannotRestructureLoan(
            _("The first new installment must fall due after today."),
            code="first_new_installment_fall",
            field="first_due_date",
        )
    if loan.repayments.filter(on__gt=on).exists():
        raise CannotRestructureLoan(
            _("Repayments are recorded after this date."), code="repayments_recorded_date", field="on"
        )
    installments = open_installments(loan)
    dues = dues_on(loan=loan, bylaw=loan.bylaw, on=on, installments=installments)
    carried = sum(o.interest_satang for o in dues.due)
    waived = dues.penalty_satang
    principal = loan.principal_satang - loan.principal_repaid_satang
    previous = loan.schedule_version
    Installment.objects.filter(pk__in=[i.pk for i in installments]).update(
        status=InstallmentStatus.SUPERSEDED
    )
    try:
        version = _write_schedule(
            loan,
            principal=principal,
            rate=rate,
            periods=periods,
            method=method,
            frequency=frequency,
            first_due_date=first_due_date,
            starts_on=on,
            carried_interest=carried,
        )
    except InvalidSchedule as exc:
        raise CannotRestructureLoan(
            _("These terms cannot make a repayment schedule."),
            code="these_terms_make_repayment",
            field="periods",
        ) from exc
    loan.method, loan.frequency, loan.annual_rate_bp = method, frequency, rate
    loan.save(update_fields=["method", "frequency", "annual_rate_bp", "schedule_version"])
    return LoanReschedule.objects.create(
        loan=loan,
        from_version=previous,
        to_version=version,
        reason=RescheduleReason.RESTRUCTURE,
        on=on,
        principal_satang=principal,
        carried_interest_satang=carried,
        waived_penalty_satang=waived,
        note=note,
        by=by,
        at=at,
    )
