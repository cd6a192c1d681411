"""Thai PDF documents: receipts (an abbreviated tax invoice for a VAT-registered seller) and
producers' payout statements, rendered by WeasyPrint with the vendored Sarabun font."""

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from thanrak.commerce.models import Order, PayoutStatement
from thanrak.core.money import baht_text
from thanrak.core.pdf import html_to_pdf

VAT_RATE = Decimal(7)
FONT_DIR = settings.BASE_DIR / "thanrak" / "static" / "vendor" / "fonts"


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    with translation.override("th"):
        html = render_to_string(template, {**context, "font_dir": FONT_DIR.as_uri()})
    return html_to_pdf(html, base_url=str(settings.BASE_DIR))


def vat_included(total_satang: int) -> int:
    """The VAT inside a VAT-inclusive price: total × 7 / 107, rounded half up to the satang."""
    return int(
        (Decimal(total_satang) * VAT_RATE / (100 + VAT_RATE)).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    )


def receipt_pdf(order: Order) -> bytes:
    """A receipt (ใบเสร็จรับเงิน); for a VAT-registered seller an abbreviated tax invoice
    (ใบกำกับภาษีอย่างย่อ) with the seller's tax ID and 'VAT included'."""
    organisation = order.shop.organisation
    vat = organisation.vat_registered and bool(organisation.tax_id)
    return render_pdf(
        "commerce/pdf/receipt.html",
        {
            "order": order,
            "shop": order.shop,
            "organisation": organisation,
            "lines": list(order.lines.all()),
            "is_tax_invoice": vat,
            "vat_satang": vat_included(order.total_satang) if vat else 0,
            "amount_text": baht_text(order.total_satang),
        },
    )


def payout_pdf(statement: PayoutStatement) -> bytes:
    return render_pdf(
        "commerce/pdf/payout.html",
        {
            "statement": statement,
            "lines": list(statement.lines.select_related("order").order_by("order__paid_at")),
            "amount_text": baht_text(statement.amount_satang),
        },
    )
