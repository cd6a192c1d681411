"""A guest on a 360 px phone finds a product by a Thai word inside its name, buys it with the Thai
address picker and PromptPay, and follows the order from another phone (Chromium, requests answered
in-process: thanrak.core.testing.browser)."""

import pytest
from playwright.sync_api import expect

from thanrak.commerce import actions
from thanrak.commerce.models import Order
from thanrak.commerce.tests import factories
from thanrak.commerce.tests.factories import AT
from thanrak.core.testing.browser import BASE, overflow

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


@pytest.fixture
def silk(org_officer, shop, bands):  # noqa: ANN001
    silk = factories.product(
        by=org_officer, shop=shop, name_th="ผ้าไหมแพรวาลายโบราณ", category="TEXTILE", price_satang=150000
    )
    factories.product(
        by=org_officer, shop=shop, name_th="น้ำผึ้งดอกลำไยพะเยา", category="FOOD", price_satang=18000
    )
    actions.certification_add(
        product=silk, by=org_officer, at=AT, kind="OTOP", stars=5, year_rated=2024, issuer="กรมการพัฒนาชุมชน"
    )
    return silk


def test_a_guest_finds_buys_pays_by_promptpay_and_follows_the_order_on_a_phone(open_as, silk):  # noqa: ANN001
    page = open_as()
    page.goto(f"{BASE}/shop/")
    cards = page.locator(".product-card")
    expect(cards).to_have_count(2)
    assert overflow(page) <= 0

    # "แพรวา" is a word inside "ผ้าไหมแพรวาลายโบราณ": only the silk is left.
    page.locator("input[name=q]").fill("แพรวา")
    page.get_by_role("search").get_by_role("button", name="ค้นหา").click()
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("ผ้าไหมแพรวาลายโบราณ")
    cards.first.get_by_role("link").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("ผ้าไหมแพรวาลายโบราณ")
    expect(page.locator(".badges .badge.good")).to_contain_text("OTOP 5★ (2567)")
    assert overflow(page) <= 0
    page.get_by_role("button", name="ใส่ตะกร้า").click()
    expect(page.locator("main")).to_contain_text("1,500.00")
    assert overflow(page) <= 0
    page.get_by_role("button", name="สั่งซื้อ", exact=True).click()

    # Checkout: name, phone, and the address picker, which fills the postal code by itself.
    page.get_by_label("ชื่อของคุณ").fill("สมหญิง ซื้อดี")
    page.get_by_label("โทรศัพท์").fill("0891234567")
    page.get_by_label("บ้านเลขที่ หมู่ ถนน").fill("12 หมู่ 1")
    page.get_by_label("จังหวัด").select_option(label="พะเยา")
    expect(page.get_by_label("อำเภอ")).to_be_enabled()
    page.get_by_label("อำเภอ").select_option(value="5601")
    expect(page.get_by_label("ตำบล")).to_be_enabled()
    page.get_by_label("ตำบล").select_option(value="560101")
    expect(page.get_by_role("textbox", name="รหัสไปรษณีย์", exact=True)).to_have_value("56000")
    page.get_by_label("พร้อมเพย์").check()
    assert overflow(page) <= 0
    page.get_by_role("button", name="ยืนยันการสั่งซื้อ").click()

    # The thank-you page: the QR for the exact amount (1,500 + 50 baht EMS), an image that loads.
    order = Order.objects.get()
    card = page.locator(".order-card")
    expect(card).to_contain_text(order.number)
    expect(card).to_contain_text("ยอดรวม 1,550.00 ฿")
    qr = card.locator("figure.qr img")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.complete && img.naturalWidth > 100")
    assert overflow(page) <= 0
    assert (order.total_satang, order.postal_code, order.area_code) == (155000, "56000", "560101")

    # Later, on another phone: the number and the phone bring the order back.
    other = open_as()
    other.goto(f"{BASE}/shop/track/")
    other.get_by_label("เลขที่คำสั่งซื้อ").fill(order.number)
    other.get_by_label("เบอร์โทรศัพท์ที่ใช้สั่งซื้อ").fill("0891234567")
    other.get_by_role("button", name="แสดงคำสั่งซื้อ").click()
    expect(other.get_by_role("heading", level=1)).to_contain_text(order.number)
    expect(other.locator(".order-card")).to_contain_text("ผ้าไหมแพรวาลายโบราณ")
    assert other.locator(".order-card figure.qr img").evaluate(
        "img => img.complete && img.naturalWidth > 100"
    )
    assert overflow(other) <= 0


def test_the_search_box_shows_what_was_typed_on_a_phone(open_as):  # noqa: ANN001
    """At 360 px the search button took half the row and a product name was cut after a few letters."""
    page = open_as()
    page.goto(f"{BASE}/shop/")
    box = page.locator("input[name=q]")

    box.fill("น้ำผึ้งดอกลำไยพะเยา")

    assert box.evaluate("(i) => i.scrollWidth <= i.clientWidth"), "the typed words are cut off"
    assert overflow(page) <= 0
