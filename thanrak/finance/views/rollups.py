"""Area roll-ups and the member's own accounts."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language

from thanrak.core.access import require
from thanrak.finance import charts, queries


@require("finance.rollup", "view")
def rollup(request: HttpRequest) -> HttpResponse:
    """Funds, members, savings, loans outstanding and overdue % for an area and the areas under it."""
    from thanrak.accounts.scope import scope_of
    from thanrak.geo.queries import area_path

    area = request.GET.get("area", queries.rollup_start(viewer=request.user))
    scope = scope_of(request.user)
    if area and not scope.covers_area(area) and not any(a.startswith(area) for a in scope.area_codes):
        raise PermissionDenied("outside the viewer's areas")
    if len(area) not in queries.CHILD_LENGTH:
        raise Http404("no level below villages")
    total, rows = queries.rollup(viewer=request.user, area_code=area, on=timezone.localdate())
    lang = get_language() or "th"
    return render(
        request,
        "finance/rollup.html",
        {
            "area": area,
            "path": area_path(code=area) if area else [],
            "total": total,
            "rows": rows,
            "chart": charts.rollup_chart(rows, lang=lang),
            "child_has_rows": len(area) < 6,
        },
    )


@require("finance.own", "view")
def my_accounts(request: HttpRequest) -> HttpResponse:
    """The member's own savings, loans and dividends in every fund they belong to."""
    return render(
        request,
        "finance/my_accounts.html",
        {"accounts": queries.my_accounts(viewer=request.user, on=timezone.localdate())},
    )
