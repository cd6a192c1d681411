"""What causes messages: the daily reminders read from finance's rows (notify sits above the domain
apps) and the events domain apps emit (`core.events`), handled in the emitter's transaction."""

import datetime as dt
from collections.abc import Iterator

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from thanrak.core.money import format_baht
from thanrak.core.thai import format_date
from thanrak.finance.models import Installment, InstallmentStatus, Loan, LoanStatus
from thanrak.notify.actions import dated, setwise
from thanrak.notify.actions.outbox import Pending, enqueue_sweep, queue, queue_many
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


def _installment_pending(installment: Installment, kind: str, days: int) -> Pending:
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
    person = loan.borrower.person
    return Pending(person.pk, person.area_code, loan.fund.organisation_id, kind, params, reason, key)


def _installments(on: dt.date) -> Iterator[Pending]:
    ahead = on + dt.timedelta(days=DUE_AHEAD)
    overdue = {on - dt.timedelta(days=d): d for d in OVERDUE_DAYS}
    for installment in _open_installments([ahead, *overdue]).iterator(chunk_size=2000):
        if installment.due_date == ahead:
            yield _installment_pending(installment, Kind.INSTALLMENT_DUE, 0)
        else:
            yield _installment_pending(installment, Kind.INSTALLMENT_OVERDUE, overdue[installment.due_date])


DATED_KINDS = (
    Kind.INSTALLMENT_DUE,
    Kind.INSTALLMENT_OVERDUE,
    Kind.SAVINGS_DUE,
    Kind.SAVINGS_MISSED,
    Kind.VISIT_DUE,
    Kind.TRAINING_TOMORROW,
)


def queue_due(*, on: dt.date, at: dt.datetime | None = None) -> dict[str, int]:
    """Queue the reminders due on a day: installments due in 3 days and overdue 1, 30 and 60 days;
    savings due 3 days before a fund's collection day and missed the day after; caseload visits
    due; trainings tomorrow. Safe to run again for the same day (each event has its key). Counts
    per kind. The savings reminders (every member of a fund) are one INSERT … SELECT each
    (`setwise`, one transaction per range of funds); the others go through `queue_many`."""
    at = at or timezone.now()
    counts = {kind.value: 0 for kind in DATED_KINDS}
    for kind, collection in (
        (Kind.SAVINGS_DUE, on + dt.timedelta(days=dated.SAVINGS_AHEAD)),
        (Kind.SAVINGS_MISSED, on - dt.timedelta(days=1)),
    ):
        # Its own transactions, one per range of funds (concurrent on PostgreSQL).
        counts[kind] = setwise.queue_savings(kind=kind, collection=collection, at=at)
        if counts[kind]:
            transaction.on_commit(enqueue_sweep)
    for source in (_installments, dated.visits_due, dated.trainings):
        for kind, n in queue_many(source(on), at=at).items():
            counts[kind] += n
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
