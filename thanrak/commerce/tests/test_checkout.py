"""Guest checkout: stock reserved atomically, server prices, one order per double click."""

import threading

import pytest
from django.db import connection

from thanrak.commerce import actions
from thanrak.commerce.actions import CartItem
from thanrak.commerce.models import Order, OrderStatus, StockBalance, StockMovement
from thanrak.commerce.tests import factories
from thanrak.commerce.tests.factories import AT

pytestmark = pytest.mark.django_db

ADDRESS = {
    "buyer_name": "สมหญิง ซื้อดี",
    "buyer_phone": "089-123-4567",
    "address_line": "12 ถ.พหลโยธิน",
    "area_code": "560101",
    "postal_code": "56000",
}


def buy(
    variant, quantity=1, *, key="key-00000001", price=None, carrier="TP_EMS", payment="PROMPTPAY", **overrides
):
    data = {**ADDRESS, **overrides}
    return actions.checkout(
        items=[CartItem(variant.pk, quantity, price)],
        carrier=carrier,
        payment_method=payment,
        idempotency_key=key,
        at=AT,
        **data,
    )


def left(variant):
    return StockBalance.objects.get(variant=variant).quantity


class TestCheckout:
    def test_places_an_order_and_reserves_the_stock(self, product, bands):
        variant = product.variants.get()

        [order] = buy(variant, 3, price=25000)

        assert order.status == OrderStatus.PENDING_PAYMENT
        assert (order.subtotal_satang, order.shipping_satang, order.total_satang) == (75000, 9000, 84000)
        assert order.buyer_phone == "0891234567"
        assert left(variant) == 7
        assert StockMovement.objects.filter(order=order, kind="SALE").get().quantity == -3

    def test_refuses_a_stale_price_and_says_the_new_one(self, product, bands):
        variant = product.variants.get()

        with pytest.raises(actions.CannotCheckout) as exc:
            buy(variant, 1, price=100)

        assert exc.value.code == "price_now_baht_please" and exc.value.params["price"] == "250.00"
        assert Order.objects.count() == 0 and left(variant) == 10

    @pytest.mark.parametrize("quantity", [0, -1, 1_000_000])
    def test_refuses_silly_quantities(self, product, bands, quantity):
        with pytest.raises(actions.CannotCheckout) as exc:
            buy(product.variants.get(), quantity)
        assert exc.value.field == "items.0.quantity"

    def test_refuses_more_than_is_left_and_writes_nothing(self, product, bands):
        variant = product.variants.get()

        with pytest.raises(actions.OutOfStock):
            buy(variant, 11)

        assert Order.objects.count() == 0 and left(variant) == 10

    def test_refuses_an_unknown_product(self, bands, shop):
        from thanrak.commerce.models import Variant

        with pytest.raises(Variant.DoesNotExist):
            actions.checkout(
                items=[CartItem(999999, 1)],
                carrier="TP_EMS",
                payment_method="COD",
                idempotency_key="key-00000009",
                at=AT,
                **ADDRESS,
            )

    def test_a_double_clicked_pay_makes_one_order(self, product, bands):
        variant = product.variants.get()

        first = buy(variant, 2, key="double-click-1")
        second = buy(variant, 2, key="double-click-1")

        assert first == second
        assert Order.objects.count() == 1 and left(variant) == 8

    def test_the_postal_code_must_belong_to_the_subdistrict(self, product, bands):
        with pytest.raises(actions.CannotCheckout) as exc:
            buy(product.variants.get(), postal_code="10200")
        assert exc.value.field == "postal_code"

    def test_a_cart_across_two_shops_makes_one_order_per_shop(self, product, bands, national_manager):
        from thanrak.registry.tests import factories as registry

        other = factories.shop(by=national_manager, organisation=registry.organisation(by=national_manager))
        honey = factories.product(by=national_manager, shop=other, name_th="น้ำผึ้ง", category="FOOD")

        orders = actions.checkout(
            items=[CartItem(product.variants.get().pk, 1), CartItem(honey.variants.get().pk, 2)],
            carrier="KERRY",
            payment_method="COD",
            idempotency_key="two-shops-1",
            at=AT,
            **ADDRESS,
        )

        assert sorted(o.shop_id for o in orders) == sorted([product.shop_id, other.pk])

    def test_shipping_uses_the_shops_own_weight_bands_first(self, org_officer, product, bands):
        actions.shipping_band_set(
            shop=product.shop, by=org_officer, carrier="TP_EMS", max_weight_g=2000, fee_satang=3900
        )

        [order] = buy(product.variants.get(), 2)

        assert order.weight_g == 800 and order.shipping_satang == 3900

    def test_pickup_needs_no_address_and_costs_nothing_to_ship(self, product, bands):
        [order] = buy(
            product.variants.get(), 1, carrier="PICKUP", address_line="", area_code="", postal_code=""
        )

        assert order.shipping_satang == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
class TestParallelCheckout:
    def test_fifty_buyers_for_the_last_ten_units_make_exactly_ten_orders(
        self, org_officer, shop, national_manager
    ):
        factories.default_bands(by=national_manager)
        variant = factories.product(by=org_officer, shop=shop, stock=10).variants.get()
        results: list[str] = []
        barrier = threading.Barrier(50)

        def buyer(i: int) -> None:
            barrier.wait()
            try:
                buy(variant, 1, key=f"parallel-buyer-{i:03d}")
                results.append("ok")
            except actions.OutOfStock:
                results.append("sold out")
            finally:
                connection.close()

        threads = [threading.Thread(target=buyer, args=(i,)) for i in range(50)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

        assert results.count("ok") == 10 and results.count("sold out") == 40
        assert Order.objects.count() == 10
        assert left(variant) == 0


class TestTextInput:
    def test_control_characters_never_reach_the_database(self, product, bands):
        [order] = buy(product.variants.get(), 1, key="nul-in-name-1", buyer_name="สม\x00หญิง\x07")

        assert order.buyer_name == "สมหญิง"
