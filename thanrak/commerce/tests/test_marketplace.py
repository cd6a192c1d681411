"""Shopee and Lazada: mass-upload listing files out, order exports in, idempotently."""

import io

import pytest
from openpyxl import load_workbook

from thanrak.commerce import actions, marketplace
from thanrak.commerce.models import Order, StockBalance, StockMovement
from thanrak.commerce.tests import factories
from thanrak.commerce.tests.factories import AT
from thanrak.core.tabular import write_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def honey(org_officer, shop):
    return factories.product(
        by=org_officer,
        shop=shop,
        name_th="น้ำผึ้งดอกลำไย",
        category="FOOD",
        stock=20,
        variants=[
            {
                "sku": "HONEY-250",
                "name": "250 ก.",
                "price_satang": 12050,
                "weight_g": 300,
                "length_mm": 60,
                "width_mm": 60,
                "height_mm": 120,
            },
            {"sku": "HONEY-1000", "name": "1 กก.", "price_satang": 35000, "weight_g": 1100},
        ],
    )


def sheet(content: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))


class TestListingExport:
    def test_shopee_file_has_its_required_columns_and_one_row_per_variant(self, honey):
        result = marketplace.shopee_listing(
            [honey],
            stock={v.pk: 20 for v in honey.variants.all()},
            category_ids={"FOOD": "100629"},
            image_urls={},
        )

        rows = sheet(result.content)
        header = rows[0]
        for column in (
            "Product Name",
            "Parent SKU",
            "Variation Integration No.",
            "SKU",
            "Price",
            "Stock",
            "Weight",
        ):
            assert column in header
        assert len(rows) == 3
        first = dict(zip(header, rows[1], strict=True))
        assert (first["Category"], first["Parent SKU"], first["Price"], first["Stock"]) == (
            "100629",
            f"P{honey.pk}",
            121,
            20,
        )
        assert any("HONEY-250" in w and "121" in w for w in result.warnings)  # 120.50 rounded to whole baht

    def test_lazada_file_names_missing_package_sizes(self, honey):
        result = marketplace.lazada_listing([honey], stock={}, category_ids={}, image_urls={})

        rows = sheet(result.content)
        assert {"PrimaryCategory", "SellerSku", "package_weight", "package_length"} <= set(rows[0])
        assert dict(zip(rows[0], rows[1], strict=True))["Price"] == 120.5
        assert any("HONEY-1000" in w for w in result.warnings)
        assert any("Lazada category" in w or "Lazada" in w for w in result.warnings)


class TestOrderImport:
    def shopee_csv(self, rows):
        return write_csv(
            [
                "Order ID",
                "Order Status",
                "Order Creation Date",
                "SKU Reference No.",
                "Deal Price",
                "Quantity",
                "Province",
            ],
            rows,
        )

    def test_imports_sales_and_takes_stock_once_per_order_id(self, org_officer, shop, honey):
        data = self.shopee_csv(
            [
                ["2611250001", "Completed", "2026-11-20 10:00", "HONEY-250", "120.50", "2", "พะเยา"],
                ["2611250001", "Completed", "2026-11-20 10:00", "HONEY-1000", "350", "1", "พะเยา"],
                ["2611250002", "Cancelled", "2026-11-21 09:00", "HONEY-250", "120.50", "1", "เชียงราย"],
                ["2611250003", "Completed", "2026-11-22 09:00", "NOT-OURS", "99", "1", "ลำปาง"],
            ]
        )

        first = actions.marketplace_orders_import(
            shop=shop, marketplace="SHOPEE", data=data, filename="Order.all.csv", by=org_officer, at=AT
        )
        again = actions.marketplace_orders_import(
            shop=shop, marketplace="SHOPEE", data=data, filename="Order.all.csv", by=org_officer, at=AT
        )

        assert (first.orders_created, first.orders_already_known, first.unknown_skus) == (2, 0, ["NOT-OURS"])
        assert (again.orders_created, again.orders_already_known) == (0, 2)
        sale = Order.objects.get(external_id="2611250001")
        assert sale.total_satang == 2 * 12050 + 35000 and sale.channel == "SHOPEE"
        assert StockBalance.objects.get(variant__sku="HONEY-250").quantity == 18
        assert Order.objects.get(external_id="2611250002").status == "CANCELLED"

    def test_lazada_rows_without_quantity_count_one_each(self, org_officer, shop, honey):
        data = write_csv(
            ["orderNumber", "status", "createTime", "sellerSku", "unitPrice"],
            [
                ["L1", "delivered", "2026-11-20", "HONEY-250", "120.50"],
                ["L1", "delivered", "2026-11-20", "HONEY-250", "120.50"],
            ],
        )

        actions.marketplace_orders_import(
            shop=shop, marketplace="LAZADA", data=data, filename="lazada.csv", by=org_officer, at=AT
        )

        assert Order.objects.get(external_id="L1").total_satang == 24100

    def test_a_file_without_the_required_columns_is_refused_whole(self, org_officer, shop, honey):
        with pytest.raises(marketplace.CannotReadOrders) as exc:
            actions.marketplace_orders_import(
                shop=shop,
                marketplace="SHOPEE",
                data=write_csv(["x"], [["1"]]),
                filename="x.csv",
                by=org_officer,
                at=AT,
            )
        assert exc.value.code == "file_lacks_columns" and "Order ID" in exc.value.params["columns"]
        assert not Order.objects.exists()

    def test_bad_rows_are_named_and_the_rest_imported(self, org_officer, shop, honey):
        data = self.shopee_csv(
            [
                ["A1", "Completed", "2026-11-20", "HONEY-250", "abc", "1", ""],
                ["A2", "Completed", "2026-11-20", "HONEY-250", "120.50", "1", ""],
            ]
        )

        result = actions.marketplace_orders_import(
            shop=shop, marketplace="SHOPEE", data=data, filename="x.csv", by=org_officer, at=AT
        )

        assert result.orders_created == 1
        assert result.issues[0]["row"] == 2 and result.issues[0]["column"] == "Deal Price"


