"""An order's life: slip, payment confirmed once, packing, S10 shipping, cancel and refund."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from thanrak.accounts.scope import OutsideScope
from thanrak.commerce import actions, queries
from thanrak.commerce.models import OrderStatus, StockBalance
from thanrak.commerce.tests import factories
from thanrak.commerce.tests.factories import AT
from thanrak.commerce.tests.test_checkout import buy

pytestmark = pytest.mark.django_db


def slip():
    return SimpleUploadedFile(
        "slip.jpg", factories.png_bytes((400, 700), fmt="JPEG"), content_type="image/jpeg"
    )


@pytest.fixture
def order(product, bands):
    return buy(product.variants.get(), 2)[0]


class TestPaymentConfirm:
    def test_needs_the_buyers_slip(self, org_officer, order):
        with pytest.raises(actions.CannotChangeOrder):
            actions.order_payment_confirm(order=order, by=org_officer, at=AT)

    def test_confirming_twice_has_one_effect(self, org_officer, order):
        actions.order_slip_upload(order=order, upload=slip(), at=AT)

        first, changed = actions.order_payment_confirm(order=order, by=org_officer, at=AT)
        again, changed_again = actions.order_payment_confirm(
            order=order, by=org_officer, at=AT + dt.timedelta(hours=1)
        )

        assert (changed, changed_again) == (True, False)
        assert again.status == OrderStatus.PAID and again.paid_at == AT
        assert order.events.filter(status=OrderStatus.PAID).count() == 1

    def test_an_officer_of_another_organisation_cannot_confirm(self, order, national_manager, make_user):
        from thanrak.registry.actions import organisation_officer_assign
        from thanrak.registry.tests import factories as registry

        stranger = make_user("other_treasurer", "ORG_OFFICER")
        organisation_officer_assign(
            user=stranger, organisation=registry.organisation(by=national_manager), by=national_manager
        )
        actions.order_slip_upload(order=order, upload=slip(), at=AT)

        with pytest.raises(OutsideScope):
            actions.order_payment_confirm(order=order, by=stranger, at=AT)


class TestOrderShip:
    def paid(self, order, by):
        actions.order_slip_upload(order=order, upload=slip(), at=AT)
        actions.order_payment_confirm(order=order, by=by, at=AT)
        return actions.order_pack(order=order, by=by, at=AT)

    def test_ships_with_a_valid_thailand_post_number(self, org_officer, order):
        self.paid(order, org_officer)

        shipped = actions.order_ship(
            order=order, carrier="TP_EMS", tracking_number="ei 217050620 th", by=org_officer, at=AT
        )

        assert shipped.status == OrderStatus.SHIPPED
        assert shipped.shipments.get().tracking_number == "EI217050620TH"

    def test_refuses_a_thailand_post_number_with_a_wrong_check_digit(self, org_officer, order):
        self.paid(order, org_officer)

        with pytest.raises(actions.CannotChangeOrder) as exc:
            actions.order_ship(
                order=order, carrier="TP_EMS", tracking_number="EI217050621TH", by=org_officer, at=AT
            )
        assert exc.value.field == "tracking_number"

    def test_cannot_ship_an_unpaid_order(self, org_officer, order):
        with pytest.raises(actions.CannotChangeOrder):
            actions.order_ship(order=order, carrier="KERRY", tracking_number="KEX123", by=org_officer, at=AT)

    def test_a_refund_returns_the_goods_to_stock(self, org_officer, order):
        self.paid(order, org_officer)

        actions.order_refund(order=order, by=org_officer, at=AT, reason="สินค้าชำรุด")

        assert order.lines.get().variant.balances.get().quantity == 10
        order.refresh_from_db()
        assert order.status == OrderStatus.REFUNDED


class TestOrderCancel:
    def test_returns_the_reserved_stock(self, org_officer, order):
        actions.order_cancel(order=order, by=org_officer, at=AT, reason="ลูกค้าขอยกเลิก")

        assert StockBalance.objects.get(variant=order.lines.get().variant).quantity == 10

    def test_unpaid_orders_expire_after_a_while(self, order):
        cancelled = actions.orders_expire_unpaid(
            placed_before=AT + dt.timedelta(days=2), at=AT + dt.timedelta(days=2)
        )

        order.refresh_from_db()
        assert cancelled == 1 and order.status == OrderStatus.CANCELLED


class TestCashOnDelivery:
    def test_is_packed_shipped_and_paid_on_delivery(self, org_officer, product, bands):
        [order] = buy(product.variants.get(), 1, payment="COD", key="cod-order-1")

        actions.order_pack(order=order, by=org_officer, at=AT)
        actions.order_ship(order=order, carrier="KERRY", tracking_number="KEX00012345", by=org_officer, at=AT)
        delivered = actions.order_deliver(order=order, by=org_officer, at=AT)

        assert delivered.status == OrderStatus.DELIVERED and delivered.paid_at == AT


class TestOrderTrack:
    def test_the_buyer_finds_the_order_with_number_and_phone(self, order):
        assert queries.order_track(number=order.number.lower(), phone="089-123-4567") == order

    def test_a_tampered_number_or_another_phone_shows_nothing(self, order):
        tampered = order.number[:-1] + ("A" if order.number[-1] != "A" else "B")

        assert queries.order_track(number=tampered, phone="0891234567") is None
        assert queries.order_track(number=order.number, phone="0812345678") is None


class TestExpiryCommand:
    def test_cancels_old_unpaid_orders(self, order):
        from io import StringIO

        from django.core.management import call_command

        out = StringIO()
        call_command("commerce_expire_orders", "--hours", "0", stdout=out)

        order.refresh_from_db()
        assert order.status == OrderStatus.CANCELLED and out.getvalue().startswith("1 ")
