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
