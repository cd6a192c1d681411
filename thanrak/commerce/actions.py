"""Every write of the commerce module. Keyword-only, atomic; stock changes lock their balance rows."""

import datetime as dt
import re
import secrets
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Min, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.accounts.roles import Role
from thanrak.accounts.scope import OutsideScope, scope_of
from thanrak.commerce import search
from thanrak.commerce.codes import is_valid_ean13, normalise_fda_number
from thanrak.commerce.images import prepare_image
from thanrak.commerce.models import (
    SOLD_STATUSES,
    THAILAND_POST,
    Carrier,
    Certification,
    CertificationKind,
    Channel,
    Location,
    MarketplaceImport,
    MovementKind,
    Order,
    OrderEvent,
    OrderLine,
    OrderStatus,
    OtopCategory,
    PaymentMethod,
    PayoutStatement,
    PosSession,
    PosSessionRecount,
    Product,
    ProductPhoto,
    ShippingBand,
    Shop,
    ShopPhoto,
    StockBalance,
    StockMovement,
    Variant,
    compose_variant_name,
)
from thanrak.commerce.promptpay import is_valid_account
from thanrak.commerce.shipping import is_valid_s10, normalise_tracking
from thanrak.core.errors import DomainError
from thanrak.core.tabular import bound_issue_dicts
from thanrak.registry.models import Membership, Organisation, Person

MAX_LINE_QUANTITY = 999
MAX_CART_LINES = 50
PHONE_PATTERN = re.compile(r"^0[0-9]{8,9}$")


class CannotChangeShop(DomainError):
    pass


class CannotChangeProduct(DomainError):
    pass


class CannotMoveStock(DomainError):
    pass


class OutOfStock(CannotMoveStock):
    pass


class CannotCertify(DomainError):
    pass


class CannotCheckout(DomainError):
    pass


class CannotChangeOrder(DomainError):
    pass


class CannotUsePos(DomainError):
    pass


class CannotImport(DomainError):
    pass


class CannotPayOut(DomainError):
    pass


def _ensure_manages(user: User, shop: Shop | Organisation) -> None:
    """Only the organisation's own officers (and national managers) change a shop."""
    scope = scope_of(user)
    org_id = shop.pk if isinstance(shop, Organisation) else shop.organisation_id
    if scope.everything:
        return
    if scope.role == Role.ORG_OFFICER and org_id in scope.organisation_ids:
        return
    raise OutsideScope(f"organisation {org_id}")


def _text(value: Any, limit: int) -> str:
    """One line of text: spaces collapsed, control characters (NUL, which PostgreSQL refuses) removed."""
    text = "".join(ch for ch in str(value or "") if ch.isprintable() or ch.isspace())
    return " ".join(text.split())[:limit]


def clean_phone(phone: str) -> str:
    """Thai phone numbers as digits: '081-234-5678' → '0812345678'; '' when not a Thai number."""
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("66") and len(digits) in (11, 10):
        digits = "0" + digits[2:]
    return digits if PHONE_PATTERN.match(digits) else ""


# --- shops ---------------------------------------------------------------------------------------

SHOP_FIELDS = (
    "name",
    "story_th",
    "story_en",
    "address",
    "latitude",
    "longitude",
    "phone",
    "line_id",
    "email",
    "promptpay_account",
    "is_open",
)


def _clean_shop(data: dict[str, Any]) -> dict[str, Any]:
    out = dict(data)
    out["name"] = _text(out.get("name"), 200)
    if not out["name"]:
        raise CannotChangeShop(_("The shop needs a name."), code="shop_needs_name", field="name")
    for key in ("story_th", "story_en"):
        out[key] = (out.get(key) or "").replace("\x00", "").strip()
    for key, limit in (("address", 300), ("line_id", 50), ("email", 254)):
        out[key] = _text(out.get(key), limit)
    phone = out.get("phone") or ""
    out["phone"] = clean_phone(phone) if phone else ""
    if phone and not out["phone"]:
        raise CannotChangeShop(
            _("Write a Thai phone number, e.g. 081-234-5678."), code="write_thai_phone_number", field="phone"
        )
    account = re.sub(r"\D", "", out.get("promptpay_account") or "")
    if account and not is_valid_account(account):
        raise CannotChangeShop(
            _("The PromptPay account must be a mobile number, a 13-digit ID or a 15-digit e-wallet ID."),
            code="promptpay_account_mobile_number",
            field="promptpay_account",
        )
    out["promptpay_account"] = account
    for key, bound in (("latitude", 90), ("longitude", 180)):
        value = out.get(key)
        if value in ("", None):
            out[key] = None
        elif not -bound <= float(value) <= bound:
            raise CannotChangeShop(
                _("The map position is outside the world."), code="map_position_outside_world", field=key
            )
    out["is_open"] = True if out.get("is_open") is None else bool(out["is_open"])
    return out


@transaction.atomic
def shop_open(*, organisation: Organisation, by: User, at: dt.datetime, **fields: Any) -> Shop:
    """Open the organisation's shop (one per organisation) with a default stock location."""
    _ensure_manages(by, organisation)
    if Shop.objects.filter(organisation=organisation).exists():
        raise CannotChangeShop(_("This organisation already has a shop."), code="organisation_already_shop")
    data = _clean_shop({k: fields.get(k) for k in SHOP_FIELDS})
    data.setdefault("phone", organisation.phone)
    shop = Shop.objects.create(
        organisation=organisation, area_code=organisation.area_code, created_at=at, updated_at=at, **data
    )
    from django.utils import translation

    with translation.override("th"):  # stored data: named in Thai, whatever the session's language
        name = str(_("Shop"))
    Location.objects.create(shop=shop, name=name, kind=Location.Kind.SHOP, is_default=True)
    return shop


@transaction.atomic
def shop_update(*, shop: Shop, by: User, at: dt.datetime, **fields: Any) -> Shop:
    """Change the shop's story, contact, PromptPay account or opening."""
    _ensure_manages(by, shop)
    shop = Shop.objects.select_for_update().get(pk=shop.pk)
    current = {k: getattr(shop, k) for k in SHOP_FIELDS}
    current.update({k: v for k, v in fields.items() if k in SHOP_FIELDS})
    for key, value in _clean_shop(current).items():
        setattr(shop, key, value)
    shop.updated_at = at
    shop.save()
    if "is_open" in fields:
        _refresh_products(Product.objects.filter(shop=shop))
    return shop


@transaction.atomic
def shop_photo_add(*, shop: Shop, by: User, upload: Any, caption: str = "") -> ShopPhoto:
    _ensure_manages(by, shop)
    main, thumb = prepare_image(upload)
    position = shop.photos.count()
    return ShopPhoto.objects.create(
        shop=shop, image=main, thumbnail=thumb, caption=_text(caption, 200), position=position
    )


