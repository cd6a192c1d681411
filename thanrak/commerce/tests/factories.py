"""Builders of commerce records through the actions, as a shop officer would make them."""

import datetime as dt
import io
import itertools

from PIL import Image

from thanrak.commerce import actions
from thanrak.commerce.models import Carrier, Location, Product, Shop

AT = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)
TODAY = AT.date()
_serial = itertools.count(1)


def shop(*, by, organisation, **fields) -> Shop:
    data = {
        "name": f"ร้าน {organisation.name_th}",
        "story_th": "ทอผ้ามือจากบ้านเรา",
        "promptpay_account": "0812345678",
        "phone": "0812345678",
    }
    data.update(fields)
    return actions.shop_open(organisation=organisation, by=by, at=AT, **data)


def product(*, by, shop, stock: int = 10, price_satang: int = 25000, variants=None, **fields) -> Product:
    n = next(_serial)
    data = {"name_th": f"ผ้าไหมแพรวา {n}", "category": "TEXTILE", "description_th": "ผ้าไหมทอมือลายโบราณ"}
    data.update(fields)
    variants = variants or [{"sku": f"SKU-{n}", "name": "", "price_satang": price_satang, "weight_g": 400}]
    made = actions.product_create(shop=shop, by=by, at=AT, variants=variants, **data)
    if stock:
        location = Location.objects.get(shop=shop, is_default=True)
        for v in made.variants.all():
            actions.stock_receive(variant=v, location=location, quantity=stock, reason="ทอเสร็จ", by=by, at=AT)
    return made


def default_bands(*, by) -> None:
    """Platform default fees (national manager)."""
    for carrier in (Carrier.THAILAND_POST_EMS, Carrier.THAILAND_POST_REGISTERED, Carrier.KERRY):
        actions.shipping_band_set(shop=None, by=by, carrier=carrier, max_weight_g=1000, fee_satang=5000)
        actions.shipping_band_set(shop=None, by=by, carrier=carrier, max_weight_g=5000, fee_satang=9000)


def png_bytes(size=(800, 600), color=(200, 80, 40), fmt="PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, format=fmt)
    return out.getvalue()
