from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """mapping[key] in a template (None when absent)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.filter
def help_link(assistance: Any) -> str:
    """What a help record is linked to, as the viewer may read it ("" when it is not theirs to see)."""
    from thanrak.survey.queries import help_link_label

    record = assistance.linked if assistance.linked_type_id else None
    return help_link_label(record) if record is not None else ""


@register.filter
def subgroup_label(code: str) -> str:
    """A run's population subgroup as a person reads it: "age:0-14" → "อายุ 0–14 ปี", "sex:F" → "หญิง"."""
    from django.utils.translation import gettext

    kind, _sep, value = str(code).partition(":")
    if kind == "sex":
        return {"F": gettext("Women"), "M": gettext("Men")}.get(value, gettext("Sex not recorded"))
    if kind == "age":
        if value == "unknown":
            return gettext("Age not known")
        if value.endswith("+"):
            return gettext("Aged %(low)s and over") % {"low": value[:-1]}
        low, _dash, high = value.partition("-")
        return gettext("Aged %(low)s–%(high)s") % {"low": low, "high": high}
    return str(code)
