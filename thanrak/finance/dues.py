"""What a borrower owes on a day: per installment, penalty → interest → principal (read-only)."""

import datetime as dt
from dataclasses import dataclass

from thanrak.finance.models import BylawVersion, Installment, InstallmentStatus, Loan
from thanrak.finance.rules import penalty_due, prorated_interest


@dataclass
class Owed:
    installment: Installment
    penalty_satang: int
    interest_satang: int
    principal_satang: int

    @property
    def total_satang(self) -> int:
        return self.penalty_satang + self.interest_satang + self.principal_satang


@dataclass
class Dues:
    """The open installments of a loan's current schedule, split into due (on or before the day) and "
    "future."""

    due: list[Owed]
    future: list[Installment]
    on: dt.date

    @property
    def due_total_satang(self) -> int:
        return sum(o.total_satang for o in self.due)

    @property
    def future_principal_satang(self) -> int:
        return sum(i.principal_due_satang for i in self.future)

    @property
    def accrued_interest_satang(self) -> int:
        """Interest earned so far on the next installment, charged when the loan is paid off early."""
        if not self.future:
            return 0
        nxt = self.future[0]
        earned = prorated_interest(
            interest_satang=nxt.interest_satang, period_start=nxt.starts_on, due_date=nxt.due_date, on=self.on
        )
        return max(0, earned - nxt.interest_paid_satang)

    @property
    def payoff_satang(self) -> int:
        """What closes the loan today: everything due, the interest earned on the running period
        and the principal not yet due (later interest is not charged)."""
        return self.due_total_satang + self.accrued_interest_satang + self.future_principal_satang

    @property
    def overdue_principal_satang(self) -> int:
        return sum(o.principal_satang for o in self.due if o.installment.due_date < self.on)

    @property
    def penalty_satang(self) -> int:
        return sum(o.penalty_satang for o in self.due)


def open_installments(loan: Loan) -> list[Installment]:
    return list(
        loan.installments.filter(version=loan.schedule_version, status=InstallmentStatus.OPEN).order_by(
            "number"
        )
    )


def dues_on(
    *, loan: Loan, bylaw: BylawVersion, on: dt.date, installments: list[Installment] | None = None
) -> Dues:
    """Split the loan's open installments at `on`; penalties follow the bylaw the loan was made under."""
    rows = open_installments(loan) if installments is None else installments
    due, future = [], []
    for inst in rows:
        if inst.due_date > on:
            future.append(inst)
            continue
        interest = inst.interest_due_satang
        principal = inst.principal_due_satang
        penalty = penalty_due(
            overdue_satang=interest + principal,
            due_date=inst.due_date,
            on=on,
            rate_bp=bylaw.penalty_rate_bp,
            grace_days=bylaw.penalty_grace_days,
            cap_bp=bylaw.penalty_cap_bp,
            already_paid_satang=inst.penalty_paid_satang,
            rounding=bylaw.rounding,
        )
        due.append(Owed(inst, penalty, interest, principal))
    return Dues(due=due, future=future, on=on)


def days_past_due(installments: list[Installment], on: dt.date) -> int:
    """Days since the oldest installment that is still unpaid fell due (0 when nothing is late)."""
    late = [i.due_date for i in installments if i.due_date < on and i.status == InstallmentStatus.OPEN]
    return (on - min(late)).days if late else 0
