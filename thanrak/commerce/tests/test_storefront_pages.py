"""The public storefront as a buyer uses it: browse, Thai search, product page, cart, checkout, follow."""

import re
import subprocess
import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thanrak.commerce import actions
from thanrak.commerce.models import Order, OrderStatus, StockBalance
from thanrak.commerce.tests import factories
from thanrak.commerce.tests.factories import AT

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes, tmp_path) -> str:
    """The PDF's text as pdftotext reads it, compared in NFKD (ำ = ํ + า) without spaces."""
    path = tmp_path / "doc.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return norm(text)


def norm(text: str) -> str:
    return "".join(unicodedata.normalize("NFKD", text).split())


@pytest.fixture
def catalogue(org_officer, shop, bands):
    silk = factories.product(
        by=org_officer, shop=shop, name_th="ผ้าไหมแพรวาลายโบราณ", category="TEXTILE", price_satang=150000
    )
    honey = factories.product(
        by=org_officer,
        shop=shop,
        name_th="น้ำผึ้งดอกลำไยพะเยา",
        name_en="Longan honey",
        category="FOOD",
        price_satang=18000,
        description_th="น้ำผึ้งแท้จากสวนลำไย",
    )
    return silk, honey


def names(response) -> list[str]:
    return re.findall(r"<strong class=\"pname\">([^<]+)</strong>", response.content.decode())


class TestStorefrontBrowse:
    def test_is_open_to_anyone_without_login(self, client, catalogue):
        response = client.get(reverse("commerce:storefront"))

        assert response.status_code == 200
        assert set(names(response)) == {"ผ้าไหมแพรวาลายโบราณ", "น้ำผึ้งดอกลำไยพะเยา"}

    @pytest.mark.parametrize(
        ("word", "found"),
        [
            ("แพรวา", "ผ้าไหมแพรวาลายโบราณ"),
            ("ไหม", "ผ้าไหมแพรวาลายโบราณ"),
            ("ลำไย", "น้ำผึ้งดอกลำไยพะเยา"),
            ("honey", "น้ำผึ้งดอกลำไยพะเยา"),
        ],
    )
    def test_thai_search_finds_a_word_inside_a_phrase(self, client, catalogue, word, found):
        response = client.get(reverse("commerce:storefront"), {"q": word})

        assert names(response) == [found]

    def test_filters_by_category_and_price(self, client, catalogue):
        assert names(client.get(reverse("commerce:storefront"), {"category": "FOOD"})) == ["น้ำผึ้งดอกลำไยพะเยา"]
        assert names(client.get(reverse("commerce:storefront"), {"min_price": "1000"})) == [
            "ผ้าไหมแพรวาลายโบราณ"
        ]

    def test_htmx_gets_only_the_results(self, client, catalogue):
        response = client.get(
            reverse("commerce:storefront"),
            {"q": "ผ้า"},
            headers={"HX-Request": "true", "HX-Target": "results"},
        )

        assert "<html" not in response.content.decode() and "ผ้าไหม" in response.content.decode()

    def test_the_product_page_tells_the_story_and_maps_the_origin(self, client, catalogue):
        silk, _honey = catalogue

        page = client.get(reverse("commerce:product", args=[silk.pk])).content.decode()

        assert "ทอผ้ามือจากบ้านเรา" in page
        assert reverse("commerce:origin-shape", args=["56"]) in page
        shape = client.get(reverse("commerce:origin-shape", args=["56"])).json()
        assert shape["features"][0]["properties"]["ADM1_PCODE"] == "TH56"


