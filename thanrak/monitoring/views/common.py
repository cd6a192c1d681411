"""What the monitoring pages share: the language, the area and fiscal year asked for, the 'outside' page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language

from thanrak.monitoring import actions, forms, queries


def page_language() -> str:
    return get_language() or "th"


def area_and_year(request: HttpRequest) -> tuple[str, int, forms.FilterForm]:
    """The area (default: the viewer's own) and fiscal year (default: the latest with figures)."""
    form = forms.FilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    area = data.get("area") if "area" in request.GET else queries.default_area(request.user)
    area = actions.clean_area_code(area or "")
    fy = data.get("fy") or queries.default_fiscal_year(request.user, area, today=timezone.localdate())
    return area, fy, form


def outside_page(request: HttpRequest, area: str) -> HttpResponse:
    return render(
        request,
        "monitoring/outside.html",
        {"area": area or "TH", "home": queries.default_area(request.user)},
        status=403,
    )
