"""Dashboards: the figures and the map, comparing runs."""

import json
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from thanrak.core.access import require
from thanrak.geo.queries import area_names
from thanrak.survey import queries
from thanrak.survey.views._common import _chart_bar


@lru_cache(maxsize=2)
def _shape_codes(level: int) -> frozenset[str]:
    path = settings.REFERENCE_DATA_DIR / "geo" / ("th_adm1.geojson" if level == 2 else "th_adm2.geojson")
    key = "ADM1_PCODE" if level == 2 else "ADM2_PCODE"
    with open(path, encoding="utf-8") as fh:
        return frozenset(f["properties"][key][2:] for f in json.load(fh)["features"])


@require("survey.dashboard", "view")
def dashboard(request: HttpRequest) -> HttpResponse:
    runs = list(queries.run_list(viewer=request.user)[:50])
    run = next((r for r in runs if str(r.pk) == request.GET.get("run")), runs[0] if runs else None)
    sources = queries.external_sources()
    source = request.GET.get("source", "")
    if source not in sources:
        source = ""
    level = 4 if request.GET.get("level") == "4" else 2
    ext = (
        queries.external_totals(viewer=request.user, source=source, area_code=request.GET.get("area", ""))
        if source
        else None
    )
    context = {
        "runs": runs,
        "run": run,
        "sources": sources,
        "source": source,
        "level": level,
        "ext": ext,
        "map_url": reverse("survey:map-data") + f"?level={level}&run={run.pk if run else ''}&source={source}",
    }
    if run:
        top, children, names = queries.run_areas(viewer=request.user, run=run)
        context.update(
            top=top,
            children=children,
            names=names,
            chart=_chart_bar(
                [
                    {"area": names.get(c.area_code, c.area_code), "target poor": c.target_poor}
                    for c in children
                ],
                "area",
                "target poor",
                _("Target poor persons by area"),
                whole=True,
            ),
        )
    return render(request, "survey/dashboard.html", context)


@require("survey.dashboard", "view")
def map_data(request: HttpRequest) -> JsonResponse:
    """Values for the choropleth and the codes that match no shape (listed, never dropped)."""
    level = 4 if request.GET.get("level") == "4" else 2
    run = None
    if request.GET.get("run"):
        try:
            run = queries.run_get(viewer=request.user, run_id=int(request.GET["run"]))
        except (ObjectDoesNotExist, ValueError):
            run = None
    source = request.GET.get("source", "")
    values = queries.map_values(
        viewer=request.user, run=run, level=level, measure="target_rate" if source else "h", source=source
    )
    shapes = _shape_codes(level)
    names = area_names(codes=set(values))
    return JsonResponse(
        {
            "level": level,
            "geojson": f"{settings.STATIC_URL}survey/geo/{'th_adm1' if level == 2 else 'th_adm2'}.geojson",
            "values": values,
            "names": names,
            "unmatched": sorted(c for c in values if c not in shapes),
            "measure": _("Target poor, per cent of persons") if source else _("Headcount ratio H (%)"),
        }
    )


def _latest_pair(runs: list[Any]) -> tuple[Any, Any]:
    """The latest run and, before it, the latest run of an earlier year (of the same method when
    there is one): two runs of one year compare a round with itself."""
    after = runs[0]
    earlier = [r for r in runs if r.round.year_be < after.round.year_be]
    same_method = [r for r in earlier if r.method == after.method]
    before = (same_method or earlier or [None])[0]
    return (before, after) if before is not None else (None, None)


@require("survey.dashboard", "view")
def compare(request: HttpRequest) -> HttpResponse:
    runs = list(queries.run_list(viewer=request.user)[:50])
    by_id = {str(r.pk): r for r in runs}
    before, after = by_id.get(request.GET.get("before", "")), by_id.get(request.GET.get("after", ""))
    if before is None and after is None and runs:
        before, after = _latest_pair(runs)
    result = (
        queries.runs_compare(viewer=request.user, before=before, after=after) if before and after else None
    )
    names = queries.indicator_names(snapshot=after.rules_snapshot) if after else {}
    context = {"runs": runs, "before": before, "after": after, "result": result, "names": names}
    if result:
        context["came_out"] = queries.households_named(viewer=request.user, ids=result.came_out[:100])
        context["fell_in"] = queries.households_named(viewer=request.user, ids=result.fell_in[:100])
        context["resolved"] = sorted(result.resolved.items(), key=lambda kv: -kv[1])
    return render(request, "survey/compare.html", context)
