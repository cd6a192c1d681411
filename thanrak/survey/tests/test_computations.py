"""Households surveyed and target poor households, computed for the monitoring report."""

import datetime as dt

import pytest

from thanrak.monitoring import computed
from thanrak.registry.tests import factories as rf
from thanrak.survey import actions
from thanrak.survey.tests import factories as sf

pytestmark = pytest.mark.django_db
D = dt.date
ALL_DIMENSIONS = {"dimensions": ["health", "living", "education", "income", "access"]}
LATER = dt.datetime(2026, 12, 10, 10, 0, tzinfo=dt.UTC)


@pytest.fixture
def surveyed(national_manager):
    """Round 2563 of Phayao, answered on 25 Nov 2026: in village 56010101 a poor household whose head
    has a validated welfare card and a household that passes; in 56020101 a poor household without a card."""
    round_ = sf.round_(national_manager, year_be=2563)
    v1 = rf.village("560101", 1)
    poor = rf.household(by=national_manager, village_obj=v1, members=2)
    fine = rf.household(by=national_manager, village_obj=v1, members=1)
    uncarded = rf.household(by=national_manager, village_obj=rf.village("560201", 1), members=1)
    sf.submit(round_, poor, national_manager, income=20_000)
    sf.submit(round_, fine, national_manager)
    sf.submit(round_, uncarded, national_manager, fail={"saves"})
    head = poor.members.get(relation="HEAD").person
    actions.welfare_cards_import(
        data=f"citizen_id,validated\n{head.citizen_id},1\n".encode(),
        year_be=2563,
        by=national_manager,
        at=sf.AT,
    )
    run = actions.run_create(
        round_=round_,
        method="TPMAP",
        parameters=ALL_DIMENSIONS,
        label="TPMAP 2563",
        by=national_manager,
        at=sf.AT,
    )
    return round_, run, poor, fine


def surveyed_in(start: dt.date, end: dt.date) -> dict[str, int]:
    return computed.get("survey.households_surveyed").run(start=start, end=end)


def targets_on(end: dt.date) -> dict[str, int]:
    return computed.get("survey.target_poor").run(start=D(2026, 10, 1), end=end)


class TestHouseholdsSurveyed:
    def test_counts_submitted_answers_of_the_period_by_village(self, surveyed):
        assert surveyed_in(D(2026, 11, 1), D(2026, 11, 30)) == {"56010101": 2, "56020101": 1}
        assert surveyed_in(D(2026, 10, 1), D(2026, 10, 31)) == {}

    def test_a_draft_is_not_counted(self, surveyed, national_manager):
        round_, *_ = surveyed
        home = rf.household(by=national_manager, village_obj=rf.village("560101", 1), members=1)
        hh, members = sf.passing_answers(round_, home)
        actions.response_save_draft(
            round_=round_,
            household=home,
            household_raw=hh,
            members_raw=members,
            by=national_manager,
            at=sf.AT,
        )

        assert surveyed_in(D(2026, 11, 1), D(2026, 11, 30))["56010101"] == 2


class TestTargetPoor:
    def test_counts_households_with_a_target_poor_member_in_the_latest_run(self, surveyed):
        assert targets_on(D(2026, 11, 30)) == {"56010101": 1}

    def test_nothing_before_the_first_run(self, surveyed):
        assert targets_on(D(2026, 11, 24)) == {}

    def test_a_later_round_replaces_the_earlier_one(self, surveyed, national_manager):
        _round, _run, poor, fine = surveyed
        round2 = sf.round_(national_manager, year_be=2564, v=_round.version)
        sf.submit(round2, poor, national_manager, income=400_000)
        sf.submit(round2, fine, national_manager)
        actions.run_create(
            round_=round2,
            method="TPMAP",
            parameters=ALL_DIMENSIONS,
            label="TPMAP 2564",
            by=national_manager,
            at=LATER,
        )

        assert targets_on(D(2026, 11, 30)) == {"56010101": 1}  # the 2564 run was not made yet
        assert targets_on(D(2026, 12, 31)) == {}
