"""Products, their variants and photos, and their certifications."""

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.commerce import search
from thanrak.commerce.actions.base import _ensure_manages
from thanrak.commerce.actions.stock import stock_receive
from thanrak.commerce.codes import is_valid_ean13, normalise_fda_number
from thanrak.commerce.errors import CannotCertify, CannotChangeProduct
from thanrak.commerce.images import prepare_image
from thanrak.commerce.models import (
    Certification,
    CertificationKind,
    Location,
    OtopCategory,
    Product,
    ProductPhoto,
    Shop,
    Variant,
    compose_variant_name,
)
from thanrak.commerce.rules import clean_text
from thanrak.registry.models import Membership

# --- products ------------------------------------------------------------------------------------

PRODUCT_FIELDS = (
    "name_th",
    "name_en",
    "description_th",
    "description_en",
    "category",
    "producer",
    "producer_share_bp",
    "is_active",
)
VARIANT_FIELDS = (
    "name",
    "size",
    "colour",
    "pack",
    "sku",
    "ean13",
    "price_satang",
    "weight_g",
    "length_mm",
    "width_mm",
    "height_mm",
    "is_active",
)


def _clean_product(shop: Shop, data: dict[str, Any], *, on: dt.date) -> dict[str, Any]:
    out = dict(data)
    out["name_th"] = clean_text(out.get("name_th"), 200)
    if not out["name_th"]:
        raise CannotChangeProduct(_("The Thai name is required."), code="thai_name_required", field="name_th")
    out["name_en"] = clean_text(out.get("name_en"), 200)
    for key in ("description_th", "description_en"):
        out[key] = (out.get(key) or "").replace("\x00", "").strip()[:10000]
    if out.get("category") not in OtopCategory.values:
        raise CannotChangeProduct(
            _("Choose one of the five OTOP categories."), code="choose_five_otop_categories", field="category"
        )
    producer = out.get("producer")
    share = int(out.get("producer_share_bp") or 0)
    if not 0 <= share <= 10000:
        raise CannotChangeProduct(
            _("The producer's share must be between 0 and 100 per cent."),
            code="producer_share_between_cent",
            field="producer_share_bp",
        )
    if producer is None and share:
        raise CannotChangeProduct(
            _("Choose the member who makes it to give them a share."),
            code="choose_member_who_makes",
            field="producer",
        )
    if (
        producer is not None
        and not Membership.objects.current(on)
        .filter(organisation_id=shop.organisation_id, person=producer)
        .exists()
    ):
        raise CannotChangeProduct(
            _("The producer must be a current member of the organisation."),
            code="producer_current_member_organisation",
            field="producer",
        )
    out["producer_share_bp"] = share
    out["is_active"] = True if out.get("is_active") is None else bool(out["is_active"])
    return out


def _clean_variant(
    shop: Shop, data: dict[str, Any], *, exclude_pk: int | None = None, row: str = ""
) -> dict[str, Any]:
    out = dict(data)
    for key in ("size", "colour", "pack"):
        out[key] = clean_text(out.get(key), 30)
    composed = compose_variant_name(size=out["size"], colour=out["colour"], pack=out["pack"])
    # Size, colour and pack, when given, name the variant; otherwise its free-text name stays.
    out["name"] = composed or clean_text(out.get("name"), 100)
    out["sku"] = clean_text(out.get("sku"), 64).replace(" ", "-")
    field = f"{row}sku"
    if not out["sku"]:
        raise CannotChangeProduct(_("Each variant needs a SKU."), code="each_variant_needs_sku", field=field)
    clash = Variant.objects.filter(shop=shop, sku=out["sku"])
    if exclude_pk:
        clash = clash.exclude(pk=exclude_pk)
    if clash.exists():
        raise CannotChangeProduct(
            _("The SKU %(sku)s is already used in this shop."),
            code="sku_already_used_shop",
            field=field,
            params={"sku": out["sku"]},
        )
    out["ean13"] = re.sub(r"\s", "", out.get("ean13") or "")
    if out["ean13"] and not is_valid_ean13(out["ean13"]):
        raise CannotChangeProduct(
            _("The barcode %(code)s is not a valid EAN-13 (13 digits, last one the check digit)."),
            code="barcode_valid_ean_digits",
            field=f"{row}ean13",
            params={"code": out["ean13"]},
        )
    price = out.get("price_satang")
    if not isinstance(price, int) or price <= 0 or price > 10**10:
        raise CannotChangeProduct(
            _("The price must be more than zero."), code="price_zero", field=f"{row}price_satang"
        )
    for key in ("weight_g", "length_mm", "width_mm", "height_mm"):
        value = int(out.get(key) or 0)
        if not 0 <= value <= 1_000_000:
            raise CannotChangeProduct(
                _("Weight and size must be zero or more."), code="weight_size_zero", field=f"{row}{key}"
            )
        out[key] = value
    out["is_active"] = True if out.get("is_active") is None else bool(out["is_active"])
    return out


