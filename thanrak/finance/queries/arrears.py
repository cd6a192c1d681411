"""Arrears: loans past due by aging band as of a day, and the month-end history."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Max, Min, Q, Sum

from thanrak.accounts.models import User
from thanrak.core.money import percent
from thanrak.finance.models import (
    AgingBucket,
    Fund,
    Loan,
    LoanMonthEnd,
    LoanStatus,
)
from thanrak.finance.queries.funds import _overdue_installments, aging_buckets, fund_get

# --- arrears -------------------------------------------------------------------------------------


@dataclass
class LoanArrears:
    loan: Loan
    days_past_due: int
    outstanding_satang: int
    overdue_principal_satang: int
    overdue_interest_satang: int
    bucket: AgingBucket | None = None
    last_paid_on: dt.date | None = None


@dataclass
class BucketRow:
    bucket: AgingBucket
    loans: int = 0
    outstanding_satang: int = 0
    total_satang: int = 0

    @property
    def share(self) -> Decimal | None:
        return percent(self.outstanding_satang, self.total_satang)


@dataclass
class ArrearsReport:
    fund: Fund
    on: dt.date
    loans: list[LoanArrears]
    buckets: list[BucketRow]

    @property
    def outstanding_satang(self) -> int:
        return sum(a.outstanding_satang for a in self.loans)

    @property
    def overdue_satang(self) -> int:
        """Principal of installments past their due date and unpaid (the seed report's 'overdue')."""
        return sum(a.overdue_principal_satang for a in self.loans)

    @property
    def not_yet_due_satang(self) -> int:
        return self.outstanding_satang - self.overdue_satang

    @property
    def overdue_percent(self) -> Decimal | None:
        return percent(self.overdue_satang, self.outstanding_satang)

    @property
    def not_yet_due_percent(self) -> Decimal | None:
        return percent(self.not_yet_due_satang, self.outstanding_satang)

    def par(self, days: int) -> Decimal | None:
        """Portfolio at risk: outstanding principal of loans more than `days` days past due ÷ all
        outstanding."""
        at_risk = sum(a.outstanding_satang for a in self.loans if a.days_past_due > days)
        return percent(at_risk, self.outstanding_satang)

    @property
    def par_thresholds(self) -> list[tuple[int, Decimal | None]]:
        return [(d, self.par(d)) for d in (0, 30, 90)]

    @property
    def follow_up(self) -> list[LoanArrears]:
        """The committee's list: loans past due, the longest first."""
        return sorted(
            (a for a in self.loans if a.days_past_due > 0), key=lambda a: (-a.days_past_due, a.loan.number)
        )


def arrears_report(*, viewer: User, fund: Fund, on: dt.date) -> ArrearsReport:
    """Days past due of every loan being repaid on a day, the fund's aging buckets and PAR, computed
    from the current schedules (history is in the month-end snapshots)."""
    fund = fund_get(viewer=viewer, fund_id=fund.pk)
    loans = list(
        Loan.objects.filter(fund=fund, status=LoanStatus.ACTIVE, disbursed_on__lte=on)
        .select_related("borrower__person")
        .prefetch_related("guarantors__member__person")
        .annotate(last_paid_on=Max("repayments__on", filter=Q(repayments__amount_satang__gt=0)))
    )
    overdue = {
        r["loan_id"]: r
        for r in _overdue_installments(Q(loan__fund=fund), on)
        .values("loan_id")
        .annotate(
            oldest=Min("due_date"),
            p=Sum(F("principal_satang") - F("principal_paid_satang")),
            i=Sum(F("interest_satang") - F("interest_paid_satang")),
        )
    }
    buckets = aging_buckets(fund=fund)
    rows = []
    for loan in loans:
        o = overdue.get(loan.pk)
        dpd = (on - o["oldest"]).days if o else 0
        rows.append(
            LoanArrears(
                loan=loan,
                days_past_due=dpd,
                outstanding_satang=loan.principal_satang - loan.principal_repaid_satang,
                overdue_principal_satang=o["p"] if o else 0,
                overdue_interest_satang=o["i"] if o else 0,
                bucket=bucket_for(buckets, dpd),
                last_paid_on=loan.last_paid_on,
            )
        )
    total = sum(r.outstanding_satang for r in rows)
    bucket_rows = {b.pk: BucketRow(bucket=b, total_satang=total) for b in buckets}
    for r in rows:
        if r.bucket is not None:
            br = bucket_rows[r.bucket.pk]
            br.loans += 1
            br.outstanding_satang += r.outstanding_satang
    return ArrearsReport(fund=fund, on=on, loans=rows, buckets=list(bucket_rows.values()))


def bucket_for(buckets: list[AgingBucket], days: int) -> AgingBucket | None:
    for b in buckets:
        if days >= b.min_days and (b.max_days is None or days <= b.max_days):
            return b
    return None


def arrears_history(*, viewer: User, fund: Fund, limit: int = 36) -> list[dict]:
    """Outstanding and overdue principal at each month end the set-based run recorded (oldest first)."""
    fund = fund_get(viewer=viewer, fund_id=fund.pk)
    rows = list(
        LoanMonthEnd.objects.filter(fund=fund)
        .values("as_of")
        .annotate(
            outstanding=Sum("outstanding_satang"),
            overdue=Sum("overdue_principal_satang"),
            accrued=Sum("accrued_interest_satang"),
            late=Count("id", filter=Q(days_past_due__gt=0)),
            loans=Count("id"),
        )
        .order_by("-as_of")[:limit]
    )
    for r in rows:
        r["overdue_percent"] = percent(r["overdue"], r["outstanding"])
    return list(reversed(rows))


def active_loan_count(*, viewer: User, fund: Fund) -> int:
    """How many loans of a fund are being repaid (the month end's work)."""
    fund = fund_get(viewer=viewer, fund_id=fund.pk)
    return Loan.objects.filter(fund=fund, status=LoanStatus.ACTIVE).count()
