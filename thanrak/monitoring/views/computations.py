"""Computations: what other apps compute for monitoring, and refreshing it."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thanrak.core.access import require, user_may
from thanrak.core.fiscal import FiscalYear
from thanrak.monitoring import computed, queries, tasks


@require("monitoring.computation", "view")
@require_GET
def computation_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "monitoring/computation_list.html",
        {
            "items": queries.computation_list(),
            "rollups": queries.rollup_runs(),
            "may_refresh": user_may(request.user, "monitoring.computation", "change"),
            "fy": FiscalYear.of(timezone.localdate()).year_be,
        },
    )


@require("monitoring.computation", "view")
@require_GET
def computation_detail(request: HttpRequest, name: str) -> HttpResponse:
    try:
        info = queries.computation_get(name=name)
    except computed.UnknownComputation as exc:
        raise Http404 from exc
    return render(request, "monitoring/computation_detail.html", {"info": info})


@require("monitoring.computation", "change")
@require_POST
def computation_refresh(request: HttpRequest) -> HttpResponse:
    """Queue a refresh of every computed indicator (a worker runs it; the list shows each run)."""
    fy = request.POST.get("fy", "")
    years = [int(fy)] if fy.isdigit() and 2400 <= int(fy) <= 2700 else None
    result = tasks.refresh_computations.enqueue(fiscal_years=years, user_id=request.user.pk)
    messages.success(
        request,
        _("The refresh was queued (%(id)s); figures update when it has run.") % {"id": str(result.id)[:8]},
    )
    return redirect("monitoring:computations")
