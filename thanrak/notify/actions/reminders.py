"""What causes messages: the daily reminders read from finance's rows (notify sits above the domain
apps) and the events domain apps emit (`core.events`), handled in the emitter's transaction."""

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from thanrak.core.money import format_baht
from thanrak.core.thai import format_date
from thanrak.finance.models import Installment, InstallmentStatus, Loan, LoanStatus
from thanrak.notify.actions.outbox import queue
from thanrak.notify.models import Kind

DUE_AHEAD = 3
OVERDUE_DAYS = (1, 30, 60)


def _left(installment: Installment) -> int:
    return (
        installment.principal_satang
        - installment.principal_paid_satang
        + installment.interest_satang
        - installment.interest_paid_satang
    )


def _open_installments(dates: list[dt.date]):  # noqa: ANN202 — a QuerySet of Installment
    return (
        Installment.objects.filter(
            due_date__in=dates,
            status=InstallmentStatus.OPEN,
            loan__status=LoanStatus.ACTIVE,
            version=F("loan__schedule_version"),
        )
        .select_related("loan__fund__organisation", "loan__borrower__person")
        .order_by("pk")
    )


def queue_installment(installment: Installment, kind: str, days: int, at: dt.datetime) -> bool:
    loan = installment.loan
    params = {
        "fund": loan.fund.name_th,
        "loan": loan.number,
        "date": format_date(installment.due_date),
        "amount": format_baht(_left(installment)),
        "days": str(days),
    }
    if kind == Kind.INSTALLMENT_DUE:
        reason = f"loan {loan.number} installment {installment.number} due {installment.due_date}"
        key = f"installment_due:{installment.pk}:{installment.due_date}"
    else:
        reason = f"loan {loan.number} installment {installment.number} {days} days overdue"
        key = f"installment_overdue:{installment.pk}:{days}"
    return (
        queue(
            person=loan.borrower.person,
            organisation=loan.fund.organisation,
            kind=kind,
            params=params,
            reason=reason,
            dedupe_key=key,
            at=at,
        )
        is not None
    )


def queue_due(*, on: dt.date, at: dt.datetime | None = None) -> dict[str, int]:
    """Queue the reminders due on a day: installments due in 3 days and overdue 1, 30 and 60 days.
    Safe to run again for the same day (each event has its key). Counts per kind."""
    at = at or timezone.now()
    counts = {Kind.INSTALLMENT_DUE.value: 0, Kind.INSTALLMENT_OVERDUE.value: 0}
    ahead = on + dt.timedelta(days=DUE_AHEAD)
    overdue = {on - dt.timedelta(days=d): d for d in OVERDUE_DAYS}
    for installment in _open_installments([ahead, *overdue]).iterator(chunk_size=2000):
        with transaction.atomic():
            if installment.due_date == ahead:
                counts[Kind.INSTALLMENT_DUE] += queue_installment(installment, Kind.INSTALLMENT_DUE, 0, at)
            else:
                days = overdue[installment.due_date]
                counts[Kind.INSTALLMENT_OVERDUE] += queue_installment(
                    installment, Kind.INSTALLMENT_OVERDUE, days, at
                )
    return counts


DECISION_TH = {LoanStatus.APPROVED: "อนุมัติ", LoanStatus.REJECTED: "ไม่อนุมัติ"}


def on_loan_decided(*, loan: Loan) -> None:
    """finance.loan_decided: tell the borrower, in finance's transaction."""
    if loan.status not in DECISION_TH:
        return
    queue(
        person=loan.borrower.person,
        organisation=loan.fund.organisation,
        kind=Kind.LOAN_DECISION,
        params={
            "fund": loan.fund.name_th,
            "loan": loan.number,
            "amount": format_baht(loan.principal_satang),
            "decision": DECISION_TH[loan.status],
        },
        reason=f"loan {loan.number} {loan.status.lower()}",
        dedupe_key=f"loan_decision:{loan.pk}:{loan.status}",
        at=timezone.now(),
    )
