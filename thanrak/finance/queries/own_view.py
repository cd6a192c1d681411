"""The member's own view: their accounts in every fund they belong to."""

import datetime as dt
from dataclasses import dataclass

from thanrak.accounts.models import User
from thanrak.accounts.scope import scope_of
from thanrak.finance.models import (
    FundMember,
    Installment,
    InstallmentStatus,
    Loan,
    LoanStatus,
    MemberYearEnd,
)
from thanrak.finance.queries.members import MemberRow, member_row

# --- the member's own view ---------------------------------------------------------------------------


@dataclass
class OwnAccount:
    row: MemberRow
    loans: list[tuple[Loan, Installment | None, int]]  # loan, next open installment, days past due
    year_ends: list[MemberYearEnd]


def my_accounts(*, viewer: User, on: dt.date) -> list[OwnAccount]:
    """The viewer's own memberships: savings by kind, loans with the next installment, dividends."""
    scope = scope_of(viewer)
    if not scope.person_id:
        return []
    out = []
    for member in (
        FundMember.objects.filter(person_id=scope.person_id)
        .select_related("fund", "person")
        .order_by("fund__name_th")
    ):
        loans = []
        for loan in Loan.objects.filter(
            borrower=member, status__in=[LoanStatus.ACTIVE, LoanStatus.APPLIED, LoanStatus.APPROVED]
        ):
            open_rows = list(
                loan.installments.filter(
                    version=loan.schedule_version, status=InstallmentStatus.OPEN
                ).order_by("number")
            )
            late = [i.due_date for i in open_rows if i.due_date < on]
            loans.append((loan, open_rows[0] if open_rows else None, (on - min(late)).days if late else 0))
        year_ends = list(member.year_ends.select_related("run").order_by("-run__period_end"))
        out.append(OwnAccount(row=member_row(member=member), loans=loans, year_ends=year_ends))
    return out