class TestGuestCheckout:
    def checkout(self, client, variant, **overrides):
        client.post(reverse("commerce:cart-add"), {"variant": variant.pk, "quantity": 2})
        page = client.get(reverse("commerce:checkout")).content.decode()
        key = re.search(r'name="idempotency_key" value="([^"]+)"', page).group(1)
        data = {
            "buyer_name": "สมหญิง ซื้อดี",
            "buyer_phone": "0891234567",
            "carrier": "TP_EMS",
            "address_line": "12 ม.1",
            "area_code": "560101",
            "postal_code": "56000",
            "payment_method": "PROMPTPAY",
            "idempotency_key": key,
            f"price_{variant.pk}": variant.price_satang,
        }
        data.update(overrides)
        return client.post(reverse("commerce:checkout"), data), data

    def test_the_address_picker_fills_the_postal_code(self, client, catalogue):
        client.post(reverse("commerce:cart-add"), {"variant": catalogue[0].variants.get().pk, "quantity": 1})

        page = client.get(reverse("commerce:checkout")).content.decode()

        assert 'data-postal-target="id_postal_code"' in page and 'data-depth="3"' in page

    def test_places_the_order_and_shows_a_promptpay_qr_for_the_amount(self, client, catalogue):
        variant = catalogue[1].variants.get()

        response, _data = self.checkout(client, variant)

        assert response.status_code == 302
        order = Order.objects.get()
        page = client.get(response.url).content.decode()
        assert order.number in page
        qr = client.get(reverse("commerce:buyer-order-qr", args=[order.number]))
        assert qr["Content-Type"] == "image/png"

    def test_a_second_submit_of_the_same_form_makes_no_second_order(self, client, catalogue):
        variant = catalogue[1].variants.get()
        _response, data = self.checkout(client, variant)
        client.post(reverse("commerce:cart-add"), {"variant": variant.pk, "quantity": 2})

        client.post(reverse("commerce:checkout"), data)

        assert Order.objects.count() == 1
        assert StockBalance.objects.get(variant=variant).quantity == 8

    def test_a_forged_price_is_refused_with_the_real_one(self, client, catalogue):
        variant = catalogue[1].variants.get()

        response, _data = self.checkout(client, variant, **{f"price_{variant.pk}": 1})

        assert response.status_code == 200
        assert "180.00" in response.content.decode()
        assert not Order.objects.exists()


class TestFollowOrder:
    @pytest.fixture
    def order(self, catalogue):
        return actions.checkout(
            items=[actions.CartItem(catalogue[0].variants.get().pk, 1)],
            buyer_name="ก",
            buyer_phone="0891234567",
            address_line="1",
            area_code="560101",
            postal_code="56000",
            carrier="TP_EMS",
            payment_method="PROMPTPAY",
            idempotency_key="follow-order-1",
            at=AT,
        )[0]

    def test_number_and_phone_open_the_order_and_the_slip_can_be_sent(self, client, order):
        response = client.post(reverse("commerce:track"), {"number": order.number, "phone": "089-123-4567"})
        assert response.url == reverse("commerce:buyer-order", args=[order.number])

        slip = SimpleUploadedFile("slip.jpg", factories.png_bytes(fmt="JPEG"), content_type="image/jpeg")
        client.post(reverse("commerce:buyer-order-slip", args=[order.number]), {"slip": slip})

        order.refresh_from_db()
        assert order.slip

    def test_a_tampered_number_shows_nothing(self, client, order):
        tampered = order.number[:-1] + ("A" if order.number[-1] != "A" else "B")

        response = client.post(reverse("commerce:track"), {"number": tampered, "phone": "0891234567"})

        assert response.status_code == 200 and order.number not in response.content.decode()
        assert client.get(reverse("commerce:buyer-order", args=[order.number])).status_code == 404


class TestReceipt:
    def paid_order(self, catalogue, officer):
        [order] = actions.checkout(
            items=[actions.CartItem(catalogue[0].variants.get().pk, 1)],
            buyer_name="สมหญิง",
            buyer_phone="0891234567",
            address_line="1",
            area_code="560101",
            postal_code="56000",
            carrier="TP_EMS",
            payment_method="PROMPTPAY",
            idempotency_key="receipt-order-1",
            at=AT,
        )
        actions.order_slip_upload(
            order=order, upload=SimpleUploadedFile("s.jpg", factories.png_bytes(fmt="JPEG")), at=AT
        )
        actions.order_payment_confirm(order=order, by=officer, at=AT)
        return order

    def test_is_a_thai_pdf_with_the_amount_in_words(self, client, catalogue, org_officer, tmp_path):
        order = self.paid_order(catalogue, org_officer)
        client.force_login(org_officer)

        text = pdf_text(client.get(reverse("commerce:order-receipt", args=[order.pk])).content, tmp_path)

        assert norm("ใบเสร็จรับเงิน") in text and norm("ใบกำกับภาษี") not in text
        assert order.number in text
        assert norm("หนึ่งพันห้าร้อยห้าสิบบาทถ้วน") in text  # 1,500 + 50 shipping

    def test_text_copied_out_of_the_receipt_is_the_thai_the_page_wrote(self, client, catalogue, org_officer):
        from thanrak.core.testing.pdf import pdf_text as exact_text

        order = self.paid_order(catalogue, org_officer)
        client.force_login(org_officer)

        text = exact_text(client.get(reverse("commerce:order-receipt", args=[order.pk])).content)

        assert "ผู้ซื้อ สมหญิง" in text  # was "ผู้ซ้ อ\nื สมหญิง"
        assert "ผ้าไหมแพรวาลายโบราณ" in text
        assert "(หนึ่งพันห้าร้อยห้าสิบบาทถ้วน)" in text
        assert "ขอบคุณที่อุดหนุนสินค้าชุมชน" in text

    def test_a_vat_registered_seller_issues_an_abbreviated_tax_invoice(
        self, client, catalogue, org_officer, enterprise, national_manager, tmp_path
    ):
        from thanrak.registry.actions import organisation_update
        from thanrak.registry.tests.factories import citizen_id

        organisation_update(
            organisation=enterprise, by=national_manager, at=AT, vat_registered=True, tax_id=citizen_id(99)
        )
        order = self.paid_order(catalogue, org_officer)
        client.force_login(org_officer)

        text = pdf_text(client.get(reverse("commerce:order-receipt", args=[order.pk])).content, tmp_path)

        assert norm("ใบกำกับภาษีอย่างย่อ") in text and norm("ราคารวมภาษีมูลค่าเพิ่มแล้ว") in text
        assert citizen_id(99) in text
        assert "101.40" in text  # 1,550 × 7/107


