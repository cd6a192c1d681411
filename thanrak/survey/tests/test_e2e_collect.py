"""A volunteer on a 360 px phone fixes a wrong answer and submits a household (Chromium).

The browser's requests are answered in-process by Django's test client (Playwright request
routing), so the journey runs inside the test's transaction: no live server, no flush of the
geography the other tests share.
"""

import mimetypes
from urllib.parse import urlsplit

import pytest
from django.contrib.staticfiles import finders
from django.db import connections
from django.test import Client
from playwright.sync_api import expect

from thanrak.registry.tests import factories as rf
from thanrak.survey import actions
from thanrak.survey.models import Response, ResponseStatus
from thanrak.survey.tests import factories as sf

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]
BASE = "http://testserver"


def _route(client: Client):
    # Playwright runs this handler in its own greenlet, whose context would open a second
    # database connection; hand it the test's connection so it sees the test's transaction.
    main = connections["default"]

    def handle(route, request):  # noqa: ANN001, ANN202
        connections["default"] = main
        parts = urlsplit(request.url)
        if parts.path.startswith("/static/"):
            found = finders.find(parts.path.removeprefix("/static/"))
            if found is None:
                return route.fulfill(status=404, body="")
            with open(found, "rb") as fh:
                return route.fulfill(
                    status=200,
                    body=fh.read(),
                    content_type=mimetypes.guess_type(found)[0] or "application/octet-stream",
                )
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        headers = {
            f"HTTP_{k.upper().replace('-', '_')}": v
            for k, v in request.headers.items()
            if k.lower() not in ("content-type", "content-length", "cookie", "host")
        }
        response = client.generic(
            request.method,
            path,
            request.post_data_buffer or b"",
            content_type=request.headers.get("content-type", ""),
            **headers,
        )
        out_headers = {k: v for k, v in response.items()}
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return route.fulfill(status=response.status_code, headers=out_headers, body=body)

    return handle


def _draft(national_manager, district_officer, volunteer, *, income: str):  # noqa: ANN202
    """A one-member household of an assigned village whose draft is on the server, and the
    volunteer's browser client."""
    round_ = sf.round_(national_manager)
    village = rf.village("560101", 1)
    actions.assignment_set(round_=round_, village=village, collector=volunteer, by=district_officer, at=sf.AT)
    home = rf.household(by=national_manager, village_obj=village, members=1)
    hh, members = sf.passing_answers(round_, home)
    hh["income_total_baht"] = income
    actions.response_save_draft(
        round_=round_, household=home, household_raw=hh, members_raw=members, by=volunteer, at=sf.AT
    )
    client = Client(HTTP_ACCEPT_LANGUAGE="th")
    client.force_login(volunteer)
    return round_, village, home, client


def test_a_volunteer_fixes_an_impossible_income_and_submits_on_a_phone(
    page, national_manager, district_officer, volunteer
):
    round_, village, home, client = _draft(national_manager, district_officer, volunteer, income="999999999")
    page.set_viewport_size({"width": 360, "height": 780})
    page.route("http://testserver/**", _route(client))

    page.goto(f"{BASE}/survey/rounds/{round_.pk}/household/{home.pk}/")
    income = page.locator("input[name='hh-income_total_baht']")
    assert income.get_attribute("aria-invalid") == "true"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    income.fill("85000")
    income.dispatch_event("change")
    expect(page.locator("input[name='hh-income_total_baht']")).not_to_have_attribute("aria-invalid", "true")
    assert Response.objects.get(household=home).answers["income_total_baht"] == "85000"

    page.get_by_role("button", name="ส่งข้อมูล").click()
    page.wait_for_url(f"**/village/{village.code}/")
    assert "ส่งแล้ว" in page.content()
    assert Response.objects.get(household=home).status == ResponseStatus.SUBMITTED


OFFLINE = "ไม่มีสัญญาณเครือข่าย"
RESTORED = "กู้คืนคำตอบที่กรอกไว้ในโทรศัพท์เครื่องนี้"
SENT = "ถูกบันทึกไว้ที่เซิร์ฟเวอร์แล้ว"


@pytest.fixture
def drafted(national_manager, district_officer, volunteer):
    """A household whose draft is on the server (income 85,000), and the volunteer's browser client."""
    round_, _village, home, client = _draft(national_manager, district_officer, volunteer, income="85000")
    return round_, home, client


def _type_offline(page, url: str) -> None:
    page.goto(url)
    page.context.set_offline(True)
    income = page.locator("input[name='hh-income_total_baht']")
    income.fill("42000")
    income.dispatch_event("change")
    expect(page.locator("#draft-notice")).to_contain_text(OFFLINE)


def _server_income(home) -> str:
    return Response.objects.get(household=home).answers["income_total_baht"]


def test_answers_typed_offline_stay_on_the_phone_and_are_sent_when_the_network_returns(page, drafted):
    round_, home, client = drafted
    page.set_viewport_size({"width": 360, "height": 780})
    page.context.route("http://testserver/**", _route(client))
    key = f"thanrak:survey-draft:{round_.pk}:{home.pk}"

    _type_offline(page, f"{BASE}/survey/rounds/{round_.pk}/household/{home.pk}/")

    assert '"hh-income_total_baht":"42000"' in page.evaluate(f"localStorage.getItem('{key}')")
    assert _server_income(home) == "85000"

    page.context.set_offline(False)

    expect(page.locator("#draft-notice")).to_contain_text(SENT)
    assert _server_income(home) == "42000"
    assert page.evaluate(f"localStorage.getItem('{key}')") is None
    expect(page.locator("input[name='hh-income_total_baht']")).to_have_value("42000")


def test_a_page_closed_while_offline_gives_the_answers_back_when_opened_again(page, drafted):
    round_, home, client = drafted
    context = page.context
    context.route("http://testserver/**", _route(client))
    url = f"{BASE}/survey/rounds/{round_.pk}/household/{home.pk}/"
    _type_offline(page, url)
    page.close()
    context.set_offline(False)

    again = context.new_page()
    again.goto(url)

    expect(again.locator("#draft-notice")).to_contain_text(RESTORED)
    expect(again.locator("input[name='hh-income_total_baht']")).to_have_value("42000")
    expect(again.locator("#draft-notice")).to_contain_text(SENT)
    assert _server_income(home) == "42000"
    assert again.evaluate(f"localStorage.getItem('thanrak:survey-draft:{round_.pk}:{home.pk}')") is None
