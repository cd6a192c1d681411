"""Monitoring computations from the shops, their products and orders (registered in CommerceConfig;
see thanrak/monitoring/computed.py for the contract). A programme parameter keeps the shops whose
organisation took part in that programme (registry's programme participation)."""

import datetime as dt
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext_lazy as _

from thanrak.core.computing import by_area, end_of, start_of

ONLINE = ("STOREFRONT", "SHOPEE", "LAZADA")
OFFLINE = ("POS", "FAIR")
CHANNELS = {"online": ONLINE, "offline": OFFLINE, "": ONLINE + OFFLINE}


def _took_part(prefix: str, programme: str, start: dt.date, end: dt.date) -> Q:
    """Rows whose organisation (through `prefix`) took part in the programme in the period."""
    if not programme:
        return Q()
    from thanrak.registry.models import ProgrammeParticipation

    ids = ProgrammeParticipation.objects.filter(programme_code=programme, since__lte=end).filter(
        Q(until__isnull=True) | Q(until__gte=start)
    )
    return Q(**{f"{prefix}organisation__in": ids.values("organisation")})


def _orders(channel: str, programme: str, start: dt.date, end: dt.date) -> Any:
    from thanrak.commerce.models import SOLD_STATUSES, Order

    if channel not in CHANNELS:
        raise ValueError(f"channel must be online, offline or left out, not {channel!r}")
    return Order.objects.filter(
        _took_part("shop__", programme, start, end),
        channel__in=CHANNELS[channel],
        status__in=SOLD_STATUSES,
        paid_at__gte=start_of(start),
        paid_at__lt=end_of(end),
    )


def online_sales(*, start: dt.date, end: dt.date) -> dict[str, int]:
    """Goods (shipping left out) of online orders paid from `start` to `end` (Bangkok days) and
    still counted as sold (not cancelled or refunded), by the subdistrict of the shop's
    organisation, in satang."""
    return sales(start=start, end=end, channel="online")


def sales(*, start: dt.date, end: dt.date, channel: str = "", programme: str = "") -> dict[str, int]:
    """Goods (shipping left out) of orders paid in the period and not cancelled or refunded, online
    (storefront, Shopee, Lazada), offline (counter, fairs) or both, by the subdistrict of the shop's
    organisation, in satang."""
    return by_area(
        _orders(channel, programme, start, end), "shop__organisation__area_code", Sum("subtotal_satang")
    )


def _shops(end: dt.date, start: dt.date, organisation_kind: str, programme: str, pos: str) -> Any:
    from thanrak.commerce.models import PosSession, Shop

    rows = Shop.objects.filter(_took_part("", programme, start, end), created_at__lt=end_of(end))
    if organisation_kind.startswith("!"):
        rows = rows.exclude(organisation__kind__in=organisation_kind[1:].split(","))
    elif organisation_kind:
        rows = rows.filter(organisation__kind__in=organisation_kind.split(","))
    if pos == "yes":
        used = PosSession.objects.filter(opened_at__gte=start_of(start), opened_at__lt=end_of(end))
        rows = rows.filter(pk__in=used.values("shop"))
    return rows


def shops(
    *, start: dt.date, end: dt.date, organisation_kind: str = "", programme: str = "", pos: str = ""
) -> dict[str, int]:
    """Shops on Thanrak by `end` (of an organisation kind; in a programme; that used the counter
    (POS) in the period when pos=yes), by the shop's subdistrict."""
    return by_area(_shops(end, start, organisation_kind, programme, pos), "area_code", Count("pk"))


def _products(end: dt.date, start: dt.date, standard: str, stars: str, programme: str) -> Any:
    from thanrak.commerce.models import Certification, Product

    rows = Product.objects.filter(_took_part("shop__", programme, start, end), created_at__lt=end_of(end))
    if standard:
        certs = Certification.objects.filter(kind=standard).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=end)
        )
        if stars:
            certs = certs.filter(stars__gte=int(stars))
        rows = rows.filter(pk__in=certs.values("product"))
    return rows


def products(
    *, start: dt.date, end: dt.date, standard: str = "", stars: str = "", programme: str = ""
) -> dict[str, int]:
    """Products listed by `end` (holding a certification of a standard still valid on `end`, with
    at least so many stars, of shops in a programme, when given), by the product's subdistrict."""
    return by_area(_products(end, start, standard, stars, programme), "area_code", Count("pk"))


def _sold_online(start: dt.date, end: dt.date, programme: str) -> Any:
    from thanrak.commerce.models import OrderLine

    return OrderLine.objects.filter(order__in=_orders("online", programme, start, end))


