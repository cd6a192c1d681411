import datetime as dt

import pytest

from thanrak.finance import actions
from thanrak.finance.tests import factories


@pytest.fixture
def fund(national_manager):  # noqa: ANN001
    """A savings group in Mueang Phayao (560101), opened 1 Jan 2025, lending at 12 % a year."""
    return factories.fund(by=national_manager)


@pytest.fixture
def treasurer(make_user, fund, national_manager):  # noqa: ANN001
    from thanrak.registry.actions import organisation_officer_assign

    user = make_user("fund_treasurer", "ORG_OFFICER")
    organisation_officer_assign(user=user, organisation=fund.organisation, by=national_manager)
    return user


@pytest.fixture
def chair(make_user, fund, national_manager):  # noqa: ANN001
    from thanrak.registry.actions import organisation_officer_assign

    user = make_user("fund_chair", "ORG_OFFICER")
    organisation_officer_assign(user=user, organisation=fund.organisation, title="CHAIR", by=national_manager)
    return user


@pytest.fixture
def members(fund, national_manager):  # noqa: ANN001
    return [factories.member(fund=fund, by=national_manager) for _ in range(3)]


@pytest.fixture
def funded(fund, treasurer):  # noqa: ANN001
    """The fund with 100,000 baht of capital in cash."""
    factories.cash_in(fund=fund, by=treasurer, satang=10_000_000)
    return fund


@pytest.fixture
def book(funded, treasurer, chair, members):  # noqa: ANN001
    """Two loans of 12,000 baht paid out on 1 Feb 2025 in Mueang Phayao (560101), 1,000 baht of
    principal due on the 1st of each month from 1 Mar 2025: A pays March to June, B never pays."""
    a = factories.active_loan(borrower=members[0], recorder=treasurer, approver=chair)
    b = factories.active_loan(borrower=members[1], recorder=treasurer, approver=chair)
    for month, interest in ((3, 12_000), (4, 11_000), (5, 10_000), (6, 9_000)):
        actions.loan_repay(
            loan=a,
            amount_satang=100_000 + interest,
            on=dt.date(2025, month, 1),
            by=treasurer,
            at=factories.AT,
        )
    return a, b
