"""The counter: cashier sessions, cash and change, offline sales synced once."""

import datetime as dt

import pytest
from django.urls import reverse

from thanrak.commerce import actions
from thanrak.commerce.actions import PosItem
from thanrak.commerce.models import Location, Order, StockBalance, StockMovement
from thanrak.commerce.tests.factories import AT

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(org_officer, shop):
    counter = Location.objects.get(shop=shop, is_default=True)
    return actions.pos_session_open(location=counter, cashier=org_officer, opening_float_satang=50000, at=AT)


def sell(session, officer, variant, quantity=1, key="sale-key-0001", method="CASH", cash=None):
    return actions.pos_sale_record(
        session=session,
        sale_key=key,
        items=[PosItem(variant.pk, quantity, variant.price_satang)],
        payment_method=method,
        cash_received_satang=cash,
        sold_at=AT,
        by=officer,
    )


class TestPosSession:
    def test_only_one_open_session_per_counter(self, session, org_officer):
        with pytest.raises(actions.CannotUsePos):
            actions.pos_session_open(
                location=session.location, cashier=org_officer, opening_float_satang=0, at=AT
            )

    def test_closing_counts_the_cash_and_keeps_the_difference(self, session, org_officer, product):
        variant = product.variants.get()
        sell(session, org_officer, variant, 2, key="sale-cash-01", cash=60000)
        sell(session, org_officer, variant, 1, key="sale-qr-0001", method="PROMPTPAY")

        closed = actions.pos_session_close(
            session=session, counted_cash_satang=99000, by=org_officer, at=AT + dt.timedelta(hours=8)
        )

        assert closed.expected_cash_satang == 50000 + 50000
        assert closed.difference_satang == -1000


class TestPosSale:
    def test_cash_sale_gives_change_and_takes_stock(self, session, org_officer, product):
        variant = product.variants.get()

        order, created = sell(session, org_officer, variant, 3, cash=100000)

        assert created and order.change_satang == 25000
        assert StockBalance.objects.get(variant=variant).quantity == 7

    def test_refuses_too_little_cash(self, session, org_officer, product):
        with pytest.raises(actions.CannotUsePos):
            sell(session, org_officer, product.variants.get(), 1, cash=100)

    def test_the_same_sale_sent_again_is_recorded_once(self, session, org_officer, product):
        variant = product.variants.get()

        first, created = sell(session, org_officer, variant, 1, key="offline-sale-1", cash=25000)
        again, created_again = sell(session, org_officer, variant, 1, key="offline-sale-1", cash=25000)

        assert (created, created_again) == (True, False) and first == again
        assert Order.objects.count() == 1 and StockBalance.objects.get(variant=variant).quantity == 9

    def test_a_sale_beyond_the_recorded_stock_is_kept_and_flags_a_count(self, session, org_officer, product):
        variant = product.variants.get()

        order, _ = sell(session, org_officer, variant, 12, key="offline-big-1", cash=300000)

        assert order.pk and StockBalance.objects.get(variant=variant).quantity == 0
        assert StockMovement.objects.get(variant=variant, needs_count=True).quantity == 2


class TestPosSyncEndpoint:
    def payload(self, variant, keys):
        return {
            "sales": [
                {
                    "sale_key": k,
                    "sold_at": "2026-11-25T10:00:00+07:00",
                    "payment_method": "CASH",
                    "cash_received_satang": 30000,
                    "items": [
                        {"variant_id": variant.pk, "quantity": 1, "unit_price_satang": variant.price_satang}
                    ],
                }
                for k in keys
            ]
        }

    def test_repeated_submissions_never_double_a_sale(self, client, session, org_officer, product):
        variant = product.variants.get()
        client.force_login(org_officer)
        url = reverse("api:commerce_pos_sales_sync", args=[session.pk])

        first = client.post(
            url, self.payload(variant, ["dev1-000001", "dev1-000002"]), content_type="application/json"
        ).json()
        second = client.post(
            url,
            self.payload(variant, ["dev1-000001", "dev1-000002", "dev1-000003"]),
            content_type="application/json",
        ).json()

        assert [r["created"] for r in first] == [True, True]
        assert [r["created"] for r in second] == [False, False, True]
        assert second[0]["number"] == first[0]["number"]
        assert Order.objects.filter(pos_session=session).count() == 3
        assert StockBalance.objects.get(variant=variant).quantity == 7

    def test_a_refused_sale_comes_back_with_its_reason(self, client, session, org_officer, product):
        client.force_login(org_officer)
        bad = self.payload(product.variants.get(), ["dev1-bad-001"])
        bad["sales"][0]["cash_received_satang"] = 1

        result = client.post(
            reverse("api:commerce_pos_sales_sync", args=[session.pk]), bad, content_type="application/json"
        ).json()

        assert result[0]["error"] and not result[0]["created"]

    def test_refuses_a_cash_sale_without_the_cash_received(self, client, session, org_officer, product):
        client.force_login(org_officer)
        sale = self.payload(product.variants.get(), ["dev1-nocash-1"])
        del sale["sales"][0]["cash_received_satang"]

        result = client.post(
            reverse("api:commerce_pos_sales_sync", args=[session.pk]),
            sale,
            content_type="application/json",
            headers={"Accept-Language": "th"},
        ).json()

        assert result[0]["error"] == "ขายเงินสดต้องระบุเงินที่รับมา" and not Order.objects.exists()

    def test_the_sale_screen_carries_the_catalogue(self, client, session, org_officer, product):
        client.force_login(org_officer)

        page = client.get(reverse("commerce:pos", args=[session.pk])).content.decode()

        assert product.variants.get().sku in page and 'id="pos-catalogue"' in page