@transaction.atomic
def location_add(*, shop: Shop, by: User, name: str, kind: str = Location.Kind.SHOP) -> Location:
    _ensure_manages(by, shop)
    name = _text(name, 100)
    if not name:
        raise CannotMoveStock(_("The location needs a name."), code="location_needs_name", field="name")
    if kind not in Location.Kind.values:
        raise CannotMoveStock(_("Unknown kind of location."), code="unknown_kind_location", field="kind")
    if shop.locations.filter(name=name).exists():
        raise CannotMoveStock(
            _("There is already a location with this name."), code="already_location_name", field="name"
        )
    return Location.objects.create(shop=shop, name=name, kind=kind)


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
    out["name_th"] = _text(out.get("name_th"), 200)
    if not out["name_th"]:
        raise CannotChangeProduct(_("The Thai name is required."), code="thai_name_required", field="name_th")
    out["name_en"] = _text(out.get("name_en"), 200)
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
        out[key] = _text(out.get(key), 30)
    composed = compose_variant_name(size=out["size"], colour=out["colour"], pack=out["pack"])
    # Size, colour and pack, when given, name the variant; otherwise its free-text name stays.
    out["name"] = composed or _text(out.get("name"), 100)
    out["sku"] = _text(out.get("sku"), 64).replace(" ", "-")
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


# --- stock ---------------------------------------------------------------------------------------


def _balances_locked(pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], StockBalance]:
    """Lock (creating when missing) the balance rows of (variant, location) pairs in a fixed order,
    so that two checkouts over the same items never deadlock."""
    wanted = sorted(set(pairs))
    for variant_id, location_id in wanted:
        StockBalance.objects.get_or_create(variant_id=variant_id, location_id=location_id)
    rows = (
        StockBalance.objects.select_for_update()
        .filter(Q(*[Q(variant_id=v, location_id=loc) for v, loc in wanted], _connector=Q.OR))
        .order_by("variant_id", "location_id")
    )
    return {(b.variant_id, b.location_id): b for b in rows}


def _move(
    balance: StockBalance,
    *,
    kind: str,
    quantity: int,
    reason: str,
    by: User | None,
    at: dt.datetime,
    order: Order | None = None,
    correct_shortfall: bool = False,
) -> StockMovement:
    """Apply one movement to a locked balance. A shortfall is refused, or for sales that already
    happened elsewhere, first corrected by a flagged adjustment so the ledger never goes below zero."""
    if balance.quantity + quantity < 0:
        if not correct_shortfall:
            raise OutOfStock(
                _("Only %(left)s left of %(item)s."),
                field="quantity",
                params={"left": balance.quantity, "item": balance.variant.label},
            )
        shortfall = -(balance.quantity + quantity)
        balance.quantity += shortfall
        StockMovement.objects.create(
            variant_id=balance.variant_id,
            location_id=balance.location_id,
            kind=MovementKind.ADJUSTMENT,
            quantity=shortfall,
            balance_after=balance.quantity,
            by=by,
            at=at,
            order=order,
            needs_count=True,
            reason=str(_("Sold more than the recorded stock: please count the shelf")),
        )
    balance.quantity += quantity
    StockBalance.objects.filter(pk=balance.pk).update(quantity=balance.quantity)
    return StockMovement.objects.create(
        variant_id=balance.variant_id,
        location_id=balance.location_id,
        kind=kind,
        quantity=quantity,
        balance_after=balance.quantity,
        reason=reason[:200],
        by=by,
        at=at,
        order=order,
    )


def _location_of(variant: Variant, location: Location) -> None:
    if location.shop_id != variant.shop_id:
        raise CannotMoveStock(
            _("That location belongs to another shop."),
            code="location_belongs_another_shop",
            field="location",
        )


@transaction.atomic
def stock_receive(
    *, variant: Variant, location: Location, quantity: int, reason: str, by: User, at: dt.datetime
) -> StockMovement:
    """Goods made or delivered into a location."""
    _ensure_manages(by, variant.shop)
    _location_of(variant, location)
    if not isinstance(quantity, int) or not 1 <= quantity <= 1_000_000:
        raise CannotMoveStock(
            _("Receive between 1 and 1,000,000 pieces."), code="receive_between_pieces", field="quantity"
        )
    balance = _balances_locked([(variant.pk, location.pk)])[(variant.pk, location.pk)]
    return _move(
        balance,
        kind=MovementKind.RECEIVE,
        quantity=quantity,
        reason=reason or str(_("Received")),
        by=by,
        at=at,
    )


@transaction.atomic
def stock_adjust(
    *, variant: Variant, location: Location, delta: int, reason: str, by: User, at: dt.datetime
) -> StockMovement:
    """Correct the count (breakage, a stock take); a reason is required; never below zero."""
    _ensure_manages(by, variant.shop)
    _location_of(variant, location)
    reason = _text(reason, 200)
    if not reason:
        raise CannotMoveStock(_("Say why the stock changes."), code="say_why_stock_changes", field="reason")
    if not isinstance(delta, int) or delta == 0 or abs(delta) > 1_000_000:
        raise CannotMoveStock(
            _("The change must be a whole number other than zero."),
            code="change_whole_number_other",
            field="delta",
        )
    balance = _balances_locked([(variant.pk, location.pk)])[(variant.pk, location.pk)]
    return _move(balance, kind=MovementKind.ADJUSTMENT, quantity=delta, reason=reason, by=by, at=at)


# --- certifications ------------------------------------------------------------------------------


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
    number = _text(fields.get("number"), 60)
    stars = fields.get("stars")
    year_rated = fields.get("year_rated")
    gi_name = _text(fields.get("gi_name"), 200)
    valid_from, valid_until = fields.get("valid_from"), fields.get("valid_until")
    if kind == CertificationKind.OTOP:
        if not isinstance(stars, int) or not 1 <= stars <= 5:
            raise CannotCertify(
                _("OTOP ratings have 1 to 5 stars."), code="otop_ratings_stars", field="stars"
            )
        if not isinstance(year_rated, int) or not 2003 <= year_rated <= timezone.localdate(at).year:
            raise CannotCertify(
                _("Give the year the product was rated."), code="give_year_product_rated", field="year_rated"
            )
    else:
        stars = year_rated = None
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
        number = normalise_fda_number(number)
        if not number:
            raise CannotCertify(
                _("The อย. number has 13 digits: XX-X-XXXXX-X-XXXX."),
                code="number_digits_xx_xxxxx",
                field="number",
            )
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
        issuer=_text(fields.get("issuer"), 200),
        issued_date=fields.get("issued_date"),
        valid_from=valid_from,
        valid_until=valid_until,
        stars=stars,
        year_rated=year_rated,
        gi_name=gi_name,
        standard_ref=_text(fields.get("standard_ref"), 60),
        document=document or "",
        created_at=at,
    )


# --- shipping fees -------------------------------------------------------------------------------


