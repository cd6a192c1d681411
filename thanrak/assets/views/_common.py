"""What the assets pages share: a form page, the person typed by citizen ID or number."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from thanrak.core import citizen_id
from thanrak.core.errors import DomainError
from thanrak.core.forms import refuse
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


def area_param(request: HttpRequest) -> str:
    """The area asked for (a province, district, subdistrict or village code), else the viewer's only area."""
    from thanrak.accounts.scope import scope_of

    area = request.GET.get("area", "").strip()
    if not area:
        codes = scope_of(request.user).area_codes
        area = codes[0] if len(codes) == 1 else ""
    return area if area.isdigit() and len(area) in (2, 4, 6, 8) else ""


def export_response(request: HttpRequest, export: Callable[..., Any]) -> HttpResponse:
    """A register export as a download, in the format asked for (csv, xlsx, geojson, kml)."""
    fmt = request.GET.get("format", "csv")
    fmt = fmt if fmt in ("csv", "xlsx", "geojson", "kml") else "csv"
    done = export(viewer=request.user, area=area_param(request), fmt=fmt, at=timezone.now())
    response = HttpResponse(done.body, content_type=done.content_type)
    response["Content-Disposition"] = f'attachment; filename="{done.filename}"'
    return response


def refuse_shape(form: forms.Form, error: Exception) -> None:
    """A refused boundary is said where the person gave it: under the map for a drawing, beside the
    GPS points for a walk, beside the file for an upload (the shape checks name the file by default)."""
    if isinstance(error, DomainError) and error.field in ("file", "geojson"):
        source = form.source_field()  # type: ignore[attr-defined]
        form.add_error(source, str(error))  # the drawing's hidden input: shown under the map
        return
    refuse(form, error)
