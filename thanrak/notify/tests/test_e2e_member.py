"""On a 360 px phone, a villager who saves in a group and has a loan due logs in and opens their own
page: their savings and shares, the installment due in baht on a B.E. date with the fund's PromptPay
QR for that amount, and their LINE link code. They write their messages in English and back to Thai,
stop SMS in one tap, and find another member's passbook closed to them. Nothing scrolls sideways."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from thanrak.core.testing.browser import BASE, log_in, overflow
from thanrak.core.thai import TH_MONTHS_SHORT
from thanrak.finance.models import SavingsKind
from thanrak.finance.tests import factories
from thanrak.notify import actions
from thanrak.notify.models import Channel, ChannelKind, FundPromptPay, Preference

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


def _thai_date(day: dt.date) -> str:
    """The date as the page writes it: short Thai month name, Buddhist-era year."""
    return f"{day.day} {TH_MONTHS_SHORT[day.month - 1]} {day.year + 543}"


def _narrow(page) -> None:  # noqa: ANN001
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url
    assert overflow(page) <= 0, page.url


@pytest.fixture
def villager(national_manager, make_user):  # noqa: ANN001
    """A savings-group member with 300 baht of sajja savings, 500 baht of shares and a 12,000-baht
    loan whose next installment falls due in ten days; a mobile number with SMS consent; the fund
    takes PromptPay."""
    treasurer = make_user("e2e_treasurer", "ORG_OFFICER")
    chair = make_user("e2e_chair", "ORG_OFFICER")
    fund = factories.lending_fund(by=national_manager, treasurer=treasurer, chair=chair, kind="SAVINGS_GROUP")
    FundPromptPay.objects.create(fund=fund, account="0812345678")
    member = factories.member(fund=fund, by=national_manager, first_name="บุญมี", last_name="ใจดี")
    today = timezone.localdate()
    paid_on = dt.date(2025, 2, 1)
    factories.save(member=member, by=treasurer, satang=30_000, on=paid_on)
    factories.save(member=member, by=treasurer, satang=50_000, on=paid_on, kind=SavingsKind.SHARES)
    due_on = today + dt.timedelta(days=10)
    loan = factories.active_loan(
        borrower=member,
        recorder=treasurer,
        approver=chair,
        applied_on=today - dt.timedelta(days=20),
        first_due_date=due_on,
    )
    user = make_user("e2e_villager", "MEMBER")
    member.person.user = user
    member.person.save(update_fields=["user"])
    actions.set_mobile(person=member.person, mobile="081 234 5678", consent=True, at=timezone.now())
    actions.new_link_code(person=member.person)

    other = factories.member(fund=fund, by=national_manager, first_name="สมศรี", last_name="คนอื่น")
    return {"user": user, "person": member.person, "loan": loan, "due_on": due_on, "other": other}


def test_a_villager_sees_their_own_page_and_stops_sms_on_a_phone(open_as, villager):  # noqa: ANN001
    page = open_as()
    log_in(page, "e2e_villager")
    _narrow(page)

    # Their own page, from the home page's tiles: savings and shares, the installment due with its
    # QR, their LINE link code.
    page.get_by_role("navigation", name="ระบบงาน").get_by_role("link", name="หน้าของฉัน").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("หน้าของฉัน")
    accounts = page.locator("main article").filter(has_text="ค่าหุ้น (บาท)")
    expect(accounts).to_contain_text("เงินสัจจะ (บาท)")
    expect(accounts.locator(".stat").filter(has_text="เงินสัจจะ")).to_contain_text("300.00")
    expect(accounts.locator(".stat").filter(has_text="ค่าหุ้น")).to_contain_text("500.00")
    due = page.locator("article.due")
    expect(due).to_have_count(1)
    expect(due).to_contain_text(f"งวดเงินกู้ {villager['loan'].number}")
    expect(due).to_contain_text("1,120.00 บาท")  # 1,000 principal + a month's interest at 12 % a year
    expect(due).to_contain_text(_thai_date(villager["due_on"]))
    qr = due.locator(".promptpay-qr svg")
    expect(qr).to_be_visible()
    assert qr.bounding_box()["width"] <= 360
    expect(due.locator("figcaption")).to_contain_text("พร้อมเพย์")
    code = Channel.objects.get(person=villager["person"], kind=ChannelKind.LINE).link_code
    expect(page.locator("[data-link-code]")).to_have_text(code)
    _narrow(page)

    # Their own passbook opens from there.
    page.get_by_role("link", name="สมุดบัญชี").click()
    expect(page.locator("main")).to_contain_text("บุญมี")
    _narrow(page)

    # Their messages in English, then back in Thai (the menu leads to their notification settings).
    page.locator("details.menu summary").click()
    page.locator("details.menu").get_by_role("link", name="การแจ้งเตือนของฉัน").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("การแจ้งเตือนของฉัน")
    language = page.locator("form[action='/notify/me/language/']")
    language.get_by_label("ภาษาของข้อความถึงฉัน").select_option("en")
    language.get_by_role("button", name="บันทึก").click()
    expect(page.locator(".messages")).to_contain_text("ข้อความถึงท่านจะเขียนเป็นภาษานี้")
    expect(page.locator("form[action='/notify/me/language/'] select")).to_have_value("en")
    assert Preference.objects.get(person=villager["person"]).language == "en"
    _narrow(page)
    language = page.locator("form[action='/notify/me/language/']")
    language.locator("select").select_option("th")
    language.get_by_role("button", name="บันทึก").click()
    expect(page.locator("form[action='/notify/me/language/'] select")).to_have_value("th")
    assert Preference.objects.get(person=villager["person"]).language == "th"

    # SMS stopped in one tap; the page says so.
    sms = page.locator("main article").filter(has=page.locator("header", has_text="SMS"))
    sms.get_by_role("button", name="หยุดรับข้อความช่องทางนี้").click()
    sms = page.locator("main article").filter(has=page.locator("header", has_text="SMS"))
    expect(sms.get_by_role("button", name="กลับมารับข้อความช่องทางนี้")).to_be_visible()
    expect(sms).to_contain_text("ถอน")
    assert not Channel.objects.get(person=villager["person"], kind=ChannelKind.SMS).consented
    _narrow(page)

    # Another member's passbook is closed to them, in Thai (outside what they may see: not found).
    response = page.goto(f"{BASE}/finance/members/{villager['other'].pk}/")
    assert response.status in (403, 404)
    expect(page.get_by_role("heading", level=1)).to_have_text("ไม่พบข้อมูล")
    expect(page.locator("main")).to_contain_text("อยู่นอกพื้นที่ของท่าน")
    expect(page.locator("main")).not_to_contain_text("สมศรี")
    _narrow(page)
