"""Month end: loans' arrears and aging rows, and interest accrued on the accrual basis."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from thanrak.core.money import format_baht
from thanrak.core.thai import format_date
from thanrak.finance import posting
from thanrak.finance.chart_of_accounts import Roles
from thanrak.finance.models import (
    Book,
    EntryKind,
    Fund,
    JournalEntry,
    LedgerAccount,
    LoanMonthEnd,
    LoanStatus,
)
from thanrak.finance.posting import cr, dr

# --- month end -----------------------------------------------------------------------------------

MONTH_END_SQL_POSTGRES = """
WITH due AS (
    SELECT i.loan_id,
           MIN(i.due_date) AS oldest,
           SUM(i.principal_satang - i.principal_paid_satang) AS principal,
           SUM(i.interest_satang - i.interest_paid_satang) AS interest
      FROM finance_installment i
      JOIN finance_loan l ON l.id = i.loan_id AND l.schedule_version = i.version
     WHERE i.status = 'OPEN' AND i.due_date < %(as_of)s AND l.status = 'ACTIVE' {loan_filter}
     GROUP BY i.loan_id
), rows AS (
    SELECT l.id AS loan_id, l.fund_id,
           COALESCE(%(as_of)s - due.oldest, 0) AS dpd,
           l.principal_satang - l.principal_repaid_satang AS outstanding,
           COALESCE(due.principal, 0) AS overdue_principal,
           COALESCE(due.interest, 0) AS overdue_interest,
           ROUND((CASE WHEN l.method IN ('flat', 'bullet') THEN l.principal_satang
                       ELSE l.principal_satang - l.principal_repaid_satang END)::numeric
                 * l.annual_rate_bp * %(days)s / 3650000) AS accrued
      FROM finance_loan l
      LEFT JOIN due ON due.loan_id = l.id
     WHERE l.status = 'ACTIVE' AND l.disbursed_on <= %(as_of)s {loan_filter}
)
INSERT INTO finance_loanmonthend
    (loan_id, fund_id, as_of, days_past_due, bucket_position, outstanding_satang, overdue_principal_satang,
     overdue_interest_satang, accrued_interest_satang)
SELECT r.loan_id, r.fund_id, %(as_of)s, r.dpd, b.position, r.outstanding, r.overdue_principal,
       r.overdue_interest, r.accrued
  FROM rows r
  LEFT JOIN finance_agingbucket b
    ON b.fund_id = r.fund_id AND r.dpd >= b.min_days AND (b.max_days IS NULL OR r.dpd <= b.max_days)
ON CONFLICT (loan_id, as_of) DO UPDATE SET
    days_past_due = EXCLUDED.days_past_due, bucket_position = EXCLUDED.bucket_position,
    outstanding_satang = EXCLUDED.outstanding_satang,
    overdue_principal_satang = EXCLUDED.overdue_principal_satang,
    overdue_interest_satang = EXCLUDED.overdue_interest_satang,
    accrued_interest_satang = EXCLUDED.accrued_interest_satang
"""

MONTH_END_SQL_SQLITE = """
WITH due AS (
    SELECT i.loan_id,
           MIN(i.due_date) AS oldest,
           SUM(i.principal_satang - i.principal_paid_satang) AS principal,
           SUM(i.interest_satang - i.interest_paid_satang) AS interest
      FROM finance_installment i
      JOIN finance_loan l ON l.id = i.loan_id AND l.schedule_version = i.version
     WHERE i.status = 'OPEN' AND i.due_date < %(as_of)s AND l.status = 'ACTIVE' {loan_filter}
     GROUP BY i.loan_id
), rows AS (
    SELECT l.id AS loan_id, l.fund_id,
           COALESCE(CAST(julianday(%(as_of)s) - julianday(due.oldest) AS INTEGER), 0) AS dpd,
           l.principal_satang - l.principal_repaid_satang AS outstanding,
           COALESCE(due.principal, 0) AS overdue_principal,
           COALESCE(due.interest, 0) AS overdue_interest,
           ((CASE WHEN l.method IN ('flat', 'bullet') THEN l.principal_satang
                  ELSE l.principal_satang - l.principal_repaid_satang END)
             * l.annual_rate_bp * %(days)s * 2 + 3650000) / 7300000 AS accrued
      FROM finance_loan l
      LEFT JOIN due ON due.loan_id = l.id
     WHERE l.status = 'ACTIVE' AND l.disbursed_on <= %(as_of)s {loan_filter}
)
INSERT INTO finance_loanmonthend
    (loan_id, fund_id, as_of, days_past_due, bucket_position, outstanding_satang, overdue_principal_satang,
     overdue_interest_satang, accrued_interest_satang)
