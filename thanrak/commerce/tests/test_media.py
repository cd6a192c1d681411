"""Where uploaded files are served from (D23): product photos publicly, slips and certificates only to
who may see their order or product, never at a public address."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from thanrak.commerce import actions
from thanrak.commerce.tests import factories
from thanrak.commerce.tests.factories import AT
from thanrak.commerce.tests.test_checkout import buy

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% a certificate scan\n"


@pytest.fixture
def stranger(make_user, national_manager):
    """An officer of another community enterprise."""
    from thanrak.registry.actions import organisation_officer_assign
    from thanrak.registry.tests import factories as registry

    user = make_user("other_treasurer", "ORG_OFFICER")
    organisation_officer_assign(
        user=user, organisation=registry.organisation(by=national_manager), by=national_manager
    )
    return user


@pytest.fixture
def order(product, bands):
    order = buy(product.variants.get(), 1)[0]
    slip = SimpleUploadedFile(
        "slip.jpg", factories.png_bytes((400, 700), fmt="JPEG"), content_type="image/jpeg"
    )
    actions.order_slip_upload(order=order, upload=slip, at=AT)
    order.refresh_from_db()
    return order


@pytest.fixture
def certification(product, org_officer):
    return actions.certification_add(
        product=product,
        by=org_officer,
        at=AT,
        kind="GAP",
        number="GAP-1",
        document=SimpleUploadedFile("gap.pdf", PDF, content_type="application/pdf"),
    )


def under(path: str, root: Path) -> bool:
    return Path(path).resolve().is_relative_to(Path(root).resolve())


class TestPublicMedia:
    def test_a_product_photo_is_served_at_its_address_without_debug(self, client, product, org_officer):
        upload = SimpleUploadedFile("p.png", factories.png_bytes(), content_type="image/png")
        photo = actions.product_photo_add(product=product, by=org_officer, upload=upload)

        assert not settings.DEBUG
        page = client.get(photo.image.url)

        assert page.status_code == 200
        assert page["Content-Type"].startswith("image/")
        assert client.get(photo.thumbnail.url).status_code == 200


class TestPrivateFiles:
    def test_a_payment_slip_is_kept_outside_the_public_media(self, client, order):
        assert under(order.slip.path, settings.PRIVATE_MEDIA_ROOT)
        assert not under(order.slip.path, settings.MEDIA_ROOT)
        assert client.get(f"/media/{order.slip.name}").status_code == 404
        with pytest.raises(ValueError):
            order.slip.url  # noqa: B018

    def test_the_slip_is_shown_to_the_shops_officer_only(self, client, order, org_officer, stranger):
        client.force_login(org_officer)
        page = client.get(f"/shop/manage/orders/{order.pk}/slip/")
        assert page.status_code == 200
        assert b"".join(page.streaming_content).startswith(b"\xff\xd8")  # the JPEG itself

        client.force_login(stranger)
        assert client.get(f"/shop/manage/orders/{order.pk}/slip/").status_code == 404

    def test_a_certificate_document_is_kept_outside_the_public_media(self, client, certification):
        assert under(certification.document.path, settings.PRIVATE_MEDIA_ROOT)
        assert client.get(f"/media/{certification.document.name}").status_code == 404

    def test_a_certificate_document_is_shown_to_who_may_see_the_product(
        self, client, certification, org_officer, stranger, buyer
    ):
        url = f"/shop/manage/certifications/{certification.pk}/document/"
        client.force_login(org_officer)
        page = client.get(url)
        assert page.status_code == 200
        assert b"".join(page.streaming_content) == PDF
        assert page["Content-Type"] == "application/pdf"

        client.force_login(stranger)
        assert client.get(url).status_code == 404
        client.force_login(buyer)
        assert client.get(url).status_code in (403, 404)

    def test_the_product_page_links_its_certificate_document(self, client, certification, org_officer):
        client.force_login(org_officer)
        page = client.get(f"/shop/manage/products/{certification.product_id}/")
        assert f"/shop/manage/certifications/{certification.pk}/document/" in page.content.decode()
