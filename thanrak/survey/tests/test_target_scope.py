"""A target list shows a household only to whoever may see it now, not where it lived at the run."""

import pytest
from django.urls import reverse
from django.utils import timezone

from thanrak.accounts.actions import token_create
from thanrak.registry import actions as registry
from thanrak.registry.tests import factories as rf
from thanrak.survey import actions
from thanrak.survey.tests import factories as sf

pytestmark = pytest.mark.django_db


@pytest.fixture
def moved(national_manager, district_officer, volunteer):
    """Run 1 counts a poor household of village 56010101, which then moves to village 56011801."""
    round_ = sf.round_(national_manager)
    v1 = rf.village("560101", 1)
    actions.assignment_set(round_=round_, village=v1, collector=volunteer, by=district_officer, at=sf.AT)
    poor = rf.household(by=national_manager, village_obj=v1, members=2)
    stays = rf.household(by=national_manager, village_obj=v1, members=2)
    sf.submit(round_, poor, volunteer, income=20_000)
    sf.submit(round_, stays, volunteer, income=20_000)
    run = actions.run_create(
        round_=round_,
        method="TPMAP",
        parameters={"dimensions": ["income"]},
        label="",
        by=national_manager,
        at=sf.AT,
    )
    registry.household_update(
        household=poor, village=rf.village("560118", 1), by=district_officer, at=timezone.now()
    )
    return run, poor, stays


def detail_link(household) -> str:  # noqa: ANN001
    return reverse("survey:target-detail", args=[household.pk])


class TestTargetsFollowTheHouseholdsCurrentArea:
    def test_the_old_villages_volunteer_no_longer_sees_a_household_that_moved_away(
        self, client, volunteer, moved
    ):
        run, poor, stays = moved
        client.force_login(volunteer)

        page = client.get(reverse("survey:target-list") + f"?run={run.pk}").text

        assert detail_link(stays) in page
        assert detail_link(poor) not in page
        assert client.get(detail_link(poor)).status_code == 404

    def test_the_api_leaves_it_out_too(self, client, volunteer, moved):
        run, poor, stays = moved
        _token, key = token_create(user=volunteer, name="t", at=timezone.now())

        rows = client.get(f"/api/v1/survey/runs/{run.pk}/targets", HTTP_AUTHORIZATION=f"Bearer {key}").json()

        assert {r["household_id"] for r in rows} == {stays.pk}

    def test_the_district_officer_of_both_villages_still_sees_it_at_its_new_address(
        self, client, district_officer, moved
    ):
        run, poor, _stays = moved
        _token, key = token_create(user=district_officer, name="t", at=timezone.now())

        rows = client.get(f"/api/v1/survey/runs/{run.pk}/targets", HTTP_AUTHORIZATION=f"Bearer {key}").json()

        assert {r["area_code"] for r in rows if r["household_id"] == poor.pk} == {"56011801"}
