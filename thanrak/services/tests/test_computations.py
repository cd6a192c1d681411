"""The monitoring computations give the seed's figures from the records."""

import datetime as dt

import pytest

from thanrak.services import actions, computations
from thanrak.services.tests.conftest import AT, TODAY

pytestmark = pytest.mark.django_db
WEEK = {"start": TODAY - dt.timedelta(days=7), "end": TODAY}


class TestComputations:
    def test_cases_opened_served_and_referred_by_subdistrict(
        self, assessed, agencies, district_officer, case
    ):
        actions.referral_send(
            case=assessed, agency=agencies["baac"], request="ขอพักหนี้", by=district_officer, at=AT, on=TODAY
        )
        assert computations.cases_opened(**WEEK) == {"560101": 1}
        assert computations.cases_referred(**WEEK) == {"560101": 1}
        assert computations.cases_served(**WEEK) == {}
        assert (
            computations.cases_opened(start=TODAY + dt.timedelta(days=1), end=TODAY + dt.timedelta(days=2))
            == {}
        )

    def test_helpers_by_kind(self, national_manager, client_person):
        actions.helper_save(
            person=client_person,
            kinds=["SAGE", "COMMUNITY_LEADER"],
            expertise=[],
            areas=[],
            by=national_manager,
            at=AT,
        )
        sages = next(c for c in computations.MONITORING_COMPUTATIONS if c["name"] == "services.helpers_sage")
        assert sages["function"](start=TODAY, end=TODAY) == {"560101": 1}

    def test_every_computation_is_named_once(self):
        names = [c["name"] for c in computations.MONITORING_COMPUTATIONS]
        assert len(names) == len(set(names)) == 12
