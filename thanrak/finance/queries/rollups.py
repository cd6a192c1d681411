"""Roll-ups by area: funds, members, savings and loans summed by DOPA code prefix."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Substr

from thanrak.accounts.models import User
from thanrak.accounts.scope import scope_of
from thanrak.core.money import percent
from thanrak.finance.models import (
    Fund,
    FundMember,
    LedgerAccount,
    Loan,
    LoanStatus,
    MemberStatus,
)
from thanrak.finance.queries.funds import SAVINGS_ROLES, _overdue_installments
from thanrak.finance.queries.loans import approvals_pending

# --- roll-ups --------------------------------------------------------------------------------------


@dataclass
class RollupRow:
    code: str
    name: str = ""
    funds: int = 0
    members: int = 0
    savings_satang: int = 0
    outstanding_satang: int = 0
    overdue_satang: int = 0

    @property
    def overdue_percent(self) -> Decimal | None:
        return percent(self.overdue_satang, self.outstanding_satang)

    @property
    def not_yet_due_satang(self) -> int:
        return self.outstanding_satang - self.overdue_satang


CHILD_LENGTH = {0: 2, 2: 4, 4: 6, 6: 8}


def rollup(*, viewer: User, area_code: str, on: dt.date) -> tuple[RollupRow, list[RollupRow]]:
    """Funds, members, savings, loans outstanding and overdue % for an area and each area under it,
    in five grouped queries over the funds the viewer may see."""
    from thanrak.geo.queries import area_names

    if area_code and len(area_code) not in CHILD_LENGTH:
        raise ValueError("roll-ups go down to subdistricts; villages are the last level")
    n = CHILD_LENGTH[len(area_code)]
    funds = Fund.objects.visible_to(viewer).filter(area_code__startswith=area_code)
    rows = _rollup_rows(funds, n, on)
    # Funds registered at a subdistrict have no village: their code is shorter than the level.
    children = [r for r in rows.values() if len(r.code) == n]
    names = area_names(codes={r.code for r in children} | ({area_code} if area_code else set()))
    for r in children:
        r.name = names.get(r.code, r.code)
    total = RollupRow(code=area_code, name=names.get(area_code, ""))
    for r in rows.values():
        total.funds += r.funds
        total.members += r.members
        total.savings_satang += r.savings_satang
        total.outstanding_satang += r.outstanding_satang
        total.overdue_satang += r.overdue_satang
    return total, sorted(children, key=lambda r: r.code)


def _rollup_rows(funds: QuerySet[Fund], n: int, on: dt.date) -> dict[str, RollupRow]:
    """One row per area code prefix of length `n` (shorter for funds above that level): funds,
    active members, savings, loans outstanding and overdue principal on `on`."""
    rows: dict[str, RollupRow] = {}

    def row(code: str) -> RollupRow:
        return rows.setdefault(code, RollupRow(code=code))

    def grouped(qs: QuerySet, path: str) -> QuerySet:
        return qs.annotate(child=Substr(path, 1, n)).values("child")

    for r in grouped(funds, "area_code").annotate(c=Count("id")):
        row(r["child"]).funds = r["c"]
    for r in grouped(
        FundMember.objects.filter(fund__in=funds, status=MemberStatus.ACTIVE), "fund__area_code"
    ).annotate(c=Count("id")):
        row(r["child"]).members = r["c"]
    for r in grouped(
        LedgerAccount.objects.filter(fund__in=funds, role__in=SAVINGS_ROLES), "fund__area_code"
    ).annotate(b=Sum("balance_satang")):
        row(r["child"]).savings_satang = -(r["b"] or 0)
    for r in grouped(
        Loan.objects.filter(fund__in=funds, status=LoanStatus.ACTIVE), "fund__area_code"
    ).annotate(o=Sum(F("principal_satang") - F("principal_repaid_satang"))):
        row(r["child"]).outstanding_satang = r["o"] or 0
    for r in grouped(_overdue_installments(Q(loan__fund__in=funds), on), "loan__fund__area_code").annotate(
        p=Sum(F("principal_satang") - F("principal_paid_satang"))
    ):
        row(r["child"]).overdue_satang = r["p"] or 0
    return rows


def rollup_start(*, viewer: User) -> str:
    """Where a viewer's roll-up starts: their own area when they have exactly one, else the nation."""
    scope = scope_of(viewer)
    if scope.everything or len(scope.area_codes) != 1:
        return ""
    code = scope.area_codes[0]
    return code if len(code) in CHILD_LENGTH else code[:6]


def approvals_count(*, viewer: User) -> int:
    return approvals_pending(viewer=viewer).count()
