"""What the assets pages share: a form page, the person typed by citizen ID or number."""

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from thanrak.core import citizen_id
from thanrak.registry.models import Person


def form_page(
    request: HttpRequest, form: forms.Form, *, title: str, back: str, multipart: bool = False
) -> HttpResponse:
    """A page with one form (status 422 when it was sent back with errors)."""
    status = 422 if form.is_bound and form.errors else 200
    context: dict[str, Any] = {"form": form, "title": title, "back": back, "multipart": multipart}
    return render(request, "assets/form_page.html", context, status=status)


def person_of(viewer: object, text: str) -> Person:
    """The person a form names by citizen ID (13 digits) or registry number (DoesNotExist if not visible)."""
    visible = Person.objects.visible_to(viewer)
    digits = citizen_id.normalise(text)
    if len(digits) == 13:
        return visible.get(citizen_id=digits)
    if not digits.isdigit() or len(digits) > 12:
        raise Person.DoesNotExist(text)
    return visible.get(pk=int(digits))