SELECT r.loan_id, r.fund_id, %(as_of)s, r.dpd, b.position, r.outstanding, r.overdue_principal,
       r.overdue_interest, r.accrued
  FROM rows r
  LEFT JOIN finance_agingbucket b
    ON b.fund_id = r.fund_id AND r.dpd >= b.min_days AND (b.max_days IS NULL OR r.dpd <= b.max_days)
 WHERE true
ON CONFLICT (loan_id, as_of) DO UPDATE SET
    days_past_due = excluded.days_past_due, bucket_position = excluded.bucket_position,
    outstanding_satang = excluded.outstanding_satang,
    overdue_principal_satang = excluded.overdue_principal_satang,
    overdue_interest_satang = excluded.overdue_interest_satang,
    accrued_interest_satang = excluded.accrued_interest_satang
"""


@transaction.atomic
def month_end_run(*, as_of: dt.date, fund_ids: Sequence[int] | None = None, accrue: bool = True) -> int:
    """Days past due, aging bucket and the month's accrued interest of every active loan, in one set-based
    statement (no loop per loan); running it again for the same day replaces the figures. Funds on an
    accrual basis then get their accrued interest booked (`interest_accrue`)."""
    loans = _month_end_rows(as_of=as_of, fund_ids=fund_ids)
    if accrue:
        interest_accrue(as_of=as_of, fund_ids=fund_ids)
    return loans


@dataclass
class MonthEndSummary:
    """What a month-end run did: loans given their figures for the day, how many of them were in arrears
    (aged into a bucket past the first), and the accrued-interest entries it posted."""

    as_of: dt.date
    loans: int = 0
    in_arrears: int = 0
    entries_posted: int = 0
    already_booked: int = 0
    closed_funds: int = 0

    def add(self, other: "MonthEndSummary") -> None:
        self.loans += other.loans
        self.in_arrears += other.in_arrears
        self.entries_posted += other.entries_posted
        self.already_booked += other.already_booked
        self.closed_funds += other.closed_funds

    def as_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "loans": self.loans,
            "in_arrears": self.in_arrears,
            "entries_posted": self.entries_posted,
            "already_booked": self.already_booked,
            "closed_funds": self.closed_funds,
        }


@transaction.atomic
def month_end_close(*, as_of: dt.date, fund_ids: Sequence[int] | None = None) -> MonthEndSummary:
    """The month end for a day: each active loan's days past due, aging bucket and accrued interest, then
    the accrued interest booked for funds on an accrual basis; says what it did. Safe to run again."""
    loans = _month_end_rows(as_of=as_of, fund_ids=fund_ids)
    accrual = interest_accrue(as_of=as_of, fund_ids=fund_ids)
    recorded = LoanMonthEnd.objects.filter(as_of=as_of)
    if fund_ids is not None:
        recorded = recorded.filter(fund_id__in=[int(i) for i in fund_ids])
    return MonthEndSummary(
        as_of=as_of,
        loans=loans,
        in_arrears=recorded.filter(days_past_due__gt=0).count(),
        entries_posted=len(accrual.posted),
        already_booked=accrual.already,
        closed_funds=len(accrual.closed or []),
    )


def _month_end_rows(*, as_of: dt.date, fund_ids: Sequence[int] | None) -> int:
    sql = MONTH_END_SQL_POSTGRES if connection.vendor == "postgresql" else MONTH_END_SQL_SQLITE
    params: dict[str, Any] = {"as_of": as_of, "days": as_of.day}
    loan_filter = ""
    if fund_ids is not None:
        ids = [int(i) for i in fund_ids]
        if not ids:
            return 0
        loan_filter = f"AND l.fund_id IN ({', '.join(str(i) for i in ids)})"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One grouped pass over the installments: give the hash aggregate room (this transaction only).
            cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute(sql.format(loan_filter=loan_filter), params)
        if cursor.rowcount >= 0:
            return cursor.rowcount
    # SQLite reports no row count for a statement that starts with WITH: count what the run wrote.
    written = LoanMonthEnd.objects.filter(
        as_of=as_of, loan__status=LoanStatus.ACTIVE, loan__disbursed_on__lte=as_of
    )
    if fund_ids is not None:
        written = written.filter(fund_id__in=[int(i) for i in fund_ids])
    return written.count()


# Interest earned but not yet received, per book, as of a day: the interest of installments due and
# unpaid, plus interest on the running period (days since the last due date, or since disbursement) at
# the loan's rate on its interest basis, less interest already paid ahead on the installments to come.
ACCRUAL_TARGET_SQL = """
WITH inst AS (
    SELECT i.loan_id,
           MAX(CASE WHEN i.due_date <= %(as_of)s THEN i.due_date END) AS last_due,
           SUM(CASE WHEN i.due_date > %(as_of)s AND i.status = 'OPEN' THEN 1 ELSE 0 END) AS ahead,
           COALESCE(SUM(CASE WHEN i.due_date <= %(as_of)s AND i.status = 'OPEN'
                             THEN i.interest_satang - i.interest_paid_satang END), 0) AS unpaid_due,
           COALESCE(SUM(CASE WHEN i.due_date > %(as_of)s AND i.status = 'OPEN'
                             THEN i.interest_paid_satang END), 0) AS paid_ahead
      FROM finance_installment i
      JOIN finance_loan l ON l.id = i.loan_id AND l.schedule_version = i.version
     WHERE l.status = 'ACTIVE' AND l.disbursed_on <= %(as_of)s AND l.book_id IN ({books})
     GROUP BY i.loan_id
), earned AS (
    SELECT l.book_id, inst.unpaid_due, inst.paid_ahead, inst.ahead,
           {running} AS running
      FROM finance_loan l
      JOIN inst ON inst.loan_id = l.id
)
SELECT book_id, SUM(unpaid_due + CASE WHEN ahead = 0 THEN 0 ELSE {positive} END)
  FROM earned
 GROUP BY book_id