@transaction.atomic
def shipping_band_set(
    *, shop: Shop | None, by: User, carrier: str, max_weight_g: int, fee_satang: int
) -> ShippingBand:
    """Set the fee for parcels up to a weight (shop None: the platform's default table)."""
    if shop is None:
        if not scope_of(by).everything:
            raise OutsideScope("default shipping bands")
    else:
        _ensure_manages(by, shop)
    if carrier not in Carrier.values or carrier == Carrier.PICKUP:
        raise CannotChangeShop(_("Choose a carrier."), code="choose_carrier", field="carrier")
    if not isinstance(max_weight_g, int) or not 1 <= max_weight_g <= 100_000:
        raise CannotChangeShop(
            _("The weight must be between 1 g and 100 kg."), code="weight_between_kg", field="max_weight_g"
        )
    if not isinstance(fee_satang, int) or not 0 <= fee_satang <= 10**8:
        raise CannotChangeShop(_("The fee must be zero or more."), code="fee_zero", field="fee_satang")
    band, _created = ShippingBand.objects.update_or_create(
        shop=shop, carrier=carrier, max_weight_g=max_weight_g, defaults={"fee_satang": fee_satang}
    )
    return band


@transaction.atomic
def shipping_band_delete(*, band: ShippingBand, by: User) -> None:
    if band.shop is None:
        if not scope_of(by).everything:
            raise OutsideScope("default shipping bands")
    else:
        _ensure_manages(by, band.shop)
    band.delete()


def shipping_fee(*, shop: Shop, carrier: str, weight_g: int) -> int:
    """The fee of the lightest band that takes the weight; the shop's own table first."""
    if carrier == Carrier.PICKUP:
        return 0
    for owner in (shop, None):
        bands = ShippingBand.objects.filter(shop=owner, carrier=carrier)
        if bands.exists():
            band = bands.filter(max_weight_g__gte=max(weight_g, 1)).order_by("max_weight_g").first()
            if band is None:
                raise CannotCheckout(
                    _("The parcel is too heavy for this carrier."),
                    code="parcel_too_heavy_carrier",
                    field="carrier",
                )
            return band.fee_satang
    raise CannotCheckout(
        _("This shop does not ship with this carrier."), code="shop_does_ship_carrier", field="carrier"
    )


# --- checkout ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CartItem:
    variant_id: int
    quantity: int
    # The price the buyer saw; a different server price refuses the checkout (None: not checked).
    price_satang: int | None = None


_NUMBER_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
_PREFIX = {
    Channel.STOREFRONT: "W",
    Channel.POS: "P",
    Channel.SHOPEE: "S",
    Channel.LAZADA: "L",
    Channel.FAIR: "F",
}


def _order_number(channel: str) -> str:
    """An order number hard to guess: the buyer follows the order with it and their phone."""
    return f"{_PREFIX[channel]}-" + "".join(secrets.choice(_NUMBER_ALPHABET) for _ in range(9))


def _new_order(**fields: Any) -> Order:
    for _attempt in range(5):
        number = _order_number(fields["channel"])
        if not Order.objects.filter(number=number).exists():
            return Order.objects.create(number=number, **fields)
    raise RuntimeError("could not draw a free order number")


def _clean_items(items: Sequence[CartItem]) -> dict[int, CartItem]:
    if not items:
        raise CannotCheckout(_("The cart is empty."), code="cart_empty", field="items")
    if len(items) > MAX_CART_LINES:
        raise CannotCheckout(_("Too many lines in one order."), code="too_many_lines_order", field="items")
    merged: dict[int, CartItem] = {}
    for i, item in enumerate(items):
        if not isinstance(item.quantity, int) or not 1 <= item.quantity <= MAX_LINE_QUANTITY:
            raise CannotCheckout(
                _("Order between 1 and %(max)s pieces of each item."),
                code="order_between_pieces_each",
                field=f"items.{i}.quantity",
                params={"max": MAX_LINE_QUANTITY},
            )
        if item.variant_id in merged:
            prev = merged[item.variant_id]
            item = CartItem(item.variant_id, prev.quantity + item.quantity, item.price_satang)
            if item.quantity > MAX_LINE_QUANTITY:
                raise CannotCheckout(
                    _("Order between 1 and %(max)s pieces of each item."),
                    code="order_between_pieces_each",
                    field=f"items.{i}.quantity",
                    params={"max": MAX_LINE_QUANTITY},
                )
        merged[item.variant_id] = item
    return merged


def _line(order: Order, variant: Variant, quantity: int, unit_price: int) -> OrderLine:
    product = variant.product
    total = unit_price * quantity
    share = total * product.producer_share_bp // 10000 if product.producer_id else 0
    return OrderLine(
        order=order,
        variant=variant,
        name=variant.label[:300],
        sku=variant.sku,
        quantity=quantity,
        unit_price_satang=unit_price,
        line_total_satang=total,
        producer_id=product.producer_id,
        producer_share_satang=share,
    )


def checkout(
    *,
    items: Sequence[CartItem],
    buyer_name: str,
    buyer_phone: str,
    address_line: str,
    area_code: str,
    postal_code: str,
    carrier: str,
    payment_method: str,
    idempotency_key: str,
    at: dt.datetime,
) -> list[Order]:
    """Place a guest's order (one per shop in the cart), reserving stock atomically.

    Prices come from the server; a cart showing another price is refused with the new price.
    A repeated idempotency key returns the orders of the first call and changes nothing.
    """
    key = _text(idempotency_key, 64)
    if not re.fullmatch(r"[A-Za-z0-9_-]{8,64}", key):
        raise CannotCheckout(
            _("The checkout form has expired; please open it again."),
            code="checkout_form_expired_please",
            field="idempotency_key",
        )
    existing = list(Order.objects.filter(idempotency_key=key, channel=Channel.STOREFRONT).order_by("pk"))
    if existing:
        return existing
    try:
        return _checkout(
            items=items,
            buyer_name=buyer_name,
            buyer_phone=buyer_phone,
            address_line=address_line,
            area_code=area_code,
            postal_code=postal_code,
            carrier=carrier,
            payment_method=payment_method,
            key=key,
            at=at,
        )
    except IntegrityError:
        # The same key was committed by a parallel request (a double click): its orders stand.
        existing = list(Order.objects.filter(idempotency_key=key, channel=Channel.STOREFRONT).order_by("pk"))
        if existing:
            return existing
        raise


