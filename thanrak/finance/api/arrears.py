"""Arrears: aging buckets, PAR and the follow-up list."""

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Schema

from thanrak.apikit import ERRORS, AppRouter, Id, access
from thanrak.finance import queries
from thanrak.finance.api.common import fund_of
from thanrak.finance.api.schemas import BucketOut, pct

router = AppRouter("finance")


class LoanArrearsOut(Schema):
    loan_id: int
    number: str
    borrower_id: int
    borrower: str
    days_past_due: int
    bucket: str | None
    outstanding_satang: int
    overdue_principal_satang: int
    overdue_interest_satang: int
    last_paid_on: dt.date | None


class ArrearsOut(Schema):
    on: dt.date
    outstanding_satang: int
    not_yet_due_satang: int
    overdue_satang: int
    not_yet_due_percent: str | None
    overdue_percent: str | None
    par: dict[str, str | None]
    buckets: list[BucketOut]
    follow_up: list[LoanArrearsOut]


# --- operations ---


@router.get("/funds/{fund_id}/arrears", response={200: ArrearsOut, **ERRORS})
@access("finance.arrears", "view")
def arrears(request: HttpRequest, fund_id: Id):
    """Today's arrears: the seed report's line, aging buckets, PAR by threshold and the follow-up list."""
    r = queries.arrears_report(viewer=request.user, fund=fund_of(request, fund_id), on=timezone.localdate())
    return {
        "on": r.on,
        "outstanding_satang": r.outstanding_satang,
        "not_yet_due_satang": r.not_yet_due_satang,
        "overdue_satang": r.overdue_satang,
        "not_yet_due_percent": pct(r.not_yet_due_percent),
        "overdue_percent": pct(r.overdue_percent),
        "par": {f"par{d}": pct(v) for d, v in r.par_thresholds},
        "buckets": [
            {
                "label_th": b.bucket.label_th,
                "label_en": b.bucket.label_en,
                "min_days": b.bucket.min_days,
                "max_days": b.bucket.max_days,
                "loans": b.loans,
                "outstanding_satang": b.outstanding_satang,
            }
            for b in r.buckets
        ],
        "follow_up": [
            {
                "loan_id": a.loan.pk,
                "number": a.loan.number,
                "borrower_id": a.loan.borrower_id,
                "borrower": a.loan.borrower.person.full_name,
                "days_past_due": a.days_past_due,
                "bucket": a.bucket.label_th if a.bucket else None,
                "outstanding_satang": a.outstanding_satang,
                "overdue_principal_satang": a.overdue_principal_satang,
                "overdue_interest_satang": a.overdue_interest_satang,
                "last_paid_on": a.last_paid_on,
            }
            for a in r.follow_up
        ],
    }
