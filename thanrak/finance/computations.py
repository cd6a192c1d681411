"""Monitoring computations from the funds' books (registered in FinanceConfig; see
thanrak/monitoring/computed.py for the contract). Both are stocks as of the period's last day,
rebuilt from dated records, so a past month keeps the figure it had then: a RATIO indicator of
overdue principal over principal outstanding gives the report's overdue %."""

import datetime as dt
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from thanrak.core.computing import by_area, end_of


def _paid_out_by(end: dt.date, fund_kind: str = ""):  # noqa: ANN202 — a QuerySet of Loan
    from thanrak.finance.models import Loan, LoanStatus

    loans = Loan.objects.filter(
        status__in=(LoanStatus.ACTIVE, LoanStatus.CLOSED), disbursed_on__isnull=False, disbursed_on__lte=end
    )
    return loans.filter(fund__kind=fund_kind) if fund_kind else loans


def loans_outstanding(*, start: dt.date, end: dt.date, fund_kind: str = "") -> dict[str, int]:
    """Principal paid out by `end` less the principal repaid by `end` (reversals included), by the
    fund's subdistrict, in satang."""
    from thanrak.finance.models import Repayment

    loans = _paid_out_by(end, fund_kind)
    lent = by_area(loans, "fund__area_code", Sum("principal_satang"))
    repaid = by_area(
        Repayment.objects.filter(loan__in=loans, on__lte=end),
        "loan__fund__area_code",
        Sum("principal_satang"),
    )
    return {code: n for code in lent if (n := lent[code] - repaid.get(code, 0))}


def _overdue(end: dt.date, fund_kind: str):  # noqa: ANN202 — a QuerySet of Installment, with `unpaid`
    """Installments due before `end` and still unpaid on `end`: only the schedule in force on `end`
    counts (not one made later, not one a reschedule had replaced by then), and only what was repaid
    by `end` (a reversal is a negative allocation on its own day)."""
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
    return (
        Installment.objects.filter(loan__in=_paid_out_by(end, fund_kind), due_date__lt=end)
        .exclude(Exists(replaced_by_end))
        .exclude(Exists(made_after_end))
        .annotate(unpaid=F("principal_satang") - Coalesce(paid, Value(0)))
        .filter(~Q(unpaid=0))
    )


def overdue_principal(*, start: dt.date, end: dt.date, fund_kind: str = "") -> dict[str, int]:
    """Principal of installments due before `end` and still unpaid on `end`, by the fund's
    subdistrict, in satang."""
    return by_area(_overdue(end, fund_kind), "loan__fund__area_code", Sum("unpaid"))


def funds_in_arrears(*, start: dt.date, end: dt.date, fund_kind: str = "") -> dict[str, int]:
    """Funds with principal overdue on `end` (followed up by their committee), by the fund's area
    (its village when it has one)."""
    return by_area(
        _overdue(end, fund_kind), "loan__fund__area_code", Count("loan__fund", distinct=True), length=8
    )


def arrears_funds_rows(
    *, viewer: Any, start: dt.date, end: dt.date, area_code: str = "", fund_kind: str = ""
) -> Any:
    from thanrak.finance.models import Fund

    ids = _overdue(end, fund_kind).filter(loan__fund__area_code__startswith=area_code).values("loan__fund")
    return Fund.objects.visible_to(viewer).filter(pk__in=ids).order_by("area_code")


def principal_not_yet_due(*, start: dt.date, end: dt.date, fund_kind: str = "") -> dict[str, int]:
    """Principal outstanding on `end` less the overdue part of it: the debt not yet due."""
    out = loans_outstanding(start=start, end=end, fund_kind=fund_kind)
    overdue = overdue_principal(start=start, end=end, fund_kind=fund_kind)
    return {code: n for code in out if (n := out[code] - overdue.get(code, 0))}


def _disbursed(start: dt.date, end: dt.date, fund_kind: str):  # noqa: ANN202
    return _paid_out_by(end, fund_kind).filter(disbursed_on__gte=start)


def loans_paid_out(*, start: dt.date, end: dt.date, fund_kind: str = "") -> dict[str, int]:
    """Principal of loans paid out from `start` to `end`, by the fund's subdistrict, in satang."""
    return by_area(_disbursed(start, end, fund_kind), "fund__area_code", Sum("principal_satang"))


def borrowers(*, start: dt.date, end: dt.date, fund_kind: str = "") -> dict[str, int]:
    """Distinct members whose loan was paid out from `start` to `end`, by the fund's subdistrict."""
    return by_area(
        _disbursed(start, end, fund_kind), "fund__area_code", Count("borrower__person", distinct=True)
    )


def borrower_households(*, start: dt.date, end: dt.date, fund_kind: str = "") -> dict[str, int]:
    """Distinct households of those borrowers (two borrowers of one household count once), by village."""
    from thanrak.registry.models import HouseholdMember

    people = _disbursed(start, end, fund_kind).values("borrower__person")
    rows = HouseholdMember.objects.filter(person__in=people, left_date__isnull=True)
    return by_area(rows, "household__area_code", Count("household", distinct=True), length=8)


def _funds(end: dt.date, fund_kind: str):  # noqa: ANN202
    from thanrak.finance.models import Fund

    funds = Fund.objects.filter(created_at__lt=end_of(end))
    return funds.filter(kind=fund_kind) if fund_kind else funds


def funds(*, start: dt.date, end: dt.date, fund_kind: str = "") -> dict[str, int]:
    """Funds (of a kind) kept on Thanrak by `end`, by their area (village when they have one)."""
    return by_area(_funds(end, fund_kind), "area_code", Count("pk"), length=8)


