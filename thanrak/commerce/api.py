"""The commerce JSON API: public storefront operations (no login) and scoped shop operations."""

import datetime as dt
from typing import Annotated

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status

from thanrak.apikit import ERRORS, Error, Id, access, choice_literal, page_schema, public_operation
from thanrak.commerce import actions, queries
from thanrak.commerce.models import Carrier, Order, PaymentMethod
from thanrak.commerce.promptpay import promptpay_payload

router = Router(tags=["commerce"])


class ProductOut(Schema):
    id: int
    name_th: str
    name_en: str
    category: str
    shop_id: int
    shop_name: str
    province_code: str
    price_satang: int
    otop_stars: int | None = None
    gi: bool = False


ProductPage = page_schema("ProductPage", ProductOut, numbered=True)


class VariantOut(Schema):
    id: int
    name: str
    size: str = ""
    colour: str = ""
    pack: str = ""
    sku: str
    ean13: str
    price_satang: int
    weight_g: int
    available: int


class CertificationOut(Schema):
    kind: str
    number: str
    issuer: str
    stars: int | None
    gi_name: str
    valid_until: dt.date | None


class ProductDetailOut(ProductOut):
    description_th: str
    description_en: str
    story_th: str
    variants: list[VariantOut]
    certifications: list[CertificationOut]


class StorefrontQuery(Schema):
    q: str = Field("", max_length=100)
    province: str = Field("", pattern=r"^([0-9]{2})?$")
    category: str = Field("", pattern=r"^(FOOD|BEVERAGE|TEXTILE|HOUSEHOLD|HERBAL)?$")
    gi: bool = False
    min_stars: int | None = Field(None, ge=1, le=5)
    min_price_satang: int | None = Field(None, ge=0, le=10**12)
    max_price_satang: int | None = Field(None, ge=0, le=10**12)
    sort: str = Field("new", pattern=r"^(new|price|-price)$")
    page: int = Field(1, ge=1, le=10_000)


def _product_out(p: object) -> ProductOut:
    return ProductOut(
        id=p.pk,
        name_th=p.name_th,
        name_en=p.name_en,
        category=p.category,
        shop_id=p.shop_id,
        shop_name=p.shop.name,
        province_code=p.province_code,
        price_satang=p.price_satang,
        otop_stars=getattr(p, "stars", None),
        gi=bool(getattr(p, "has_gi", False)),
    )  # type: ignore[attr-defined]


@router.get(
    "/products",
    response={200: ProductPage, **ERRORS},
    auth=None,
    summary="Browse and search products on sale",
)
@public_operation
def product_list(request: HttpRequest, filters: Query[StorefrontQuery]) -> ProductPage:
    qs = queries.storefront_products(
        filters=queries.StorefrontFilters(
            q=filters.q,
            province=filters.province,
            category=filters.category,
            gi=filters.gi,
            min_stars=filters.min_stars,
            min_price_satang=filters.min_price_satang,
            max_price_satang=filters.max_price_satang,
            sort=filters.sort,
        ),
        on=timezone.localdate(),
    )
    start = (filters.page - 1) * queries.PAGE_SIZE
    items = [_product_out(p) for p in qs[start : start + queries.PAGE_SIZE]]
    return ProductPage(count=qs.count(), page=filters.page, items=items)


@router.get(
    "/products/{product_id}",
    response={200: ProductDetailOut, **ERRORS},
    auth=None,
    summary="A product with variants and valid certifications",
)
@public_operation
def product_detail(request: HttpRequest, product_id: Id) -> ProductDetailOut:
    p = queries.storefront_product(product_id=product_id, on=timezone.localdate())
    base = _product_out(p).dict()
    base["otop_stars"] = max((c.stars for c in p.certifications.all() if c.stars), default=None)
    base["gi"] = any(c.kind == "GI" for c in p.certifications.all())
    return ProductDetailOut(
        **base,
        description_th=p.description_th,
        description_en=p.description_en,
        story_th=p.shop.story_th,
        variants=[
            VariantOut(
                id=v.pk,
                name=v.name,
                size=v.size,
                colour=v.colour,
                pack=v.pack,
                sku=v.sku,
                ean13=v.ean13,
                price_satang=v.price_satang,
                weight_g=v.weight_g,
                available=v.available,
            )
            for v in p.variants.all()
        ],
        certifications=[
            CertificationOut(
                kind=c.kind,
                number=c.number,
                issuer=c.issuer,
                stars=c.stars,
                gi_name=c.gi_name,
                valid_until=c.valid_until,
            )
            for c in p.certifications.all()
        ],
    )