SHOPEE_HEADER = [
    "Order ID",
    "Order Status",
    "Order Creation Date",
    "SKU Reference No.",
    "Deal Price",
    "Quantity",
    "Province",
]


def shopee(rows):  # noqa: ANN001, ANN201
    return write_csv(SHOPEE_HEADER, rows)


def stock_of(sku: str) -> int:
    return StockBalance.objects.get(variant__sku=sku).quantity


class TestOrderStatusChangesOnReimport:
    """A later export of the same orders brings their new status: stock and sales stay whole."""

    def run(self, user, shop, rows, name="Order.all.csv"):  # noqa: ANN001, ANN201
        return actions.marketplace_orders_import(
            shop=shop, marketplace="SHOPEE", data=shopee(rows), filename=name, by=user, at=AT
        )

    def test_a_delivered_order_later_cancelled_returns_its_stock_exactly_once(self, org_officer, shop, honey):
        self.run(
            org_officer, shop, [["S1", "Completed", "2026-11-20 10:00", "HONEY-250", "120.50", "3", "พะเยา"]]
        )
        assert stock_of("HONEY-250") == 17

        later = self.run(
            org_officer, shop, [["S1", "Cancelled", "2026-11-20 10:00", "HONEY-250", "120.50", "3", "พะเยา"]]
        )
        again = self.run(
            org_officer, shop, [["S1", "Cancelled", "2026-11-20 10:00", "HONEY-250", "120.50", "3", "พะเยา"]]
        )

        order = Order.objects.get(external_id="S1")
        assert order.status == "CANCELLED"
        assert stock_of("HONEY-250") == 20
        assert (later.orders_updated, later.orders_already_known, later.orders_created) == (1, 0, 0)
        assert later.changes == [
            {
                "row": 2,
                "order": "S1",
                "number": order.number,
                "from": "DELIVERED",
                "to": "CANCELLED",
                "stock": 3,
                "reason_th": "คำสั่งซื้อ S1: ส่งถึงแล้ว → ยกเลิกแล้ว คืนเข้าสต็อก 3 ชิ้น",
                "reason_en": "Order S1: Delivered → Cancelled, 3 pieces back in stock.",
            }
        ]
        assert (again.orders_updated, again.orders_already_known, again.changes) == (0, 1, [])
        assert StockMovement.objects.filter(order=order, kind="RETURN").count() == 1
        assert not Order.objects.filter(pk=order.pk).sold().exists()
        assert list(order.events.values_list("status", flat=True)) == ["DELIVERED", "CANCELLED"]

    def test_a_returned_order_is_refunded_and_leaves_the_sales(self, org_officer, shop, honey):
        self.run(org_officer, shop, [["S2", "Completed", "2026-11-20", "HONEY-1000", "350", "2", ""]])

        self.run(org_officer, shop, [["S2", "Returned", "2026-11-20", "HONEY-1000", "350", "2", ""]])

        assert Order.objects.get(external_id="S2").status == "REFUNDED"
        assert stock_of("HONEY-1000") == 20
        assert not Order.objects.sold().filter(external_id="S2").exists()

    def test_an_unpaid_order_takes_no_stock_until_it_is_paid(self, org_officer, shop, honey):
        first = self.run(org_officer, shop, [["S3", "Unpaid", "2026-11-20", "HONEY-250", "120.50", "4", ""]])
        assert Order.objects.get(external_id="S3").status == "PENDING_PAYMENT"
        assert stock_of("HONEY-250") == 20
        assert first.changes[0]["stock"] == 0

        paid = self.run(
            org_officer, shop, [["S3", "Completed", "2026-11-20", "HONEY-250", "120.50", "4", ""]]
        )
        self.run(org_officer, shop, [["S3", "Completed", "2026-11-20", "HONEY-250", "120.50", "4", ""]])

        order = Order.objects.get(external_id="S3")
        assert order.status == "DELIVERED" and order.paid_at is not None
        assert stock_of("HONEY-250") == 16
        assert paid.changes[0]["stock"] == -4 and paid.changes[0]["reason_en"].endswith(
            "4 pieces taken from stock."
        )

    def test_a_paid_order_that_the_stock_cannot_cover_is_refused_on_its_row_and_stays_unpaid(
        self, org_officer, shop, honey
    ):
        self.run(
            org_officer,
            shop,
            [
                ["S4", "Unpaid", "2026-11-20", "HONEY-250", "120.50", "25", ""],
                ["S5", "Unpaid", "2026-11-20", "HONEY-1000", "350", "1", ""],
            ],
        )

        result = self.run(
            org_officer,
            shop,
            [
                ["S4", "Completed", "2026-11-20", "HONEY-250", "120.50", "25", ""],
                ["S5", "Completed", "2026-11-20", "HONEY-1000", "350", "1", ""],
            ],
        )

        assert Order.objects.get(external_id="S4").status == "PENDING_PAYMENT"
        assert stock_of("HONEY-250") == 20
        [issue] = result.issues
        assert issue["row"] == 2 and issue["column"] == "Order Status"
        assert (
            "S4" in issue["reason_th"]
            and "มีในสต็อกเพียง 20" in issue["reason_th"]
            and "ต้องการ 25" in issue["reason_th"]
        )
        # the other order in the file still goes through
        assert Order.objects.get(external_id="S5").status == "DELIVERED" and stock_of("HONEY-1000") == 19

        shelf = honey.variants.get(sku="HONEY-250")
        actions.stock_receive(
            variant=shelf,
            location=shop.locations.get(is_default=True),
            quantity=10,
            reason="ผลิตเพิ่ม",
            by=org_officer,
            at=AT,
        )
        retry = self.run(
            org_officer, shop, [["S4", "Completed", "2026-11-20", "HONEY-250", "120.50", "25", ""]]
        )

        assert retry.issues == [] and retry.orders_updated == 1
        assert stock_of("HONEY-250") == 5

    def test_a_paid_order_does_not_become_unpaid_again(self, org_officer, shop, honey):
        self.run(org_officer, shop, [["S6", "Completed", "2026-11-20", "HONEY-250", "120.50", "1", ""]])

        result = self.run(org_officer, shop, [["S6", "Unpaid", "2026-11-20", "HONEY-250", "120.50", "1", ""]])

        assert Order.objects.get(external_id="S6").status == "DELIVERED" and stock_of("HONEY-250") == 19
        assert (
            "S6" in result.issues[0]["reason_en"] and "cannot become unpaid" in result.issues[0]["reason_en"]
        )

    def test_the_page_reports_each_row_that_changed(self, client, org_officer, shop, honey):
        from django.core.files.uploadedfile import SimpleUploadedFile
        from django.urls import reverse

        self.run(org_officer, shop, [["S7", "Completed", "2026-11-20", "HONEY-250", "120.50", "2", ""]])
        client.force_login(org_officer)
        upload = SimpleUploadedFile(
            "Order.later.csv",
            shopee([["S7", "ยกเลิกแล้ว", "2026-11-20", "HONEY-250", "120.50", "2", ""]]),
            "text/csv",
        )

        response = client.post(
            reverse("commerce:marketplace-import", args=[shop.pk]),
            {"import-marketplace": "SHOPEE", "import-file": upload},
            follow=True,
        )

        page = response.content.decode()
        assert "คำสั่งซื้อใหม่ 0 รายการ เปลี่ยนสถานะ 1 รายการ" in page
        assert "คำสั่งซื้อ S7: ส่งถึงแล้ว → ยกเลิกแล้ว คืนเข้าสต็อก 2 ชิ้น" in page
        assert stock_of("HONEY-250") == 20
