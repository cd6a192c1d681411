"""Printable Thai documents, drawn by WeasyPrint with the vendored Sarabun TTF (no system Thai font "
"needed)."""

import datetime as dt
from pathlib import Path
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from thanrak.core.pdf import html_to_pdf
from thanrak.finance.queries import passbook_kinds

FONTS = Path(settings.BASE_DIR) / "thanrak" / "static" / "vendor" / "fonts"


def _font_faces() -> str:
    regular = (FONTS / "Sarabun_400Regular.ttf").as_uri()
    bold = (FONTS / "Sarabun_700Bold.ttf").as_uri()
    return (
        f'@font-face {{ font-family: "Sarabun"; font-weight: 400; src: url("{regular}"); }}\n'
        f'@font-face {{ font-family: "Sarabun"; font-weight: 700; src: url("{bold}"); }}'
    )


def passbook_pdf(
    *, member: Any, row: Any, lines: list[Any], printed_on: dt.date, notes: list[str] | None = None
) -> bytes:
    """A member's passbook (สมุดบัญชีเงินฝาก) in Thai, with Buddhist-era dates, as PDF bytes; `notes`
    are other modules' lines printed at the foot (the LINE link code)."""
    with translation.override("th"):
        html = render_to_string(
            "finance/passbook_pdf.html",
            {
                "member": member,
                "row": row,
                "lines": lines,
                "kinds": passbook_kinds(lines),
                "printed_on": printed_on,
                "notes": notes or [],
                "font_faces": _font_faces(),
            },
        )
    return html_to_pdf(html, base_url=str(FONTS))
