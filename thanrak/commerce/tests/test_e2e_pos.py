"""A cashier keeps selling when the network drops; the sale reaches the server once, afterwards."""

import pytest
from django.urls import reverse

from thanrak.commerce import actions
from thanrak.commerce.models import Location, Order, StockBalance
from thanrak.commerce.tests import factories
from thanrak.commerce.tests.factories import AT

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def until(page, js: str, tries: int = 75) -> bool:
    """Poll a condition in the page (page.evaluate is not subject to the page's CSP; the
    wait_for_function helper evaluates strings with eval, which the CSP forbids)."""
    for _ in range(tries):
        if page.evaluate(js):
            return True
        page.wait_for_timeout(200)
    return False


def test_a_sale_made_offline_is_synced_once_when_the_network_returns(
    live_server, page, org_officer, enterprise
):
    shop = factories.shop(by=org_officer, organisation=enterprise)
    product = factories.product(
        by=org_officer,
        shop=shop,
        stock=10,
        variants=[{"sku": "TEA-20", "name": "ซอง", "price_satang": 8900, "ean13": "8850999220000"}],
    )
    session = actions.pos_session_open(
        location=Location.objects.get(shop=shop), cashier=org_officer, opening_float_satang=0, at=AT
    )
    page.goto(live_server.url + reverse("accounts:login"))
    page.fill("input[name=username]", org_officer.username)
    page.fill("input[name=password]", "pw-for-tests-123")
    page.click("main button[type=submit]")
    page.goto(live_server.url + reverse("commerce:pos", args=[session.pk]))

    page.context.set_offline(True)
    page.fill("#pos-code", "8850999220000")
    page.press("#pos-code", "Enter")
    page.fill("#pos-code", "tea-20")
    page.press("#pos-code", "Enter")
    assert page.inner_text("#pos-total") == "178.00"
    page.fill("#pos-cash", "200")
    assert page.inner_text("#pos-change") == "22.00"
    page.click("#pos-pay-cash")

    assert page.inner_text("#pos-queue").startswith("1")
    assert not Order.objects.exists()

    page.context.set_offline(False)
    page.evaluate("window.dispatchEvent(new Event('online'))")
    # Wait on the page (polling SQLite's shared in-memory test database from here would lock it).
    assert until(page, "() => document.getElementById('pos-queue').textContent.startsWith('0')")
    assert until(page, "() => document.getElementById('pos-recent').textContent.includes('P-')")
    page.reload()
    page.wait_for_timeout(1500)

    assert Order.objects.count() == 1
    order = Order.objects.get()
    assert (order.total_satang, order.change_satang) == (17800, 2200)
    assert StockBalance.objects.get(variant=product.variants.get()).quantity == 8


def test_the_sale_screen_reloads_offline_and_its_sales_sync_later(
    live_server, page, org_officer, enterprise
):
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
