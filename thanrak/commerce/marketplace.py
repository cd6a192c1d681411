"""Shopee and Lazada: mass-upload listing files out, order exports back in.

Listing columns follow the seller-centre mass-upload templates as documented in the research
notes (§4): Shopee's Parent SKU / Variation Integration No. / Product Name / SKU / Price / Stock …,
Lazada's PrimaryCategory / name / brand / SellerSku / price / package size and weight. The official
templates are per-category files from each Seller Centre; their leaf category IDs are chosen by
the seller (the export form asks for one per OTOP category). Shopee Thailand prices are whole baht:
we round half up and say which rows were rounded.

Order exports are read from CSV or XLSX. Headers are matched ignoring case, spaces and
punctuation, so 'Order Number' and 'orderNumber' are the same column.
"""

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from thanrak.commerce.models import Channel, Product
from thanrak.core.errors import DomainError
from thanrak.core.money import InvalidAmount, parse_baht, to_decimal_baht
from thanrak.core.tabular import Issue, TableError, read_table, write_xlsx

SHOPEE_COLUMNS = [
    "Category",
    "Product Name",
    "Product Description",
    "Parent SKU",
    "Variation Integration No.",
    "Variation Name1",
    "Option for Variation 1",
    "Image per Variation",
    "Variation Name2",
    "Option for Variation 2",
    "Price",
    "Stock",
    "SKU",
    "GTIN",
    "Cover image",
    *[f"Item image {i}" for i in range(1, 9)],
    "Weight",
    "Length",
    "Width",
    "Height",
    "Pre-order DTS",
    "Brand",
]
LAZADA_COLUMNS = [
    "Group No",
    "PrimaryCategory",
    "Product Name",
    "Brand",
    "Short Description",
    "Description",
    "Variation",
    "SellerSku",
    "Price",
    "Stock",
    "package_weight",
    "package_length",
    "package_width",
    "package_height",
    *[f"Images{i}" for i in range(1, 9)],
    "EAN",
]
LAZADA_NAME_MAX = 255

# Order exports: our meaning → the column names each marketplace's export uses (first is shown).
ORDER_COLUMNS = {
    Channel.SHOPEE: {
        "order_id": ("Order ID", "หมายเลขคำสั่งซื้อ"),
        "status": ("Order Status", "สถานะการสั่งซื้อ"),
        "created": ("Order Creation Date", "วันที่ทำการสั่งซื้อ"),
        "sku": ("SKU Reference No.", "เลขอ้างอิง SKU (SKU Reference No.)"),
        "price": ("Deal Price", "ราคาขาย"),
        "quantity": ("Quantity", "จำนวน"),
        "province": ("Province", "จังหวัด"),
    },
    Channel.LAZADA: {
        "order_id": ("Order Number", "orderNumber"),
        "status": ("Status", "status"),
        "created": ("Created at", "createTime"),
        "sku": ("Seller SKU", "sellerSku"),
        "price": ("Unit Price", "unitPrice", "paidPrice"),
        "quantity": ("Quantity",),
        "province": ("Shipping Province", "shippingAddress3"),
    },
}
OPTIONAL = {"province", "quantity"}  # Lazada writes one row per item: no quantity means 1
# What a marketplace status means for Thanrak: sold (paid, whatever the delivery stage), cancelled,
# returned / refunded (the goods come back), or not paid yet (no stock taken until it is).
CANCELLED = {"cancelled", "canceled", "ยกเลิกแล้ว", "ยกเลิก"}
RETURNED = {"returned", "refunded", "return/refund", "คืนเงินแล้ว", "คืนสินค้า", "คืนเงิน/คืนสินค้า", "คืนเงิน"}
UNPAID = {"unpaid", "pending", "ที่ต้องชำระ", "รอชำระเงิน", "ยังไม่ชำระ"}


class State:
    SOLD = "sold"
    CANCELLED = "cancelled"
    RETURNED = "returned"
    UNPAID = "unpaid"


def state_of(status: str) -> str:
    status = " ".join((status or "").lower().split())
    if status in CANCELLED:
        return State.CANCELLED
    if status in RETURNED:
        return State.RETURNED
    if status in UNPAID:
        return State.UNPAID
    return State.SOLD