def _refresh_products(products: Iterable[Product]) -> None:
    """Recompute what listings read from a product: lowest price, search words, area."""
    for product in products:
        shop = product.shop
        low = product.variants.filter(is_active=True).aggregate(low=Min("price_satang"))["low"]
        product.price_satang = low if shop.is_open else None
        product.area_code = shop.area_code
        product.province_code = shop.area_code[:2]
        product.search_terms = search.terms_for(
            product.name_th,
            product.name_en,
            product.description_th[:500],
            shop.name,
            *product.variants.values_list("name", flat=True),
        )
        product.save(update_fields=["price_satang", "area_code", "province_code", "search_terms"])


@transaction.atomic
def product_create(
    *,
    shop: Shop,
    by: User,
    at: dt.datetime,
    variants: Sequence[dict[str, Any]],
    opening_stock: int = 0,
    **fields: Any,
) -> Product:
    """List a product with at least one variant (size, colour or pack) and its price; an opening
    stock is received into the shop's default location as the first variant's first movement."""
    _ensure_manages(by, shop)
    if not variants:
        raise CannotChangeProduct(
            _("Add at least one variant with a price."), code="add_least_variant_price", field="variants"
        )
    data = _clean_product(shop, {k: fields.get(k) for k in PRODUCT_FIELDS}, on=timezone.localdate(at))
    product = Product.objects.create(
        shop=shop,
        created_at=at,
        updated_at=at,
        area_code=shop.area_code,
        province_code=shop.area_code[:2],
        **data,
    )
    seen: set[str] = set()
    for i, v in enumerate(variants):
        clean = _clean_variant(shop, {k: v.get(k) for k in VARIANT_FIELDS}, row=f"variants.{i}.")
        if clean["sku"] in seen:
            raise CannotChangeProduct(
                _("The SKU %(sku)s appears twice."),
                code="sku_appears_twice",
                field=f"variants.{i}.sku",
                params={"sku": clean["sku"]},
            )
        seen.add(clean["sku"])
        created = Variant.objects.create(product=product, shop=shop, **clean)
        if i == 0 and opening_stock:
            stock_receive(
                variant=created,
                location=Location.objects.get(shop=shop, is_default=True),
                quantity=opening_stock,
                reason=str(_("Opening stock")),
                by=by,
                at=at,
            )
    _refresh_products([product])
    return product


@transaction.atomic
def product_update(*, product: Product, by: User, at: dt.datetime, **fields: Any) -> Product:
    _ensure_manages(by, product.shop)
    product = Product.objects.select_for_update().select_related("shop").get(pk=product.pk)
    current = {k: getattr(product, k) for k in PRODUCT_FIELDS}
    current.update({k: v for k, v in fields.items() if k in PRODUCT_FIELDS})
    for key, value in _clean_product(product.shop, current, on=timezone.localdate(at)).items():
        setattr(product, key, value)
    product.updated_at = at
    product.save()
    _refresh_products([product])
    return product


@transaction.atomic
def variant_add(*, product: Product, by: User, **fields: Any) -> Variant:
    _ensure_manages(by, product.shop)
    clean = _clean_variant(product.shop, {k: fields.get(k) for k in VARIANT_FIELDS})
    variant = Variant.objects.create(product=product, shop=product.shop, **clean)
    _refresh_products([product])
    return variant


