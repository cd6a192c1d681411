"""The ledger by hand: manual entries, reversals (undoing what the entry did) and closing periods."""

import datetime as dt
from collections.abc import Sequence

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.core.thai import format_date
from thanrak.finance import posting
from thanrak.finance.actions._common import (
    MEMBER_ROLE_OF_KIND,
    CannotClosePeriod,
    CannotReverse,
    _book,
    _keeps_books,
    open_books,
)
from thanrak.finance.chart_of_accounts import MANUAL_ROLES
from thanrak.finance.models import (
    Book,
    EntryKind,
    Fund,
    Installment,
    InstallmentStatus,
    JournalEntry,
    Loan,
    LoanReschedule,
    LoanStatus,
    PeriodClose,
    Repayment,
    RepaymentAllocation,
    RescheduleReason,
    SavingsKind,
    SavingsMovement,
)
from thanrak.finance.posting import CannotPost, lock_fund

# --- ledger: manual entries, reversals, closing ----------------------------------------------------


@transaction.atomic
def journal_post_manual(
    *,
    fund: Fund,
    on: dt.date,
    legs: Sequence[tuple[str, int, int]],
    memo: str,
    by: User,
    at: dt.datetime,
    key: str | None = None,
    book: Book | None = None,
) -> JournalEntry:
    """Record an entry the other actions do not cover (expenses, bank transfers, grants) by account role."""
    opened = open_books(fund.pk, by=by, key=key)
    if opened.prior is not None:
        return opened.prior
    fund, key = opened.fund, opened.key
    memo = " ".join((memo or "").split())
    if not memo:
        raise CannotPost(_("Describe the entry."), code="describe_entry", field="memo")
    built = []
    for n, (role, debit, credit) in enumerate(legs):
        if role not in MANUAL_ROLES:
            raise CannotPost(
                _("Line %(n)s: this account is posted by its own form (savings, loans, year end)."),
                code="account_posted_own_form",
                field=f"legs.{n}.role",
                params={"n": n + 1},
            )
        built.append(posting.Leg(role, debit_satang=debit, credit_satang=credit))
    debited = {leg.role for leg in built if leg.debit_satang}
    book = _book(fund, book)
    if same := sorted(debited & {leg.role for leg in built if leg.credit_satang}):
        names = posting.accounts_of(book)
        raise CannotPost(
            _(
                "An entry cannot debit and credit the same account (%(account)s): "
                "choose two different accounts."
            ),
            code="entry_debit_credit_same",
            field="credit_role",
            params={"account": ", ".join(names[r].name_th if r in names else r for r in same)},
        )
    return posting.post(
        fund=fund,
        book=book,
        on=on,
        kind=EntryKind.MANUAL,
        legs=built,
        by=by,
        at=at,
        memo=memo,
        key=key,
    )


# An accrual is corrected by the next month's adjusting entry, not by hand.
NOT_REVERSIBLE = (
    EntryKind.OPENING,
    EntryKind.YEAR_END,
    EntryKind.PAYOUT,
    EntryKind.REVERSAL,
    EntryKind.ACCRUAL,
)


@transaction.atomic
def journal_reverse(
    *, entry: JournalEntry, on: dt.date, reason: str, by: User, at: dt.datetime, key: str | None = None
) -> JournalEntry:
    """Correct an entry by posting its mirror image today; what it did to savings or a loan is undone too."""
    opened = open_books(entry.fund_id, by=by, key=key)
    if opened.prior is not None:
        return opened.prior
    fund, key = opened.fund, opened.key
    entry = JournalEntry.objects.select_related("book").get(pk=entry.pk)
    reason = _check_reversible(entry, on, reason)
    if entry.kind == EntryKind.SAVINGS:
        _undo_savings(fund, entry)
    elif entry.kind == EntryKind.LOAN_DISBURSE:
        _undo_disbursement(entry, on=on, by=by, at=at)
    elif entry.kind == EntryKind.LOAN_REPAY:
        _undo_repayment(entry)
    reversal = posting.post(
        fund=fund,
        book=entry.book,
        on=on,
        kind=EntryKind.REVERSAL,
        legs=posting.reversing_legs(entry),
        by=by,
        at=at,
        memo=f"กลับรายการ #{entry.pk}: {reason}",
        key=key,
        member_id=entry.member_id,
        loan_id=entry.loan_id,
        reverses=entry,
    )
    _mirror_rows(fund, entry, reversal, on)
    return reversal


