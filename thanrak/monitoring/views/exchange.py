"""Exchange: importing and exporting values as files."""

import json
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from thanrak.core.access import require, user_may
from thanrak.core.tabular import Issue, TableError
from thanrak.monitoring import actions, exchange, forms, queries
from thanrak.monitoring.models import ImportFormat


@require("monitoring.value", "view")
@require_GET
def exchange_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "monitoring/exchange.html",
        {
            "upload": forms.UploadForm(),
            "export": forms.ExportForm(initial={"area": queries.default_area(request.user).replace("-", "")}),
            "may_import": user_may(request.user, "monitoring.value", "import"),
            "may_export": user_may(request.user, "monitoring.value", "export"),
        },
    )


@require("monitoring.value", "import")
@require_POST
def exchange_import(request: HttpRequest) -> HttpResponse:
    """Import values from CSV, Excel or DHIS2 JSON: every row is checked, then all or none saved."""
    from django.conf import settings

    form = forms.UploadForm(request.POST, request.FILES)
    context: dict[str, Any] = {
        "upload": form,
        "export": forms.ExportForm(),
        "may_import": True,
        "may_export": user_may(request.user, "monitoring.value", "export"),
    }
    if not form.is_valid():
        return render(request, "monitoring/exchange.html", context, status=400)
    upload = form.cleaned_data["file"]
    data = upload.read(settings.THANRAK_MAX_IMPORT_BYTES + 1)
    dry_run = form.cleaned_data["dry_run"]
    try:
        result = _import(data, upload.name, request, dry_run=dry_run)
    except (TableError, actions.ImportRejected) as exc:
        context["issues"] = exc.issues
        context["problem"] = (
            str(exc) if isinstance(exc, actions.ImportRejected) else _("The file could not be read.")
        )
        return render(request, "monitoring/exchange.html", context, status=422)
    context["result"] = result
    return render(request, "monitoring/exchange.html", context)


def _import(data: bytes, name: str, request: HttpRequest, *, dry_run: bool) -> actions.ImportResult:
    from django.conf import settings

    if len(data) > settings.THANRAK_MAX_IMPORT_BYTES:
        raise TableError([Issue(None, None, _("The file is too large."))])
    if name.lower().endswith(".json") or data.lstrip()[:1] in (b"{", b"["):
        read = exchange.read_dhis2(data)
        return actions.values_import(
            rows=read.rows,
            issues=read.issues,
            by=request.user,
            at=timezone.now(),
            format=ImportFormat.DHIS2,
            filename=name,
            dry_run=dry_run,
            column_names=exchange.DHIS2_COLUMNS,
        )
    rows = exchange.read_values_table(data)
    fmt = ImportFormat.XLSX if data.startswith(b"PK") else ImportFormat.CSV
    return actions.values_import(
        rows=rows, by=request.user, at=timezone.now(), format=fmt, filename=name, dry_run=dry_run
    )


@require("monitoring.value", "export")
@require_GET
def exchange_export(request: HttpRequest) -> HttpResponse:
    """Values the viewer may see, as CSV, Excel or a DHIS2 dataValueSets document."""
    form = forms.ExportForm(request.GET)
    if not form.is_valid():
        messages.error(request, _("Choose a format."))
        return redirect("monitoring:exchange")
    d = form.cleaned_data
    values = queries.value_list(
        viewer=request.user,
        indicator=d["indicator"],
        area_code=actions.clean_area_code(d["area"] or ""),
        fiscal_year=d["fy"],
    ).select_related("indicator", "updated_by")
    stamp = timezone.localdate().isoformat()
    if d["format"] == "dhis2":
        doc, skipped = exchange.write_dhis2(values)
        response = HttpResponse(
            json.dumps(doc, ensure_ascii=False, indent=1), content_type="application/json"
        )
        response["X-Thanrak-Skipped"] = str(skipped)
        response["Content-Disposition"] = f'attachment; filename="monitoring-dataValueSets-{stamp}.json"'
        return response
    names = queries.area_names(values.values_list("area_code", flat=True).distinct())
    body = exchange.write_values(values, format=d["format"], names=names)
    ctype = (
        "text/csv; charset=utf-8"
        if d["format"] == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response = HttpResponse(body, content_type=ctype)
    response["Content-Disposition"] = f'attachment; filename="monitoring-values-{stamp}.{d["format"]}"'
    return response