@transaction.atomic
def _checkout(
    *,
    items: Sequence[CartItem],
    buyer_name: str,
    buyer_phone: str,
    address_line: str,
    area_code: str,
    postal_code: str,
    carrier: str,
    payment_method: str,
    key: str,
    at: dt.datetime,
) -> list[Order]:
    from thanrak.geo.models import Subdistrict

    if not items:
        raise CannotCheckout(_("The cart is empty."), code="cart_empty", field="items")
    variants = {
        v.pk: v
        for v in Variant.objects.select_related("product", "shop").filter(
            pk__in=[i.variant_id for i in items][: MAX_CART_LINES + 1]
        )
    }
    for i, item in enumerate(items):
        v = variants.get(item.variant_id)
        if v is None or not (v.is_active and v.product.is_active and v.shop.is_open):
            # An unknown or withdrawn item: the API answers 404, the cart page drops it.
            raise Variant.DoesNotExist(f"items.{i}.variant_id")
    merged = _clean_items(items)
    name = _text(buyer_name, 200)
    if not name:
        raise CannotCheckout(_("Write your name."), code="write_your_name", field="buyer_name")
    phone = clean_phone(buyer_phone)
    if not phone:
        raise CannotCheckout(
            _("Write a Thai phone number, e.g. 081-234-5678."),
            code="write_thai_phone_number",
            field="buyer_phone",
        )
    if carrier not in Carrier.values:
        raise CannotCheckout(
            _("Choose how to receive the goods."), code="choose_how_receive_goods", field="carrier"
        )
    address = _text(address_line, 300)
    postal = (postal_code or "").strip()
    if carrier != Carrier.PICKUP:
        if not address:
            raise CannotCheckout(
                _("Write the house number and road."), code="write_house_number_road", field="address_line"
            )
        sub = (
            Subdistrict.objects.filter(code=(area_code or "")[:6]).first()
            if len(area_code or "") >= 6
            else None
        )
        if sub is None:
            raise CannotCheckout(
                _("Choose the province, district and subdistrict."),
                code="choose_province_district_subdistrict",
                field="area_code",
            )
        if postal not in sub.postal_code_list:
            raise CannotCheckout(
                _("The postal code does not match the subdistrict."),
                code="postal_code_does_match",
                field="postal_code",
            )
    if payment_method not in (PaymentMethod.PROMPTPAY, PaymentMethod.COD):
        raise CannotCheckout(
            _("Choose PromptPay or cash on delivery."),
            code="choose_promptpay_cash_delivery",
            field="payment_method",
        )
    if payment_method == PaymentMethod.COD and carrier == Carrier.PICKUP:
        raise CannotCheckout(
            _("Cash on delivery needs a delivery."),
            code="cash_delivery_needs_delivery",
            field="payment_method",
        )

    for i, item in enumerate(merged.values()):
        v = variants[item.variant_id]
        if item.price_satang is not None and item.price_satang != v.price_satang:
            from thanrak.core.money import format_baht

            raise CannotCheckout(
                _("The price of %(item)s is now %(price)s baht. Please check your cart and order again."),
                code="price_now_baht_please",
                field=f"items.{i}.price_satang",
                params={"item": v.label, "price": format_baht(v.price_satang)},
            )
    by_shop: dict[int, list[Variant]] = defaultdict(list)
    for v in variants.values():
        by_shop[v.shop_id].append(v)
    locations = {
        loc.shop_id: loc for loc in Location.objects.filter(shop_id__in=list(by_shop), is_default=True)
    }
    for shop_id, shop_variants in by_shop.items():
        if shop_id not in locations:
            raise CannotCheckout(
                _("%(shop)s has no stock to sell online."),
                code="stock_sell_online",
                params={"shop": shop_variants[0].shop.name},
            )
        if payment_method == PaymentMethod.PROMPTPAY and not shop_variants[0].shop.promptpay_account:
            raise CannotCheckout(
                _("%(shop)s does not take PromptPay yet; choose cash on delivery."),
                code="does_take_promptpay_yet",
                field="payment_method",
                params={"shop": shop_variants[0].shop.name},
            )
    balances = _balances_locked((v.pk, locations[v.shop_id].pk) for v in variants.values())
    orders = []
    for shop_id in sorted(by_shop):
        shop_variants = sorted(by_shop[shop_id], key=lambda v: v.pk)
        shop = shop_variants[0].shop
        weight = sum(v.weight_g * merged[v.pk].quantity for v in shop_variants)
        subtotal = sum(v.price_satang * merged[v.pk].quantity for v in shop_variants)
        fee = shipping_fee(shop=shop, carrier=carrier, weight_g=weight)
        order = _new_order(
            shop=shop,
            channel=Channel.STOREFRONT,
            status=OrderStatus.PENDING_PAYMENT,
            payment_method=payment_method,
            location=locations[shop_id],
            buyer_name=name,
            buyer_phone=phone,
            address_line=address,
            area_code=(area_code or "")[:6] if carrier != Carrier.PICKUP else "",
            postal_code=postal if carrier != Carrier.PICKUP else "",
            carrier=carrier,
            weight_g=weight,
            subtotal_satang=subtotal,
            shipping_satang=fee,
            total_satang=subtotal + fee,
            idempotency_key=key,
            placed_at=at,
            updated_at=at,
        )
        OrderLine.objects.bulk_create(
            [_line(order, v, merged[v.pk].quantity, v.price_satang) for v in shop_variants]
        )
        for v in shop_variants:
            _move(
                balances[(v.pk, locations[shop_id].pk)],
                kind=MovementKind.SALE,
                quantity=-merged[v.pk].quantity,
                reason=str(_("Order %(number)s") % {"number": order.number}),
                by=None,
                at=at,
                order=order,
            )
        OrderEvent.objects.create(order=order, status=order.status, at=at)
        orders.append(order)
    return orders


# --- order life --------------------------------------------------------------------------------

# Allowed next statuses. COD orders are packed and shipped before the money comes (on delivery).
TRANSITIONS = {
    OrderStatus.PENDING_PAYMENT: {OrderStatus.PAID, OrderStatus.CANCELLED},
    OrderStatus.PAID: {OrderStatus.PACKED, OrderStatus.REFUNDED},
    OrderStatus.PACKED: {OrderStatus.SHIPPED, OrderStatus.REFUNDED},
    OrderStatus.SHIPPED: {OrderStatus.DELIVERED, OrderStatus.REFUNDED},
    OrderStatus.DELIVERED: {OrderStatus.REFUNDED},
}
COD_TRANSITIONS = {
    OrderStatus.PENDING_PAYMENT: {OrderStatus.PACKED, OrderStatus.CANCELLED},
    OrderStatus.PACKED: {OrderStatus.SHIPPED, OrderStatus.CANCELLED},
    OrderStatus.SHIPPED: {OrderStatus.DELIVERED, OrderStatus.CANCELLED},
    OrderStatus.DELIVERED: {OrderStatus.REFUNDED},
}


def _locked_order(order: Order) -> Order:
    return Order.objects.select_for_update().select_related("shop").get(pk=order.pk)