class TestSaleSyncedAfterClosing:
    """A phone that was offline syncs a cash sale after the cashier closed the session."""

    def test_the_closed_sessions_expected_cash_and_difference_are_worked_out_again(
        self, session, org_officer, product
    ):
        from thanrak.accounts.models import AuditLog

        variant = product.variants.get()  # 250 baht
        sell(session, org_officer, variant, 1, key="sale-before-1", cash=25000)
        closed = actions.pos_session_close(session=session, counted_cash_satang=100000, by=org_officer, at=AT)
        # 500 float + 250 sold = 750 expected; 1,000 counted looks like 250 too much in the drawer
        assert (closed.expected_cash_satang, closed.difference_satang) == (75000, 25000)

        order, created = sell(session, org_officer, variant, 1, key="sale-offline-1", cash=30000)

        closed.refresh_from_db()
        assert created and order.pos_session_id == closed.pk
        assert (closed.expected_cash_satang, closed.difference_satang) == (100000, 0)
        [recount] = closed.recounts.all()
        assert (recount.order, recount.expected_before_satang, recount.expected_after_satang) == (
            order,
            75000,
            100000,
        )
        assert (recount.difference_before_satang, recount.difference_after_satang) == (25000, 0)
        log = AuditLog.objects.get(object_type="commerce.possession", object_id=str(closed.pk))
        assert log.detail["difference_before"] == 25000 and log.detail["difference_after"] == 0

    def test_syncing_the_same_late_sale_again_changes_nothing_more(self, session, org_officer, product):
        variant = product.variants.get()
        actions.pos_session_close(session=session, counted_cash_satang=50000, by=org_officer, at=AT)

        sell(session, org_officer, variant, 1, key="sale-offline-2", cash=25000)
        sell(session, org_officer, variant, 1, key="sale-offline-2", cash=25000)

        session.refresh_from_db()
        assert (session.expected_cash_satang, session.difference_satang) == (75000, -25000)
        assert session.recounts.count() == 1

    def test_a_promptpay_sale_synced_late_leaves_the_cash_figures_alone(self, session, org_officer, product):
        variant = product.variants.get()
        actions.pos_session_close(session=session, counted_cash_satang=50000, by=org_officer, at=AT)

        sell(session, org_officer, variant, 1, key="sale-offline-qr", method="PROMPTPAY")

        session.refresh_from_db()
        assert (session.expected_cash_satang, session.difference_satang) == (50000, 0)
        assert session.recounts.count() == 0

    def test_refunding_a_cash_sale_of_a_closed_session_recounts_it(self, session, org_officer, product):
        variant = product.variants.get()
        order, _created = sell(session, org_officer, variant, 1, key="sale-refund-1", cash=25000)
        actions.pos_session_close(session=session, counted_cash_satang=75000, by=org_officer, at=AT)

        actions.order_refund(order=order, by=org_officer, at=AT + dt.timedelta(hours=1), reason="ของชำรุด")

        session.refresh_from_db()
        assert (session.expected_cash_satang, session.difference_satang) == (50000, 25000)

    def test_the_closing_page_shows_the_change(self, client, session, org_officer, product):
        variant = product.variants.get()
        actions.pos_session_close(session=session, counted_cash_satang=50000, by=org_officer, at=AT)
        order, _created = sell(session, org_officer, variant, 1, key="sale-offline-3", cash=25000)
        client.force_login(org_officer)

        page = client.get(reverse("commerce:pos-close", args=[session.pk])).content.decode()

        assert "เปลี่ยนแปลงหลังปิดรอบ" in page
        assert order.number in page
        assert "500.00 → 750.00" in page  # expected cash
        assert "0.00 → -250.00" in page  # difference: 250 baht short in the drawer now
