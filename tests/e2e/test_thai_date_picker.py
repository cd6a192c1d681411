"""An officer records help given to a household on a phone: the date box opens a calendar in Thai
months and Buddhist-era years, writes dd/mm/yyyy B.E., and the help is booked on the day picked."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from thanrak.core.testing.browser import BASE, overflow
from thanrak.survey.models import Assistance

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


def test_the_date_box_opens_a_buddhist_era_calendar_and_books_the_day_picked(
    open_as, district_officer, phayao_household
):  # noqa: ANN001
    page = open_as(district_officer)
    page.goto(f"{BASE}/survey/targets/household/{phayao_household.pk}/")
    page.locator("details summary").filter(has_text="บันทึกความช่วยเหลือ").click()

    box = page.locator('input[name="given_on"]')
    today = timezone.localdate()
    expect(box).to_have_value(f"{today.day:02d}/{today.month:02d}/{today.year + 543}")
    box.click()
    popup = page.locator(".thai-date-popup")
    expect(popup).to_be_visible()
    expect(popup.locator("input")).to_have_value(str(today.year + 543))
    expect(popup.locator("select option:checked")).to_have_text(
        [
            "มกราคม",
            "กุมภาพันธ์",
            "มีนาคม",
            "เมษายน",
            "พฤษภาคม",
            "มิถุนายน",
            "กรกฎาคม",
            "สิงหาคม",
            "กันยายน",
            "ตุลาคม",
            "พฤศจิกายน",
            "ธันวาคม",
        ][today.month - 1]
    )
    assert overflow(page) == 0

    popup.get_by_role("button", name=f"01/{today.month:02d}/{today.year + 543}", exact=True).click()
    expect(popup).to_be_hidden()
    expect(box).to_have_value(f"01/{today.month:02d}/{today.year + 543}")
    page.locator('select[name="kind"]').select_option("TRAINING")
    page.locator('input[name="description"]').fill("อบรมทำบัญชีครัวเรือน")
    page.locator("form[data-once]").get_by_role("button").click()
    page.wait_for_load_state()

    assert Assistance.objects.get(household=phayao_household).given_on == today.replace(day=1)