def _transition(order: Order, to: str, *, by: User | None, at: dt.datetime, note: str = "") -> None:
    table = COD_TRANSITIONS if order.payment_method == PaymentMethod.COD else TRANSITIONS
    if to not in table.get(order.status, set()):
        raise CannotChangeOrder(
            _("An order that is %(status)s cannot become %(to)s."),
            code="order_become",
            field="status",
            params={"status": order.get_status_display(), "to": OrderStatus(to).label},
        )
    order.status = to
    order.updated_at = at
    order.save(
        update_fields=["status", "updated_at", "paid_at", "payment_confirmed_by", "slip", "slip_uploaded_at"]
    )
    OrderEvent.objects.create(order=order, status=to, at=at, by=by, note=note[:300])


@transaction.atomic
def order_slip_upload(*, order: Order, upload: Any, at: dt.datetime) -> Order:
    """The buyer sends a picture of the transfer slip for the seller to check."""
    order = _locked_order(order)
    if order.status != OrderStatus.PENDING_PAYMENT or order.payment_method != PaymentMethod.PROMPTPAY:
        raise CannotChangeOrder(
            _("This order is not waiting for a PromptPay payment."), code="order_waiting_promptpay_payment"
        )
    main, _thumb = prepare_image(upload, field="slip")
    # A name nobody can guess: the slip shows a bank account and a person's name.
    order.slip.save(f"{secrets.token_hex(16)}.jpg", main, save=False)
    order.slip_uploaded_at = at
    order.updated_at = at
    order.save(update_fields=["slip", "slip_uploaded_at", "updated_at"])
    return order


@transaction.atomic
def order_payment_confirm(*, order: Order, by: User, at: dt.datetime) -> tuple[Order, bool]:
    """The seller confirms the money arrived (checked against the slip). Confirming again changes
    nothing: returns (order, False)."""
    _ensure_manages(by, order.shop)
    order = _locked_order(order)
    if order.paid_at is not None:
        return order, False
    if order.payment_method == PaymentMethod.PROMPTPAY and not order.slip:
        raise CannotChangeOrder(
            _("The buyer has not sent a slip yet."), code="buyer_sent_slip_yet", field="slip"
        )
    if order.payment_method == PaymentMethod.COD and order.status != OrderStatus.SHIPPED:
        raise CannotChangeOrder(
            _("Cash on delivery is confirmed when the parcel is delivered."),
            code="cash_delivery_confirmed_when",
        )
    order.paid_at = at
    order.payment_confirmed_by = by
    if order.payment_method == PaymentMethod.COD:
        _transition(order, OrderStatus.DELIVERED, by=by, at=at, note=str(_("Cash received on delivery")))
    else:
        _transition(order, OrderStatus.PAID, by=by, at=at)
    return order, True


@transaction.atomic
def order_pack(*, order: Order, by: User, at: dt.datetime) -> Order:
    _ensure_manages(by, order.shop)
    order = _locked_order(order)
    _transition(order, OrderStatus.PACKED, by=by, at=at)
    return order


@transaction.atomic
def order_ship(*, order: Order, carrier: str, tracking_number: str, by: User, at: dt.datetime) -> Order:
    """Hand the parcel to a carrier; Thailand Post numbers must be valid S10 numbers."""
    _ensure_manages(by, order.shop)
    order = _locked_order(order)
    number = normalise_tracking(tracking_number)
    if carrier not in Carrier.values:
        raise CannotChangeOrder(_("Choose a carrier."), code="choose_carrier", field="carrier")
    if carrier in THAILAND_POST and not is_valid_s10(number):
        raise CannotChangeOrder(
            _("%(number)s is not a Thailand Post tracking number (e.g. EI217050620TH)."),
            code="thailand_post_tracking_number",
            field="tracking_number",
            params={"number": number or "—"},
        )
    if carrier != Carrier.PICKUP and not number:
        raise CannotChangeOrder(
            _("Write the tracking number."), code="write_tracking_number", field="tracking_number"
        )
    _transition(order, OrderStatus.SHIPPED, by=by, at=at, note=f"{carrier} {number}")
    order.shipments.create(carrier=carrier, tracking_number=number, shipped_at=at, by=by)
    return order


@transaction.atomic
def order_deliver(*, order: Order, by: User, at: dt.datetime) -> Order:
    """Mark delivered; a cash-on-delivery order is paid at this moment."""
    _ensure_manages(by, order.shop)
    order = _locked_order(order)
    if order.payment_method == PaymentMethod.COD and order.paid_at is None:
        order.paid_at = at
        order.payment_confirmed_by = by
    _transition(order, OrderStatus.DELIVERED, by=by, at=at)
    return order


def _return_stock(order: Order, *, by: User | None, at: dt.datetime, reason: str) -> None:
    lines = list(order.lines.all())
    balances = _balances_locked((line.variant_id, order.location_id) for line in lines)
    for line in lines:
        _move(
            balances[(line.variant_id, order.location_id)],
            kind=MovementKind.RETURN,
            quantity=line.quantity,
            reason=reason,
            by=by,
            at=at,
            order=order,
        )


@transaction.atomic
def order_cancel(*, order: Order, by: User | None, at: dt.datetime, reason: str = "") -> Order:
    """Cancel an unpaid order (the seller, or the expiry task with by=None); the stock comes back."""
    if by is not None:
        _ensure_manages(by, order.shop)
    order = _locked_order(order)
    note = _text(reason, 300) or str(_("Cancelled"))
    _transition(order, OrderStatus.CANCELLED, by=by, at=at, note=note)
    _return_stock(order, by=by, at=at, reason=str(_("Order %(number)s cancelled") % {"number": order.number}))
    return order


@transaction.atomic
def order_refund(*, order: Order, by: User, at: dt.datetime, reason: str) -> Order:
    """Refund a paid order: the goods come back to stock and the sale leaves the figures."""
    _ensure_manages(by, order.shop)
    order = _locked_order(order)
    reason = _text(reason, 300)
    if not reason:
        raise CannotChangeOrder(
            _("Say why the order is refunded."), code="say_why_order_refunded", field="reason"
        )
    if order.lines.filter(payout__isnull=False).exists():
        raise CannotChangeOrder(
            _("The producers were already paid for this order."), code="producers_already_paid_order"
        )
    _transition(order, OrderStatus.REFUNDED, by=by, at=at, note=reason)
    _return_stock(order, by=by, at=at, reason=str(_("Order %(number)s refunded") % {"number": order.number}))
    if order.pos_session_id is not None:
        _pos_session_recount(order.pos_session, order=order, by=by, at=at)
    return order


def orders_expire_unpaid(*, placed_before: dt.datetime, at: dt.datetime) -> int:
    """Cancel storefront PromptPay orders still unpaid (and without a slip) since a time."""
    stale = Order.objects.filter(
        channel=Channel.STOREFRONT,
        status=OrderStatus.PENDING_PAYMENT,
        payment_method=PaymentMethod.PROMPTPAY,
        placed_at__lt=placed_before,
        slip="",
    ).values_list("pk", flat=True)
    count = 0
    for pk in list(stale):
        with transaction.atomic():
            order = Order.objects.select_for_update().get(pk=pk)
            if order.status == OrderStatus.PENDING_PAYMENT and not order.slip:
                order_cancel(order=order, by=None, at=at, reason=str(_("Not paid in time")))
                count += 1
    return count


