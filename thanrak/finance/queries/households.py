"""Households and persons: a household's debts, a person's memberships, an organisation's funds."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Min, Q

from thanrak.accounts.models import User
from thanrak.finance.models import (
    Fund,
    FundMember,
    Loan,
    LoanStatus,
)
from thanrak.finance.queries.funds import FundSummary, _overdue_installments, fund_summary
from thanrak.finance.queries.members import MemberRow, member_row
from thanrak.registry import queries as registry_queries
from thanrak.registry.models import Household, Person

# --- households and persons ------------------------------------------------------------------------


@dataclass
class HouseholdDebt:
    person: Person
    loan: Loan
    outstanding_satang: int
    days_past_due: int


def household_debts(*, viewer: User, household_id: int, on: dt.date) -> tuple[Household, list[HouseholdDebt]]:
    """The loans being repaid by the household's current members, across every fund."""
    household = registry_queries.household_get(viewer=viewer, household_id=household_id)
    person_ids = list(household.members.filter(left_date__isnull=True).values_list("person_id", flat=True))
    loans = list(
        Loan.objects.filter(borrower__person_id__in=person_ids, status=LoanStatus.ACTIVE)
        .select_related("fund", "borrower__person")
        .order_by("borrower__person_id", "disbursed_on")
    )
    oldest = dict(
        _overdue_installments(Q(loan__in=loans), on)
        .values("loan_id")
        .annotate(o=Min("due_date"))
        .values_list("loan_id", "o")
    )
    return household, [
        HouseholdDebt(
            person=loan.borrower.person,
            loan=loan,
            outstanding_satang=loan.principal_satang - loan.principal_repaid_satang,
            days_past_due=(on - oldest[loan.pk]).days if loan.pk in oldest else 0,
        )
        for loan in loans
    ]


def person_fund_memberships(*, viewer: User, person_id: int) -> list[MemberRow]:
    """A person's memberships of the funds the viewer may see, with balances."""
    person = registry_queries.person_get(viewer=viewer, person_id=person_id)
    out = []
    for member in (
        FundMember.objects.visible_to(viewer).filter(person=person).select_related("fund", "person")
    ):
        out.append(member_row(member=member))
    return out


def organisation_funds(*, viewer: User, organisation_id: int, on: dt.date) -> list[FundSummary]:
    return [
        fund_summary(fund=f, on=on)
        for f in Fund.objects.visible_to(viewer).filter(organisation_id=organisation_id).order_by("name_th")
    ]
