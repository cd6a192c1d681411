import pytest

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
