"""Back-office reads: shops, products, stock, certifications, orders, POS sessions, marketplace
imports. Each takes the viewer and scopes by visible_to."""

import datetime as dt
from typing import Any

from django.db.models import (
    Count,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from thanrak.accounts.models import User
from thanrak.accounts.scope import scope_of
from thanrak.commerce.models import (
    SOLD_STATUSES,
    Certification,
    Location,
    MarketplaceImport,
    Order,
    PosSession,
    Product,
    ShippingBand,
    Shop,
    StockBalance,
    StockMovement,
    Variant,
)


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


def shops_managed(*, viewer: User) -> QuerySet[Shop]:
    """The shops the viewer may change: their organisations' (national managers: all)."""
    return Shop.objects.managed_by(viewer)


def shop_may_change(*, viewer: User, shop_id: int) -> bool:
    return shops_managed(viewer=viewer).filter(pk=shop_id).exists()


def variants_of(*, viewer: User, shop: Shop) -> QuerySet[Variant]:
    """The shop's variants, with their products, as far as the viewer sees them."""
    return Variant.objects.visible_to(viewer).filter(shop=shop).select_related("product")


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