class CannotReadOrders(DomainError):
    pass


@dataclass
class ExportResult:
    content: bytes
    rows: int
    warnings: list[str] = field(default_factory=list)


def _key(header: str) -> str:
    return re.sub(r"[^0-9a-z\u0e00-\u0e7f]", "", header.lower())


def _mm_to_cm(mm: int) -> Decimal:
    return (Decimal(mm) / 10).quantize(Decimal("0.01"))


def _stock_of(product: Product, stock: dict[int, int]) -> Iterable[tuple[object, int]]:
    for v in product.variants.all():
        if v.is_active:
            yield v, stock.get(v.pk, 0)


def shopee_listing(
    products: Iterable[Product],
    *,
    stock: dict[int, int],
    category_ids: dict[str, str],
    image_urls: dict[int, list[str]],
) -> ExportResult:
    """A Shopee mass-upload sheet: one row per variant, grouped by the product's Parent SKU."""
    rows, warnings = [], []
    for group, product in enumerate(products, start=1):
        images = image_urls.get(product.pk, [])[:9]
        category = category_ids.get(product.category, "")
        if not category:
            warnings.append(
                str(_("%(name)s: no Shopee category ID for its OTOP category.") % {"name": product.name_th})
            )
        variants = list(_stock_of(product, stock))
        parent = f"P{product.pk}"
        for v, qty in variants:
            whole = to_decimal_baht(v.price_satang).quantize(Decimal(1), rounding=ROUND_HALF_UP)
            if whole * 100 != v.price_satang:
                warnings.append(
                    str(
                        _("%(sku)s: price rounded to %(baht)s baht (Shopee Thailand takes whole baht).")
                        % {"sku": v.sku, "baht": whole}
                    )
                )
            if not v.weight_g:
                warnings.append(str(_("%(sku)s: no weight; Shopee needs one for shipping.") % {"sku": v.sku}))
            many = len(variants) > 1
            rows.append(
                [
                    category,
                    product.name_th,
                    product.description_th or product.name_th,
                    parent,
                    f"V{group}" if many else "",
                    str(_("Option")) if many else "",
                    v.name if many else "",
                    "",
                    "",
                    "",
                    int(whole),
                    qty,
                    v.sku,
                    v.ean13,
                    images[0] if images else "",
                    *[images[i] if i < len(images) else "" for i in range(1, 9)],
                    float(Decimal(v.weight_g) / 1000),
                    float(_mm_to_cm(v.length_mm)),
                    float(_mm_to_cm(v.width_mm)),
                    float(_mm_to_cm(v.height_mm)),
                    "",
                    "No Brand",
                ]
            )
    return ExportResult(
        write_xlsx(SHOPEE_COLUMNS, rows, sheet_title="Shopee mass upload"), len(rows), warnings
    )


def lazada_listing(
    products: Iterable[Product],
    *,
    stock: dict[int, int],
    category_ids: dict[str, str],
    image_urls: dict[int, list[str]],
) -> ExportResult:
    """A Lazada mass-upload sheet: one row per SellerSku; variants of a product share a Group No."""
    rows, warnings = [], []
    for group, product in enumerate(products, start=1):
        images = image_urls.get(product.pk, [])[:8]
        category = category_ids.get(product.category, "")
        if not category:
            warnings.append(
                str(_("%(name)s: no Lazada category ID for its OTOP category.") % {"name": product.name_th})
            )
        name = product.name_th
        if len(name) > LAZADA_NAME_MAX:
            warnings.append(str(_("%(name)s: name cut to 255 characters for Lazada.") % {"name": name[:40]}))
            name = name[:LAZADA_NAME_MAX]
        for v, qty in _stock_of(product, stock):
            if not (v.weight_g and v.length_mm and v.width_mm and v.height_mm):
                warnings.append(str(_("%(sku)s: Lazada needs the package weight and size.") % {"sku": v.sku}))
            rows.append(
                [
                    group,
                    category,
                    name,
                    "No Brand",
                    product.description_en[:250] if product.description_en else "",
                    product.description_th[:25000],
                    v.name,
                    v.sku,
                    float(to_decimal_baht(v.price_satang)),
                    qty,
                    float(Decimal(v.weight_g) / 1000),
                    float(_mm_to_cm(v.length_mm)),
                    float(_mm_to_cm(v.width_mm)),
                    float(_mm_to_cm(v.height_mm)),
                    *[images[i] if i < len(images) else "" for i in range(8)],
                    v.ean13,
                ]
            )
    return ExportResult(
        write_xlsx(LAZADA_COLUMNS, rows, sheet_title="Lazada mass upload"), len(rows), warnings
    )