class CartItemIn(Schema):
    variant_id: int = Field(..., ge=1, le=2_147_483_647)
    quantity: int = Field(..., ge=1, le=999)
    price_satang: int | None = Field(
        None,
        ge=0,
        le=10**12,
        description="The price the buyer saw; a different current price refuses the order",
    )


class CheckoutIn(Schema):
    items: list[CartItemIn] = Field(..., min_length=1, max_length=50)
    buyer_name: str = Field(..., min_length=1, max_length=200)
    buyer_phone: str = Field(..., max_length=20, description="A Thai phone number, e.g. 081-234-5678")
    address_line: str = Field("", max_length=300)
    area_code: str = Field("", pattern=r"^([0-9]{6})?$", description="Subdistrict code (empty for pick-up)")
    postal_code: str = Field("", pattern=r"^([0-9]{5})?$")
    carrier: choice_literal(Carrier)  # type: ignore[valid-type]
    payment_method: choice_literal(PaymentMethod, only=(PaymentMethod.PROMPTPAY, PaymentMethod.COD))  # type: ignore[valid-type]
    idempotency_key: str = Field(
        ...,
        pattern=r"^[A-Za-z0-9_-]{8,64}$",
        description="Repeat the same key to get the same orders back (double clicks, retries)",
    )


class OrderOut(Schema):
    number: str
    shop_id: int
    status: str
    channel: str
    payment_method: str
    subtotal_satang: int
    shipping_satang: int
    total_satang: int
    placed_at: dt.datetime
    promptpay_payload: str | None = None
    tracking_numbers: list[str] = []


def _order_out(o: Order) -> OrderOut:
    payload = None
    if o.payment_method == "PROMPTPAY" and o.status == "PENDING_PAYMENT" and o.shop.promptpay_account:
        payload = promptpay_payload(o.shop.promptpay_account, o.total_satang)
    return OrderOut(
        number=o.number,
        shop_id=o.shop_id,
        status=o.status,
        channel=o.channel,
        payment_method=o.payment_method,
        subtotal_satang=o.subtotal_satang,
        shipping_satang=o.shipping_satang,
        total_satang=o.total_satang,
        placed_at=o.placed_at,
        promptpay_payload=payload,
        tracking_numbers=[s.tracking_number for s in o.shipments.all()],
    )


@router.post(
    "/checkout",
    response={200: list[OrderOut], 409: Error, **ERRORS},
    auth=None,
    summary="Guest checkout: one order per shop, stock reserved (409 when sold out)",
)
@public_operation
def checkout(request: HttpRequest, payload: CheckoutIn) -> list[OrderOut] | Status:
    try:
        orders = _checkout(payload)
    except actions.OutOfStock as exc:
        return Status(409, {"detail": str(exc), "field": exc.field})
    return [_order_out(o) for o in orders]


def _checkout(payload: CheckoutIn) -> list[Order]:
    return actions.checkout(
        items=[actions.CartItem(i.variant_id, i.quantity, i.price_satang) for i in payload.items],
        buyer_name=payload.buyer_name,
        buyer_phone=payload.buyer_phone,
        address_line=payload.address_line,
        area_code=payload.area_code,
        postal_code=payload.postal_code,
        carrier=payload.carrier,
        payment_method=payload.payment_method,
        idempotency_key=payload.idempotency_key,
        at=timezone.now(),
    )


class TrackIn(Schema):
    number: str = Field(..., max_length=20)
    phone: str = Field(..., max_length=20)


@router.post(
    "/orders/track",
    response={200: OrderOut, **ERRORS},
    auth=None,
    summary="Follow an order with its number and the buyer's phone",
)
@public_operation
def order_track(request: HttpRequest, payload: TrackIn) -> OrderOut:
    order = queries.order_track(number=payload.number, phone=payload.phone)
    if order is None:
        raise Order.DoesNotExist
    return _order_out(order)


