"""Small display helpers for registry pages: a person's age today."""

from typing import Any

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def age(person: Any) -> int | str:
    """Completed years today (Bangkok time); empty when the birth date is unknown."""
    years = person.age_on(timezone.localdate()) if person is not None else None
    return "" if years is None else years
