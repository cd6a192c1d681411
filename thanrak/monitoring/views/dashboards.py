"""Dashboards: the area's figures, one indicator in depth, map shapes, the home panel."""

from typing import Any

from django.apps import apps
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from thanrak.accounts.scope import OutsideScope, scope_of
from thanrak.core.access import require, user_may
from thanrak.monitoring import charts, queries
from thanrak.monitoring.views.common import area_and_year, outside_page, page_language


@require("monitoring.dashboard", "view")
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """Achieved against target for every indicator with figures in the area, with charts."""
    area, fy, form = area_and_year(request)
    approved = request.GET.get("approved") == "on"
    try:
        data = queries.dashboard(
            viewer=request.user,
            area_code=area,
            fiscal_year=fy,
            policy_item=request.GET.get("item", ""),
            approved_only=approved,
        )
    except OutsideScope:
        return outside_page(request, area)
    spec = charts.percent_of_target(
        data.lines,
        title=_("Achieved against target"),
        label_pct=_("Percent of target"),
        label_indicator=_("Indicator"),
    )
    return render(
        request,
        "monitoring/dashboard.html",
        {
            "data": data,
            "form": form,
            "area": area,
            "fy": fy,
            "approved": approved,
            "years": queries.fiscal_year_choices(request.user, today=timezone.localdate()),
            "items": queries.policy_items(),
            "item": request.GET.get("item", ""),
            "chart": spec,
            "lang": page_language(),
            "breadcrumbs": _breadcrumbs(area, {"fy": fy}, user=request.user),
            # Other modules' map panels, from their AppConfig's `dashboard_map_panel` hook (HTML).
            "map_panels": [
                import_string(hook)(viewer=request.user, area_code=area)
                for config in apps.get_app_configs()
                if (hook := getattr(config, "dashboard_map_panel", None))
            ],
        },
    )


def _breadcrumbs(
    area: str,
    params: dict[str, Any],
    url_name: str = "monitoring:dashboard",
    args: tuple = (),
    user: Any = None,
) -> list[tuple[str, str]]:
    """The areas above this one that the viewer may open, widest first."""
    scope = scope_of(user)
    codes = [
        c
        for c in ["", *(area[:n] for n in (2, 4, 6, 8) if n <= len(area))]
        if scope.everything or (c and scope.covers_area(c))
    ]
    names = queries.area_names(codes)
    base = reverse(url_name, args=args)
    return [(names.get(c, c), f"{base}?{urlencode({**params, 'area': c})}") for c in codes]


@require("monitoring.dashboard", "view")
@require_GET
def indicator_detail(request: HttpRequest, indicator_id: int) -> HttpResponse:
    """One indicator in an area: figure and its sources, five-year trend, months, drill-down and map."""
    indicator = queries.indicator_get(viewer=request.user, indicator_id=indicator_id)
    area, fy, _form = area_and_year(request)
    approved = request.GET.get("approved") == "on"
    try:
        view = queries.indicator_view(
            viewer=request.user, indicator=indicator, area_code=area, fiscal_year=fy, approved_only=approved
        )
    except OutsideScope:
        return outside_page(request, area)
    lang = page_language()
    unit = indicator.unit_word(lang)
    trend = charts.trend(
        unit,
        view.trend,
        title=_("Fiscal years"),
        achieved=_("Achieved"),
        target=_("Target"),
        year=_("Fiscal year"),
    )
    monthly = charts.monthly(
        indicator,
        view.monthly,
        title=_("Month by month"),
        month=_("Month"),
        cumulative=_("Running total"),
        lang=lang,
    )
    map_data = None
    if view.children and charts.shapes_for(area):
        known = set(queries.area_names(charts.shapes_for(area).keys()))
        map_data = charts.map_data(area, view.children, known=known, lang=lang)
        map_data["geo_url"] = reverse("monitoring:geo") + "?" + urlencode({"parent": area})
    return render(
        request,
        "monitoring/indicator_detail.html",
        {
            "indicator": indicator,
            "view": view,
            "area": area,
            "area_name": queries.area_name(area, lang),
            "fy": fy,
            "approved": approved,
            "trend": trend,
            "monthly": monthly,
            "map": map_data,
            "years": queries.fiscal_year_choices(request.user, today=timezone.localdate()),
            "breadcrumbs": _breadcrumbs(
                area, {"fy": fy}, "monitoring:indicator", (indicator.pk,), user=request.user
            ),
            "may_set_target": user_may(request.user, "monitoring.target", "change"),
        },
    )


@require("monitoring.dashboard", "view")
@require_GET
def geo_shapes(request: HttpRequest) -> JsonResponse:
    """GeoJSON of the areas directly below ?parent= (provinces for the country, a province's districts)."""
    parent = request.GET.get("parent", "")
    if parent and (not parent.isdigit() or len(parent) != 2):
        return JsonResponse({"detail": "parent must be empty or a province code"}, status=400)
    shapes = charts.shapes_for(parent)
    return JsonResponse(charts.feature_collection(parent, queries.area_names(shapes.keys())))


@require("monitoring.dashboard", "view")
@require_GET
def home_panel(request: HttpRequest) -> HttpResponse:
    """The monitoring panel on a person's home page (an HTML fragment)."""
    return render(
        request,
        "monitoring/panel.html",
        {"panel": queries.panel(viewer=request.user, today=timezone.localdate())},
    )
