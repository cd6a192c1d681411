"""A volunteer on a 360 px phone fixes a wrong answer and submits a household, and never loses
what they typed while the network was down (Chromium; the browser's requests answered in-process,
thanrak.core.testing.browser)."""

import pytest
from playwright.sync_api import expect

from thanrak.core.testing.browser import BASE, overflow
from thanrak.registry.tests import factories as rf
from thanrak.survey import actions
from thanrak.survey.models import Response, ResponseStatus
from thanrak.survey.tests import factories as sf

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


def _draft(national_manager, district_officer, volunteer, *, income: str):  # noqa: ANN202
    """A one-member household of an assigned village whose draft is on the server."""
    round_ = sf.round_(national_manager)
    village = rf.village("560101", 1)
    actions.assignment_set(round_=round_, village=village, collector=volunteer, by=district_officer, at=sf.AT)
    home = rf.household(by=national_manager, village_obj=village, members=1)
    hh, members = sf.passing_answers(round_, home)
    hh["income_total_baht"] = income
    actions.response_save_draft(
        round_=round_, household=home, household_raw=hh, members_raw=members, by=volunteer, at=sf.AT
    )
    return round_, village, home


def test_a_volunteer_fixes_an_impossible_income_and_submits_on_a_phone(
    open_as, national_manager, district_officer, volunteer
):
    round_, village, home = _draft(national_manager, district_officer, volunteer, income="999999999")
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


OFFLINE = "ไม่มีสัญญาณเครือข่าย"
RESTORED = "กู้คืนคำตอบที่กรอกไว้ในโทรศัพท์เครื่องนี้"
SENT = "ถูกบันทึกไว้ที่เซิร์ฟเวอร์แล้ว"


@pytest.fixture
def drafted(open_as, national_manager, district_officer, volunteer):
    """A household whose draft is on the server (income 85,000), and the volunteer's phone."""
    round_, _village, home = _draft(national_manager, district_officer, volunteer, income="85000")
    return round_, home, open_as(volunteer)


def _type_offline(page, url: str) -> None:
    page.goto(url)
    page.context.set_offline(True)
    income = page.locator("input[name='hh-income_total_baht']")
    income.fill("42000")
    income.dispatch_event("change")
    expect(page.locator("#draft-notice")).to_contain_text(OFFLINE)


def _server_income(home) -> str:
    return Response.objects.get(household=home).answers["income_total_baht"]


def test_answers_typed_offline_stay_on_the_phone_and_are_sent_when_the_network_returns(drafted):
    round_, home, page = drafted
    key = f"thanrak:survey-draft:{round_.pk}:{home.pk}"

    _type_offline(page, f"{BASE}/survey/rounds/{round_.pk}/household/{home.pk}/")

    assert '"hh-income_total_baht":"42000"' in page.evaluate(f"localStorage.getItem('{key}')")
    assert _server_income(home) == "85000"

    page.context.set_offline(False)

    expect(page.locator("#draft-notice")).to_contain_text(SENT)
    assert _server_income(home) == "42000"
    assert page.evaluate(f"localStorage.getItem('{key}')") is None
    expect(page.locator("input[name='hh-income_total_baht']")).to_have_value("42000")


def test_a_page_closed_while_offline_gives_the_answers_back_when_opened_again(drafted):
    round_, home, page = drafted
    context = page.context
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


@pytest.mark.django_db(transaction=True)  # a service worker needs a secure origin: a live server on localhost
def test_a_volunteer_opens_and_fills_a_household_form_with_no_network_and_it_is_sent_once_back_online(
    live_server, page, national_manager, district_officer, volunteer
):  # noqa: ANN001
    """The village's list was opened while online; in the village there is no signal. The forms
    open (and reload) from the phone, the answers wait there, and reach the server when the network
    returns."""
    round_, village, home = _draft(national_manager, district_officer, volunteer, income="85000")
    page.goto(live_server.url + "/login/")
    page.fill("input[name=username]", volunteer.username)
    page.fill("input[name=password]", "pw-for-tests-123")
    page.click("main button[type=submit]")
    page.goto(f"{live_server.url}/survey/rounds/{round_.pk}/village/{village.code}/")
    assert _until(page, "() => navigator.serviceWorker.controller !== null")
    assert _until(page, "() => document.documentElement.dataset.offlineReady === 'true'")

    page.context.set_offline(True)
    form_url = f"{live_server.url}/survey/rounds/{round_.pk}/household/{home.pk}/"
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" and r.url == form_url else None)
    page.goto(form_url)  # never opened before: kept from the village's list
    income = page.locator("input[name='hh-income_total_baht']")
    expect(income).to_have_value("85000")
    income.fill("42000")
    income.dispatch_event("change")
    expect(page.locator("#draft-notice")).to_contain_text(OFFLINE)
    page.get_by_role("button", name="บันทึกร่าง").click()  # offline: kept, not the browser's error page
    expect(page.locator("#draft-notice")).to_contain_text(OFFLINE)

    page.reload()  # still no network
    expect(page.locator("#draft-notice")).to_contain_text(RESTORED)
    expect(page.locator("input[name='hh-income_total_baht']")).to_have_value("42000")
    assert _server_income(home) == "85000"

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    expect(page.locator("#draft-notice")).to_contain_text(SENT)
    assert _server_income(home) == "42000"
    assert len(posts) == 1, "the kept answers were sent more than once"


def _until(page, js: str, tries: int = 75) -> bool:  # noqa: ANN001
    """Poll a condition in the page (page.evaluate is not subject to the page's CSP)."""
    for _ in range(tries):
        if page.evaluate(js):
            return True
        page.wait_for_timeout(200)
    return False
