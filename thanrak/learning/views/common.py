"""What the learning pages share: QR codes, the Thai PDF, paging."""

from pathlib import Path
from typing import Any

import segno
from django.contrib.staticfiles import finders
from django.core.paginator import Page
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from thanrak.core.paginate import CappedPaginator


def paginate(request: HttpRequest, rows: Any, size: int = 25) -> Page:
    return CappedPaginator(rows, size).get_page(request.GET.get("page"))


def qr_svg(data: str, *, scale: int = 4) -> str:
    """An inline SVG QR code (segno; no network, no JavaScript)."""
    return segno.make(data, error="m").svg_inline(scale=scale, dark="#000", light="#fff")


def qr_data_uri(data: str, *, scale: int = 4) -> str:
    return segno.make(data, error="m").svg_data_uri(scale=scale)


def qr_png_data_uri(data: str, *, scale: int = 8) -> str:
    """A PNG QR code for PDFs with many pages: WeasyPrint embeds a raster at once, while it parses
    an SVG path in Python (0.2 s a code: a batch of 200 certificates spent most of its time there)."""
    return segno.make(data, error="m").png_data_uri(scale=scale)


def _font_url(name: str) -> str:
    path = finders.find(f"vendor/fonts/{name}")
    return Path(path).resolve().as_uri() if path else ""


def pdf_response(template: str, context: dict[str, Any], filename: str) -> HttpResponse:
    """A PDF laid out by WeasyPrint with the vendored Sarabun font."""
    from thanrak.core.pdf import html_to_pdf

    context = {
        **context,
        "font_regular": _font_url("Sarabun_400Regular.ttf"),
        "font_bold": _font_url("Sarabun_700Bold.ttf"),
    }
    pdf = html_to_pdf(render_to_string(template, context))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
