"""Opening a shop, listing products with variants, photos and barcodes."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from thanrak.accounts.scope import OutsideScope
from thanrak.commerce import actions
from thanrak.commerce.images import CannotUseImage
from thanrak.commerce.models import Location
from thanrak.commerce.tests import factories
from thanrak.commerce.tests.factories import AT
from thanrak.registry.tests import factories as registry

pytestmark = pytest.mark.django_db


class TestShopOpen:
    def test_an_officer_opens_the_shop_of_their_organisation_with_a_counter(self, org_officer, enterprise):
        shop = actions.shop_open(
            organisation=enterprise,
            by=org_officer,
            at=AT,
            name="ร้านผ้าทอ",
            line_id="@phathor",
            promptpay_account="081-234-5678",
        )

        assert shop.area_code == enterprise.area_code
        assert shop.promptpay_account == "0812345678"
        assert Location.objects.get(shop=shop).is_default

    def test_refuses_an_organisation_the_officer_does_not_manage(self, org_officer, national_manager):
        other = registry.organisation(by=national_manager)

        with pytest.raises(OutsideScope):
            actions.shop_open(organisation=other, by=org_officer, at=AT, name="ร้านอื่น")

    def test_a_district_officer_cannot_open_a_shop_for_the_group(self, district_officer, enterprise):
        with pytest.raises(OutsideScope):
            actions.shop_open(organisation=enterprise, by=district_officer, at=AT, name="ร้าน")

    def test_refuses_a_second_shop(self, org_officer, shop):
        with pytest.raises(actions.CannotChangeShop):
            actions.shop_open(organisation=shop.organisation, by=org_officer, at=AT, name="ร้านสอง")

    def test_refuses_a_promptpay_account_that_is_no_account(self, org_officer, enterprise):
        with pytest.raises(actions.CannotChangeShop) as exc:
            actions.shop_open(
                organisation=enterprise, by=org_officer, at=AT, name="ร้าน", promptpay_account="12345"
            )

        assert exc.value.field == "promptpay_account"


class TestProductCreate:
    def test_lists_variants_and_shows_the_lowest_price(self, org_officer, shop):
        product = factories.product(
            by=org_officer,
            shop=shop,
            stock=0,
            variants=[
                {"sku": "HONEY-S", "name": "250 ก.", "price_satang": 12000},
                {"sku": "HONEY-L", "name": "1 กก.", "price_satang": 35000, "ean13": "8850999220000"},
            ],
            name_th="น้ำผึ้งดอกลำไยพะเยา",
            category="FOOD",
        )

        assert product.price_satang == 12000
        assert product.province_code == "56"
        assert " พะเยา " in product.search_terms and " ลำไย " in product.search_terms

    def test_refuses_a_barcode_with_a_wrong_check_digit(self, org_officer, shop):
        with pytest.raises(actions.CannotChangeProduct) as exc:
            factories.product(
                by=org_officer,
                shop=shop,
                variants=[{"sku": "A", "price_satang": 100, "ean13": "8850999220001"}],
            )

        assert exc.value.field == "variants.0.ean13"

    def test_refuses_a_sku_used_twice_in_the_shop(self, org_officer, shop, product):
        sku = product.variants.get().sku

        with pytest.raises(actions.CannotChangeProduct):
            factories.product(by=org_officer, shop=shop, variants=[{"sku": sku, "price_satang": 100}])

    @pytest.mark.parametrize("price", [0, -100, None])
    def test_refuses_a_price_that_is_not_positive(self, org_officer, shop, price):
        with pytest.raises(actions.CannotChangeProduct):
            factories.product(by=org_officer, shop=shop, variants=[{"sku": "X", "price_satang": price}])

    def test_refuses_a_category_outside_the_five_otop_types(self, org_officer, shop):
        with pytest.raises(actions.CannotChangeProduct):
            factories.product(by=org_officer, shop=shop, category="CARS")

    def test_a_producer_must_be_a_member_of_the_organisation(self, org_officer, shop, national_manager):
        stranger = registry.person(by=national_manager, area_code="560101")

        with pytest.raises(actions.CannotChangeProduct):
            factories.product(by=org_officer, shop=shop, producer=stranger, producer_share_bp=8000)

    def test_closing_the_shop_takes_its_products_off_sale(self, org_officer, shop, product):
        from thanrak.commerce.models import Product

        actions.shop_update(shop=shop, by=org_officer, at=AT, is_open=False)

        assert not Product.objects.on_sale().filter(pk=product.pk).exists()


class TestProductCreatePage:
    def test_the_form_asks_the_name_before_size_and_sku(self, client, org_officer, shop):
        from django.urls import reverse

        client.force_login(org_officer)
        page = client.get(reverse("commerce:product-create", args=[shop.pk])).content.decode()

        positions = [page.index(f'name="{name}"') for name in ("name_th", "size", "sku", "opening_stock")]
        assert positions == sorted(positions)

    def test_an_opening_stock_is_the_products_first_stock_received(self, client, org_officer, shop):
        from django.urls import reverse

        from thanrak.commerce.models import MovementKind, StockBalance, StockMovement

        client.force_login(org_officer)
        response = client.post(
            reverse("commerce:product-create", args=[shop.pk]),
            {
                "name_th": "ผ้าซิ่นตีนจก",
                "category": "TEXTILE",
                "sku": "SIN-01",
                "price": "1,200",
                "weight_g": "300",
                "length_mm": "0",
                "width_mm": "0",
                "height_mm": "0",
                "is_active": "on",
                "opening_stock": "12",
            },
        )

        assert response.status_code == 302
        movement = StockMovement.objects.get(variant__sku="SIN-01")
        assert (movement.kind, movement.quantity, movement.by) == (MovementKind.RECEIVE, 12, org_officer)
        assert StockBalance.objects.get(variant__sku="SIN-01").quantity == 12


class TestProductPhotoAdd:
    def test_stores_a_resized_photo_and_a_thumbnail(self, org_officer, product):
        upload = SimpleUploadedFile("silk.png", factories.png_bytes((3000, 2000)), content_type="image/png")

        photo = actions.product_photo_add(product=product, by=org_officer, upload=upload)

        assert Image.open(photo.image.path).size == (1600, 1067)
        assert max(Image.open(photo.thumbnail.path).size) == 400

    def test_refuses_a_file_that_is_not_a_picture(self, org_officer, product):
        upload = SimpleUploadedFile("virus.png", b"MZ\x90\x00 not an image", content_type="image/png")

        with pytest.raises(CannotUseImage):
            actions.product_photo_add(product=product, by=org_officer, upload=upload)
        assert product.photos.count() == 0

    def test_refuses_a_huge_upload(self, org_officer, product, settings):
        settings.THANRAK_MAX_IMAGE_BYTES = 1000
        upload = SimpleUploadedFile("big.png", factories.png_bytes((500, 500)), content_type="image/png")

        with pytest.raises(CannotUseImage) as exc:
            actions.product_photo_add(product=product, by=org_officer, upload=upload)
        assert exc.value.code == "photo_larger_mb_please"


class TestVariantAttributes:
    """Variants by size, colour and pack: structured, shown to buyers, editable by the shop."""

    def test_the_name_is_composed_from_size_colour_and_pack(self, org_officer, shop):
        product = factories.product(
            by=org_officer,
            shop=shop,
            stock=0,
            name_th="ผ้าไหมมัดหมี่",
            category="TEXTILE",
            variants=[
                {"sku": "SILK-M-IND", "size": "M", "colour": "คราม", "price_satang": 90000},
                {"sku": "SILK-PACK3", "pack": "3 ผืน", "name": "ถูกแทนที่", "price_satang": 250000},
                {"sku": "SILK-OLD", "name": "ลายดั้งเดิม", "price_satang": 120000},
            ],
        )

        names = {v.sku: (v.name, v.size, v.colour, v.pack) for v in product.variants.all()}
        assert names == {
            "SILK-M-IND": ("M / คราม", "M", "คราม", ""),
            "SILK-PACK3": ("3 ผืน", "", "", "3 ผืน"),
            "SILK-OLD": ("ลายดั้งเดิม", "", "", ""),  # free-text names stay valid
        }

    def test_an_officer_adds_and_edits_a_variant_by_size_and_colour_from_the_pages(
        self, client, org_officer, shop, product
    ):
        from django.urls import reverse

        client.force_login(org_officer)
        added = client.post(
            reverse("commerce:variant-add", args=[product.pk]),
            {
                "size": "XL",
                "colour": "แดง",
                "pack": "",
                "variant_name": "",
                "sku": "SHIRT-XL-RED",
                "ean13": "",
                "price": "350",
                "weight_g": "200",
                "length_mm": "0",
                "width_mm": "0",
                "height_mm": "0",
            },
        )
        assert added.status_code == 302
        variant = product.variants.get(sku="SHIRT-XL-RED")
        assert (variant.name, variant.size, variant.colour) == ("XL / แดง", "XL", "แดง")

        edit_url = reverse("commerce:variant-edit", args=[variant.pk])
        form = client.get(edit_url).content.decode()
        assert 'name="size"' in form and 'value="XL"' in form and 'value="แดง"' in form
        client.post(
            edit_url,
            {
                "size": "XL",
                "colour": "คราม",
                "pack": "2 ตัว",
                "variant_name": "XL / แดง",
                "sku": "SHIRT-XL-RED",
                "ean13": "",
                "price": "650",
                "weight_g": "400",
                "length_mm": "0",
                "width_mm": "0",
                "height_mm": "0",
                "is_active": "on",
            },
        )
        variant.refresh_from_db()
        assert (variant.name, variant.colour, variant.pack, variant.price_satang) == (
            "XL / คราม / 2 ตัว",
            "คราม",
            "2 ตัว",
            65000,
        )

        edit_page = client.get(reverse("commerce:product-edit", args=[product.pk])).content.decode()
        assert "ขนาด" in edit_page and "คราม" in edit_page

    def test_the_public_product_page_shows_size_colour_and_pack(self, client, org_officer, shop):
        from django.urls import reverse

        product = factories.product(
            by=org_officer,
            shop=shop,
            stock=5,
            name_th="ผ้าขาวม้า",
            category="TEXTILE",
            variants=[
                {"sku": "PKM-L-G", "size": "ใหญ่", "colour": "เขียว", "pack": "2 ผืน", "price_satang": 30000}
            ],
        )

        page = client.get(reverse("commerce:product", args=[product.pk])).content.decode()

        assert "ใหญ่ / เขียว / 2 ผืน" in page
        assert "ขนาด: ใหญ่ · สี: เขียว · แพ็ก: 2 ผืน" in page

    def test_the_api_gives_the_attributes(self, client, org_officer, shop):
        product = factories.product(
            by=org_officer,
            shop=shop,
            stock=1,
            name_th="กระเป๋าสาน",
            category="HOUSEHOLD",
            variants=[{"sku": "BAG-S", "size": "S", "price_satang": 20000}],
        )

        data = client.get(f"/api/v1/commerce/products/{product.pk}").json()

        assert {"name": "S", "size": "S", "colour": "", "pack": ""}.items() <= data["variants"][0].items()
