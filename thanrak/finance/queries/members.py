"""Members and savings: member lists with balances, a passbook, who missed a month, the
collection sheet."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet, Sum

from thanrak.accounts.models import User
from thanrak.finance.chart_of_accounts import Roles
from thanrak.finance.models import (
    Fund,
    FundMember,
    JournalLine,
    Loan,
    MemberStatus,
    MemberYearEnd,
    SavingsKind,
    SavingsMovement,
)
from thanrak.finance.queries.funds import SAVINGS_ROLES, bylaw_in_force, fund_get, fund_managed
from thanrak.finance.schedules import add_months

# --- members and savings ---------------------------------------------------------------------------


@dataclass
class MemberRow:
    member: FundMember
    balances: dict[str, int] = field(default_factory=dict)  # role → satang (normal direction)
    loans_outstanding_satang: int = 0

    @property
    def savings_total_satang(self) -> int:
        return sum(self.balances.get(r, 0) for r in SAVINGS_ROLES)


def member_list(
    *, viewer: User, fund: Fund, q: str = "", status: str = MemberStatus.ACTIVE
) -> list[MemberRow]:
    """The fund's members with their savings by kind and what they owe, in four queries."""
    fund = fund_get(viewer=viewer, fund_id=fund.pk)
    members = FundMember.objects.visible_to(viewer).filter(fund=fund).select_related("person")
    if status:
        members = members.filter(status=status)
    if q:
        members = members.filter(
            Q(member_no=q) | Q(person__first_name__icontains=q) | Q(person__last_name__icontains=q)
        )
    rows = {m.pk: MemberRow(member=m) for m in members.order_by("member_no")}
    _attach_balances(rows, fund)
    return sorted(rows.values(), key=lambda r: (len(r.member.member_no), r.member.member_no))


def _attach_balances(rows: dict[int, MemberRow], fund: Fund) -> None:
    if not rows:
        return
    sums = (
        JournalLine.objects.filter(
            account__fund=fund, account__role__in=[*SAVINGS_ROLES, Roles.LOANS], member_id__in=list(rows)
        )
        .values("member_id", "account__role")
        .annotate(d=Sum("debit_satang"), c=Sum("credit_satang"))
    )
    for s in sums:
        row = rows[s["member_id"]]
        if s["account__role"] == Roles.LOANS:
            row.loans_outstanding_satang += s["d"] - s["c"]
        else:
            row.balances[s["account__role"]] = row.balances.get(s["account__role"], 0) + s["c"] - s["d"]


def member_get(*, viewer: User, member_id: int) -> FundMember:
    """A fund member the viewer may see (a member sees only themself)."""
    return (
        FundMember.objects.visible_to(viewer).select_related("person", "fund__organisation").get(pk=member_id)
    )


def member_loans(*, viewer: User, member: FundMember) -> QuerySet[Loan]:
    return Loan.objects.visible_to(viewer).filter(borrower=member).order_by("-applied_on", "-id")


def member_year_ends(*, viewer: User, member: FundMember) -> QuerySet[MemberYearEnd]:
    return (
        MemberYearEnd.objects.filter(
            member=member, member__in=FundMember.objects.visible_to(viewer).values("pk")
        )
        .select_related("run", "book")
        .order_by("-run__period_end")
    )


def member_row(*, member: FundMember) -> MemberRow:
    rows = {member.pk: MemberRow(member=member)}
    _attach_balances(rows, member.fund)
    return rows[member.pk]


@dataclass
class PassbookLine:
    movement: SavingsMovement
    balance_satang: int  # of this kind, after the line
    units_balance: int
    balances: dict[str, int] = field(default_factory=dict)  # every kind, after the line

    def balance_of(self, kind: str) -> int:
        return self.balances.get(kind, 0)


def passbook_kinds(lines: list[PassbookLine]) -> list[tuple[str, str]]:
    """The kinds of money in a passbook, in the bylaw's order, each with its own balance column."""
    present = {line.movement.kind for line in lines}
    return [(value, label) for value, label in SavingsKind.choices if value in present]


def passbook(*, viewer: User, member: FundMember) -> list[PassbookLine]:
    """Every deposit and withdrawal of a member in date order, with the running balance of each kind."""
    member = member_get(viewer=viewer, member_id=member.pk)
    balances: dict[str, int] = defaultdict(int)
    units = 0
    out = []
    for movement in (
        SavingsMovement.objects.filter(member=member).select_related("entry", "book").order_by("on", "id")
    ):
        balances[movement.kind] += movement.amount_satang
        if movement.kind == SavingsKind.SHARES:
            units += movement.units
        out.append(
            PassbookLine(
                movement=movement,
                balance_satang=balances[movement.kind],
                units_balance=units,
                balances=dict(balances),
            )
        )
    return out


@dataclass
class MissedRow:
    member: FundMember
    paid_satang: int
    required_satang: int

    @property
    def short_satang(self) -> int:
        return self.required_satang - self.paid_satang


def members_missed(*, viewer: User, fund: Fund, month: dt.date) -> list[MissedRow]:
    """Active members who have not paid the month's sajja savings (or welfare contribution) in full."""
    fund = fund_get(viewer=viewer, fund_id=fund.pk)
    first = month.replace(day=1)
    last = add_months(first, 1) - dt.timedelta(days=1)
    bylaw = bylaw_in_force(fund=fund, on=last) or bylaw_in_force(fund=fund, on=first)
    required = bylaw.monthly_savings_satang if bylaw else 0
    if required <= 0:
        return []
    kind = SavingsKind.CONTRIBUTION if fund.kind == "WELFARE" else SavingsKind.SAJJA
    paid = dict(
        SavingsMovement.objects.filter(fund=fund, kind=kind, for_month=first)
        .values("member_id")
        .annotate(s=Sum("amount_satang"))
        .values_list("member_id", "s")
    )
    members = (
        FundMember.objects.visible_to(viewer)
        .filter(fund=fund, status=MemberStatus.ACTIVE, joined_on__lte=last)
        .select_related("person")
        .order_by("member_no")
    )
    return [
        MissedRow(member=m, paid_satang=paid.get(m.pk, 0), required_satang=required)
        for m in members
        if paid.get(m.pk, 0) < required
    ]


def collect_sheet(*, viewer: User, fund: Fund, month: dt.date) -> list[tuple[MemberRow, int, int]]:
    """For the meeting page: each active member, what they paid for the month and the suggested amount."""
    fund = fund_managed(viewer=viewer, fund_id=fund.pk)
    first = month.replace(day=1)
    bylaw = bylaw_in_force(fund=fund, on=first) or fund.bylaws.order_by("effective_from").first()
    required = bylaw.monthly_savings_satang if bylaw else 0
    kind = SavingsKind.CONTRIBUTION if fund.kind == "WELFARE" else SavingsKind.SAJJA
    paid = dict(
        SavingsMovement.objects.filter(fund=fund, kind=kind, for_month=first)
        .values("member_id")
        .annotate(s=Sum("amount_satang"))
        .values_list("member_id", "s")
    )
    rows = member_list(viewer=viewer, fund=fund)
    return [(r, paid.get(r.member.pk, 0), max(required - paid.get(r.member.pk, 0), 0)) for r in rows]