@dataclass
class ParsedLine:
    sku: str
    quantity: int
    unit_price_satang: int


@dataclass
class ParsedOrder:
    external_id: str
    placed_at: dt.datetime | None
    state: str
    province: str
    rows: list[int] = field(default_factory=list)
    lines: list[ParsedLine] = field(default_factory=list)


@dataclass
class ParsedOrders:
    orders: list[ParsedOrder]
    issues: list[Issue]
    status_column: str | None = None


def _parse_when(text: str) -> dt.datetime | None:
    from django.utils import timezone

    text = (text or "").strip().replace("T", " ")
    for fmt in (
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%Y-%m-%d",
        "%d/%m/%Y %H:%M",
        "%d/%m/%Y",
        "%d %b %Y %H:%M",
    ):
        try:
            value = dt.datetime.strptime(text[:19], fmt)  # noqa: DTZ007  made aware just below
        except ValueError:
            continue
        return timezone.make_aware(value)
    return None


def parse_orders(*, marketplace: str, data: bytes) -> ParsedOrders:  # noqa: C901
    """Read an order export: rows grouped by order id; bad rows become issues naming row and column."""
    columns = ORDER_COLUMNS.get(marketplace)
    if columns is None:
        raise CannotReadOrders(
            _("Choose Shopee or Lazada."), code="choose_shopee_lazada", field="marketplace"
        )
    try:
        table = read_table(data, required=[], allow_extra=True, max_bytes=20 * 1024 * 1024)
    except TableError as exc:
        raise CannotReadOrders(
            _("The file cannot be read: %(reason)s"),
            code="file_read",
            field="file",
            params={"reason": "; ".join(i.text("th") + " / " + i.en for i in exc.issues[:5])},
        ) from exc
    by_key = {_key(h): h for h in table.headers}
    header: dict[str, str] = {}
    missing = []
    for meaning, names in columns.items():
        found = next((by_key[_key(n)] for n in names if _key(n) in by_key), None)
        if found is None and meaning not in OPTIONAL:
            missing.append(names[0])
        elif found is not None:
            header[meaning] = found
    if missing:
        raise CannotReadOrders(
            _("The file lacks the columns: %(columns)s"),
            code="file_lacks_columns",
            field="file",
            params={"columns": ", ".join(missing)},
        )
    orders: dict[str, ParsedOrder] = {}
    issues: list[Issue] = []
    for number, row in table.rows:
        order_id = row[header["order_id"]].replace("\x00", "").strip()
        sku = row[header["sku"]].replace("\x00", "").strip()
        if not order_id:
            issues.append(Issue(number, header["order_id"], _("The order number is empty.")))
            continue
        if not sku:
            issues.append(Issue(number, header["sku"], _("The SKU is empty.")))
            continue
        try:
            price = parse_baht(row[header["price"]] or "0")
        except InvalidAmount:
            issues.append(Issue(number, header["price"], _("The price is not an amount of baht.")))
            continue
        quantity_text = row.get(header.get("quantity", ""), "1") or "1"
        if not quantity_text.isdigit() or not 1 <= int(quantity_text) <= 9999:
            issues.append(
                Issue(number, header.get("quantity"), _("The quantity must be a whole number from 1."))
            )
            continue
        order = orders.get(order_id)
        if order is None:
            order = orders[order_id] = ParsedOrder(
                external_id=order_id[:64],
                placed_at=_parse_when(row[header["created"]]),
                state=state_of(row[header["status"]]),
                province=row.get(header.get("province", ""), "") or "",
            )
        order.rows.append(number)
        order.lines.append(ParsedLine(sku=sku[:64], quantity=int(quantity_text), unit_price_satang=price))
    return ParsedOrders(orders=list(orders.values()), issues=issues, status_column=header["status"])