# --- scoped operations ---------------------------------------------------------------------------


class ShopOut(Schema):
    id: int
    name: str
    organisation_id: int
    area_code: str
    is_open: bool
    product_count: int


@router.get("/shops", response={200: list[ShopOut], **ERRORS}, summary="Shops the caller may see")
@access("commerce.shop", "view")
def shop_list(request: HttpRequest) -> list[ShopOut]:
    return [
        ShopOut(
            id=s.pk,
            name=s.name,
            organisation_id=s.organisation_id,
            area_code=s.area_code,
            is_open=s.is_open,
            product_count=s.product_count,
        )
        for s in queries.shop_list(viewer=request.user)[:1000]
    ]


class OrderListQuery(Schema):
    status: str = Field("", pattern=r"^(PENDING_PAYMENT|PAID|PACKED|SHIPPED|DELIVERED|CANCELLED|REFUNDED)?$")
    channel: str = Field("", pattern=r"^(STOREFRONT|POS|SHOPEE|LAZADA|FAIR)?$")


class OrderRowOut(OrderOut):
    id: int
    buyer_name: str


@router.get(
    "/shops/{shop_id}/orders",
    response={200: list[OrderRowOut], **ERRORS},
    summary="A shop's latest 200 orders",
)
@access("commerce.order", "view")
def order_list(request: HttpRequest, shop_id: Id, filters: Query[OrderListQuery]) -> list[OrderRowOut]:
    shop = queries.shop_get(viewer=request.user, shop_id=shop_id)
    orders = queries.order_list(
        viewer=request.user, shop=shop, status=filters.status, channel=filters.channel
    ).prefetch_related("shipments")[:200]
    return [OrderRowOut(**_order_out(o).dict(), id=o.pk, buyer_name=o.buyer_name) for o in orders]


class ConfirmOut(Schema):
    order: OrderOut
    changed: bool


@router.post(
    "/orders/{order_id}/confirm-payment",
    response={200: ConfirmOut, **ERRORS},
    summary="Confirm a payment (a second call changes nothing)",
)
@access("commerce.order", "change")
def order_confirm(request: HttpRequest, order_id: Id) -> ConfirmOut:
    order = queries.order_get(viewer=request.user, order_id=order_id)
    order, changed = actions.order_payment_confirm(order=order, by=request.user, at=timezone.now())
    return ConfirmOut(order=_order_out(order), changed=changed)


class ShipIn(Schema):
    carrier: choice_literal(Carrier)  # type: ignore[valid-type]
    tracking_number: str = Field("", max_length=40)


@router.post(
    "/orders/{order_id}/ship",
    response={200: OrderOut, **ERRORS},
    summary="Hand a packed order to a carrier (S10 checked for Thailand Post)",
)
@access("commerce.order", "change")
def order_ship(request: HttpRequest, order_id: Id, payload: ShipIn) -> OrderOut:
    order = queries.order_get(viewer=request.user, order_id=order_id)
    return _order_out(
        actions.order_ship(
            order=order,
            carrier=payload.carrier,
            tracking_number=payload.tracking_number,
            by=request.user,
            at=timezone.now(),
        )
    )


class CatalogueItem(Schema):
    id: int
    sku: str
    ean: str
    name: str
    price: int
    stock: int


@router.get(
    "/pos/sessions/{session_id}/catalogue",
    response={200: list[CatalogueItem], **ERRORS},
    summary="What a counter sells, for offline use",
)
@access("commerce.pos", "change")
def pos_catalogue(request: HttpRequest, session_id: Id) -> list[CatalogueItem]:
    session = queries.pos_session_get(viewer=request.user, session_id=session_id)
    return [CatalogueItem(**item) for item in queries.pos_catalogue(session=session)]


class PosLineIn(Schema):
    variant_id: int = Field(..., ge=1, le=2_147_483_647)
    quantity: int = Field(..., ge=1, le=999)
    unit_price_satang: int = Field(..., ge=1, le=10**9)


