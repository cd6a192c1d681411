"""Monitoring computations from the funds' books (registered in FinanceConfig; see
thanrak/monitoring/computed.py for the contract). Both are stocks as of the period's last day,
rebuilt from dated records, so a past month keeps the figure it had then: a RATIO indicator of
overdue principal over principal outstanding gives the report's overdue %."""

import datetime as dt

from django.db.models import Exists, F, OuterRef, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from thanrak.core.computing import by_area


def _paid_out_by(end: dt.date):  # noqa: ANN202 — a QuerySet of Loan
    from thanrak.finance.models import Loan, LoanStatus

    return Loan.objects.filter(
        status__in=(LoanStatus.ACTIVE, LoanStatus.CLOSED), disbursed_on__isnull=False, disbursed_on__lte=end
    )


def loans_outstanding(*, start: dt.date, end: dt.date) -> dict[str, int]:
    """Principal paid out by `end` less the principal repaid by `end` (reversals included), by the
    fund's subdistrict, in satang."""
    from thanrak.finance.models import Repayment

    loans = _paid_out_by(end)
    lent = by_area(loans, "fund__area_code", Sum("principal_satang"))
    repaid = by_area(
        Repayment.objects.filter(loan__in=loans, on__lte=end),
        "loan__fund__area_code",
        Sum("principal_satang"),
    )
    return {code: n for code in lent if (n := lent[code] - repaid.get(code, 0))}


def overdue_principal(*, start: dt.date, end: dt.date) -> dict[str, int]:
    """Principal of installments due before `end` and still unpaid on `end`, by the fund's
    subdistrict, in satang: only the schedule in force on `end` counts (not one made later, not
    one a reschedule had replaced by then), and only what was repaid by `end` (a reversal is a negative
        allocation on its own day)."""
    from thanrak.finance.models import Installment, LoanReschedule, RepaymentAllocation

    paid = (
        RepaymentAllocation.objects.filter(installment=OuterRef("pk"), repayment__on__lte=end)
        .values("installment")
        .annotate(p=Sum("principal_satang"))
        .values("p")
    )
    replaced_by_end = LoanReschedule.objects.filter(
        loan=OuterRef("loan"), from_version=OuterRef("version"), on__lte=end
    )
    made_after_end = LoanReschedule.objects.filter(
        loan=OuterRef("loan"), to_version=OuterRef("version"), on__gt=end
    )
    due = (
        Installment.objects.filter(loan__in=_paid_out_by(end), due_date__lt=end)
        .exclude(Exists(replaced_by_end))
        .exclude(Exists(made_after_end))
        .annotate(unpaid=F("principal_satang") - Coalesce(paid, Value(0)))
        .filter(~Q(unpaid=0))
    )
    return by_area(due, "loan__fund__area_code", Sum("unpaid"))


MONITORING_COMPUTATIONS = [
    {
        "name": "finance.loans_outstanding",
        "version": 1,
        "function": loans_outstanding,
        "label": _("Loans outstanding in community funds"),
        "unit": "BAHT",
        "temporal": "STOCK",
        "description": _(
            "Principal paid out and not yet repaid at the end of the period, by the fund's subdistrict."
        ),
        "changes": {1: "first version"},
    },
    {
        "name": "finance.overdue_principal",
        "version": 1,
        "function": overdue_principal,
        "label": _("Overdue loan principal in community funds"),
        "unit": "BAHT",
        "temporal": "STOCK",
        "description": _(
            "Principal of installments past their due date and unpaid at the end of the period, by the "
            "fund's subdistrict; over the loans outstanding it gives the overdue %."
        ),
        "changes": {1: "first version"},
    },
]
