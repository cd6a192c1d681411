"""Sales figures by channel, area and product; members' shares and payout statements."""

import datetime as dt

import pytest

from thanrak.commerce import actions, queries
from thanrak.commerce.actions import PosItem
from thanrak.commerce.models import Location
from thanrak.commerce.tests import factories
from thanrak.commerce.tests.factories import AT
from thanrak.registry.actions import membership_add
from thanrak.registry.tests import factories as registry

pytestmark = pytest.mark.django_db


@pytest.fixture
def weaver(national_manager, enterprise):
    person = registry.person(by=national_manager, area_code="560101", first_name="บัวคำ", title="นาง", sex="F")
    membership_add(
        organisation=enterprise, person=person, by=national_manager, start_date=dt.date(2020, 1, 1)
    )
    return person


@pytest.fixture
def sold(org_officer, shop, weaver, bands):
    """A counter sale of the weaver's cloth (80 % to her) and a marketplace sale of honey."""
    cloth = factories.product(
        by=org_officer,
        shop=shop,
        name_th="ผ้าทอลายน้ำไหล",
        producer=weaver,
        producer_share_bp=8000,
        price_satang=100000,
    )
    honey = factories.product(by=org_officer, shop=shop, name_th="น้ำผึ้ง", category="FOOD", price_satang=20000)
    session = actions.pos_session_open(
        location=Location.objects.get(shop=shop), cashier=org_officer, opening_float_satang=0, at=AT
    )
    actions.pos_sale_record(
        session=session,
        sale_key="sale-cloth-1",
        items=[PosItem(cloth.variants.get().pk, 2, 100000)],
        payment_method="CASH",
        cash_received_satang=200000,
        sold_at=AT,
        by=org_officer,
    )
    from thanrak.core.tabular import write_csv

    csv = write_csv(
        ["Order ID", "Order Status", "Order Creation Date", "SKU Reference No.", "Deal Price", "Quantity"],
        [["S1", "Completed", "2026-10-02", honey.variants.get().sku, "200", "3"]],
    )
    actions.marketplace_orders_import(
        shop=shop, marketplace="SHOPEE", data=csv, filename="s.csv", by=org_officer, at=AT
    )
    return cloth, honey


class TestSalesSummary:
    def test_by_channel(self, org_officer, sold):
        rows = {r["key"]: r["amount"] for r in queries.sales_summary(viewer=org_officer, by="channel")}

        assert rows == {"POS": 200000, "SHOPEE": 60000}

    def test_by_district_and_province_for_area_officers(
        self, district_officer, provincial_officer, other_district_officer, sold
    ):
        assert queries.sales_summary(viewer=district_officer, by="district")[0]["label"].startswith(
            "เมืองพะเยา"
        )
        assert queries.sales_summary(viewer=provincial_officer, by="province")[0]["amount"] == 260000
        assert queries.sales_summary(viewer=other_district_officer, by="province") == []

    def test_top_products_come_first(self, org_officer, sold):
        assert [r["label"] for r in queries.sales_summary(viewer=org_officer, by="product")] == [
            "ผ้าทอลายน้ำไหล",
            "น้ำผึ้ง",
        ]

    def test_refunds_leave_the_figures(self, org_officer, sold):
        from thanrak.commerce.models import Order

        actions.order_refund(order=Order.objects.get(external_id="S1"), by=org_officer, at=AT, reason="คืนของ")

        assert queries.sales_totals(viewer=org_officer)["amount"] == 200000

    def test_the_sales_page_draws_a_chart(self, client, org_officer, sold):
        client.force_login(org_officer)

        page = client.get("/shop/sales/", {"by": "channel"}).content.decode()

        assert 'data-vega-spec="sales-chart"' in page and "Shopee" in page


class TestPayoutStatement:
    def test_gathers_the_members_share_once(self, org_officer, shop, weaver, sold):
        owed = queries.producer_shares(viewer=org_officer, shop=shop)
        assert [(r["producer"], r["share"]) for r in owed] == [(weaver, 160000)]

        statement = actions.payout_statement_create(
            shop=shop,
            producer=weaver,
            period_start=dt.date(2026, 11, 1),
            period_end=dt.date(2026, 11, 30),
            by=org_officer,
            at=AT,
        )

        assert (statement.sales_satang, statement.amount_satang) == (200000, 160000)
        assert queries.producer_shares(viewer=org_officer, shop=shop) == []
        with pytest.raises(actions.CannotPayOut):
            actions.payout_statement_create(
                shop=shop,
                producer=weaver,
                period_start=dt.date(2026, 11, 1),
                period_end=dt.date(2026, 11, 30),
                by=org_officer,
                at=AT,
            )

    def test_the_member_sees_their_own_statement(self, org_officer, shop, weaver, sold, make_user):
        user = make_user("weaver", "MEMBER")
        weaver.user = user
        weaver.save(update_fields=["user"])
        statement = actions.payout_statement_create(
            shop=shop,
            producer=weaver,
            period_start=dt.date(2026, 11, 1),
            period_end=dt.date(2026, 11, 30),
            by=org_officer,
            at=AT,
        )

        assert list(queries.payout_list(viewer=user)) == [statement]

    def test_the_statement_pdf_says_the_amount_in_words(
        self, client, org_officer, shop, weaver, sold, tmp_path
    ):
        from thanrak.commerce.tests.test_storefront_pages import norm, pdf_text

        statement = actions.payout_statement_create(
            shop=shop,
            producer=weaver,
            period_start=dt.date(2026, 11, 1),
            period_end=dt.date(2026, 11, 30),
            by=org_officer,
            at=AT,
        )
        client.force_login(org_officer)

        text = pdf_text(client.get(f"/shop/payouts/{statement.pk}/", {"format": "pdf"}).content, tmp_path)

        assert norm("หนึ่งพันหกร้อยบาทถ้วน") in text and norm("บัวคำ") in text

    def test_text_copied_out_of_the_statement_is_the_thai_the_page_wrote(
        self, client, org_officer, shop, weaver, sold
    ):
        from thanrak.core.testing.pdf import pdf_text

        statement = actions.payout_statement_create(
            shop=shop,
            producer=weaver,
            period_start=dt.date(2026, 11, 1),
            period_end=dt.date(2026, 11, 30),
            by=org_officer,
            at=AT,
        )
        client.force_login(org_officer)

        text = pdf_text(client.get(f"/shop/payouts/{statement.pk}/", {"format": "pdf"}).content)

        assert "ใบแจ้งส่วนแบ่งรายได้ของสมาชิกผู้ผลิต" in text
        assert f"สมาชิกผู้ผลิต {weaver.full_name}" in text
        assert "ส่วนแบ่งที่ต้องจ่าย (หนึ่งพันหกร้อยบาทถ้วน)" in text
