"""Finance display helpers: {% load finance_tags %}."""

from decimal import Decimal

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def percent_bp(bp: int | None) -> str:
    """Basis points as a percentage: 1200 → '12', 650 → '6.5'."""
    if bp is None or bp == "":
        return ""
    return f"{Decimal(int(bp)) / 100:g}"


@register.filter
def label(obj: object) -> str:
    """An English or Thai label of an aging bucket or an account, in the reader's language."""
    en = (get_language() or "th").startswith("en")
    for th_attr, en_attr in (("label_th", "label_en"), ("name_th", "name_en")):
        if hasattr(obj, th_attr):
            value = getattr(obj, en_attr, "") if en else ""
            return value or getattr(obj, th_attr)
    return str(obj)


@register.filter
def get(mapping: dict, key: object) -> object:
    return mapping.get(key) if mapping else None


@register.filter
def neg(value: int | None) -> int | None:
    """-x, for showing a withdrawal as a positive amount."""
    return None if value is None or value == "" else -int(value)
