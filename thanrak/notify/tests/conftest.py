import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from thanrak.notify.tests import stand_in

NOON = dt.datetime(2026, 12, 7, 12, 0, tzinfo=ZoneInfo("Asia/Bangkok"))


@pytest.fixture
def provider(settings):  # noqa: ANN001
    """The stand-in for LINE and the SMS gateway; the settings point at it."""
    state, server = stand_in.start()
    settings.LINE_API_BASE = state.base
    settings.SMS_API_BASE = state.base
    settings.LINE_CHANNEL_ACCESS_TOKEN = "line-token"
    settings.LINE_CHANNEL_SECRET = "line-secret"
    settings.SMS_API_KEY, settings.SMS_API_SECRET, settings.SMS_SENDER = "key", "secret", "THANRAK"
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def borrower_setup(national_manager, make_user):  # noqa: ANN001
    """A lending fund with a treasurer and a chair, and a member with an active loan (first due
    1 Mar 2025, monthly)."""
    from thanrak.finance.tests import factories

    treasurer = make_user("notify_treasurer", "ORG_OFFICER")
    chair = make_user("notify_chair", "ORG_OFFICER")
    fund = factories.lending_fund(by=national_manager, treasurer=treasurer, chair=chair)
    borrower = factories.member(fund=fund, by=national_manager)
    loan = factories.active_loan(borrower=borrower, recorder=treasurer, approver=chair)
    return {"fund": fund, "treasurer": treasurer, "chair": chair, "borrower": borrower, "loan": loan}
