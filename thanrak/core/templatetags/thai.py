"""Template filters for what people read: Buddhist-era dates, baht, Thai digits, masked IDs.

Loaded as a builtin (settings.TEMPLATES), so templates need no {% load %}.
"""

import datetime as dt

from django import template
from django.utils.translation import get_language

from thanrak.core import money, thai
from thanrak.core.citizen_id import format_id, mask

register = template.Library()


def _lang() -> str:
    return get_language() or "th"


@register.filter
def thaidate(value: dt.date | dt.datetime | None, style: str = "short") -> str:
    """{{ d|thaidate }} → 25 พ.ย. 2569 (Thai) or 25 Nov 2026 (English); style 'long' spells the month."""
    return thai.format_date(value, style=style, lang=_lang())


@register.filter
def thaidatetime(value: dt.datetime | None) -> str:
    return thai.format_datetime(value, lang=_lang())


@register.filter
def baht(satang: int | None, unit: str = "") -> str:
    """{{ 123450|baht }} → 1,234.50; {{ x|baht:"unit" }} adds บาท / baht."""
    if satang is None or satang == "":
        return ""
    text = money.format_baht(int(satang))
    if unit:
        text += " บาท" if _lang().startswith("th") else " baht"
    return text


@register.filter
def bahttext(satang: int | None) -> str:
    return "" if satang is None else money.baht_text(int(satang))


@register.filter
def thaidigits(value: object) -> str:
    return thai.to_thai_digits(value)


@register.filter
def number(value: object, places: int | None = None) -> str:
    """Thousands separators: {{ 12890743|number }} → 12,890,743."""
    if value is None or value == "":
        return ""
    return thai.format_number(value, places=places)


@register.filter
def citizen_id_masked(digits: str | None) -> str:
    return mask(digits) if digits else ""


@register.filter
def citizen_id_full(digits: str | None) -> str:
    return format_id(digits) if digits else ""


@register.filter
def be_year(year_ce: int) -> int:
    return thai.be_year(int(year_ce))


@register.filter
def dateinput(value: dt.date | None) -> str:
    """{{ d|dateinput }} → 08/12/2569: the value of a hand-written date box, as ThaiDateInput shows it."""
    from thanrak.core.forms import ThaiDateInput

    return ThaiDateInput().format_value(value) or "" if isinstance(value, dt.date) else ""
