"""A district officer logs in, finds a household of their district, edits it, and is refused a
household of another province in the page and in the API. The list fits a 360 px phone."""

import json
import re

import pytest
from django.test import Client
from playwright.sync_api import expect

from thanrak.core.testing.browser import BASE, log_in, overflow
from thanrak.registry import actions
from thanrak.registry.tests import factories

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


@pytest.fixture
def households(district_officer, national_manager, phayao_household, chiangmai_household):  # noqa: ANN001
    for _ in range(3):  # neighbours, so the search has something to leave out
        factories.household(by=national_manager)
    head = phayao_household.members.get(relation="HEAD").person
    head = actions.person_update(person=head, by=national_manager, at=factories.AT, first_name="ประเสริฐ")
    return phayao_household, head, chiangmai_household


def api(path: str, key: str, method: str = "GET", body: dict | None = None) -> int:
    """The status of an API call made with the token alone (no browser session)."""
    response = Client().generic(
        method,
        f"/api/v1/registry{path}",
        json.dumps(body) if body is not None else "",
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}"},
    )
    return response.status_code


def test_district_officer_finds_edits_and_is_refused_elsewhere(open_as, households):  # noqa: ANN001
    household, head, elsewhere = households
    page = open_as(viewport={"width": 1280, "height": 900})
    log_in(page, "mueang_phayao")

    # Find the household with the search box, from the menu.
    page.locator("details.menu summary").click()
    page.locator("details.menu").get_by_role("link", name="ครัวเรือน", exact=True).click()
    page.get_by_label("ค้นหา", exact=True).fill(head.first_name)
    page.locator("main").get_by_role("button", name="ค้นหา").click()
    expect(page.get_by_text("1 ครัวเรือน")).to_be_visible()
    page.get_by_role("link", name=household.house_no).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"บ้านเลขที่ {household.house_no}")

    # Edit it and see the change.
    page.get_by_role("button", name="แก้ไข").click()
    page.get_by_label("บ้านเลขที่").fill("88/8")
    page.get_by_label("โทรศัพท์").fill("0891234567")
    page.get_by_role("button", name="บันทึก").click()
    expect(page.get_by_text("บันทึกข้อมูลครัวเรือนแล้ว")).to_be_visible()
    expect(page.locator('[data-field="house_no"]')).to_have_text("88/8")
    expect(page.locator('[data-field="phone"]')).to_have_text("0891234567")
    household.refresh_from_db()
    assert (household.house_no, household.phone) == ("88/8", "0891234567")

    # A household of another province is not found.
    response = page.goto(f"{BASE}/registry/households/{elsewhere.pk}/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("ไม่พบข้อมูล")

    # The same through the API with a token the officer makes on the tokens page.
    page.goto(f"{BASE}/tokens/")
    page.get_by_label("ใช้โทเคนนี้ทำอะไร").fill("journey")
    page.get_by_role("button", name="สร้างโทเคน").click()
    key = page.locator("[data-new-token]").input_value()
    assert re.fullmatch(r"thr_[\w-]+", key)
    assert api(f"/households/{household.pk}", key) == 200
    assert api(f"/households/{elsewhere.pk}", key) == 404
    assert api(f"/households/{elsewhere.pk}", key, "PATCH", {"phone": "0800000000"}) == 404
    elsewhere.refresh_from_db()
    assert elsewhere.phone != "0800000000"


def test_the_household_list_fits_a_360_px_phone(open_as, households):  # noqa: ANN001
    page = open_as()
    log_in(page, "mueang_phayao")

    for path in (
        "/registry/households/",
        f"/registry/households/{households[0].pk}/",
        "/registry/households/new/",
    ):
        page.goto(BASE + path)
        assert overflow(page) <= 0, f"{path} is {overflow(page)} px wider than the phone"
