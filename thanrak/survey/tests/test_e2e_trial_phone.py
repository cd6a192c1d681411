"""Survey results on a 360 px phone (issue 10): an indicator named in full wraps instead of
widening the household page (Chromium; requests answered in-process)."""

import pytest
from playwright.sync_api import expect

from thanrak.core.testing.browser import BASE, overflow
from thanrak.registry.tests import factories as rf
from thanrak.survey import actions
from thanrak.survey.tests import factories as sf

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


def test_a_long_failed_indicator_wraps_on_the_household_page_of_a_phone(
    open_as, national_manager, district_officer, volunteer
):
    round_ = sf.round_(national_manager)
    village = rf.village("560101", 1)
    actions.assignment_set(round_=round_, village=village, collector=volunteer, by=district_officer, at=sf.AT)
    home = rf.household(by=national_manager, village_obj=village, members=2)
    sf.submit(round_, home, volunteer, fail={"religious_weekly"})
    actions.round_evaluate(round_=round_, by=national_manager, at=sf.AT)
    page = open_as(district_officer)

    page.goto(f"{BASE}/registry/households/{home.pk}/")

    badge = page.locator("[data-failed='26']")
    expect(badge).to_contain_text("ปฏิบัติกิจกรรมทางศาสนา")
    assert overflow(page) <= 0