class PosSaleIn(Schema):
    sale_key: str = Field(
        ..., pattern=r"^[A-Za-z0-9_-]{8,64}$", description="Made on the device; the same key is recorded once"
    )
    sold_at: dt.datetime
    payment_method: choice_literal(PaymentMethod, only=(PaymentMethod.CASH, PaymentMethod.PROMPTPAY))  # type: ignore[valid-type]
    cash_received_satang: int | None = Field(None, ge=0, le=10**12)
    items: list[PosLineIn] = Field(..., min_length=1, max_length=200)


class PosBatchIn(Schema):
    sales: list[PosSaleIn] = Field(..., max_length=500)


class PosSaleResult(Schema):
    sale_key: str
    number: str | None = None
    created: bool = False
    error: str | None = None


@router.post(
    "/pos/sessions/{session_id}/sales",
    response={200: list[PosSaleResult], **ERRORS},
    url_name="commerce_pos_sales_sync",
    summary="Record counter sales (also queued offline): idempotent per sale key",
)
@access("commerce.pos", "change")
def pos_sales_sync(request: HttpRequest, session_id: Id, payload: PosBatchIn) -> list[PosSaleResult]:
    """Each sale is recorded once: a repeated key answers with the recorded order (created=false).
    A sale the server refuses comes back with its error so the device can show it."""
    from thanrak.core.errors import DomainError

    session = queries.pos_session_get(viewer=request.user, session_id=session_id)
    results = []
    for sale in payload.sales:
        sold_at = sale.sold_at if timezone.is_aware(sale.sold_at) else timezone.make_aware(sale.sold_at)
        try:
            order, created = actions.pos_sale_record(
                session=session,
                sale_key=sale.sale_key,
                payment_method=sale.payment_method,
                cash_received_satang=sale.cash_received_satang,
                sold_at=min(sold_at, timezone.now()),
                by=request.user,
                items=[actions.PosItem(i.variant_id, i.quantity, i.unit_price_satang) for i in sale.items],
            )
        except DomainError as exc:
            results.append(PosSaleResult(sale_key=sale.sale_key, error=str(exc)))
        else:
            results.append(PosSaleResult(sale_key=sale.sale_key, number=order.number, created=created))
    return results


class SalesRow(Schema):
    key: str
    label: str
    amount_satang: int
    quantity: int
    orders: int


# Dates as ISO text: pydantic would also take a number of seconds, which the document does not allow.
IsoDate = Annotated[str, Field(pattern=r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", json_schema_extra={"format": "date"})]


def _date(text: str | None) -> dt.date | None:
    from thanrak.core.errors import DomainError

    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise DomainError(f"{text} is not a date", field="date") from exc


class SalesQuery(Schema):
    by: str = Field("month", pattern=r"^(product|shop|month|channel|district|province)$")
    date_from: IsoDate | None = None
    date_to: IsoDate | None = None
    shop_id: int | None = Field(None, ge=1, le=2_147_483_647)


@router.get(
    "/sales",
    response={200: list[SalesRow], **ERRORS},
    summary="Sales grouped by product, shop, month, channel, district or province",
)
@access("commerce.sales", "view")
def sales(request: HttpRequest, filters: Query[SalesQuery]) -> list[SalesRow]:
    rows = queries.sales_summary(
        viewer=request.user,
        by=filters.by,
        date_from=_date(filters.date_from),
        date_to=_date(filters.date_to),
        shop_id=filters.shop_id,
    )
    return [
        SalesRow(
            key=str(r["key"]),
            label=str(r["label"]),
            amount_satang=r["amount"],
            quantity=r["quantity"],
            orders=r["orders"],
        )
        for r in rows
    ]


class ExpiringOut(Schema):
    id: int
    product_id: int
    product_name: str
    kind: str
    number: str
    valid_until: dt.date


@router.get(
    "/certifications/expiring",
    response={200: list[ExpiringOut], **ERRORS},
    summary="Certificates ending within 60 days",
)
@access("commerce.certification", "view")
def certifications_expiring(request: HttpRequest) -> list[ExpiringOut]:
    return [
        ExpiringOut(
            id=c.pk,
            product_id=c.product_id,
            product_name=c.product.name_th,
            kind=c.kind,
            number=c.number,
            valid_until=c.valid_until,
        )
        for c in queries.certifications_expiring(viewer=request.user, on=timezone.localdate())[:500]
    ]
