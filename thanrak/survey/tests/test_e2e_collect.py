"""A volunteer on a 360 px phone fixes a wrong answer and submits a household (Chromium), the
browser's requests answered in-process (thanrak.core.testing.browser)."""

import pytest
from playwright.sync_api import expect

from thanrak.core.testing.browser import BASE, overflow
from thanrak.registry.tests import factories as rf
from thanrak.survey import actions
from thanrak.survey.models import Response, ResponseStatus
from thanrak.survey.tests import factories as sf

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


def test_a_volunteer_fixes_an_impossible_income_and_submits_on_a_phone(
    open_as, national_manager, district_officer, volunteer
):
    round_ = sf.round_(national_manager)
    village = rf.village("560101", 1)
    actions.assignment_set(round_=round_, village=village, collector=volunteer, by=district_officer, at=sf.AT)
    home = rf.household(by=national_manager, village_obj=village, members=1)
    hh, members = sf.passing_answers(round_, home)
    hh["income_total_baht"] = "999999999"
    actions.response_save_draft(
        round_=round_, household=home, household_raw=hh, members_raw=members, by=volunteer, at=sf.AT
    )
    page = open_as(volunteer)

    page.goto(f"{BASE}/survey/rounds/{round_.pk}/household/{home.pk}/")
    income = page.locator("input[name='hh-income_total_baht']")
    assert income.get_attribute("aria-invalid") == "true"
    assert overflow(page) <= 0

    income.fill("85000")
    income.dispatch_event("change")
    expect(page.locator("input[name='hh-income_total_baht']")).not_to_have_attribute("aria-invalid", "true")
    assert Response.objects.get(household=home).answers["income_total_baht"] == "85000"

    page.get_by_role("button", name="ส่งข้อมูล").click()
    page.wait_for_url(f"**/village/{village.code}/")
    assert "ส่งแล้ว" in page.content()
    assert Response.objects.get(household=home).status == ResponseStatus.SUBMITTED
