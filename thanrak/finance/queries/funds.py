"""Funds: which the viewer sees or keeps, their books, bylaws, aging bands and a summary as of a day."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from thanrak.accounts.models import User
from thanrak.accounts.roles import Role
from thanrak.accounts.scope import scope_of
from thanrak.core.money import percent
from thanrak.finance.chart_of_accounts import Roles
from thanrak.finance.models import (
    AgingBucket,
    Book,
    BylawVersion,
    Fund,
    Installment,
    InstallmentStatus,
    LedgerAccount,
    Loan,
    LoanStatus,
    MemberStatus,
)

SAVINGS_ROLES = (Roles.SAJJA, Roles.DEPOSITS, Roles.SHARES)


# --- funds ---------------------------------------------------------------------------------------


def fund_list(*, viewer: User, q: str = "", kind: str = "", area_code: str = "") -> QuerySet[Fund]:
    """Funds the viewer may see, with their organisation, by name."""
    qs = Fund.objects.visible_to(viewer).select_related("organisation")
    if q:
        qs = qs.filter(
            Q(name_th__icontains=q) | Q(name_en__icontains=q) | Q(organisation__name_th__icontains=q)
        )
    if kind:
        qs = qs.filter(kind=kind)
    if area_code:
        qs = qs.filter(area_code__startswith=area_code)
    return qs.order_by("area_code", "name_th")


def fund_get(*, viewer: User, fund_id: int) -> Fund:
    """One fund the viewer may see (Fund.DoesNotExist otherwise)."""
    return Fund.objects.visible_to(viewer).select_related("organisation").get(pk=fund_id)


def fund_managed(*, viewer: User, fund_id: int) -> Fund:
    """A fund whose books the viewer keeps (Fund.DoesNotExist otherwise, so others get a 404)."""
    return Fund.objects.managed_by(viewer).select_related("organisation").get(pk=fund_id)


def funds_managed(*, viewer: User) -> QuerySet[Fund]:
    return Fund.objects.managed_by(viewer).select_related("organisation").order_by("name_th")


def may_keep_books(*, viewer: User, fund: Fund) -> bool:
    return Fund.objects.managed_by(viewer).filter(pk=fund.pk).exists()


def may_set_up(*, viewer: User, fund: Fund) -> bool:
    scope = scope_of(viewer)
    if may_keep_books(viewer=viewer, fund=fund):
        return True
    return scope.role in (Role.DISTRICT_OFFICER, Role.PROVINCIAL_OFFICER) and scope.covers_area(
        fund.area_code
    )


def books_of(*, fund: Fund) -> list[Book]:
    return list(fund.books.order_by("-is_default", "id"))


def bylaw_in_force(*, fund: Fund, on: dt.date) -> BylawVersion | None:
    return fund.bylaws.filter(effective_from__lte=on).order_by("-effective_from").first()


def bylaw_history(*, fund: Fund) -> QuerySet[BylawVersion]:
    return fund.bylaws.select_related("created_by").order_by("-effective_from")


def aging_buckets(*, fund: Fund) -> list[AgingBucket]:
    return list(fund.aging_buckets.order_by("position"))


@dataclass
class FundSummary:
    fund: Fund
    cash_satang: int
    bank_satang: int
    savings_satang: dict[str, int]
    members: int
    loans_active: int
    loans_outstanding_satang: int
    overdue_principal_satang: int
    pending_approvals: int

    @property
    def savings_total_satang(self) -> int:
        return sum(self.savings_satang.values())

    @property
    def overdue_percent(self) -> Decimal | None:
        return percent(self.overdue_principal_satang, self.loans_outstanding_satang)


def fund_summary(*, fund: Fund, on: dt.date) -> FundSummary:
    """The fund at a glance from the cached account balances and its loans."""
    balances: dict[str, int] = defaultdict(int)
    for row in LedgerAccount.objects.filter(fund=fund).values("role").annotate(b=Sum("balance_satang")):
        balances[row["role"]] = row["b"] or 0
    loans = Loan.objects.filter(fund=fund, status=LoanStatus.ACTIVE).aggregate(
        n=Count("id"), out=Coalesce(Sum(F("principal_satang") - F("principal_repaid_satang")), 0)
    )
    overdue = _overdue_installments(Q(loan__fund=fund), on).aggregate(
        p=Coalesce(Sum(F("principal_satang") - F("principal_paid_satang")), 0)
    )["p"]
    return FundSummary(
        fund=fund,
        cash_satang=balances[Roles.CASH],
        bank_satang=balances[Roles.BANK],
        savings_satang={r: -balances[r] for r in SAVINGS_ROLES},
        members=fund.members.filter(status=MemberStatus.ACTIVE).count(),
        loans_active=loans["n"],
        loans_outstanding_satang=loans["out"],
        overdue_principal_satang=overdue,
        pending_approvals=Loan.objects.filter(fund=fund, status=LoanStatus.APPLIED).count(),
    )


def _overdue_installments(where: Q, on: dt.date) -> QuerySet[Installment]:
    return Installment.objects.filter(
        where,
        loan__status=LoanStatus.ACTIVE,
        status=InstallmentStatus.OPEN,
        due_date__lt=on,
        version=F("loan__schedule_version"),
    )
