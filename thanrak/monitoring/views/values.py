"""Values: the list, a value's history and where it came from, the entry grid."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from thanrak.accounts.scope import OutsideScope
from thanrak.core.access import require
from thanrak.core.tabular import Issue
from thanrak.monitoring import actions, forms, periods, queries
from thanrak.monitoring.models import ValueStatus
from thanrak.monitoring.views.common import outside_page, page_language


@require("monitoring.value", "view")
@require_GET
def value_list(request: HttpRequest) -> HttpResponse:
    """Values the viewer may see, filtered by indicator, area, fiscal year and status."""
    indicator = None
    if request.GET.get("indicator", "").isdigit():
        indicator = (
            queries.indicator_list(viewer=request.user, active_only=False)
            .filter(pk=request.GET["indicator"])
            .first()
        )
    area = actions.clean_area_code(request.GET.get("area", ""))
    fy = request.GET.get("fy", "")
    values = queries.value_list(
        viewer=request.user,
        indicator=indicator,
        area_code=area,
        fiscal_year=int(fy) if fy.isdigit() else None,
        status=request.GET.get("status", ""),
        exact_area=request.GET.get("exact") == "1",
    )
    page = Paginator(values, 50).get_page(request.GET.get("page"))
    names = queries.area_names(v.area_code for v in page.object_list)
    return render(
        request,
        "monitoring/value_list.html",
        {
            "page": page,
            "indicator": indicator,
            "area": area,
            "fy": fy,
            "names": names,
            "statuses": ValueStatus.choices,
            "status": request.GET.get("status", ""),
        },
    )


@require("monitoring.value", "view")
@require_GET
def value_detail(request: HttpRequest, value_id: int) -> HttpResponse:
    """Where a number comes from: its history (who, when, from what), file, computation or report."""
    value = queries.value_get(viewer=request.user, value_id=value_id)
    period = periods.parse(value.period, fiscal_year=value.fiscal_year)
    return render(
        request,
        "monitoring/value_detail.html",
        {
            "value": value,
            "period_label": period.label(page_language()),
            "area_name": queries.area_name(value.area_code, page_language()),
            "history": queries.value_history(value=value),
            "origin": queries.value_origin(value=value),
        },
    )


def _grid_problems(issues: list[Issue], rows: list[Any]) -> tuple[dict[str, str], str]:
    """Each refused cell's problem by area code, and one message naming the cells (a grid is not a file)."""
    cells = {i: (code, name) for i, (code, name, _e) in enumerate(rows, start=1)}
    not_a_number = str(_("%(text)s is not a number."))
    errors: dict[str, str] = {}
    for issue in issues:
        code, _name = cells.get(issue.row or 0, ("", ""))
        text = str(issue.message)
        if text == not_a_number and issue.column == actions.COLUMNS["value"]:
            text = _("“%(text)s” is not a number: type it in digits, such as 19 or ๑๙.")
        errors.setdefault(code, text % issue.params if issue.params else text)
    refused = list(dict.fromkeys(i.row for i in issues if i.row in cells))
    named = "; ".join(f"{cells[row][1]}: {errors[cells[row][0]]}" for row in refused[:5])
    return errors, _("Nothing was saved: %(count)s value(s) to correct. %(problems)s") % {
        "count": len(errors),
        "problems": named,
    }


@require("monitoring.value", "change")
@require_http_methods(["GET", "POST"])
def value_entry(request: HttpRequest) -> HttpResponse:
    """Type the values of one indicator and period for the areas under yours (a district's
    subdistricts…), all saved together or none."""
    default_area = queries.default_area(request.user)
    data = request.POST if request.method == "POST" else request.GET
    choice = forms.EntryChoiceForm(
        data or None,
        initial={
            "area": "" if default_area == "-" else default_area,
            "period": periods.month(timezone.localdate()).code,
        },
    )
    rows, errors = [], {}
    if choice.is_valid():
        indicator, period, area = (
            choice.cleaned_data["indicator"],
            choice.cleaned_data["period"],
            actions.clean_area_code(choice.cleaned_data["area"]),
        )
        try:
            rows = queries.entry_rows(viewer=request.user, indicator=indicator, area_code=area, period=period)
        except OutsideScope:
            return outside_page(request, area)
        except periods.InvalidPeriod:
            choice.add_error("period", _("Use a period code such as 2569-01, FY2569Q1 or FY2569."))
        if request.method == "POST" and rows and "save" in request.POST:
            entries = [
                actions.RowIn(
                    row=i,
                    indicator_code=indicator.code,
                    area_code=code,
                    period=period,
                    amount=request.POST.get(f"value-{code}", ""),
                    comment=request.POST.get(f"comment-{code}", ""),
                )
                for i, (code, _name, existing) in enumerate(rows, start=1)
                if request.POST.get(f"value-{code}", "").strip()
                and (existing is None or existing.status == ValueStatus.DRAFT)
            ]
            try:
                result = actions.values_enter(rows=entries, by=request.user, at=timezone.now())
            except actions.ImportRejected as exc:
                errors, problem = _grid_problems(exc.issues, rows)
                messages.error(request, problem)
            else:
                messages.success(
                    request,
                    _("Saved: %(c)s new, %(u)s changed, %(n)s unchanged.")
                    % {"c": result.created, "u": result.updated, "n": result.unchanged},
                )
                query = urlencode({"indicator": indicator.pk, "period": period, "area": area})
                return redirect(f"{reverse('monitoring:entry')}?{query}")
    typed = [
        (code, name, existing, request.POST.get(f"value-{code}") if request.method == "POST" else None)
        for code, name, existing in rows
    ]
    return render(request, "monitoring/value_entry.html", {"choice": choice, "rows": typed, "errors": errors})
