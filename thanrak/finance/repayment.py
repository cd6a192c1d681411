"""How a loan repayment is split, as a pure function of what is owed and the amount (no database).

What is due (on or before the day) is paid oldest installment first, each penalty → interest →
principal. Money beyond that pays the next installments in advance (interest, then principal); with
`prepay` it goes to principal instead: paying everything closes the loan (the interest earned on the
running period is charged, later interest is not), paying part re-spreads the principal left over
the remaining due dates. `actions.loan_repay` locks the loan, builds `Owing` from its schedule, calls
`allocate_repayment` and posts the result.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from thanrak.core.errors import DomainError
from thanrak.core.money import format_baht


class CannotRepayLoan(DomainError):
    """The repayment cannot be taken (closed loan, more than is owed…)."""


@dataclass(frozen=True)
class Due:
    """What one installment asks for (the penalty only once it is due)."""

    installment_id: int
    principal_satang: int
    interest_satang: int
    penalty_satang: int = 0

    @property
    def total_satang(self) -> int:
        return self.principal_satang + self.interest_satang + self.penalty_satang


@dataclass(frozen=True)
class Owing:
    """A loan's open installments on the day of a repayment."""

    due: Sequence[Due]  # due on or before the day, oldest first
    future: Sequence[Due] = ()  # not yet due, in order (no penalty)
    accrued_interest_satang: int = 0  # interest earned so far on the next installment
    principal_outstanding_satang: int = 0  # the loan's principal not yet repaid

    @property
    def future_principal_satang(self) -> int:
        return sum(d.principal_satang for d in self.future)

    @property
    def payoff_satang(self) -> int:
        """What closes the loan today: everything due, the interest earned on the running period
        and the principal not yet due."""
        due = sum(d.total_satang for d in self.due)
        return due + self.accrued_interest_satang + self.future_principal_satang


@dataclass(frozen=True)
class Part:
    """What a repayment pays on one installment."""

    installment_id: int
    principal_satang: int = 0
    interest_satang: int = 0
    penalty_satang: int = 0

    @property
    def total_satang(self) -> int:
        return self.principal_satang + self.interest_satang + self.penalty_satang


@dataclass(frozen=True)
class Allocation:
    """A repayment split over installments (only those it pays, in the order paid), with totals."""

    parts: tuple[Part, ...]
    principal_satang: int
    interest_satang: int
    penalty_satang: int
    # A part-prepayment: the principal left, to be spread again over the remaining due dates.
    reschedule_principal_satang: int | None = None

    @property
    def total_satang(self) -> int:
        return self.principal_satang + self.interest_satang + self.penalty_satang


class _Ledger:
    """Running amounts per installment (principal, interest, penalty), in the order first touched."""

    def __init__(self) -> None:
        self.paid: dict[int, list[int]] = {}

    def take(self, installment_id: int, index: int, most: int, remaining: int) -> int:
        """Put up to `most` of `remaining` on one part (0 principal, 1 interest, 2 penalty); the rest."""
        parts = self.paid.setdefault(installment_id, [0, 0, 0])
        taken = max(0, min(remaining, most))
        parts[index] += taken
        return remaining - taken

    def allocation(self, reschedule: int | None = None) -> Allocation:
        parts = tuple(Part(i, p, n, pen) for i, (p, n, pen) in self.paid.items() if p or n or pen)
        return Allocation(
            parts=parts,
            principal_satang=sum(p.principal_satang for p in parts),
            interest_satang=sum(p.interest_satang for p in parts),
            penalty_satang=sum(p.penalty_satang for p in parts),
            reschedule_principal_satang=reschedule,
        )


def allocate_repayment(owing: Owing, amount_satang: int, *, prepay: bool = False) -> Allocation:
    """Split `amount_satang` (more than zero) over what is owed; CannotRepayLoan if it is too much."""
    book = _Ledger()
    remaining = amount_satang
    for due in owing.due:
        remaining = book.take(due.installment_id, 2, due.penalty_satang, remaining)
        remaining = book.take(due.installment_id, 1, due.interest_satang, remaining)
        remaining = book.take(due.installment_id, 0, due.principal_satang, remaining)
    if not remaining:
        return book.allocation()
    if prepay:
        return _prepay(owing, book, remaining)
    for nxt in owing.future:
        remaining = book.take(nxt.installment_id, 1, nxt.interest_satang, remaining)
        remaining = book.take(nxt.installment_id, 0, nxt.principal_satang, remaining)
    if remaining:
        raise CannotRepayLoan(
            _(
                "That is more than the whole schedule: at most %(most)s baht "
                "(or %(payoff)s baht to pay it off today)."
            ),
            code="whole_schedule_most_baht",
            field="amount",
            params={
                "most": format_baht(amount_satang - remaining),
                "payoff": format_baht(owing.payoff_satang),
            },
        )
    return book.allocation()


def _prepay(owing: Owing, book: _Ledger, remaining: int) -> Allocation:
    """Money beyond what is due, to principal: the whole of it closes the loan, part re-spreads it."""
    accrued, future_principal = owing.accrued_interest_satang, owing.future_principal_satang
    if remaining > accrued + future_principal:
        raise CannotRepayLoan(
            _("That is more than is owed: %(payoff)s baht pays the loan off today."),
            code="owed_baht_pays_loan",
            field="amount",
            params={"payoff": format_baht(owing.payoff_satang)},
        )
    if remaining == accrued + future_principal:
        if owing.future:
            book.take(owing.future[0].installment_id, 1, accrued, accrued)
        for nxt in owing.future:
            book.take(nxt.installment_id, 0, nxt.principal_satang, nxt.principal_satang)
        return book.allocation()
    if remaining >= future_principal:
        raise CannotRepayLoan(
            _("To pay the loan off today, pay exactly %(payoff)s baht."),
            code="pay_loan_off_today",
            field="amount",
            params={"payoff": format_baht(owing.payoff_satang)},
        )
    # Part of the principal prepaid: the rest is spread again over the remaining dates.
    principal_paid_now = sum(parts[0] for parts in book.paid.values())
    reschedule = owing.principal_outstanding_satang - principal_paid_now - remaining
    for nxt in owing.future:  # record the prepaid principal against the next installments
        remaining = book.take(nxt.installment_id, 0, nxt.principal_satang, remaining)
    return book.allocation(reschedule)
