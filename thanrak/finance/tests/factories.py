"""Builders of funds, members and loans for tests; they go through the actions like a treasurer does."""

import datetime as dt
import itertools
from typing import Any

from thanrak.accounts.models import User
from thanrak.finance import actions
from thanrak.finance.models import Fund, FundKind, FundMember, Loan, SavingsKind
from thanrak.registry.models import OrganisationKind
from thanrak.registry.tests import factories as registry

AT = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)
OPENED = dt.date(2025, 1, 1)
_serial = itertools.count(1)

ORG_KIND_OF_FUND = {
    FundKind.VILLAGE_FUND: OrganisationKind.VILLAGE_FUND,
    FundKind.SAVINGS_GROUP: OrganisationKind.SAVINGS_GROUP,
    FundKind.WOMENS_FUND: OrganisationKind.WOMENS_FUND_GROUP,
    FundKind.WELFARE: OrganisationKind.VILLAGE_FUND,
}


def fund(
    *,
    by: User,
    kind: str = FundKind.SAVINGS_GROUP,
    area_code: str = "560101",
    opened_on: dt.date = OPENED,
    bylaw: dict[str, Any] | None = None,
    **fields: Any,
) -> Fund:
    org = registry.organisation(
        by=by,
        kind=ORG_KIND_OF_FUND.get(kind, OrganisationKind.SAVINGS_GROUP),
        area_code=area_code,
        name_th=f"กลุ่มออมทรัพย์ทดสอบ {next(_serial)}",
    )
    terms = {
        "loan_rate_bp": 1200,
        "max_loan_satang": 5_000_000,
        "max_periods": 36,
        "share_price_satang": 10_000,
    }
    terms.update(bylaw or {})
    return actions.fund_open(
        organisation=org,
        kind=kind,
        name_th=f"กองทุน {org.name_th}",
        opened_on=opened_on,
        by=by,
        at=AT,
        bylaw=terms,
        **fields,
    )


def member(*, fund: Fund, by: User, joined_on: dt.date = OPENED, **person_fields: Any) -> FundMember:
    area = person_fields.pop("area_code", "56010101")
    if len(area) == 8:
        registry.village(area[:6], int(area[6:]))
    person = registry.person(by=by, area_code=area, **person_fields)
    return actions.fund_member_enrol(fund=fund, person=person, joined_on=joined_on, by=by, at=AT)


def cash_in(*, fund: Fund, by: User, satang: int, on: dt.date = OPENED) -> None:
    """Put capital into the fund's cash (a government grant, as a village fund's first million)."""
    actions.journal_post_manual(
        fund=fund,
        on=on,
        legs=[("cash", satang, 0), ("capital", 0, satang)],
        memo="ทุนตั้งต้น",
        by=by,
        at=AT,
    )


def active_loan(
    *,
    borrower: FundMember,
    recorder: User,
    approver: User,
    principal: int = 1_200_000,
    periods: int = 12,
    method: str = "declining_principal",
    frequency: str = "monthly",
    applied_on: dt.date = dt.date(2025, 2, 1),
    first_due_date: dt.date | None = dt.date(2025, 3, 1),
    **kwargs: Any,
) -> Loan:
    loan = actions.loan_apply(
        borrower=borrower,
        principal_satang=principal,
        periods=periods,
        method=method,
        frequency=frequency,
        applied_on=applied_on,
        by=recorder,
        at=AT,
        **kwargs,
    )
    actions.loan_decide(loan=loan, decision="APPROVE", by=approver, at=AT)
    return actions.loan_disburse(loan=loan, on=applied_on, first_due_date=first_due_date, by=recorder, at=AT)


def save(*, member: FundMember, by: User, satang: int, on: dt.date, kind: str = SavingsKind.SAJJA) -> None:
    actions.savings_deposit(member=member, kind=kind, amount_satang=satang, on=on, by=by, at=AT)


def lending_fund(
    *, by: User, treasurer: User, chair: User, kind: str = FundKind.VILLAGE_FUND, **fields: Any
) -> Fund:
    """A fund with 100,000 baht in cash whose books `treasurer` keeps and whose loans `chair` approves."""
    from thanrak.registry.actions import organisation_officer_assign

    made = fund(by=by, kind=kind, **fields)
    organisation_officer_assign(user=treasurer, organisation=made.organisation, by=by)
    organisation_officer_assign(user=chair, organisation=made.organisation, title="CHAIR", by=by)
    cash_in(fund=made, by=treasurer, satang=10_000_000)
    return made


def household_loan(*, fund: Fund, person: Any, treasurer: User, chair: User, by: User, **terms: Any) -> Loan:
    """Enrol a household member in the fund (once) and pay them out a loan through the actions."""
    borrower = FundMember.objects.filter(fund=fund, person=person).first() or actions.fund_member_enrol(
        fund=fund, person=person, joined_on=OPENED, by=by, at=AT
    )
    return active_loan(borrower=borrower, recorder=treasurer, approver=chair, **terms)
