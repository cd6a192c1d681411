"""The figure map (how each figure of the published report is answered), the report's coverage,
and the records behind a computed figure."""

import io

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from thanrak.accounts.actions import audit_record
from thanrak.accounts.models import AuditEvent
from thanrak.accounts.scope import OutsideScope
from thanrak.core.access import require, user_may
from thanrak.core.errors import DomainError
from thanrak.core.fiscal import FiscalYear
from thanrak.core.forms import refuse
from thanrak.monitoring import actions, computed, figure_map, forms, queries, svg
from thanrak.monitoring.views.common import outside_page


@require("monitoring.computation", "view")
@require_GET
def coverage_page(request: HttpRequest) -> HttpResponse:
    """Per report section: figures computed from records, typed, or not yet mapped, with a chart."""
    rows = queries.coverage()
    chart = svg.stacked_bars(
        [svg.Stack(f"{r.section} {r.title}", (r.computed, r.typed, r.unmapped)) for r in rows],
        title=_("Figures of the published report, by section"),
        legend=[_("computed from records"), _("typed"), _("not yet mapped")],
        colours=(svg.GOOD, svg.WARN, svg.GREY),
    )
    return render(
        request,
        "monitoring/coverage.html",
        {
            "rows": rows,
            "chart": chart,
            "computed": sum(r.computed for r in rows),
            "typed": sum(r.typed for r in rows),
            "unmapped": sum(r.unmapped for r in rows),
            "total": sum(r.total for r in rows),
        },
    )


@require("monitoring.computation", "view")
@require_GET
def figure_map_page(request: HttpRequest) -> HttpResponse:
    mappings = queries.figure_mappings()
    return render(
        request,
        "monitoring/figure_map.html",
        {
            "items": [(m, figure_map.effective_status(m)) for m in mappings],
            "may_change": user_may(request.user, "monitoring.computation", "change"),
        },
    )


@require("monitoring.computation", "view")
@require_GET
def figure_map_download(request: HttpRequest) -> HttpResponse:
    """The mapping as the file it is loaded from (monitoring/data/figure_map.csv)."""
    out = io.StringIO()
    figure_map.write(queries.mapping_rows(queries.figure_mappings()), out)
    audit_record(
        by=request.user,
        event=AuditEvent.EXPORT,
        at=timezone.now(),
        object_type="monitoring.figuremapping",
        detail={"what": "figure_map.csv"},
    )
    response = HttpResponse(out.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="figure_map.csv"'
    return response


@require("monitoring.computation", "change")
@require_http_methods(["GET", "POST"])
def figure_mapping_edit(request: HttpRequest, mapping_id: int) -> HttpResponse:
    mapping = queries.mapping_get(mapping_id=mapping_id)
    initial = {
        "status": mapping.status,
        "computation": mapping.computation,
        "parameters": figure_map.format_parameters(mapping.parameters),
        "aggregate": mapping.aggregate or "sum",
        "area_code": mapping.area_code,
        "source": mapping.source,
        "note": mapping.note,
        "source_th": mapping.source_th,
        "note_th": mapping.note_th,
    }
    form = forms.FigureMappingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.figure_mapping_change(
                mapping=mapping, by=request.user, at=timezone.now(), **form.cleaned_data
            )
        except DomainError as exc:
            refuse(form, exc)
        else:
            messages.success(
                request, _("The mapping of row %(row)s was saved.") % {"row": mapping.figure.row}
            )
            return redirect("monitoring:figure-map")
    return render(request, "monitoring/figure_mapping_form.html", {"form": form, "mapping": mapping})


@require("monitoring.report", "view")
@require_GET
def indicator_rows(request: HttpRequest, indicator_id: int) -> HttpResponse:
    """The records a computed figure counts, scoped to the reader."""
    indicator = queries.indicator_get(viewer=request.user, indicator_id=indicator_id)
    if not indicator.computation:
        raise Http404
    today = timezone.localdate()
    fy_text = request.GET.get("fy", "")
    fy = int(fy_text) if fy_text.isdigit() and 2400 <= int(fy_text) <= 2700 else FiscalYear.of(today).year_be
    area = request.GET.get("area", "")
    try:
        area = queries.ensure_area(request.user, actions.clean_area_code(area))
    except OutsideScope:
        return outside_page(request, area)
    except DomainError as exc:
        raise Http404 from exc
    try:
        found = queries.figure_rows(
            viewer=request.user, indicator=indicator, fiscal_year=fy, area_code=area, today=today
        )
    except computed.UnknownComputation as exc:
        raise Http404 from exc
    return render(request, "monitoring/figure_rows.html", {"found": found, "fy": fy, "area": area})
