"""Importing registry files (upload, report, confirm, templates) and exporting the registry."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thanrak.core.access import require
from thanrak.core.errors import DomainError
from thanrak.core.tabular import write_csv, write_xlsx
from thanrak.registry import exports, imports, queries
from thanrak.registry.forms import ImportForm
from thanrak.registry.models import ImportStatus
from thanrak.registry.views.common import _ip


@require("registry.data", "import")
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload a file: it is checked and imported now when small, by the task worker when long; either
    way the next page shows its status and report."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        limit = imports.max_bytes()
        data = form.cleaned_data["file"].read(limit + 1)
        if len(data) > limit:
            form.add_error("file", _("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)})
        else:
            job = imports.upload(
                kind=form.cleaned_data["kind"],
                data=data,
                filename=form.cleaned_data["file"].name,
                by=request.user,
                at=timezone.now(),
                skip_invalid=form.cleaned_data["skip_invalid"],
            )
            return redirect("registry:import-detail", job.pk)
    lang = get_language() or "th"
    layouts = [
        (kind, [(c.name, c.th, c.help, c.required) for c in imports.LAYOUTS[kind]]) for kind in imports.KINDS
    ]
    return render(
        request,
        "registry/import.html",
        {
            "form": form,
            "layouts": layouts,
            "recent": queries.import_list(viewer=request.user),
            "lang": lang,
            "max_mb": imports.max_bytes() // (1024 * 1024),
        },
    )


@require("registry.data", "import")
@require_GET
def import_detail(request: HttpRequest, import_id: int) -> HttpResponse:
    """An upload's status and report: each problem with its row, column and reason."""
    job = queries.import_get(viewer=request.user, import_id=import_id)
    report = job.report or {}
    reason = "reason_en" if (get_language() or "th").startswith("en") else "reason_th"
    issues = [(i["row"], i["column"], i[reason]) for i in report.get("issues", [])]
    skipped = report.get("skipped", 0)
    return render(
        request,
        "registry/import_detail.html",
        {
            "job": job,
            "report": report,
            "issues": issues,
            "valid_rows": max(report.get("rows", 0) - skipped, 0),
            "waiting": job.status in (ImportStatus.QUEUED, ImportStatus.RUNNING),
            "may_confirm": job.status == ImportStatus.REJECTED
            and not job.skip_invalid
            and report.get("rows", 0) > skipped > 0,
        },
    )


@require("registry.data", "import")
@require_POST
def import_confirm(request: HttpRequest, import_id: int) -> HttpResponse:
    """Import the valid rows of a rejected file and skip the rest; a second click changes nothing."""
    job = queries.import_get(viewer=request.user, import_id=import_id)
    try:
        imports.confirm_skipping(job=job, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("registry:import-detail", job.pk)


@require("registry.data", "import")
@require_GET
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    """An empty file in a kind's layout with example rows: Excel, or CSV with ?format=csv."""
    if kind not in imports.KINDS:
        raise Http404(kind)
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    headers = imports.header_names(kind, get_language() or "th")
    body = (
        write_csv(headers, imports.EXAMPLES[kind])
        if fmt == "csv"
        else write_xlsx(headers, imports.EXAMPLES[kind], sheet_title=kind)
    )
    response = HttpResponse(body, content_type=exports.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="thanrak-{kind}-template.{fmt}"'
    return response


@require("registry.data", "export")
@require_GET
def export(request: HttpRequest, kind: str) -> HttpResponse:
    """The kind's rows in the viewer's areas (or the one area asked for) as CSV or Excel, audit-logged."""
    if kind not in imports.KINDS:
        raise Http404(kind)
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    layout = "machine" if request.GET.get("layout") == "machine" else "people"
    area = request.GET.get("area", "").strip()
    at = timezone.now()
    try:
        data, _rows = exports.registry_export(
            kind=kind,
            fmt=fmt,
            by=request.user,
            at=at,
            area=area,
            lang=get_language() or "th",
            ip=_ip(request),
            layout=layout,
        )
    except exports.CannotExport as exc:
        raise Http404(str(exc)) from exc
    response = HttpResponse(data, content_type=exports.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = (
        f'attachment; filename="{exports.filename(kind, fmt, at, area, layout)}"'
    )
    return response