@transaction.atomic
def variant_update(*, variant: Variant, by: User, **fields: Any) -> Variant:
    _ensure_manages(by, variant.shop)
    variant = Variant.objects.select_for_update().get(pk=variant.pk)
    current = {k: getattr(variant, k) for k in VARIANT_FIELDS}
    current.update({k: v for k, v in fields.items() if k in VARIANT_FIELDS})
    for key, value in _clean_variant(variant.shop, current, exclude_pk=variant.pk).items():
        setattr(variant, key, value)
    variant.save()
    _refresh_products([variant.product])
    return variant


@transaction.atomic
def product_photo_add(*, product: Product, by: User, upload: Any) -> ProductPhoto:
    """Add a photo, stored resized with a thumbnail; a huge or non-image file is refused."""
    _ensure_manages(by, product.shop)
    main, thumb = prepare_image(upload)
    return ProductPhoto.objects.create(
        product=product, image=main, thumbnail=thumb, position=product.photos.count()
    )


# --- certifications ------------------------------------------------------------------------------


def _otop_rating(kind: str, stars: Any, year_rated: Any, *, this_year: int) -> tuple[int | None, int | None]:
    """An OTOP rating has 1 to 5 stars and the year it was given (2003, the first rating, to this
    year); other kinds keep neither."""
    if kind != CertificationKind.OTOP:
        return None, None
    if not isinstance(stars, int) or not 1 <= stars <= 5:
        raise CannotCertify(_("OTOP ratings have 1 to 5 stars."), code="otop_ratings_stars", field="stars")
    if not isinstance(year_rated, int) or not 2003 <= year_rated <= this_year:
        raise CannotCertify(
            _("Give the year the product was rated."), code="give_year_product_rated", field="year_rated"
        )
    return stars, year_rated


def _fda_number(number: str) -> str:
    """The อย. number as its 13 digits; refused when it has another shape."""
    digits = normalise_fda_number(number)
    if not digits:
        raise CannotCertify(
            _("The อย. number has 13 digits: XX-X-XXXXX-X-XXXX."),
            code="fda_number_13_digits",
            field="number",
        )
    return digits


@transaction.atomic
def certification_add(
    *, product: Product, by: User, at: dt.datetime, kind: str, **fields: Any
) -> Certification:
    """Record a certificate with its number, issuer and period; its rules depend on its kind."""
    _ensure_manages(by, product.shop)
    if kind not in CertificationKind.values:
        raise CannotCertify(
            _("Unknown kind of certification."), code="unknown_kind_certification", field="kind"
        )
    number = clean_text(fields.get("number"), 60)
    stars = fields.get("stars")
    year_rated = fields.get("year_rated")
    gi_name = clean_text(fields.get("gi_name"), 200)
    valid_from, valid_until = fields.get("valid_from"), fields.get("valid_until")
    stars, year_rated = _otop_rating(kind, stars, year_rated, this_year=timezone.localdate(at).year)
    if kind == CertificationKind.GI and not gi_name:
        raise CannotCertify(
            _("Give the registered GI name."), code="give_registered_gi_name", field="gi_name"
        )
    if kind == CertificationKind.GI and not (valid_from and valid_until):
        raise CannotCertify(
            _("Give the period of the producer's licence to use the GI logo."),
            code="give_period_producer_licence",
            field="valid_until",
        )
    if kind == CertificationKind.FDA:
        number = _fda_number(number)
    if valid_from and valid_until and valid_until < valid_from:
        raise CannotCertify(
            _("The certificate ends before it starts."), code="certificate_ends_starts", field="valid_until"
        )
    document = fields.get("document")
    if document is not None and getattr(document, "size", 0) > 10 * 1024 * 1024:
        raise CannotCertify(
            _("The document is larger than 10 MB."), code="document_larger_mb", field="document"
        )
    return Certification.objects.create(
        product=product,
        kind=kind,
        number=number,
        issuer=clean_text(fields.get("issuer"), 200),
        issued_date=fields.get("issued_date"),
        valid_from=valid_from,
        valid_until=valid_until,
        stars=stars,
        year_rated=year_rated,
        gi_name=gi_name,
        standard_ref=clean_text(fields.get("standard_ref"), 60),
        document=document or "",
        created_at=at,
    )