# --- POS -----------------------------------------------------------------------------------------


@transaction.atomic
def pos_session_open(
    *, location: Location, cashier: User, opening_float_satang: int, at: dt.datetime
) -> PosSession:
    """Open a cashier session at a counter with the cash already in the drawer."""
    _ensure_manages(cashier, location.shop)
    if not isinstance(opening_float_satang, int) or not 0 <= opening_float_satang <= 10**9:
        raise CannotUsePos(
            _("The opening float must be zero or more."),
            code="opening_float_zero",
            field="opening_float_satang",
        )
    if PosSession.objects.filter(location=location, closed_at__isnull=True).exists():
        raise CannotUsePos(
            _("A session is already open at this counter."),
            code="session_already_open_counter",
            field="location",
        )
    try:
        with transaction.atomic():
            return PosSession.objects.create(
                shop=location.shop,
                location=location,
                cashier=cashier,
                opened_at=at,
                opening_float_satang=opening_float_satang,
            )
    except IntegrityError as exc:
        raise CannotUsePos(
            _("A session is already open at this counter."),
            code="session_already_open_counter",
            field="location",
        ) from exc


def pos_expected_cash(session: PosSession) -> int:
    """Float plus cash sales (net of refunds) of the session."""
    cash = (
        session.orders.filter(payment_method=PaymentMethod.CASH, status__in=SOLD_STATUSES).aggregate(
            s=Sum("total_satang")
        )["s"]
        or 0
    )
    return session.opening_float_satang + cash


@transaction.atomic
def pos_session_close(
    *, session: PosSession, counted_cash_satang: int, by: User, at: dt.datetime
) -> PosSession:
    """Close the session with the counted cash; the difference to the expected cash is kept."""
    _ensure_manages(by, session.shop)
    session = PosSession.objects.select_for_update().get(pk=session.pk)
    if session.closed_at is not None:
        raise CannotUsePos(_("This session is already closed."), code="session_already_closed")
    if not isinstance(counted_cash_satang, int) or counted_cash_satang < 0:
        raise CannotUsePos(
            _("The counted cash must be zero or more."), code="counted_cash_zero", field="counted_cash_satang"
        )
    session.expected_cash_satang = pos_expected_cash(session)
    session.counted_cash_satang = counted_cash_satang
    session.difference_satang = counted_cash_satang - session.expected_cash_satang
    session.closed_at = at
    session.save()
    return session


def _pos_session_recount(session: PosSession, *, order: Order, by: User | None, at: dt.datetime) -> None:
    """A sale or refund reached a session after it was closed: recompute its expected cash and
    difference against the cash that was counted, keep the before and after, and log it."""
    from thanrak.accounts.actions import audit_record
    from thanrak.accounts.models import AuditEvent

    session = PosSession.objects.select_for_update().get(pk=session.pk)
    if session.closed_at is None:
        return
    expected = pos_expected_cash(session)
    if expected == session.expected_cash_satang:
        return
    recount = PosSessionRecount.objects.create(
        session=session,
        order=order,
        at=at,
        by=by,
        expected_before_satang=session.expected_cash_satang,
        expected_after_satang=expected,
        difference_before_satang=session.difference_satang,
        difference_after_satang=session.counted_cash_satang - expected,
    )
    session.expected_cash_satang = expected
    session.difference_satang = recount.difference_after_satang
    session.save(update_fields=["expected_cash_satang", "difference_satang"])
    audit_record(
        by=by,
        event=AuditEvent.CHANGE,
        at=at,
        object_type="commerce.possession",
        object_id=str(session.pk),
        area_code=session.shop.area_code,
        detail={
            "what": "closed cashier session recounted",
            "order": order.number,
            "expected_before": recount.expected_before_satang,
            "expected_after": expected,
            "difference_before": recount.difference_before_satang,
            "difference_after": recount.difference_after_satang,
        },
    )


@dataclass(frozen=True)
class PosItem:
    variant_id: int
    quantity: int
    unit_price_satang: int


def pos_sale_record(
    *,
    session: PosSession,
    sale_key: str,
    items: Sequence[PosItem],
    payment_method: str,
    cash_received_satang: int | None,
    sold_at: dt.datetime,
    by: User,
) -> tuple[Order, bool]:
    """Record a counter sale, made online or synced later from the device's queue.

    The sale key makes it idempotent: sending the same sale again returns the recorded one and
    (order, False). The sale already happened, so a ledger showing less stock gets a flagged
    correction instead of losing the sale.
    """
    _ensure_manages(by, session.shop)
    key = _text(sale_key, 64)
    if not re.fullmatch(r"[A-Za-z0-9_-]{8,64}", key):
        raise CannotUsePos(_("The sale has no valid key."), code="sale_valid_key", field="sale_key")
    found = Order.objects.filter(shop_id=session.shop_id, idempotency_key=key).first()
    if found is not None:
        return found, False
    try:
        return _pos_sale(
            session=session,
            key=key,
            items=items,
            payment_method=payment_method,
            cash_received_satang=cash_received_satang,
            sold_at=sold_at,
            by=by,
        ), True
    except IntegrityError:
        found = Order.objects.filter(shop_id=session.shop_id, idempotency_key=key).first()
        if found is not None:
            return found, False
        raise


