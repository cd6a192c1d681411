"""A cashier keeps selling when the network drops; the sale reaches the server once, afterwards.

The first journey runs in-process (thanrak.core.testing.browser); the second needs the service
worker, which only a secure origin has, so it runs against a live server on localhost."""

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from thanrak.commerce import actions
from thanrak.commerce.models import Channel, Location, Order, PosSession, StockBalance
from thanrak.commerce.tests import factories
from thanrak.commerce.tests.factories import AT
from thanrak.core.testing.browser import BASE, InProcess

pytestmark = pytest.mark.e2e


def until(page, js: str, tries: int = 75) -> bool:
    """Poll a condition in the page (page.evaluate is not subject to the page's CSP; the
    wait_for_function helper evaluates strings with eval, which the CSP forbids)."""
    for _ in range(tries):
        if page.evaluate(js):
            return True
        page.wait_for_timeout(200)
    return False


@pytest.mark.django_db
def test_a_cashier_sells_online_then_offline_and_the_queued_sale_is_recorded_once(
    open_as, org_officer, enterprise
):  # noqa: ANN001
    """Sale one online; the network drops, sale two waits on the device; the network returns and
    the server records sale two, but its reply is lost; sent again with the same key, it is not
    recorded twice."""
    shop = factories.shop(by=org_officer, organisation=enterprise)
    product = factories.product(
        by=org_officer,
        shop=shop,
        stock=10,
        variants=[{"sku": "TEA-20", "name": "ซอง", "price_satang": 8900, "ean13": "8850999220000"}],
    )
    client = Client(headers={"Accept-Language": "th"})
    page = open_as(org_officer, client=client)
    server = InProcess(client)
    sent = []  # the sale keys of each sync request that reached the server
    offline = lose_next_reply = False

    def sync(route, request):  # noqa: ANN001, ANN202
        # Chromium's offline mode does not stop requests that Playwright answers: drop them here.
        nonlocal lose_next_reply
        if offline:
            return route.abort("internetdisconnected")
        sent.append([sale["sale_key"] for sale in request.post_data_json["sales"]])
        if not lose_next_reply:
            return route.fallback()  # answered by the server as usual
        lose_next_reply = False  # the server records the sales; its answer never reaches the phone
        assert server.respond(request).status_code == 200
        return route.abort("connectionreset")

    # A cashier session with 500 baht in the drawer, opened from the shop's counter page.
    page.goto(f"{BASE}{reverse('commerce:pos-sessions', args=[shop.pk])}")
    page.get_by_label("เงินสดในลิ้นชัก (บาท)").fill("500")
    page.get_by_role("button", name="เปิดรอบและเริ่มขาย").click()
    expect(page.locator("#pos-net")).to_have_text("ออนไลน์")
    session = PosSession.objects.get()
    assert session.opening_float_satang == 50000
    sync_path = reverse("api:commerce_pos_sales_sync", args=[session.pk])
    page.route(f"{BASE}{sync_path}", sync)

    # Sale one, online: the barcode twice, 200 baht cash, 22 baht change.
    page.get_by_label("บาร์โค้ด").fill("8850999220000")
    page.get_by_label("บาร์โค้ด").press("Enter")
    page.get_by_label("บาร์โค้ด").fill("8850999220000")
    page.get_by_label("บาร์โค้ด").press("Enter")
    expect(page.locator("#pos-total")).to_have_text("฿ 178.00")
    page.get_by_label("รับเงินมา (บาท)").fill("200")
    expect(page.locator("#pos-change")).to_have_text("฿ 22.00")
    page.get_by_role("button", name="รับเงินสดแล้ว").click()
    expect(page.locator("#pos-message")).to_have_text("บันทึกการขายแล้ว · ฿ 178.00 · เงินทอน ฿ 22.00")
    expect(page.locator("#pos-queue")).to_have_text("0 รอส่งเข้าระบบ")
    expect(page.locator("#pos-recent")).to_contain_text("P-")
    assert Order.objects.count() == 1

    # The network drops: sale two is kept on the phone.
    page.context.set_offline(True)
    offline = True
    expect(page.locator("#pos-net")).to_have_text("ออฟไลน์ — เก็บรายการขายไว้ในเครื่องนี้ก่อน")
    page.get_by_label("บาร์โค้ด").fill("tea-20")
    page.get_by_label("บาร์โค้ด").press("Enter")
    page.get_by_label("รับเงินมา (บาท)").fill("100")
    expect(page.locator("#pos-change")).to_have_text("฿ 11.00")
    page.get_by_role("button", name="รับเงินสดแล้ว").click()
    expect(page.locator("#pos-queue")).to_have_text("1 รอส่งเข้าระบบ")
    expect(page.locator("#pos-recent")).to_contain_text("฿ 89.00 · รอส่งเข้าระบบ")
    assert Order.objects.count() == 1

    # The network returns; the sync reaches the server but its reply is lost on the way back.
    offline, lose_next_reply = False, True
    page.context.set_offline(False)

    for _ in range(50):  # the phone sends its queue as soon as it is back online
        if not lose_next_reply:
            break
        page.wait_for_timeout(100)
    assert not lose_next_reply, "the queue was not sent when the network returned"
    # The phone could not hear the answer and says so; the cashier reloads, which sends it again.
    expect(page.locator("#pos-net")).to_have_text("ออฟไลน์ — เก็บรายการขายไว้ในเครื่องนี้ก่อน")
    expect(page.locator("#pos-queue")).to_have_text("1 รอส่งเข้าระบบ")
    assert Order.objects.count() == 2  # the server has it already
    page.reload()
    expect(page.locator("#pos-queue")).to_have_text("0 รอส่งเข้าระบบ")
    expect(page.locator("#pos-recent li")).to_have_count(2)
    expect(page.locator("#pos-recent")).not_to_contain_text("รอส่งเข้าระบบ")
    queued_key = sent[-1][0]
    assert sum(keys.count(queued_key) for keys in sent) >= 2  # sent twice …
    orders = Order.objects.filter(channel=Channel.POS).order_by("pk")
    assert [(o.total_satang, o.change_satang) for o in orders] == [(17800, 2200), (8900, 1100)]  # … once
    assert StockBalance.objects.get(variant=product.variants.get()).quantity == 7

    # The session's page counts both sales and the cash the drawer should hold.
    page.goto(f"{BASE}{reverse('commerce:pos-close', args=[session.pk])}")
    stats = page.locator(".stat-grid")
    expect(stats).to_contain_text("2")
    expect(stats).to_contain_text("767.00")  # 500 float + 178 + 89


