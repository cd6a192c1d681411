"""Public reads of the storefront: listings, a product, a shop, the cart, following an order.
They show only what a shop offers for sale."""

import datetime as dt
import re
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import (
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
)
from django.utils.functional import cached_property

from thanrak.commerce import search
from thanrak.commerce.models import (
    Certification,
    CertificationKind,
    Location,
    Order,
    Product,
    ProductPhoto,
    Shop,
    StockBalance,
    Variant,
)
from thanrak.commerce.rules import clean_phone
from thanrak.geo.models import Province

PAGE_SIZE = 24


# Listings count matches only up to this many ("more than 1,000"): an exact count of a broad
# listing costs more than the page itself, and nobody pages past the first forty pages.
COUNT_CAP = 1000


class CappedPaginator(Paginator):
    """A paginator whose count stops at COUNT_CAP + 1; `capped` says the true count is larger."""

    @cached_property
    def count(self) -> int:
        n = self.object_list.order_by().values("pk")[: COUNT_CAP + 1].count()
        self.capped = n > COUNT_CAP
        return min(n, COUNT_CAP)

    capped = False


SORTS = {"new": ("-created_at", "-pk"), "price": ("price_satang", "pk"), "-price": ("-price_satang", "-pk")}


@dataclass(frozen=True)
class StorefrontFilters:
    q: str = ""
    province: str = ""
    category: str = ""
    gi: bool = False
    min_stars: int | None = None
    min_price_satang: int | None = None
    max_price_satang: int | None = None
    shop_id: int | None = None
    sort: str = "new"


def storefront_products(*, filters: StorefrontFilters, on: dt.date) -> QuerySet[Product]:
    """Products on sale, filtered as the buyer asked, with their cover thumbnail and badges."""
    qs = Product.objects.on_sale()
    if filters.province:
        qs = qs.filter(province_code=filters.province)
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.shop_id:
        qs = qs.filter(shop_id=filters.shop_id)
    if filters.min_price_satang is not None:
        qs = qs.filter(price_satang__gte=filters.min_price_satang)
    if filters.max_price_satang is not None:
        qs = qs.filter(price_satang__lte=filters.max_price_satang)
    if filters.gi:
        qs = qs.certified(CertificationKind.GI, on)
    if filters.min_stars:
        qs = qs.certified(CertificationKind.OTOP, on, min_stars=filters.min_stars)
    words = search.query_words(filters.q)
    if words:
        qs = qs.filter(search_terms__words_all=words)
    valid = Certification.objects.valid_on(on).filter(product=OuterRef("pk"))
    qs = qs.annotate(
        cover=Subquery(
            ProductPhoto.objects.filter(product=OuterRef("pk"))
            .order_by("position", "pk")
            .values("thumbnail")[:1]
        ),
        stars=Subquery(
            valid.filter(kind=CertificationKind.OTOP).order_by("-stars").values("stars")[:1],
            output_field=IntegerField(),
        ),
        has_gi=Exists(valid.filter(kind=CertificationKind.GI)),
    ).select_related("shop")
    return qs.order_by(*SORTS.get(filters.sort, SORTS["new"]))


def storefront_provinces() -> list[tuple[str, str]]:
    """(code, name) of provinces that have products on sale, for the browse filter (kept for ten
    minutes: it reads the whole catalogue, and a province appearing a little late does no harm)."""
    from django.core.cache import cache
    from django.utils.translation import get_language

    key = f"commerce:storefront-provinces:{get_language()}"
    found = cache.get(key)
    if found is None:
        codes = set(Product.objects.on_sale().values_list("province_code", flat=True).distinct())
        found = [(p.code, p.name) for p in Province.objects.filter(code__in=codes).order_by("name_th")]
        cache.set(key, found, 600)
    return found


def storefront_product(*, product_id: int, on: dt.date) -> Product:
    """A product page: variants with what is left to sell online, photos, certifications in force."""
    product = (
        Product.objects.on_sale()
        .select_related("shop", "shop__organisation")
        .prefetch_related(
            Prefetch("variants", queryset=Variant.objects.filter(is_active=True)),
            "photos",
            Prefetch("certifications", queryset=Certification.objects.valid_on(on).order_by("kind")),
        )
        .get(pk=product_id)
    )
    default = Location.objects.filter(shop_id=product.shop_id, is_default=True).first()
    left = (
        dict(
            StockBalance.objects.filter(location=default, variant__product=product).values_list(
                "variant_id", "quantity"
            )
        )
        if default
        else {}
    )
    for v in product.variants.all():
        v.available = left.get(v.pk, 0)
    return product


def storefront_shop(*, shop_id: int) -> Shop:
    return (
        Shop.objects.select_related("organisation").prefetch_related("photos").get(pk=shop_id, is_open=True)
    )


@dataclass
class CartLine:
    variant: Variant
    quantity: int
    line_total_satang: int
    available: int


def cart_lines(*, cart: dict[str, int]) -> list[CartLine]:
    """The session cart priced with today's server prices; items no longer sold drop out."""
    ids = [int(k) for k in cart if str(k).isdigit()]
    variants = Variant.objects.select_related("product", "shop").filter(
        pk__in=ids, is_active=True, product__is_active=True, shop__is_open=True
    )
    left = dict(
        StockBalance.objects.filter(variant_id__in=ids, location__is_default=True).values_list(
            "variant_id", "quantity"
        )
    )
    lines = []
    for v in sorted(variants, key=lambda v: (v.shop_id, v.pk)):
        qty = int(cart[str(v.pk)])
        lines.append(CartLine(v, qty, v.price_satang * qty, left.get(v.pk, 0)))
    return lines


def order_track(*, number: str, phone: str) -> Order | None:
    """The order with this number only when the phone matches too (a guessed number shows nothing)."""
    phone = clean_phone(phone)
    number = (number or "").strip().upper()
    if not phone or not re.fullmatch(r"[A-Z]-[A-Z0-9]{9}", number):
        return None
    return (
        Order.objects.select_related("shop", "shop__organisation")
        .prefetch_related("lines", "events", "shipments")
        .filter(number=number, buyer_phone=phone)
        .first()
    )


def orders_by_numbers(*, numbers: list[str]) -> list[Order]:
    """The buyer's just-placed orders (numbers kept in their own session)."""
    return list(
        Order.objects.select_related("shop")
        .prefetch_related("lines")
        .filter(number__in=numbers)
        .order_by("pk")
    )
