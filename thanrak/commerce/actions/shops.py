"""Shops, their stock locations and shipping fees."""

import datetime as dt
import re
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.accounts.scope import OutsideScope, scope_of
from thanrak.commerce.actions.base import _ensure_manages
from thanrak.commerce.actions.products import _refresh_products
from thanrak.commerce.errors import CannotChangeShop, CannotMoveStock
from thanrak.commerce.images import prepare_image
from thanrak.commerce.models import (
    Carrier,
    Location,
    Product,
    ShippingBand,
    Shop,
    ShopPhoto,
)
from thanrak.commerce.plans import Band, shipping_fee_for
from thanrak.commerce.promptpay import is_valid_account
from thanrak.commerce.rules import clean_phone, clean_text
from thanrak.registry.models import Organisation

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
    out["name"] = clean_text(out.get("name"), 200)
    if not out["name"]:
        raise CannotChangeShop(_("The shop needs a name."), code="shop_needs_name", field="name")
    for key in ("story_th", "story_en"):
        out[key] = (out.get(key) or "").replace("\x00", "").strip()
    for key, limit in (("address", 300), ("line_id", 50), ("email", 254)):
        out[key] = clean_text(out.get(key), limit)
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
        shop=shop, image=main, thumbnail=thumb, caption=clean_text(caption, 200), position=position
    )


@transaction.atomic
def location_add(*, shop: Shop, by: User, name: str, kind: str = Location.Kind.SHOP) -> Location:
    _ensure_manages(by, shop)
    name = clean_text(name, 100)
    if not name:
        raise CannotMoveStock(_("The location needs a name."), code="location_needs_name", field="name")
    if kind not in Location.Kind.values:
        raise CannotMoveStock(_("Unknown kind of location."), code="unknown_kind_location", field="kind")
    if shop.locations.filter(name=name).exists():
        raise CannotMoveStock(
            _("There is already a location with this name."), code="already_location_name", field="name"
        )
    return Location.objects.create(shop=shop, name=name, kind=kind)


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

    def bands(owner: Shop | None) -> list[Band]:
        rows = ShippingBand.objects.filter(shop=owner, carrier=carrier).values_list(
            "max_weight_g", "fee_satang"
        )
        return [Band(w, f) for w, f in rows]

    return shipping_fee_for(carrier=carrier, weight_g=weight_g, own=bands(shop), default=bands(None))
