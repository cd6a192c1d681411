"""`{% load access %}`, then `{% if user|may:"commerce.product:change" %}`: a page shows a link only
to who may follow it, by the same rule the target view's `@require` applies."""

from typing import Any

from django import template

from thanrak.core.access import user_may

register = template.Library()


@register.filter
def may(user: Any, permission: str) -> bool:
    """Whether the user's role may do `resource:action` (action `view` when left out)."""
    resource, _sep, action = permission.partition(":")
    return user_may(user, resource, action or "view")