def _members(end: dt.date, fund_kind: str):  # noqa: ANN202
    from thanrak.finance.models import FundMember

    rows = FundMember.objects.filter(joined_on__lte=end).filter(Q(left_on__isnull=True) | Q(left_on__gt=end))
    return rows.filter(fund__kind=fund_kind) if fund_kind else rows


def fund_members(*, start: dt.date, end: dt.date, fund_kind: str = "") -> dict[str, int]:
    """Distinct persons who are members of such funds on `end`, by the fund's subdistrict."""
    return by_area(_members(end, fund_kind), "fund__area_code", Count("person", distinct=True))


def savings_balance(*, start: dt.date, end: dt.date, fund_kind: str = "") -> dict[str, int]:
    """Members' savings (deposits less withdrawals) on `end`, by the fund's subdistrict, in satang."""
    from thanrak.finance.models import SavingsMovement

    rows = SavingsMovement.objects.filter(on__lte=end)
    rows = rows.filter(fund__kind=fund_kind) if fund_kind else rows
    return by_area(rows, "fund__area_code", Sum("amount_satang"))


def bank_deposits(*, start: dt.date, end: dt.date, fund_kind: str = "") -> dict[str, int]:
    """Funds' money in the bank on `end`: the balance of their bank-deposit accounts (debits less
    credits of entries dated by `end`), by the fund's subdistrict, in satang."""
    from thanrak.finance.chart_of_accounts import Roles
    from thanrak.finance.models import JournalLine

    rows = JournalLine.objects.filter(account__role=Roles.BANK, entry__entry_date__lte=end)
    rows = rows.filter(account__fund__kind=fund_kind) if fund_kind else rows
    return by_area(rows, "account__fund__area_code", Sum(F("debit_satang") - F("credit_satang")))


def loans_rows(*, viewer: Any, start: dt.date, end: dt.date, area_code: str = "", fund_kind: str = "") -> Any:
    from thanrak.finance.models import Loan

    ids = _paid_out_by(end, fund_kind).filter(fund__area_code__startswith=area_code).values("pk")
    return Loan.objects.visible_to(viewer).filter(pk__in=ids).select_related("fund").order_by("disbursed_on")


def disbursed_rows(
    *, viewer: Any, start: dt.date, end: dt.date, area_code: str = "", fund_kind: str = ""
) -> Any:
    from thanrak.finance.models import Loan

    ids = _disbursed(start, end, fund_kind).filter(fund__area_code__startswith=area_code).values("pk")
    return Loan.objects.visible_to(viewer).filter(pk__in=ids).select_related("fund").order_by("disbursed_on")


def funds_rows(*, viewer: Any, start: dt.date, end: dt.date, area_code: str = "", fund_kind: str = "") -> Any:
    from thanrak.finance.models import Fund

    ids = _funds(end, fund_kind).filter(area_code__startswith=area_code).values("pk")
    return Fund.objects.visible_to(viewer).filter(pk__in=ids).order_by("area_code")


def members_rows(
    *, viewer: Any, start: dt.date, end: dt.date, area_code: str = "", fund_kind: str = ""
) -> Any:
    from thanrak.finance.models import FundMember

    ids = _members(end, fund_kind).filter(fund__area_code__startswith=area_code).values("pk")
    return FundMember.objects.visible_to(viewer).filter(pk__in=ids).select_related("fund", "person")


FUND_KIND = {"fund_kind": _("Kind of fund (e.g. SAVINGS_GROUP, WOMENS_FUND); every kind when left out")}


def _entry(name: str, function: Any, rows: Any, label: Any, unit: str, temporal: str) -> dict[str, Any]:
    return {
        "name": f"finance.{name}",
        "version": 1,
        "function": function,
        "rows": rows,
        "parameters": FUND_KIND,
        "label": label,
        "unit": unit,
        "temporal": temporal,
        "description": function.__doc__ or "",
        "changes": {1: "first version"},
    }


MONITORING_COMPUTATIONS = [
    {
        "name": "finance.loans_outstanding",
        "version": 1,
        "function": loans_outstanding,
        "rows": loans_rows,
        "parameters": FUND_KIND,
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
        "rows": loans_rows,
        "parameters": FUND_KIND,
        "label": _("Overdue loan principal in community funds"),
        "unit": "BAHT",
        "temporal": "STOCK",
        "description": _(
            "Principal of installments past their due date and unpaid at the end of the period, by the "
            "fund's subdistrict; over the loans outstanding it gives the overdue %."
        ),
        "changes": {1: "first version"},
    },
    _entry(
        "principal_not_yet_due",
        principal_not_yet_due,
        loans_rows,
        _("Loan principal not yet due"),
        "BAHT",
        "STOCK",
    ),
    _entry("loans_paid_out", loans_paid_out, disbursed_rows, _("Loans paid out"), "BAHT", "FLOW"),
    _entry("borrowers", borrowers, disbursed_rows, _("Members who borrowed"), "PERSONS", "FLOW"),
    _entry(
        "borrower_households",
        borrower_households,
        disbursed_rows,
        _("Households that borrowed"),
        "HOUSEHOLDS",
        "FLOW",
    ),
    _entry("funds", funds, funds_rows, _("Community funds"), "GROUPS", "STOCK"),
    _entry(
        "funds_in_arrears",
        funds_in_arrears,
        arrears_funds_rows,
        _("Community funds with overdue loan principal"),
        "GROUPS",
        "STOCK",
    ),
    _entry("fund_members", fund_members, members_rows, _("Members of community funds"), "PERSONS", "STOCK"),
    _entry("bank_deposits", bank_deposits, funds_rows, _("Funds' money in the bank"), "BAHT", "STOCK"),
    _entry("savings", savings_balance, members_rows, _("Members' savings"), "BAHT", "STOCK"),
]
