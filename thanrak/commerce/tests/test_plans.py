"""The pure cores of checkout and the marketplace import, without a database."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thanrak.commerce.errors import CannotCheckout, CannotUsePos
from thanrak.commerce.marketplace import ParsedLine, ParsedOrder, ParsedOrders
from thanrak.commerce.models import Carrier, OrderStatus, PaymentMethod
from thanrak.commerce.plans import (
    MAX_LINE_QUANTITY,
    Band,
    Buyer,
    CartItem,
    CartShop,
    CartVariant,
    KnownLine,
    KnownOrder,
    MarketplaceStatusChange,
    NewMarketplaceOrder,
    PosItem,
    merge_cart,
    plan_checkout,
    plan_marketplace_import,
    plan_pos_sale,
    shipping_fee_for,
)

AT = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)
SOAP = CartVariant(id=1, shop_id=10, label="Soap", price_satang=5_000, weight_g=200)
SCARF = CartVariant(id=2, shop_id=10, label="Scarf", price_satang=35_000, weight_g=300)
HONEY = CartVariant(id=3, shop_id=20, label="Honey", price_satang=12_000, weight_g=800)
VARIANTS = {v.id: v for v in (SOAP, SCARF, HONEY)}
POST_BANDS = (Band(1_000, 4_000), Band(5_000, 9_000))
SHOPS = {
    10: CartShop(name="Weavers", location_id=100, takes_promptpay=True, bands=POST_BANDS),
    20: CartShop(name="Bees", location_id=200, takes_promptpay=True),
}
DELIVERY = Buyer(
    name="  Somchai   Jaidee ",
    phone="081-234-5678",
    address_line="12 Moo 3",
    area_code="10010101",
    postal_code="10200",
    carrier=Carrier.KERRY,
    payment_method=PaymentMethod.PROMPTPAY,
)
PICKUP = Buyer("Somchai", "0812345678", "", "", "", Carrier.PICKUP, PaymentMethod.PROMPTPAY)


def plan(items, *, buyer=DELIVERY, variants=VARIANTS, shops=SHOPS, postal_codes=("10200",), default=()):
    return plan_checkout(
        items=items,
        variants={v: variants[v] for v in {i.variant_id for i in items}},
        buyer=buyer,
        postal_codes=postal_codes,
        shops=shops,
        default_bands=default,
    )


class TestShippingFee:
    def test_takes_the_lightest_band_that_carries_the_weight(self):
        assert shipping_fee_for(carrier=DELIVERY.carrier, weight_g=1_200, own=POST_BANDS, default=()) == 9_000

    def test_uses_the_platform_table_when_the_shop_has_none(self):
        fee = shipping_fee_for(carrier=DELIVERY.carrier, weight_g=0, own=(), default=(Band(2_000, 3_000),))
        assert fee == 3_000

    def test_pickup_is_free(self):
        assert shipping_fee_for(carrier=Carrier.PICKUP, weight_g=99_999, own=(), default=()) == 0

    def test_refuses_a_parcel_heavier_than_every_band(self):
        with pytest.raises(CannotCheckout) as exc:
            shipping_fee_for(carrier=DELIVERY.carrier, weight_g=5_001, own=POST_BANDS, default=())
        assert exc.value.code == "parcel_too_heavy_carrier"

    def test_refuses_a_carrier_without_any_table(self):
        with pytest.raises(CannotCheckout) as exc:
            shipping_fee_for(carrier=DELIVERY.carrier, weight_g=10, own=(), default=())
        assert exc.value.code == "shop_does_ship_carrier"


class TestMergeCart:
    def test_adds_up_a_variant_put_twice_in_the_cart(self):
        merged = merge_cart([CartItem(1, 2), CartItem(2, 1), CartItem(1, 3, 5_000)])
        assert merged == {1: CartItem(1, 5, 5_000), 2: CartItem(2, 1)}

    def test_refuses_a_line_over_the_maximum_once_merged(self):
        with pytest.raises(CannotCheckout) as exc:
            merge_cart([CartItem(1, MAX_LINE_QUANTITY), CartItem(1, 1)])
        assert exc.value.code == "order_between_pieces_each" and exc.value.field == "items.1.quantity"

    def test_refuses_a_negative_quantity_even_after_a_positive_one(self):
        with pytest.raises(CannotCheckout) as exc:
            merge_cart([CartItem(1, 5), CartItem(1, -1)])
        assert exc.value.field == "items.1.quantity"

    def test_refuses_an_empty_cart(self):
        with pytest.raises(CannotCheckout) as exc:
            merge_cart([])
        assert exc.value.code == "cart_empty"

    @given(st.lists(st.tuples(st.integers(1, 3), st.integers(1, 400)), min_size=1, max_size=20))
    def test_merged_quantities_are_the_cart_totals_or_the_cart_is_refused(self, rows):
        items = [CartItem(v, q) for v, q in rows]
        totals: dict[int, int] = {}
        for v, q in rows:
            totals[v] = totals.get(v, 0) + q
        try:
            merged = merge_cart(items)
        except CannotCheckout:
            assert max(totals.values()) > MAX_LINE_QUANTITY
        else:
            assert {v: i.quantity for v, i in merged.items()} == totals


class TestPlanCheckout:
    def test_prices_one_order_per_shop_with_weight_and_fee(self):
        result = plan([CartItem(3, 1), CartItem(1, 2), CartItem(2, 1)], default=(Band(3_000, 5_000),))
        weavers, bees = result.orders
        assert (weavers.shop_id, weavers.location_id, weavers.weight_g) == (10, 100, 700)
        assert [(ln.variant_id, ln.quantity, ln.unit_price_satang) for ln in weavers.lines] == [
            (1, 2, 5_000),
            (2, 1, 35_000),
        ]
        assert (weavers.subtotal_satang, weavers.shipping_satang, weavers.total_satang) == (
            45_000,
            4_000,
            49_000,
        )
        assert (bees.subtotal_satang, bees.shipping_satang, bees.total_satang) == (12_000, 5_000, 17_000)

    def test_cleans_the_buyer_details(self):
        result = plan([CartItem(1, 1)])
        assert (result.buyer_name, result.buyer_phone) == ("Somchai Jaidee", "0812345678")
        assert (result.area_code, result.postal_code) == ("100101", "10200")

    def test_a_pickup_keeps_no_area_and_pays_no_shipping(self):
        result = plan([CartItem(1, 1)], buyer=PICKUP, postal_codes=None)
        assert (result.area_code, result.postal_code, result.orders[0].shipping_satang) == ("", "", 0)

    def test_refuses_a_price_the_server_no_longer_asks(self):
        with pytest.raises(CannotCheckout) as exc:
            plan([CartItem(1, 1, price_satang=4_500)])
        assert exc.value.code == "price_now_baht_please" and exc.value.field == "items.0.price_satang"
        assert exc.value.params["price"] == "50.00"

    @pytest.mark.parametrize(
        ("change", "code"),
        [
            ({"name": " "}, "write_your_name"),
            ({"phone": "12345"}, "write_thai_phone_number"),
            ({"carrier": "PIGEON"}, "choose_how_receive_goods"),
            ({"address_line": ""}, "write_house_number_road"),
            ({"postal_code": "50000"}, "postal_code_does_match"),
            ({"payment_method": "CASH"}, "choose_promptpay_cash_delivery"),
        ],
    )
    def test_refuses_what_the_buyer_left_wrong(self, change, code):
        buyer = Buyer(**{**DELIVERY.__dict__, **change})
        with pytest.raises(CannotCheckout) as exc:
            plan([CartItem(1, 1)], buyer=buyer)
        assert exc.value.code == code

    def test_refuses_an_unknown_subdistrict(self):
        with pytest.raises(CannotCheckout) as exc:
            plan([CartItem(1, 1)], postal_codes=None)
        assert exc.value.code == "choose_province_district_subdistrict"

    def test_refuses_cash_on_delivery_for_a_pickup(self):
        buyer = Buyer(**{**PICKUP.__dict__, "payment_method": PaymentMethod.COD})
        with pytest.raises(CannotCheckout) as exc:
            plan([CartItem(1, 1)], buyer=buyer)
        assert exc.value.code == "cash_delivery_needs_delivery"

    def test_refuses_promptpay_at_a_shop_without_an_account(self):
        shops = {**SHOPS, 20: CartShop(name="Bees", location_id=200, takes_promptpay=False)}
        with pytest.raises(CannotCheckout) as exc:
            plan([CartItem(3, 1)], shops=shops, default=(Band(3_000, 5_000),))
        assert exc.value.code == "does_take_promptpay_yet" and exc.value.params == {"shop": "Bees"}

    def test_refuses_a_shop_without_stock_to_sell_online(self):
        shops = {**SHOPS, 20: CartShop(name="Bees", location_id=None, takes_promptpay=True)}
        with pytest.raises(CannotCheckout) as exc:
            plan([CartItem(3, 1)], shops=shops)
        assert exc.value.code == "stock_sell_online"


def parsed(*orders: ParsedOrder) -> ParsedOrders:
    return ParsedOrders(orders=list(orders), issues=[], status_column="Order Status")


def order(external_id: str, state: str, *lines: tuple[str, int], row: int = 2) -> ParsedOrder:
    return ParsedOrder(
        external_id=external_id,
        placed_at=AT - dt.timedelta(days=1),
        state=state,
        province="Chiang Mai",
        rows=[row],
        lines=[ParsedLine(sku, q, 10_000) for sku, q in lines],
    )


def import_plan(file: ParsedOrders, *, known=None, stock=None):
    return plan_marketplace_import(
        parsed=file,
        variant_ids={"SOAP": 1, "SCARF": 2},
        known=known or {},
        stock=stock or {},
        location_id=100,
        at=AT,
    )


def known_order(status: str, *lines: tuple[int, int], on_payout: bool = False) -> KnownOrder:
    return KnownOrder(
        status=status,
        location_id=100,
        paid_at=None,
        lines=tuple(KnownLine(v, q, f"item {v}", on_payout) for v, q in lines),
    )


class TestPlanMarketplaceImport:
    def test_a_new_sold_order_is_created_with_its_known_lines(self):
        result = import_plan(parsed(order("S1", "sold", ("SOAP", 2), ("GHOST", 1))))
        (step,) = result.steps
        assert isinstance(step, NewMarketplaceOrder)
        assert (step.status, step.subtotal_satang, step.stock) == (OrderStatus.DELIVERED, 20_000, -2)
        assert step.paid_at == AT - dt.timedelta(days=1) and step.note == "Chiang Mai"
        assert result.unknown_skus == ("GHOST",)

    def test_a_new_unpaid_order_takes_no_stock_and_is_not_paid(self):
        (step,) = import_plan(parsed(order("S1", "unpaid", ("SOAP", 2)))).steps
        assert (step.status, step.stock, step.paid_at) == (OrderStatus.PENDING_PAYMENT, 0, None)

    def test_an_order_without_a_known_sku_is_an_issue(self):
        result = import_plan(parsed(order("S1", "sold", ("GHOST", 1), row=7)))
        assert result.steps == ()
        assert result.issues[0]["row"] == 7 and "S1" in result.issues[0]["reason_en"]

    def test_the_same_status_again_changes_nothing(self):
        result = import_plan(
            parsed(order("S1", "sold", ("SOAP", 2))), known={"S1": known_order(OrderStatus.DELIVERED, (1, 2))}
        )
        assert (result.steps, result.already_known, result.issues) == ((), 1, ())

    def test_a_cancelled_sale_brings_the_goods_back(self):
        result = import_plan(
            parsed(order("S1", "cancelled")), known={"S1": known_order(OrderStatus.DELIVERED, (1, 2), (2, 1))}
        )
        (step,) = result.steps
        assert isinstance(step, MarketplaceStatusChange)
        assert (step.before, step.target, step.stock) == (OrderStatus.DELIVERED, OrderStatus.CANCELLED, 3)

    def test_a_paid_order_cannot_become_unpaid(self):
        result = import_plan(
            parsed(order("S1", "unpaid")), known={"S1": known_order(OrderStatus.DELIVERED, (1, 2))}
        )
        assert result.steps == ()
        assert result.issues[0]["column"] == "Order Status" and "S1" in result.issues[0]["reason_en"]

    def test_a_sale_on_a_payout_statement_is_refunded_by_hand(self):
        result = import_plan(
            parsed(order("S1", "returned")),
            known={"S1": known_order(OrderStatus.DELIVERED, (1, 2), on_payout=True)},
        )
        assert result.steps == () and "payout" in result.issues[0]["reason_en"]

    def test_an_unpaid_order_paid_later_takes_its_goods_when_they_are_there(self):
        result = import_plan(
            parsed(order("S1", "sold")),
            known={"S1": known_order(OrderStatus.PENDING_PAYMENT, (1, 2))},
            stock={(1, 100): 2},
        )
        (step,) = result.steps
        assert (step.target, step.stock, step.paid_at) == (
            OrderStatus.DELIVERED,
            -2,
            AT - dt.timedelta(days=1),
        )

    def test_an_unpaid_order_paid_later_stays_unpaid_when_the_stock_is_short(self):
        result = import_plan(
            parsed(order("S1", "sold")),
            known={"S1": known_order(OrderStatus.PENDING_PAYMENT, (1, 2), (1, 1))},
            stock={(1, 100): 2},
        )
        assert result.steps == ()
        assert "only 2 of item 1 are in stock, 3 needed" in result.issues[0]["reason_en"]

    def test_goods_taken_by_an_earlier_order_of_the_file_are_not_there_for_a_later_one(self):
        result = import_plan(
            parsed(order("S2", "sold", ("SOAP", 2)), order("S1", "sold", row=3)),
            known={"S1": known_order(OrderStatus.PENDING_PAYMENT, (1, 1))},
            stock={(1, 100): 2},
        )
        assert [type(s) for s in result.steps] == [NewMarketplaceOrder]
        assert "only 0 of item 1" in result.issues[0]["reason_en"]


class TestPlanPosSale:
    def sale(self, items, *, method=PaymentMethod.CASH, cash=None, shop=(1, 2)):
        return plan_pos_sale(
            items=items, payment_method=method, cash_received_satang=cash, shop_variant_ids=set(shop)
        )

    def test_adds_up_the_lines_by_variant_and_price_and_gives_change(self):
        result = self.sale(
            [PosItem(2, 1, 300), PosItem(1, 2, 500), PosItem(1, 1, 500), PosItem(1, 1, 450)], cash=3_000
        )
        assert [(ln.variant_id, ln.quantity, ln.unit_price_satang) for ln in result.lines] == [
            (1, 1, 450),
            (1, 3, 500),
            (2, 1, 300),
        ]
        assert (result.total_satang, result.cash_received_satang, result.change_satang) == (2_250, 3_000, 750)

    def test_promptpay_keeps_no_cash_and_no_change(self):
        result = self.sale([PosItem(1, 1, 500)], method=PaymentMethod.PROMPTPAY, cash=9_999)
        assert (result.cash_received_satang, result.change_satang) == (None, None)

    @pytest.mark.parametrize(
        ("items", "method", "cash", "code", "field"),
        [
            ([PosItem(1, 1, 500)], "COD", None, "choose_cash_promptpay", "payment_method"),
            ([], PaymentMethod.CASH, 0, "sale_items", "items"),
            ([PosItem(1, 0, 500)], PaymentMethod.CASH, 0, "sell_between_pieces_item", "items.0.quantity"),
            ([PosItem(1, 1, 0)], PaymentMethod.CASH, 0, "each_item_needs_price", "items.0.unit_price_satang"),
            (
                [PosItem(1, 1, 5), PosItem(9, 1, 5)],
                PaymentMethod.CASH,
                10,
                "item_does_belong_shop",
                "items.1.variant_id",
            ),
            ([PosItem(1, 1, 500)], PaymentMethod.CASH, None, "cash_sale_needs_cash", "cash_received_satang"),
            (
                [PosItem(1, 2, 500)],
                PaymentMethod.CASH,
                999,
                "cash_received_less_total",
                "cash_received_satang",
            ),
        ],
    )
    def test_refuses_what_the_counter_cannot_record(self, items, method, cash, code, field):
        with pytest.raises(CannotUsePos) as exc:
            self.sale(items, method=method, cash=cash)
        assert (exc.value.code, exc.value.field) == (code, field)

    @given(
        st.lists(
            st.tuples(st.integers(1, 2), st.integers(1, 50), st.integers(1, 10_000)), min_size=1, max_size=30
        ),
        st.integers(0, 5_000_000),
    )
    def test_the_change_is_the_cash_less_the_total_of_every_piece(self, rows, cash):
        items = [PosItem(v, q, p) for v, q, p in rows]
        total = sum(q * p for _v, q, p in rows)
        try:
            result = self.sale(items, cash=cash)
        except CannotUsePos as exc:
            assert exc.code == "cash_received_less_total" and cash < total
        else:
            assert (
                result.total_satang == total == sum(ln.quantity * ln.unit_price_satang for ln in result.lines)
            )
            assert result.change_satang == cash - total >= 0
