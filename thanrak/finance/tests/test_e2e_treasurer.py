"""On a 360 px phone, a treasurer records a meeting's savings and a loan application; the chair, not
the treasurer, approves it. Nothing on the way scrolls sideways."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from thanrak.core.testing.browser import BASE, log_in, overflow
from thanrak.finance import actions
from thanrak.finance.tests import factories
from thanrak.finance.tests.factories import AT

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


@pytest.fixture
def meeting(national_manager, treasurer, chair, fund):  # noqa: ANN001
    actions.bylaw_amend(
        fund=fund,
        effective_from=dt.date(2025, 2, 1),
        monthly_savings_satang=10_000,
        by=national_manager,
        at=AT,
    )
    factories.cash_in(fund=fund, by=treasurer, satang=5_000_000)
    members = [factories.member(fund=fund, by=national_manager) for _ in range(3)]
    return fund, members


def test_treasurer_records_a_meeting_and_the_chair_approves_the_loan(open_as, meeting):  # noqa: ANN001
    fund, members = meeting
    page = open_as()
    log_in(page, "fund_treasurer")

    # The home panel (loaded by htmx) leads to the meeting sheet, the month's 100 baht filled in.
    page.locator(".home-panel").get_by_role("button", name="บันทึกเงินออม").click()
    amounts = page.locator("input[name^=amount-]")
    expect(amounts).to_have_count(3)
    expect(amounts.first).to_have_value("100.00")
    amounts.nth(1).fill("๑๒๐")  # Thai digits are fine
    assert overflow(page) <= 0
    page.get_by_role("button", name="บันทึกทุกคน").click()
    expect(page.locator(".messages")).to_contain_text("บันทึกแล้ว 3 รายการ รวม 320.00 บาท")

    # A loan application, with its schedule shown as the terms are typed.
    page.goto(f"{BASE}/finance/funds/{fund.pk}/loans/new/")
    page.get_by_label("ผู้กู้").select_option(str(members[0].pk))
    page.get_by_label("จำนวนเงิน (บาท)").fill("6,000")
    page.get_by_label("จำนวนงวด").fill("6")
    page.get_by_label("วิธีคิดดอกเบี้ย").select_option("declining_principal")
    expect(page.locator("#schedule")).to_contain_text("1,000.00")
    assert overflow(page) <= 0
    page.get_by_role("button", name="ส่งให้คณะกรรมการพิจารณา").click()
    expect(page.locator(".messages")).to_contain_text("รอคณะกรรมการพิจารณา")

    # The treasurer recorded it, so the treasurer may not approve it.
    page.get_by_role("button", name="อนุมัติ", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("คณะกรรมการคนอื่น")

    # The chair, on another phone, approves it from the approvals page.
    chair = open_as()
    log_in(chair, "fund_chair")
    chair.goto(f"{BASE}/finance/funds/{fund.pk}/approvals/")
    chair.get_by_role("button", name="อนุมัติ", exact=True).click()
    expect(chair.locator(".messages")).to_contain_text("อนุมัติแล้ว รอจ่ายเงิน")
    assert overflow(chair) <= 0
