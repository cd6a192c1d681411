"""Evaluating a round and targeting runs."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thanrak.core.access import require
from thanrak.core.errors import DomainError
from thanrak.survey import actions, queries
from thanrak.survey.forms import RunForm
from thanrak.survey.views._common import _chart_bar, _may_run, _refusal


@require("survey.targeting", "change")
@require_POST
def round_evaluate(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = queries.round_get(viewer=request.user, round_id=round_id)
    try:
        n = actions.round_evaluate(round_=round_, by=request.user, at=timezone.now())
    except (DomainError, PermissionError) as exc:
        messages.error(request, _refusal(exc))
    else:
        messages.success(request, _("Indicator results were computed for %(n)s households.") % {"n": n})
    return redirect("survey:round-detail", round_id=round_.pk)


@require("survey.targeting", "change")
@require_http_methods(["GET", "POST"])
def run_create(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = queries.round_get(viewer=request.user, round_id=round_id)
    form = RunForm(request.POST or None, initial={"method": "TPMAP"}, version=round_.version)
    if not _may_run(request, round_):
        messages.error(request, _refusal(PermissionError()))
        return redirect("survey:round-detail", round_id=round_.pk)
    if request.method == "POST" and form.is_valid():
        try:
            run = actions.run_create(
                round_=round_,
                method=form.cleaned_data["method"],
                parameters=form.parameters(),
                label=form.cleaned_data["label"],
                by=request.user,
                at=timezone.now(),
            )
        except (DomainError, PermissionError) as exc:
            form.add_error(None, _refusal(exc))
        else:
            messages.success(request, _("The targeting run is saved."))
            return redirect("survey:run-detail", run_id=run.pk)
    return render(request, "survey/run_create.html", {"round": round_, "form": form})


@require("survey.targeting", "view")
@require_http_methods(["GET", "POST"])
def run_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    run = queries.run_get(viewer=request.user, run_id=run_id)
    reproduction = None
    if request.method == "POST":
        reproduction = actions.run_reproduce(run=run)
    top, children, names = queries.run_areas(viewer=request.user, run=run, area_code=request.GET.get("area"))
    inds = queries.indicator_names(snapshot=run.rules_snapshot)
    indicator_rows = []
    if top is not None:
        indicator_rows = [
            {
                "number": int(n),
                "text": inds.get(int(n), n),
                "censored": 100 * h,
                "contribution": 100 * top.contributions.get(n, 0.0),
            }
            for n, h in sorted(top.censored.items(), key=lambda kv: int(kv[0]))
        ]
    chart_areas = _chart_bar(
        [{"area": names.get(c.area_code, c.area_code), "H (%)": round(100 * c.h, 2)} for c in children],
        "area",
        "H (%)",
        _("Headcount ratio H by area (%)"),
    )
    chart_ind = _chart_bar(
        [{"indicator": f"{r['number']}", "share": round(r["contribution"], 2)} for r in indicator_rows],
        "indicator",
        "share",
        _("Contribution of each indicator to M0 (%)"),
    )
    subgroups = queries.run_subgroups(viewer=request.user, run=run, area_code=top.area_code) if top else []
    return render(
        request,
        "survey/run_detail.html",
        {
            "run": run,
            "top": top,
            "children": children,
            "names": names,
            "indicator_rows": indicator_rows,
            "subgroups": subgroups,
            "chart_areas": chart_areas,
            "chart_ind": chart_ind,
            "reproduction": reproduction,
        },
    )