@pytest.mark.django_db
def test_the_till_reads_thai_digits_and_refuses_what_it_cannot_read(open_as, org_officer, enterprise):  # noqa: ANN001
    """Cash typed as ๕๐๐ is 500 baht; "1e3" or "ห้าร้อย" is refused on the screen, never taken as
    paid exact."""
    shop = factories.shop(by=org_officer, organisation=enterprise)
    factories.product(
        by=org_officer, shop=shop, stock=5, variants=[{"sku": "TEA-20", "name": "ซอง", "price_satang": 8900}]
    )
    session = actions.pos_session_open(
        location=Location.objects.get(shop=shop), cashier=org_officer, opening_float_satang=0, at=AT
    )
    page = open_as(org_officer)
    page.goto(f"{BASE}{reverse('commerce:pos', args=[session.pk])}")
    page.get_by_label("บาร์โค้ด").fill("TEA-20")
    page.get_by_label("บาร์โค้ด").press("Enter")
    cash = page.get_by_label("รับเงินมา (บาท)")

    for unreadable in ("1e3", "ห้าร้อย", "50.001"):
        cash.fill(unreadable)
        expect(page.locator("#pos-change")).to_have_text("—")
        expect(page.locator("#pos-cash-problem")).to_contain_text("อ่านจำนวนเงินที่รับมาไม่ได้")
        page.get_by_role("button", name="รับเงินสดแล้ว").click()
        expect(page.locator("#pos-message")).to_contain_text(
            f"อ่านจำนวนเงินที่รับมาไม่ได้ ให้พิมพ์เป็นบาท เช่น 500 หรือ 1,250.50: {unreadable}"
        )
    cash.fill("๕๐")
    expect(page.locator("#pos-cash-problem")).to_have_text("เงินที่รับมาน้อยกว่ายอดรวม")
    expect(page.locator("#pos-change")).to_have_text("—")
    assert not Order.objects.exists()

    cash.fill("๕๐๐ บาท")
    expect(page.locator("#pos-change")).to_have_text("฿ 411.00")
    page.get_by_role("button", name="รับเงินสดแล้ว").click()
    expect(page.locator("#pos-message")).to_have_text("บันทึกการขายแล้ว · ฿ 89.00 · เงินทอน ฿ 411.00")
    expect(page.locator("#pos-queue")).to_have_text("0 รอส่งเข้าระบบ")
    order = Order.objects.get()
    assert (order.cash_received_satang, order.change_satang) == (50000, 41100)


@pytest.mark.django_db(transaction=True)  # a service worker needs a secure origin: a live server on localhost
def test_the_sale_screen_reloads_offline_and_its_sales_sync_later(live_server, page, org_officer, enterprise):
    shop = factories.shop(by=org_officer, organisation=enterprise)
    factories.product(
        by=org_officer, shop=shop, stock=5, variants=[{"sku": "SOAP-1", "name": "ก้อน", "price_satang": 5500}]
    )
    session = actions.pos_session_open(
        location=Location.objects.get(shop=shop), cashier=org_officer, opening_float_satang=0, at=AT
    )
    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("input[name=username]", org_officer.username)
    page.fill("input[name=password]", "pw-for-tests-123")
    page.click("main button[type=submit]")
    page.goto(live_server.url + reverse("commerce:pos", args=[session.pk]))
    assert until(page, "() => navigator.serviceWorker.controller !== null")
    assert until(page, "async () => (await (await caches.open('thanrak-pos-v1')).keys()).length > 3")

    page.context.set_offline(True)
    page.reload()
    page.fill("#pos-code", "SOAP-1")
    page.press("#pos-code", "Enter")
    page.click("#pos-pay-cash")
    assert page.inner_text("#pos-queue").startswith("1")

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    assert until(page, "() => document.getElementById('pos-recent').textContent.includes('P-')")
    assert Order.objects.get().total_satang == 5500
