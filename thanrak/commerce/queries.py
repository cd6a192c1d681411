"""Reads of the commerce module. Back-office reads take the viewer and scope by visible_to;
storefront reads are public and show only what a shop offers for sale."""

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Substr, TruncMonth
from django.utils.functional import cached_property

from thanrak.accounts.models import User
from thanrak.accounts.scope import scope_of
from thanrak.commerce import search
from thanrak.commerce.models import (
    SOLD_STATUSES,
    Certification,
    CertificationKind,
    Channel,
    Location,
    MarketplaceImport,
    Order,
    OrderLine,
    OrderStatus,
    PayoutStatement,
    PosSession,
    Product,
    ProductPhoto,
    ShippingBand,
    Shop,
    StockBalance,
    StockMovement,
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


# --- storefront (public) -------------------------------------------------------------------------


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


# --- back office ---------------------------------------------------------------------------------


def shop_list(*, viewer: User) -> QuerySet[Shop]:
    return (
        Shop.objects.visible_to(viewer)
        .select_related("organisation")
        .annotate(product_count=Count("products", distinct=True))
        .order_by("name")
    )


def shop_get(*, viewer: User, shop_id: int) -> Shop:
    return Shop.objects.visible_to(viewer).select_related("organisation").get(pk=shop_id)


def shop_managed_get(*, viewer: User, shop_id: int) -> Shop:
    """A shop the viewer may change (DoesNotExist otherwise)."""
    return Shop.objects.managed_by(viewer).select_related("organisation").get(pk=shop_id)


def organisations_without_shop(*, viewer: User) -> QuerySet[Any]:
    from thanrak.registry.models import Organisation

    scope = scope_of(viewer)
    qs = Organisation.objects.visible_to(viewer).filter(shop__isnull=True, is_active=True)
    if not scope.everything:
        qs = qs.filter(scope.organisation_q("pk"))
    return qs.order_by("name_th")


def product_list(*, viewer: User, shop: Shop) -> QuerySet[Product]:
    return (
        Product.objects.visible_to(viewer)
        .filter(shop=shop)
        .prefetch_related("variants")
        .annotate(stock=Coalesce(Sum("variants__balances__quantity"), Value(0)))
        .order_by("name_th")
    )


def product_get(*, viewer: User, product_id: int) -> Product:
    return (
        Product.objects.visible_to(viewer)
        .select_related("shop", "producer")
        .prefetch_related("variants", "photos", "certifications")
        .get(pk=product_id)
    )


def variant_get(*, viewer: User, variant_id: int) -> Variant:
    return Variant.objects.visible_to(viewer).select_related("product", "shop").get(pk=variant_id)


def stock_levels(*, viewer: User, shop: Shop) -> dict[str, Any]:
    """Per variant, the quantity at each location of the shop."""
    locations = list(Location.objects.visible_to(viewer).filter(shop=shop).order_by("-is_default", "name"))
    balances = {
        (b.variant_id, b.location_id): b.quantity for b in StockBalance.objects.filter(location__in=locations)
    }
    rows = []
    for v in (
        Variant.objects.visible_to(viewer)
        .filter(shop=shop)
        .select_related("product")
        .order_by("product__name_th", "sku")
    ):
        rows.append({"variant": v, "quantities": [balances.get((v.pk, loc.pk), 0) for loc in locations]})
    return {"locations": locations, "rows": rows}  # type: ignore[return-value]


def stock_movements(*, viewer: User, shop: Shop, variant_id: int | None = None) -> QuerySet[StockMovement]:
    qs = StockMovement.objects.filter(variant__in=Variant.objects.visible_to(viewer).filter(shop=shop))
    if variant_id:
        qs = qs.filter(variant_id=variant_id)
    return qs.select_related("variant", "variant__product", "location", "by", "order").order_by("-at", "-pk")


def certifications_expiring(*, viewer: User, on: dt.date, within_days: int = 60) -> QuerySet[Certification]:
    """Certificates ending within the next days, soonest first: the officer's renewal list."""
    return (
        Certification.objects.visible_to(viewer)
        .expiring(on, within_days=within_days)
        .select_related("product", "product__shop")
        .order_by("valid_until")
    )


def certification_get(*, viewer: User, certification_id: int) -> Certification:
    """A certification of a shop the viewer may see (its organisation's officers, the area's officers)."""
    return Certification.objects.visible_to(viewer).select_related("product").get(pk=certification_id)


def order_list(
    *, viewer: User, shop: Shop | None = None, status: str = "", channel: str = ""
) -> QuerySet[Order]:
    qs = Order.objects.visible_to(viewer).select_related("shop")
    if shop is not None:
        qs = qs.filter(shop=shop)
    if status:
        qs = qs.filter(status=status)
    if channel:
        qs = qs.filter(channel=channel)
    return qs.order_by("-placed_at", "-pk")


def order_get(*, viewer: User, order_id: int) -> Order:
    return (
        Order.objects.visible_to(viewer)
        .select_related("shop", "shop__organisation", "location", "payment_confirmed_by", "pos_session")
        .prefetch_related("lines", "events", "shipments")
        .get(pk=order_id)
    )


def shipping_bands(*, shop: Shop) -> tuple[list[ShippingBand], list[ShippingBand]]:
    """(the shop's own bands, the platform's default bands)."""
    return list(ShippingBand.objects.filter(shop=shop)), list(ShippingBand.objects.filter(shop__isnull=True))


def pos_sessions(*, viewer: User, shop: Shop) -> QuerySet[PosSession]:
    return (
        PosSession.objects.visible_to(viewer)
        .filter(shop=shop)
        .select_related("location", "cashier")
        .order_by("-opened_at")
    )


def pos_session_get(*, viewer: User, session_id: int) -> PosSession:
    return (
        PosSession.objects.visible_to(viewer).select_related("shop", "location", "cashier").get(pk=session_id)
    )


def pos_catalogue(*, session: PosSession) -> list[dict[str, Any]]:
    """What the counter screen keeps on the device to go on selling offline."""
    left = dict(StockBalance.objects.filter(location=session.location).values_list("variant_id", "quantity"))
    return [
        {
            "id": v.pk,
            "sku": v.sku,
            "ean": v.ean13,
            "name": v.label,
            "price": v.price_satang,
            "stock": left.get(v.pk, 0),
        }
        for v in Variant.objects.filter(shop=session.shop, is_active=True, product__is_active=True)
        .select_related("product")
        .order_by("product__name_th", "name")
    ]


def pos_expected_cash(session: PosSession) -> int:
    """Float plus cash sales (net of refunds) of the session."""
    from thanrak.commerce.models import PaymentMethod

    cash = (
        session.orders.filter(payment_method=PaymentMethod.CASH, status__in=SOLD_STATUSES).aggregate(
            s=Sum("total_satang")
        )["s"]
        or 0
    )
    return session.opening_float_satang + cash


def pos_session_summary(*, session: PosSession) -> dict[str, int]:
    from thanrak.commerce.models import PaymentMethod

    sold = session.orders.filter(status__in=SOLD_STATUSES)
    return {
        "sales": sold.count(),
        "cash_satang": sold.filter(payment_method=PaymentMethod.CASH).aggregate(s=Sum("total_satang"))["s"]
        or 0,
        "promptpay_satang": sold.filter(payment_method=PaymentMethod.PROMPTPAY).aggregate(
            s=Sum("total_satang")
        )["s"]
        or 0,
        "expected_cash_satang": pos_expected_cash(session),
    }


def marketplace_imports(*, viewer: User, shop: Shop) -> QuerySet[MarketplaceImport]:
    return MarketplaceImport.objects.visible_to(viewer).filter(shop=shop).order_by("-at")


def stock_for_export(*, shop: Shop) -> dict[int, int]:
    return dict(
        StockBalance.objects.filter(location__shop=shop, location__is_default=True).values_list(
            "variant_id", "quantity"
        )
    )


# --- sales ---------------------------------------------------------------------------------------

GROUPINGS = ("product", "shop", "month", "channel", "district", "province")


def _sold_lines(
    viewer: User, date_from: dt.date | None, date_to: dt.date | None, shop_id: int | None
) -> QuerySet[OrderLine]:
    orders = Order.objects.visible_to(viewer).filter(status__in=SOLD_STATUSES)
    if shop_id:
        orders = orders.filter(shop_id=shop_id)
    if date_from:
        orders = orders.filter(placed_at__date__gte=date_from)
    if date_to:
        orders = orders.filter(placed_at__date__lte=date_to)
    return OrderLine.objects.filter(order__in=orders)


def sales_summary(
    *,
    viewer: User,
    by: str,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    shop_id: int | None = None,
    limit: int = 500,
) -> list[dict[str, Any]]:
    """Sold amounts (paid, packed, shipped, delivered; refunds and cancellations excluded) grouped
    by product, shop, month, channel, district or province, largest first (months in order)."""
    if by not in GROUPINGS:
        raise ValueError(by)
    lines = _sold_lines(viewer, date_from, date_to, shop_id)
    key_expr = {
        "product": F("variant__product_id"),
        "shop": F("order__shop_id"),
        "month": TruncMonth("order__placed_at"),
        "channel": F("order__channel"),
        "district": Substr("order__shop__area_code", 1, 4),
        "province": Substr("order__shop__area_code", 1, 2),
    }[by]
    rows = list(
        lines.annotate(key=key_expr)
        .values("key")
        .annotate(
            amount=Sum("line_total_satang"), quantity=Sum("quantity"), orders=Count("order_id", distinct=True)
        )
        .order_by("key" if by == "month" else "-amount")[:limit]
    )
    labels: dict[Any, str] = {}
    keys = [r["key"] for r in rows]
    if by == "product":
        labels = dict(Product.objects.filter(pk__in=keys).values_list("pk", "name_th"))
    elif by == "shop":
        labels = dict(Shop.objects.filter(pk__in=keys).values_list("pk", "name"))
    elif by in ("district", "province"):
        from thanrak.geo.queries import area_names

        labels = area_names(codes={k for k in keys if k})
    elif by == "channel":
        labels = {c.value: str(c.label) for c in Channel}
    for r in rows:
        key = r["key"]
        if by == "month":
            from thanrak.core.thai import format_month

            local = key.date() if hasattr(key, "date") else key
            r["label"] = format_month(local.year, local.month)
            r["key"] = local.strftime("%Y-%m")
        else:
            r["label"] = labels.get(key, str(key))
    return rows


def sales_totals(
    *,
    viewer: User,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    shop_id: int | None = None,
) -> dict[str, int]:
    lines = _sold_lines(viewer, date_from, date_to, shop_id)
    agg = lines.aggregate(
        amount=Sum("line_total_satang"), quantity=Sum("quantity"), orders=Count("order_id", distinct=True)
    )
    return {k: v or 0 for k, v in agg.items()}


def producer_shares(*, viewer: User, shop: Shop) -> list[dict[str, Any]]:
    """Per member producer: sold amount and share not yet on a statement."""
    from thanrak.registry.models import Person

    rows = list(
        OrderLine.objects.filter(
            order__in=Order.objects.visible_to(viewer).filter(shop=shop, status__in=SOLD_STATUSES)
        )
        .filter(producer__isnull=False, payout__isnull=True)
        .values("producer_id")
        .annotate(
            sales=Sum("line_total_satang"), share=Sum("producer_share_satang"), last=Max("order__paid_at")
        )
        .order_by("-share")
    )
    people = {p.pk: p for p in Person.objects.filter(pk__in=[r["producer_id"] for r in rows])}
    for r in rows:
        r["producer"] = people.get(r["producer_id"])
    return rows


def payout_list(*, viewer: User, shop: Shop | None = None) -> QuerySet[PayoutStatement]:
    scope = scope_of(viewer)
    if scope.role == "MEMBER":
        qs = PayoutStatement.objects.filter(scope.person_q("producer_id"))
    else:
        qs = PayoutStatement.objects.visible_to(viewer)
    if shop is not None:
        qs = qs.filter(shop=shop)
    return qs.select_related("shop", "producer").order_by("-period_end", "producer__first_name")


def payout_get(*, viewer: User, statement_id: int) -> PayoutStatement:
    return payout_list(viewer=viewer).prefetch_related("lines", "lines__order").get(pk=statement_id)


def order_status_counts(*, viewer: User, shop: Shop) -> dict[str, int]:
    return dict(
        Order.objects.visible_to(viewer)
        .filter(shop=shop)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )


def shop_panel(*, viewer: User, on: dt.date) -> dict[str, Any]:
    """The home-page panel: shops, orders waiting, certificates to renew."""
    shops = Shop.objects.visible_to(viewer)
    waiting = Order.objects.visible_to(viewer).filter(
        Q(status=OrderStatus.PENDING_PAYMENT, channel=Channel.STOREFRONT)
        | Q(status__in=[OrderStatus.PAID, OrderStatus.PACKED])
    )
    return {
        "shops": list(shops.order_by("name")[:10]),
        "shop_count": shops.count(),
        "waiting": waiting.count(),
        "expiring": certifications_expiring(viewer=viewer, on=on).count(),
    }


# --- households ----------------------------------------------------------------------------------


@dataclass
class HouseholdEnterprise:
    """A shop of an enterprise the household's members belong to, with what their own goods sold."""

    shop: Shop
    members: list[str]
    sold_satang: int = 0
    share_satang: int = 0


def household_enterprises(*, viewer: User, household_id: int) -> list[HouseholdEnterprise]:
    """Shops the viewer sees of the groups the household's current members belong to, or that sell
    their goods, with the members' names and their goods' sales, in a fixed number of queries."""
    from thanrak.registry.models import Household, HouseholdMember, Membership

    household = Household.objects.visible_to(viewer).get(pk=household_id)
    people = HouseholdMember.objects.filter(household=household, left_date__isnull=True).values("person_id")
    memberships = list(
        Membership.objects.filter(
            person_id__in=people,
            end_date__isnull=True,
            organisation__shop__in=Shop.objects.visible_to(viewer),
        )
        .select_related("person", "organisation__shop")
        .order_by("organisation__shop__name", "person__first_name")
    )
    sales = {
        r["order__shop_id"]: r
        for r in OrderLine.objects.filter(
            producer_id__in=people,
            order__status__in=SOLD_STATUSES,
            order__in=Order.objects.visible_to(viewer),
        )
        .values("order__shop_id")
        .annotate(sold=Sum("line_total_satang"), share=Sum("producer_share_satang"))
    }
    rows: dict[int, HouseholdEnterprise] = {}
    for m in memberships:
        shop = m.organisation.shop
        rows.setdefault(shop.pk, HouseholdEnterprise(shop=shop, members=[])).members.append(
            m.person.full_name
        )
    for shop in Shop.objects.filter(pk__in=set(sales) - set(rows)):
        rows[shop.pk] = HouseholdEnterprise(shop=shop, members=[])
    for shop_id, row in rows.items():
        if shop_id in sales:
            row.sold_satang, row.share_satang = sales[shop_id]["sold"] or 0, sales[shop_id]["share"] or 0
    return sorted(rows.values(), key=lambda r: r.shop.name)