def _check_reversible(entry: JournalEntry, on: dt.date, reason: str) -> str:
    """A reason is given, the entry is not reversed already nor of a kind corrected otherwise, and the
    reversal is not dated before it; the reason, tidied."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise CannotReverse(
            _("Say why the entry is reversed."), code="say_why_entry_reversed", field="reason"
        )
    if JournalEntry.objects.filter(reverses=entry).exists():
        raise CannotReverse(_("This entry has already been reversed."), code="entry_already_reversed")
    if entry.kind in NOT_REVERSIBLE:
        raise CannotReverse(
            _("A %(kind)s entry cannot be reversed; record a new entry instead."),
            code="entry_reversed_record_new",
            params={"kind": EntryKind(entry.kind).label},
        )
    if on < entry.entry_date:
        raise CannotReverse(
            _("A reversal cannot be dated before the entry it reverses."),
            code="reversal_dated_entry_reverses",
            field="on",
        )
    return reason


def _mirror_rows(fund: Fund, entry: JournalEntry, reversal: JournalEntry, on: dt.date) -> None:
    """The savings movements and the repayment (with its allocations) of the entry, negated."""
    for movement in entry.savings_movements.all():
        SavingsMovement.objects.create(
            fund=fund,
            book=movement.book,
            member=movement.member,
            kind=movement.kind,
            on=on,
            for_month=movement.for_month,
            amount_satang=-movement.amount_satang,
            units=-movement.units,
            entry=reversal,
        )
    if entry.kind == EntryKind.LOAN_REPAY:
        original = entry.repayment
        undo = Repayment.objects.create(
            loan=original.loan,
            on=on,
            amount_satang=-original.amount_satang,
            principal_satang=-original.principal_satang,
            interest_satang=-original.interest_satang,
            penalty_satang=-original.penalty_satang,
            entry=reversal,
            reverses=original,
        )
        RepaymentAllocation.objects.bulk_create(
            RepaymentAllocation(
                repayment=undo,
                installment_id=a.installment_id,
                principal_satang=-a.principal_satang,
                interest_satang=-a.interest_satang,
                penalty_satang=-a.penalty_satang,
            )
            for a in original.allocations.all()
        )


def _undo_savings(fund: Fund, entry: JournalEntry) -> None:
    for movement in entry.savings_movements.select_related("member__person"):
        if movement.amount_satang <= 0 or movement.kind == SavingsKind.CONTRIBUTION:
            continue  # a withdrawal reversed puts money back: always possible
        role = MEMBER_ROLE_OF_KIND[SavingsKind(movement.kind)]
        balance = posting.member_balance(book=movement.book, role=role, member_id=movement.member_id)
        if balance < movement.amount_satang:
            raise CannotReverse(
                _("%(name)s has already taken this money out; reverse the withdrawal first."),
                code="already_taken_money_out",
                params={"name": movement.member.person.full_name},
            )


def _undo_disbursement(entry: JournalEntry, *, on: dt.date, by: User, at: dt.datetime) -> None:
    loan = Loan.objects.select_for_update().get(pk=entry.loan_id)
    if loan.status != LoanStatus.ACTIVE or Repayment.objects.filter(loan=loan).exists():
        raise CannotReverse(
            _("Repayments were taken on this loan: reverse them first."), code="repayments_taken_loan_reverse"
        )
    loan.installments.filter(version=loan.schedule_version).update(status=InstallmentStatus.SUPERSEDED)
    LoanReschedule.objects.create(
        loan=loan,
        from_version=loan.schedule_version,
        to_version=None,
        reason=RescheduleReason.DISBURSEMENT_REVERSED,
        on=on,
        principal_satang=loan.principal_satang,
        by=by,
        at=at,
    )
    loan.status = LoanStatus.APPROVED
    loan.disbursed_on = None
    loan.save(update_fields=["status", "disbursed_on"])


def _undo_repayment(entry: JournalEntry) -> None:
    repayment = Repayment.objects.select_related("loan").get(entry=entry)
    loan = Loan.objects.select_for_update().get(pk=repayment.loan_id)
    later = (
        Repayment.objects.filter(loan=loan, reverses__isnull=True, reversed_by__isnull=True)
        .filter(Q(on__gt=repayment.on) | Q(on=repayment.on, pk__gt=repayment.pk))
        .exists()
    )
    if later:
        raise CannotReverse(
            _("Later repayments were taken on this loan: reverse the latest first."),
            code="later_repayments_taken_loan",
        )
    if repayment.rescheduled_to is not None or loan.reschedules.filter(at__gt=entry.created_at).exists():
        raise CannotReverse(
            _("The loan got a new schedule after this payment; restructure it instead of reversing."),
            code="loan_got_new_schedule",
        )
    for a in repayment.allocations.select_related("installment"):
        inst = Installment.objects.select_for_update().get(pk=a.installment_id)
        inst.principal_paid_satang -= a.principal_satang
        inst.interest_paid_satang -= a.interest_satang
        inst.penalty_paid_satang -= a.penalty_satang
        inst.status, inst.paid_on = InstallmentStatus.OPEN, None
        inst.save(
            update_fields=[
                "principal_paid_satang",
                "interest_paid_satang",
                "penalty_paid_satang",
                "status",
                "paid_on",
            ]
        )
    if loan.status == LoanStatus.CLOSED:
        loan.installments.filter(version=loan.schedule_version, status=InstallmentStatus.WAIVED).update(
            status=InstallmentStatus.OPEN
        )
        loan.status, loan.closed_on = LoanStatus.ACTIVE, None
    loan.principal_repaid_satang -= repayment.principal_satang
    loan.interest_paid_satang -= repayment.interest_satang
    loan.penalty_paid_satang -= repayment.penalty_satang
    loan.save(
        update_fields=[
            "status",
            "closed_on",
            "principal_repaid_satang",
            "interest_paid_satang",
            "penalty_paid_satang",
        ]
    )


@transaction.atomic
def period_close(*, fund: Fund, through: dt.date, by: User, at: dt.datetime, note: str = "") -> PeriodClose:
    """Close the books through a day: entries dated on or before it are refused from now on."""
    fund = lock_fund(fund.pk)
    _keeps_books(by, fund)
    existing = PeriodClose.objects.filter(fund=fund, closed_through=through).first()
    if existing is not None:
        return existing
    if fund.closed_through is not None and through < fund.closed_through:
        raise CannotClosePeriod(
            _("The books are already closed through %(date)s."),
            code="books_already_closed_through",
            field="through",
            params={"date": format_date(fund.closed_through)},
        )
    if through > timezone.localdate(at):
        raise CannotClosePeriod(
            _("A period cannot be closed before it has ended."), code="period_closed_ended", field="through"
        )
    if through < fund.opened_on:
        raise CannotClosePeriod(
            _("The fund had not opened yet on that day."), code="fund_had_opened_yet", field="through"
        )
    fund.closed_through = through
    fund.save(update_fields=["closed_through"])
    return PeriodClose.objects.create(
        fund=fund,
        closed_through=through,
        note=" ".join((note or "").split())[:200],
        closed_by=by,
        closed_at=at,
    )
