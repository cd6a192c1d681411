"""The report: the policy report's page, its download, and the published figures checked."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thanrak.accounts.scope import OutsideScope, scope_of
from thanrak.core.access import require, user_may
from thanrak.core.fiscal import FiscalYear
from thanrak.monitoring import actions, forms, queries, report
from thanrak.monitoring.seed import DOCUMENT
from thanrak.monitoring.views.common import outside_page, page_language


def _report_params(request: HttpRequest) -> tuple[int, str, bool]:
    form = forms.ReportForm(request.GET)
    fy = FiscalYear.of(timezone.localdate()).year_be
    if form.is_valid():
        return (
            form.cleaned_data["fy"],
            actions.clean_area_code(form.cleaned_data["area"] or ""),
            form.cleaned_data["digits"] != "arabic",
        )
    default = queries.default_area(request.user)
    return (
        queries.default_fiscal_year(
            request.user, "" if default == "-" else default, today=timezone.localdate()
        )
        or fy,
        "" if default == "-" else default,
        True,
    )


@require("monitoring.report", "view")
@require_GET
def report_page(request: HttpRequest) -> HttpResponse:
    """The policy report in the page, with links to download it as PDF or HTML."""
    fy, area, thai = _report_params(request)
    if not scope_of(request.user).everything and area == "":
        area = queries.default_area(request.user)
    try:
        built = report.build(
            fiscal_year=fy,
            area_code=area,
            at=timezone.now(),
            viewer=request.user,
            thai_digits=thai,
            lang=page_language(),
        )
    except OutsideScope:
        return outside_page(request, area)
    body = report.render_html(built, standalone=False)
    query = urlencode({"fy": fy, "area": area, "digits": "thai" if thai else "arabic"})
    return render(
        request,
        "monitoring/report.html",
        {
            "body": body,
            "fy": fy,
            "area": area,
            "thai": thai,
            "query": query,
            "years": queries.fiscal_year_choices(request.user, today=timezone.localdate()),
            "may_export": user_may(request.user, "monitoring.report", "export"),
            "may_recompute": user_may(request.user, "monitoring.computation", "change"),
        },
    )


@require("monitoring.computation", "change")
@require_POST
def report_recompute(request: HttpRequest) -> HttpResponse:
    """Recompute every computed figure of a fiscal year from the records as they were at the end of
    each of its months (locked months keep theirs), then show the report again."""
    fy_text = request.POST.get("fy", "")
    fy = int(fy_text) if fy_text.isdigit() and 2400 <= int(fy_text) <= 2700 else None
    if fy is None:
        messages.error(request, _("Choose a fiscal year."))
        return redirect("monitoring:report")
    runs = report.recompute(fiscal_year=fy, today=timezone.localdate(), clock=timezone.now, by=request.user)
    failed = [r.name for r in runs if r.status == "FAILED"]
    if failed:
        messages.error(request, _("These computations failed: %(names)s") % {"names": ", ".join(failed)})
    else:
        messages.success(
            request, _("%(n)s computations were run for fiscal year %(fy)s.") % {"n": len(runs), "fy": fy}
        )
    return redirect(f"{reverse('monitoring:report')}?{urlencode({'fy': fy})}")


@require("monitoring.report", "export")
@require_GET
def report_download(request: HttpRequest) -> HttpResponse:
    fy, area, thai = _report_params(request)
    if not scope_of(request.user).everything and area == "":
        area = queries.default_area(request.user)
    fmt = request.GET.get("format", "pdf")
    built = report.build(
        fiscal_year=fy,
        area_code=area,
        at=timezone.now(),
        viewer=request.user,
        thai_digits=thai,
        lang=page_language(),
    )
    name = f"policy7-report-{fy}{'-' + area if area else ''}"
    if fmt == "html":
        response = HttpResponse(report.render_html(built), content_type="text/html; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.html"'
        return response
    response = HttpResponse(report.render_pdf(built), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response


@require("monitoring.report", "view")
@require_GET
def published(request: HttpRequest) -> HttpResponse:
    """Every figure of the published report next to the number Thanrak computes for it."""
    document = request.GET.get("document") or DOCUMENT
    checks = queries.published_checks(viewer=request.user, document=document)
    return render(
        request,
        "monitoring/published.html",
        {
            "checks": checks,
            "document": document,
            "matching": sum(c.matches for c in checks),
            "documents": queries.documents(),
        },
    )
