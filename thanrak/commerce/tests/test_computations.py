"""Online sales of community products, computed for the monitoring report from the shops' orders."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from thanrak.commerce import actions
from thanrak.commerce.actions import CartItem, PosItem
from thanrak.commerce.models import Location
from thanrak.commerce.tests import factories
from thanrak.commerce.tests.factories import AT
from thanrak.core.tabular import write_csv
from thanrak.monitoring import computed

pytestmark = pytest.mark.django_db

NOVEMBER = (dt.date(2026, 11, 1), dt.date(2026, 11, 30))


def _storefront_order(variant, key: str):
    [order] = actions.checkout(
        items=[CartItem(variant.pk, 2)],
        buyer_name="สมหญิง ซื้อดี",
        buyer_phone="089-123-4567",
        address_line="12 ถ.พหลโยธิน",
        area_code="560101",
        postal_code="56000",
        carrier="TP_EMS",
        payment_method="PROMPTPAY",
        idempotency_key=key,
        at=AT,
    )
    return order


def _paid(order, officer):
    slip = SimpleUploadedFile(
        "slip.jpg", factories.png_bytes((400, 700), fmt="JPEG"), content_type="image/jpeg"
    )
    actions.order_slip_upload(order=order, upload=slip, at=AT)
    return actions.order_payment_confirm(order=order, by=officer, at=AT)[0]


@pytest.fixture
def sales(org_officer, shop, bands):
    """In November: a paid storefront order (2 × 250 baht plus shipping), an unpaid one, a refunded
    one, a counter sale; in October: a Shopee order of 3 × 200 baht."""
    cloth = factories.product(by=org_officer, shop=shop, price_satang=25000, stock=20)
    variant = cloth.variants.get()
    paid = _storefront_order(variant, "paid-order-1")
    _paid(paid, org_officer)
    _storefront_order(variant, "unpaid-order-1")
    refunded = _storefront_order(variant, "refund-order-1")
    _paid(refunded, org_officer)
    actions.order_refund(order=refunded, by=org_officer, at=AT, reason="ผ้าชำรุด")
    session = actions.pos_session_open(
        location=Location.objects.get(shop=shop, is_default=True),
        cashier=org_officer,
        opening_float_satang=0,
        at=AT,
    )
    actions.pos_sale_record(
        session=session,
        sale_key="counter-sale-1",
        items=[PosItem(variant.pk, 1, 25000)],
        payment_method="CASH",
        cash_received_satang=25000,
        sold_at=AT,
        by=org_officer,
    )
    csv = write_csv(
        ["Order ID", "Order Status", "Order Creation Date", "SKU Reference No.", "Deal Price", "Quantity"],
        [["S1", "Completed", "2026-10-02", variant.sku, "200", "3"]],
    )
    actions.marketplace_orders_import(
        shop=shop, marketplace="SHOPEE", data=csv, filename="s.csv", by=org_officer, at=AT
    )
    return paid


class TestOnlineSales:
    def test_counts_paid_storefront_goods_without_shipping_by_the_enterprise_subdistrict(self, sales):
        start, end = NOVEMBER

        assert computed.get("commerce.online_sales").run(start=start, end=end) == {"560101": 50000}

    def test_counts_marketplace_orders_in_the_month_they_were_paid(self, sales):
        october = computed.get("commerce.online_sales").run(
            start=dt.date(2026, 10, 1), end=dt.date(2026, 10, 31)
        )

        assert october == {"560101": 60000}

    def test_a_month_without_online_sales_has_no_figure(self, sales):
        assert (
            computed.get("commerce.online_sales").run(start=dt.date(2026, 9, 1), end=dt.date(2026, 9, 30))
            == {}
        )

    def test_is_registered_as_a_flow_in_baht(self):
        spec = computed.get("commerce.online_sales")

        assert (spec.app, spec.unit, spec.temporal) == ("commerce", "BAHT", "FLOW")