class TestBackOfficeAccess:
    def test_an_officer_manages_their_shop_pages(self, client, org_officer, shop, catalogue):
        client.force_login(org_officer)
        for name, args in [
            ("shop-detail", [shop.pk]),
            ("product-list", [shop.pk]),
            ("stock", [shop.pk]),
            ("order-list", [shop.pk]),
            ("pos-sessions", [shop.pk]),
            ("shipping", [shop.pk]),
            ("marketplace", [shop.pk]),
            ("product-edit", [catalogue[0].pk]),
        ]:
            assert client.get(reverse(f"commerce:{name}", args=args)).status_code == 200, name

    def test_a_buyer_account_sees_no_back_office(self, client, buyer, shop):
        client.force_login(buyer)

        assert client.get(reverse("commerce:shop-detail", args=[shop.pk])).status_code == 403

    def test_an_officer_elsewhere_does_not_find_the_shop(self, client, officer_elsewhere, shop):
        client.force_login(officer_elsewhere)

        assert client.get(reverse("commerce:shop-detail", args=[shop.pk])).status_code == 404

    def test_the_district_officer_reads_but_cannot_change(self, client, district_officer, shop):
        client.force_login(district_officer)

        assert client.get(reverse("commerce:shop-detail", args=[shop.pk])).status_code == 200
        assert client.get(reverse("commerce:shop-edit", args=[shop.pk])).status_code == 403

    def test_confirming_a_payment_twice_says_nothing_changed(self, client, org_officer, catalogue):
        order = TestReceipt().paid_order(catalogue, org_officer)
        client.force_login(org_officer)

        response = client.post(reverse("commerce:order-act", args=[order.pk, "confirm"]), follow=True)

        assert "already confirmed" in response.content.decode() or "ยืนยันไปแล้ว" in response.content.decode()
        assert order.events.filter(status=OrderStatus.PAID).count() == 1


class TestPanelsAndReports:
    def test_the_home_panel_and_the_organisation_panel_are_fragments(
        self, client, org_officer, shop, enterprise
    ):
        client.force_login(org_officer)

        panel = client.get(reverse("commerce:panel")).content.decode()
        org_panel = client.get(reverse("commerce:organisation-panel", args=[enterprise.pk])).content.decode()

        assert shop.name in panel and "<html" not in panel
        assert shop.name in org_panel

    def test_area_officers_read_sales_and_renewals_of_their_area(self, client, district_officer, shop):
        client.force_login(district_officer)

        assert client.get(reverse("commerce:sales"), {"by": "district"}).status_code == 200
        assert client.get(reverse("commerce:certifications-expiring")).status_code == 200
        assert client.get(reverse("commerce:payout-list")).status_code == 200

    def test_the_officer_opens_a_counter_session_from_the_page(self, client, org_officer, shop):
        from thanrak.commerce.models import Location, PosSession

        client.force_login(org_officer)
        counter = Location.objects.get(shop=shop)

        response = client.post(
            reverse("commerce:pos-sessions", args=[shop.pk]), {"location": counter.pk, "opening_float": "500"}
        )

        session = PosSession.objects.get()
        assert (
            response.url == reverse("commerce:pos", args=[session.pk])
            and session.opening_float_satang == 50000
        )