"""
_BASIS = (
    "(CASE WHEN l.method IN ('flat', 'bullet') THEN l.principal_satang "
    "ELSE l.principal_satang - l.principal_repaid_satang END)"
)
ACCRUAL_SQL_PARTS = {
    "postgresql": {
        "running": f"ROUND({_BASIS}::numeric * l.annual_rate_bp"
        " * (%(as_of)s - COALESCE(inst.last_due, l.disbursed_on)) / 3650000)",
        "positive": "GREATEST(running - paid_ahead, 0)",
    },
    "sqlite": {
        "running": f"({_BASIS} * l.annual_rate_bp"
        " * CAST(julianday(%(as_of)s) - julianday(COALESCE(inst.last_due, l.disbursed_on)) AS INTEGER)"
        " * 2 + 3650000) / 7300000",
        "positive": "MAX(running - paid_ahead, 0)",
    },
}


@dataclass
class AccrualResult:
    posted: list[JournalEntry]
    unchanged: int = 0
    already: int = 0
    closed: list[Fund] | None = None


def _accrual_targets(as_of: dt.date, book_ids: Sequence[int]) -> dict[int, int]:
    if not book_ids:
        return {}
    parts = ACCRUAL_SQL_PARTS["postgresql" if connection.vendor == "postgresql" else "sqlite"]
    sql = ACCRUAL_TARGET_SQL.format(books=", ".join(str(int(b)) for b in book_ids), **parts)
    with connection.cursor() as cursor:
        cursor.execute(sql, {"as_of": as_of})
        return {book_id: int(total or 0) for book_id, total in cursor.fetchall()}


def accrual_key(book: Book | int, as_of: dt.date) -> str:
    """One accrual entry per book and month: the same month run twice posts nothing the second time."""
    return f"accrual:{getattr(book, 'pk', book)}:{as_of:%Y-%m}"


@transaction.atomic
def interest_accrue(
    *, as_of: dt.date, fund_ids: Sequence[int] | None = None, at: dt.datetime | None = None
) -> AccrualResult:
    """Book the loan interest earned but not yet received, for funds on an accrual basis.

    One adjusting entry per book and month, dated `as_of`: it moves the accrued-interest-receivable
    account to what is earned and unpaid on that day (debit it and credit interest income when more is
    earned; the other way round when repayments or closed loans brought it down). Repayments keep
    crediting interest income in cash, so income for a period = interest received + the change in
    what is accrued. A fund switched back to cash basis gets its accrual unwound to zero. Targets come
    from one grouped query over all loans; books in a closed period are left alone and listed."""
    at = at or timezone.now()
    accounts = LedgerAccount.objects.filter(role=Roles.ACCRUED_INTEREST).filter(
        Q(fund__accrual_basis=True, fund__can_lend=True) | ~Q(balance_satang=0)
    )
    if fund_ids is not None:
        accounts = accounts.filter(fund_id__in=[int(i) for i in fund_ids])
    candidates = list(accounts.values_list("fund_id", "book_id"))
    result = AccrualResult(posted=[], closed=[])
    if not candidates:
        return result
    # Lock the funds (in id order, as every posting does) before reading balances and keys.
    funds = {
        f.pk: f
        for f in Fund.objects.select_for_update().filter(pk__in={f for f, _b in candidates}).order_by("pk")
    }
    keys = set(
        JournalEntry.objects.filter(
            fund_id__in=funds, idempotency_key__in=[accrual_key(b, as_of) for _f, b in candidates]
        ).values_list("idempotency_key", flat=True)
    )
    later = set(
        JournalEntry.objects.filter(
            book_id__in=[b for _f, b in candidates], kind=EntryKind.ACCRUAL, entry_date__gt=as_of
        ).values_list("book_id", flat=True)
    )
    todo = []
    for fund_id, book_id in sorted(candidates):
        fund = funds[fund_id]
        if accrual_key(book_id, as_of) in keys or book_id in later:
            # Booked already, or a later month is: an earlier one may not be slipped in under it.
            result.already += 1
        elif fund.closed_through is not None and as_of <= fund.closed_through:
            result.closed.append(fund)
        else:
            todo.append((fund, book_id))
    accruing = [b for f, b in todo if f.accrual_basis and f.can_lend]
    targets = _accrual_targets(as_of, accruing)
    balances = dict(
        LedgerAccount.objects.filter(
            role=Roles.ACCRUED_INTEREST, book_id__in=[b for _f, b in todo]
        ).values_list("book_id", "balance_satang")
    )
    books = Book.objects.in_bulk([b for _f, b in todo])
    postings = []
    for fund, book_id in todo:
        target = targets.get(book_id, 0) if fund.accrual_basis and fund.can_lend else 0
        change = target - balances[book_id]
        if change == 0:
            result.unchanged += 1
            continue
        legs = (
            [dr(Roles.ACCRUED_INTEREST, change), cr(Roles.INTEREST_INCOME, change)]
            if change > 0
            else [dr(Roles.INTEREST_INCOME, -change), cr(Roles.ACCRUED_INTEREST, -change)]
        )
        memo = f"ดอกเบี้ยเงินกู้ค้างรับ ณ {format_date(as_of)}: {format_baht(target)} บาท"
        postings.append(
            (
                fund,
                books[book_id],
                posting.Posting(
                    on=as_of, kind=EntryKind.ACCRUAL, legs=legs, memo=memo, key=accrual_key(book_id, as_of)
                ),
            )
        )
    result.posted = posting.post_across_books(postings=postings, by=None, at=at)
    return result
