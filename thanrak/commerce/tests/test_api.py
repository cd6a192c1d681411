"""The commerce API as a client uses it: public storefront operations and scoped shop operations."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from thanrak.commerce import actions
from thanrak.commerce.models import Order
from thanrak.commerce.promptpay import parse_payload
from thanrak.commerce.tests import factories
from thanrak.commerce.tests.factories import AT

pytestmark = pytest.mark.django_db

API = "/api/v1/commerce"


def order_body(variant, **overrides):
    body = {
        "items": [{"variant_id": variant.pk, "quantity": 2, "price_satang": variant.price_satang}],
        "buyer_name": "สมหญิง",
        "buyer_phone": "089-123-4567",
        "address_line": "1 ม.1",
        "area_code": "560101",
        "postal_code": "56000",
        "carrier": "TP_EMS",
        "payment_method": "PROMPTPAY",
        "idempotency_key": "api-checkout-0001",
    }
    body.update(overrides)
    return body


class TestPublicOperations:
    def test_lists_and_searches_without_login(self, client, product):
        listed = client.get(f"{API}/products", {"q": "แพรวา"}).json()

        assert listed["count"] == 1 and listed["items"][0]["id"] == product.pk

    def test_checkout_returns_the_promptpay_payload_for_the_total(self, client, product, bands):
        variant = product.variants.get()

        [order] = client.post(f"{API}/checkout", order_body(variant), content_type="application/json").json()

        assert order["total_satang"] == 2 * 25000 + 5000
        assert parse_payload(order["promptpay_payload"])["54"] == "550.00"

    def test_the_same_key_twice_makes_one_order(self, client, product, bands):
        variant = product.variants.get()

        first = client.post(f"{API}/checkout", order_body(variant), content_type="application/json").json()
        second = client.post(f"{API}/checkout", order_body(variant), content_type="application/json").json()

        assert first == second and Order.objects.count() == 1

    @pytest.mark.parametrize("quantity", [0, 1_000_000])
    def test_silly_quantities_are_refused(self, client, product, bands, quantity):
        body = order_body(product.variants.get())
        body["items"][0]["quantity"] = quantity

        response = client.post(f"{API}/checkout", body, content_type="application/json")

        assert response.status_code == 422 and response.json()["field"] == "items.0.quantity"

    def test_sold_out_is_a_conflict_and_a_changed_price_names_the_new_one(self, client, product, bands):
        variant = product.variants.get()
        body = order_body(variant)
        body["items"][0]["quantity"] = 11
        assert client.post(f"{API}/checkout", body, content_type="application/json").status_code == 409

        stale = order_body(variant, idempotency_key="api-checkout-0002")
        stale["items"][0]["price_satang"] = 100
        response = client.post(f"{API}/checkout", stale, content_type="application/json")
        assert response.status_code == 422 and response.json()["code"] == "price_now_baht_please"
        assert "250.00" in response.json()["detail"]

    def test_an_unknown_item_is_not_found(self, client, bands, shop):
        body = order_body(type("V", (), {"pk": 999999, "price_satang": 1})())

        assert client.post(f"{API}/checkout", body, content_type="application/json").status_code == 404

    def test_tracking_needs_number_and_phone(self, client, product, bands):
        [order] = client.post(
            f"{API}/checkout", order_body(product.variants.get()), content_type="application/json"
        ).json()

        found = client.post(
            f"{API}/orders/track",
            {"number": order["number"], "phone": "0891234567"},
            content_type="application/json",
        )
        wrong = client.post(
            f"{API}/orders/track",
            {"number": order["number"], "phone": "0800000000"},
            content_type="application/json",
        )

        assert found.status_code == 200 and wrong.status_code == 404


class TestScopedOperations:
    def test_confirming_a_payment_twice_reports_no_change(self, client, org_officer, product, bands):
        [order] = actions.checkout(
            items=[actions.CartItem(product.variants.get().pk, 1)],
            buyer_name="ก",
            buyer_phone="0891234567",
            address_line="1",
            area_code="560101",
            postal_code="56000",
            carrier="TP_EMS",
            payment_method="PROMPTPAY",
            idempotency_key="api-confirm-01",
            at=AT,
        )
        actions.order_slip_upload(
            order=order, upload=SimpleUploadedFile("s.jpg", factories.png_bytes(fmt="JPEG")), at=AT
        )
        client.force_login(org_officer)

        first = client.post(f"{API}/orders/{order.pk}/confirm-payment").json()
        second = client.post(f"{API}/orders/{order.pk}/confirm-payment").json()

        assert (first["changed"], second["changed"]) == (True, False)
        assert second["order"]["status"] == "PAID"

    def test_a_buyer_account_may_not_read_shop_orders(self, client, buyer, shop):
        client.force_login(buyer)

        assert client.get(f"{API}/shops/{shop.pk}/orders").status_code == 403

    def test_an_officer_elsewhere_does_not_find_the_shop(self, client, officer_elsewhere, shop):
        client.force_login(officer_elsewhere)

        assert client.get(f"{API}/shops/{shop.pk}/orders").status_code == 404
        assert client.get(f"{API}/shops").json() == []