@transaction.atomic
def _pos_sale(
    *,
    session: PosSession,
    key: str,
    items: Sequence[PosItem],
    payment_method: str,
    cash_received_satang: int | None,
    sold_at: dt.datetime,
    by: User,
) -> Order:
    # Locked: a sale synced while the session is being closed is counted by the close or recounts it.
    session = PosSession.objects.select_for_update().select_related("location", "shop").get(pk=session.pk)
    if payment_method not in (PaymentMethod.CASH, PaymentMethod.PROMPTPAY):
        raise CannotUsePos(
            _("Choose cash or PromptPay."), code="choose_cash_promptpay", field="payment_method"
        )
    if not items or len(items) > 200:
        raise CannotUsePos(_("The sale has no items."), code="sale_items", field="items")
    merged: dict[tuple[int, int], int] = defaultdict(int)
    for i, item in enumerate(items):
        if not isinstance(item.quantity, int) or not 1 <= item.quantity <= MAX_LINE_QUANTITY:
            raise CannotUsePos(
                _("Sell between 1 and %(max)s pieces of an item."),
                code="sell_between_pieces_item",
                field=f"items.{i}.quantity",
                params={"max": MAX_LINE_QUANTITY},
            )
        if not isinstance(item.unit_price_satang, int) or not 0 < item.unit_price_satang <= 10**9:
            raise CannotUsePos(
                _("Each item needs a price."),
                code="each_item_needs_price",
                field=f"items.{i}.unit_price_satang",
            )
        merged[(item.variant_id, item.unit_price_satang)] += item.quantity
    variants = {
        v.pk: v
        for v in Variant.objects.select_related("product", "shop").filter(
            pk__in={v for v, _p in merged}, shop_id=session.shop_id
        )
    }
    for i, (variant_id, _price) in enumerate(merged):
        if variant_id not in variants:
            raise CannotUsePos(
                _("An item does not belong to this shop."),
                code="item_does_belong_shop",
                field=f"items.{i}.variant_id",
            )
    total = sum(q * p for (_v, p), q in merged.items())
    change = None
    if payment_method == PaymentMethod.CASH:
        if not isinstance(cash_received_satang, int):  # never assumed to be the exact amount
            raise CannotUsePos(
                _("A cash sale needs the cash received."),
                code="cash_sale_needs_cash",
                field="cash_received_satang",
            )
        if cash_received_satang < total:
            raise CannotUsePos(
                _("The cash received is less than the total."),
                code="cash_received_less_total",
                field="cash_received_satang",
            )
        change = cash_received_satang - total
    else:
        cash_received_satang = None
    # A session at a fair booth sells on the fair channel; any other counter is the POS channel.
    channel = Channel.FAIR if session.location.kind == Location.Kind.BOOTH else Channel.POS
    order = _new_order(
        shop=session.shop,
        channel=channel,
        status=OrderStatus.DELIVERED,
        payment_method=payment_method,
        location=session.location,
        subtotal_satang=total,
        shipping_satang=0,
        total_satang=total,
        idempotency_key=key,
        pos_session=session,
        cash_received_satang=cash_received_satang,
        change_satang=change,
        paid_at=sold_at,
        payment_confirmed_by=by,
        placed_at=sold_at,
        updated_at=sold_at,
        note=str(_("Synced after the session closed")) if session.closed_at else "",
    )
    OrderLine.objects.bulk_create([_line(order, variants[v], q, p) for (v, p), q in sorted(merged.items())])
    balances = _balances_locked((v, session.location_id) for v, _p in merged)
    for (v, _p), q in sorted(merged.items()):
        _move(
            balances[(v, session.location_id)],
            kind=MovementKind.SALE,
            quantity=-q,
            reason=str(_("Counter sale %(number)s") % {"number": order.number}),
            by=by,
            at=sold_at,
            order=order,
            correct_shortfall=True,
        )
    OrderEvent.objects.create(order=order, status=order.status, at=sold_at, by=by)
    if session.closed_at is not None:
        _pos_session_recount(session, order=order, by=by, at=timezone.now())
    return order


# --- marketplaces --------------------------------------------------------------------------------


MARKETPLACE_STATUS = {
    "sold": OrderStatus.DELIVERED,
    "cancelled": OrderStatus.CANCELLED,
    "returned": OrderStatus.REFUNDED,
    "unpaid": OrderStatus.PENDING_PAYMENT,
}


def _marketplace_change(
    order: Order, before: str, *, row: int, stock: int, note: Any, params: dict[str, Any] | None = None
) -> dict[str, Any]:
    """One line of the import's report: which order, from which status to which, stock moved."""
    from thanrak.core.tabular import Issue

    issue = Issue(row, None, note, params or {})
    return {
        "row": row,
        "order": order.external_id,
        "number": order.number,
        "from": before,
        "to": order.status,
        "stock": stock,
        "reason_th": issue.th,
        "reason_en": issue.en,
    }


def _take_marketplace_stock(
    order: Order,
    lines: Sequence[OrderLine],
    *,
    label: str,
    by: User,
    at: dt.datetime,
    correct_shortfall: bool,
) -> dict[str, Any] | None:
    """Take an order's goods from its location; with `correct_shortfall` False a shortage refuses the
    whole order (nothing moved) and says which item is short and by how much."""
    balances = _balances_locked((line.variant_id, order.location_id) for line in lines)
    if not correct_shortfall:
        needed: dict[int, int] = defaultdict(int)
        for line in lines:
            needed[line.variant_id] += line.quantity
        for variant_id, quantity in sorted(needed.items()):
            balance = balances[(variant_id, order.location_id)]
            if balance.quantity < quantity:
                name = next(line.name for line in lines if line.variant_id == variant_id)
                return {"left": balance.quantity, "item": name, "needed": quantity}
    for line in lines:
        _move(
            balances[(line.variant_id, order.location_id)],
            kind=MovementKind.SALE,
            quantity=-line.quantity,
            reason=f"{label} {order.external_id}",
            by=by,
            at=at,
            order=order,
            correct_shortfall=correct_shortfall,
        )
    return None


def _marketplace_order_update(
    order: Order, parsed: Any, *, filename: str, by: User, at: dt.datetime
) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """Apply a marketplace's later status to an order imported before: (change, issue), both None when
    nothing changed. Goods come back once when a sold order is cancelled or returned; they are taken
    when an unpaid order is paid, unless the stock is short (then the order stays unpaid and a row-level
    issue says why)."""
    from thanrak.core.tabular import Issue

    row = parsed.rows[0]
    before = order.status
    target = MARKETPLACE_STATUS[parsed.state]
    was_sold, now_sold = before in SOLD_STATUSES, target in SOLD_STATUSES
    if before == target or (was_sold and now_sold):
        return None, None
    label = Channel(order.channel).label
    lines = list(order.lines.all())
    stock = 0
    if was_sold:
        if target == OrderStatus.PENDING_PAYMENT:
            return None, Issue(
                row,
                None,
                _("Order %(order)s was paid and cannot become unpaid again: left as it is."),
                {"order": order.external_id},
            ).as_dict()
        if any(line.payout_id for line in lines):
            return None, Issue(
                row,
                None,
                _("Order %(order)s is on a producer's payout statement: refund it by hand."),
                {"order": order.external_id},
            ).as_dict()
        _return_stock(order, by=by, at=at, reason=f"{label} {order.external_id}: {OrderStatus(target).label}")
        stock = sum(line.quantity for line in lines)
    elif now_sold:
        short = _take_marketplace_stock(order, lines, label=label, by=by, at=at, correct_shortfall=False)
        if short is not None:
            return None, Issue(
                row,
                None,
                _(
                    "Order %(order)s is paid but only %(left)s of %(item)s are in stock, %(needed)s needed: "
                    "it stays unpaid here until stock is received."
                ),
                {"order": order.external_id, **short},
            ).as_dict()
        order.paid_at = order.paid_at or parsed.placed_at or at
        stock = -sum(line.quantity for line in lines)
    order.status = target
    order.updated_at = at
    order.save(update_fields=["status", "updated_at", "paid_at"])
    OrderEvent.objects.create(
        order=order,
        status=target,
        at=at,
        by=by,
        note=f"{filename}: {OrderStatus(before).label} → {OrderStatus(target).label}"[:300],
    )
    note = (
        _("Order %(order)s: %(before)s → %(after)s, %(n)s pieces back in stock.")
        if stock > 0
        else _("Order %(order)s: %(before)s → %(after)s, %(n)s pieces taken from stock.")
        if stock < 0
        else _("Order %(order)s: %(before)s → %(after)s.")
    )
    params = {
        "order": order.external_id,
        "before": OrderStatus(before).label,
        "after": OrderStatus(target).label,
        "n": abs(stock),
    }
    return _marketplace_change(order, before, row=row, stock=stock, note=note, params=params), None


