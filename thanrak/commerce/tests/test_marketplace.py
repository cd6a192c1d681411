"""Shopee and Lazada: mass-upload listing files out, order exports in, idempotently."""

import io

import pytest
from openpyxl import load_workbook

from thanrak.commerce import actions, marketplace
from thanrak.commerce.models import Order, StockBalance
from thanrak.commerce.tests import factories
from thanrak.commerce.tests.factories import AT
from thanrak.core.tabular import write_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def honey(org_officer, shop):
    return factories.product(
        by=org_officer, shop=shop, name_th="น้ำผึ้งดอกลำไย", category="FOOD", stock=20,
        variants=[{"sku": "HONEY-250", "name": "250 ก.", "price_satang": 12050, "weight_g": 300, "length_mm": 60, "width_mm": 60, "height_mm": 120},
                  {"sku": "HONEY-1000", "name": "1 กก.", "price_satang": 35000, "weight_g": 1100}],
    )  # fmt: skip


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
        data = self.shopee_csv([
            ["2611250001", "Completed", "2026-11-20 10:00", "HONEY-250", "120.50", "2", "พะเยา"],
            ["2611250001", "Completed", "2026-11-20 10:00", "HONEY-1000", "350", "1", "พะเยา"],
            ["2611250002", "Cancelled", "2026-11-21 09:00", "HONEY-250", "120.50", "1", "เชียงราย"],
            ["2611250003", "Completed", "2026-11-22 09:00", "NOT-OURS", "99", "1", "ลำปาง"],
        ])  # fmt: skip

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
        assert "Order ID" in str(exc.value)
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
