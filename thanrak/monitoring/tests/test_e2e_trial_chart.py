"""An indicator's page in Chromium (issue 10): the charts leave room for the Thai marks above the
heading that follows them (vega draws positioned, over what comes after it)."""

import pytest
from playwright.sync_api import expect

from thanrak.core.testing.browser import BASE
from thanrak.monitoring import actions
from thanrak.monitoring.models import Unit
from thanrak.monitoring.tests import factories
from thanrak.monitoring.tests.factories import AT

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


def test_the_charts_end_above_the_heading_that_follows_them(
    open_as, national_manager, district_officer, provincial_officer
):
    ind = factories.indicator(by=national_manager, unit=Unit.HOUSEHOLDS, name_th="ครัวเรือนที่ได้รับการส่งเสริมอาชีพ")
    actions.target_set(
        indicator=ind, area_code="56", fiscal_year=2569, amount="100", by=national_manager, at=AT
    )
    for month, amount in (("2569-01", "40"), ("2569-02", "55")):
        factories.value(ind, "560101", month, amount, by=district_officer)
    page = open_as(provincial_officer, viewport={"width": 1280, "height": 900})

    page.goto(f"{BASE}/monitoring/indicators/{ind.pk}/?area=56&fy=2569")

    heading = page.get_by_role("heading", name="พื้นที่ย่อย")
    expect(page.locator(".chart svg").last).to_be_visible()
    chart_bottom = page.evaluate(
        "Math.max(...[...document.querySelectorAll('.chart svg')].map(s => s.getBoundingClientRect().bottom))"
    )
    heading_top = heading.evaluate("h => h.getBoundingClientRect().top")
    assert chart_bottom <= heading_top - 12  # Thai upper marks rise above the heading's box