@transaction.atomic
def marketplace_orders_import(
    *, shop: Shop, marketplace: str, data: bytes, filename: str, by: User, at: dt.datetime
) -> MarketplaceImport:
    """Bring a Shopee or Lazada order export into Thanrak: one order per marketplace order id, stock
    taken from the shop's default location. An id seen before takes the marketplace's later status
    (cancelled or returned: the goods come back once; unpaid then paid: the goods are taken, or the
    row says the stock is short); the same file twice changes nothing. The report lists per row what
    changed."""
    from thanrak.commerce import marketplace as mp

    _ensure_manages(by, shop)
    parsed = mp.parse_orders(marketplace=marketplace, data=data)
    location = shop.locations.filter(is_default=True).first()
    if location is None:
        raise CannotImport(_("The shop has no default stock location."), code="shop_default_stock_location")
    skus = {line.sku for o in parsed.orders for line in o.lines}
    variants = {v.sku: v for v in Variant.objects.select_related("product").filter(shop=shop, sku__in=skus)}
    unknown = sorted(skus - set(variants))
    created = known = updated = 0
    issues = [i.as_dict() for i in parsed.issues]
    changes: list[dict[str, Any]] = []
    existing = {
        o.external_id: o
        for o in Order.objects.select_for_update().filter(
            shop=shop, channel=marketplace, external_id__in=[p.external_id for p in parsed.orders]
        )
    }
    for parsed_order in parsed.orders:
        order = existing.get(parsed_order.external_id)
        if order is not None:
            change, issue = _marketplace_order_update(order, parsed_order, filename=filename, by=by, at=at)
            if issue is not None:
                issue["column"] = parsed.status_column
                issues.append(issue)
            elif change is not None:
                changes.append(change)
                updated += 1
            else:
                known += 1
            continue
        lines = [line for line in parsed_order.lines if line.sku in variants]
        if not lines:
            issues.append(
                {
                    "row": parsed_order.rows[0],
                    "column": None,
                    "reason_th": f"คำสั่งซื้อ {parsed_order.external_id} ไม่มีสินค้าที่รู้จัก",
                    "reason_en": f"Order {parsed_order.external_id} has no known SKU",
                }
            )
            continue
        subtotal = sum(line.quantity * line.unit_price_satang for line in lines)
        status = MARKETPLACE_STATUS[parsed_order.state]
        sold = status in SOLD_STATUSES
        order = _new_order(
            shop=shop,
            channel=marketplace,
            status=status,
            payment_method=PaymentMethod.MARKETPLACE,
            location=location,
            buyer_name="",
            area_code="",
            subtotal_satang=subtotal,
            shipping_satang=0,
            total_satang=subtotal,
            external_id=parsed_order.external_id,
            paid_at=parsed_order.placed_at or at if sold else None,
            placed_at=parsed_order.placed_at or at,
            updated_at=at,
            note=parsed_order.province[:300],
        )
        order_lines = OrderLine.objects.bulk_create(
            [_line(order, variants[line.sku], line.quantity, line.unit_price_satang) for line in lines]
        )
        OrderEvent.objects.create(order=order, status=order.status, at=at, by=by, note=filename[:300])
        created += 1
        pieces = sum(line.quantity for line in lines)
        if sold:
            # Sold on the marketplace already: the goods left; a shortage is flagged for a shelf count.
            _take_marketplace_stock(
                order, order_lines, label=Channel(marketplace).label, by=by, at=at, correct_shortfall=True
            )
        changes.append(
            _marketplace_change(
                order,
                "",
                row=parsed_order.rows[0],
                stock=-pieces if sold else 0,
                note=_("Order %(order)s: new, %(after)s, %(n)s pieces taken from stock.")
                if sold
                else _("Order %(order)s: new, %(after)s."),
                params={"order": order.external_id, "after": OrderStatus(status).label, "n": pieces},
            )
        )
    return MarketplaceImport.objects.create(
        shop=shop,
        marketplace=marketplace,
        filename=filename[:200],
        at=at,
        by=by,
        orders_created=created,
        orders_already_known=known,
        orders_updated=updated,
        unknown_skus=unknown,
        issues=bound_issue_dicts(issues),
        changes=changes,
    )


# --- producers' payouts ------------------------------------------------------------------------


@transaction.atomic
def payout_statement_create(
    *, shop: Shop, producer: Person, period_start: dt.date, period_end: dt.date, by: User, at: dt.datetime
) -> PayoutStatement:
    """Gather a member producer's shares of goods sold in a period (not yet on a statement)."""
    _ensure_manages(by, shop)
    if period_end < period_start:
        raise CannotPayOut(
            _("The period ends before it starts."), code="period_ends_starts", field="period_end"
        )
    if PayoutStatement.objects.filter(
        shop=shop, producer=producer, period_start=period_start, period_end=period_end
    ).exists():
        raise CannotPayOut(
            _("There is already a statement for this producer and period."),
            code="already_statement_producer_period",
        )
    lines = OrderLine.objects.select_for_update().filter(
        order__shop=shop,
        producer=producer,
        payout__isnull=True,
        order__status__in=SOLD_STATUSES,
        order__paid_at__date__gte=period_start,
        order__paid_at__date__lte=period_end,
    )
    totals = lines.aggregate(sales=Sum("line_total_satang"), share=Sum("producer_share_satang"))
    if not totals["sales"]:
        raise CannotPayOut(
            _("This producer sold nothing in the period that is not on a statement yet."),
            code="producer_sold_nothing_period",
        )
    statement = PayoutStatement.objects.create(
        shop=shop,
        producer=producer,
        period_start=period_start,
        period_end=period_end,
        sales_satang=totals["sales"],
        amount_satang=totals["share"] or 0,
        created_at=at,
        by=by,
    )
    lines.update(payout=statement)
    return statement


@transaction.atomic
def payout_mark_paid(*, statement: PayoutStatement, by: User, at: dt.datetime) -> PayoutStatement:
    _ensure_manages(by, statement.shop)
    statement = PayoutStatement.objects.select_for_update().get(pk=statement.pk)
    if statement.paid_at is None:
        statement.paid_at = at
        statement.save(update_fields=["paid_at"])
    return statement