def products_sold_online(*, start: dt.date, end: dt.date, programme: str = "") -> dict[str, int]:
    """Distinct products sold online in the period (of shops in a programme), by the shop's subdistrict."""
    rows = _sold_online(start, end, programme)
    return by_area(rows, "order__shop__area_code", Count("variant__product", distinct=True))


# --- the records behind the numbers, scoped to the reader -------------------------------------


def orders_rows(
    *, viewer: Any, start: dt.date, end: dt.date, area_code: str = "", channel: str = "", programme: str = ""
) -> Any:
    from thanrak.commerce.models import Order

    ids = _orders(channel, programme, start, end).filter(shop__organisation__area_code__startswith=area_code)
    return Order.objects.visible_to(viewer).filter(pk__in=ids.values("pk")).order_by("paid_at", "pk")


def online_orders_rows(*, viewer: Any, start: dt.date, end: dt.date, area_code: str = "") -> Any:
    return orders_rows(viewer=viewer, start=start, end=end, area_code=area_code, channel="online")


def shops_rows(
    *,
    viewer: Any,
    start: dt.date,
    end: dt.date,
    area_code: str = "",
    organisation_kind: str = "",
    programme: str = "",
    pos: str = "",
) -> Any:
    from thanrak.commerce.models import Shop

    ids = _shops(end, start, organisation_kind, programme, pos).filter(area_code__startswith=area_code)
    return Shop.objects.visible_to(viewer).filter(pk__in=ids.values("pk")).order_by("area_code", "name")


def products_rows(
    *,
    viewer: Any,
    start: dt.date,
    end: dt.date,
    area_code: str = "",
    standard: str = "",
    stars: str = "",
    programme: str = "",
) -> Any:
    from thanrak.commerce.models import Product

    ids = _products(end, start, standard, stars, programme).filter(area_code__startswith=area_code)
    return Product.objects.visible_to(viewer).filter(pk__in=ids.values("pk")).order_by("area_code", "pk")


def sold_online_rows(
    *, viewer: Any, start: dt.date, end: dt.date, area_code: str = "", programme: str = ""
) -> Any:
    from thanrak.commerce.models import Product

    ids = _sold_online(start, end, programme).filter(order__shop__area_code__startswith=area_code)
    return Product.objects.visible_to(viewer).filter(pk__in=ids.values("variant__product")).order_by("pk")


PROGRAMME = _(
    "Code of a programme the shop's organisation took part in (e.g. 1.1.4); every shop when left out"
)


def _entry(name: str, function: Any, rows: Any, label: Any, unit: str, temporal: str, **params: Any) -> dict:
    return {
        "name": f"commerce.{name}",
        "version": 1,
        "function": function,
        "rows": rows,
        "parameters": params,
        "label": label,
        "unit": unit,
        "temporal": temporal,
        "description": function.__doc__ or "",
        "changes": {1: "first version"},
    }


MONITORING_COMPUTATIONS = [
    {
        "name": "commerce.online_sales",
        "version": 1,
        "function": online_sales,
        "rows": online_orders_rows,
        "label": _("Online sales of community products"),
        "unit": "BAHT",
        "temporal": "FLOW",
        "description": _(
            "Goods sold through the storefront, Shopee and Lazada and paid in the period (shipping "
            "left out, cancelled and refunded orders not counted), by the subdistrict of the "
            "enterprise that sells them."
        ),
        "changes": {1: "first version"},
    },
    _entry(
        "sales",
        sales,
        orders_rows,
        _("Sales of community products by channel and programme"),
        "BAHT",
        "FLOW",
        channel=_("online (storefront, Shopee, Lazada), offline (counter, fairs) or left out for both"),
        programme=PROGRAMME,
    ),
    _entry(
        "shops",
        shops,
        shops_rows,
        _("Shops by kind, programme and use of the counter (POS)"),
        "SHOPS",
        "STOCK",
        organisation_kind=_(
            "Kinds of the shop's organisation, separated by commas (registry kinds, e.g. "
            "COMMUNITY_ENTERPRISE); a leading ! keeps every other kind"
        ),
        programme=PROGRAMME,
        pos=_("yes: only shops that used the counter (POS) in the period"),
    ),
    _entry(
        "products",
        products,
        products_rows,
        _("Products by standard, stars and programme"),
        "PRODUCTS",
        "STOCK",
        standard=_("A certification kind (OTOP, GI, MPC, FDA, HALAL, GAP, ORGANIC)"),
        stars=_("At least this many OTOP stars"),
        programme=PROGRAMME,
    ),
    _entry(
        "products_sold_online",
        products_sold_online,
        sold_online_rows,
        _("Products sold online"),
        "PRODUCTS",
        "FLOW",
        programme=PROGRAMME,
    ),
]
