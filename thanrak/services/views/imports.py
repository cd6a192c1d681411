"""Import the helpers directory or cases from a CSV or XLSX file: check first (a preview of what
would be written), then import; templates of the layouts to fill in."""

import base64

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from thanrak.core.access import require
from thanrak.services import actions, layouts
from thanrak.services.exports import FORMATS, table
from thanrak.services.forms import ImportForm
from thanrak.services.views._common import now, today

# A checked file is kept in the session (up to this size) so that "Import" needs no second upload.
KEEP_BYTES = 1024 * 1024
TITLES = {"helpers": gettext_lazy("Import helpers"), "cases": gettext_lazy("Import cases")}
BACK = {"helpers": "services:helper-list", "cases": "services:case-list"}


def _import(request: HttpRequest, kind: str) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    kept = f"services_import_{kind}"
    issues, result, refused = [], None, ""
    if request.method == "POST":
        confirm = request.POST.get("action") == "confirm" and kept in request.session
        if confirm:
            form = ImportForm()
            data = base64.b64decode(request.session.pop(kept))
        elif form.is_valid():
            data = form.cleaned_data["file"].read(actions.imports.MAX_BYTES + 1)
        else:
            data = None
        dry_run = not confirm and request.POST.get("action") != "import"
        if data is not None:
            try:
                result = actions.services_import(
                    kind=kind, source=data, by=request.user, at=now(), on=today(), dry_run=dry_run
                )
            except actions.ImportRefused as error:
                issues, refused = error.issues, str(error.message)
            else:
                if not dry_run:
                    request.session.pop(kept, None)
                    messages.success(request, _("%(count)s rows imported.") % {"count": len(result.written)})
                    return redirect(BACK[kind])
                if len(data) <= KEEP_BYTES:
                    request.session[kept] = base64.b64encode(data).decode()
    context = {
        "form": form,
        "kind": kind,
        "title": TITLES[kind],
        "issues": issues,
        "refused": refused,
        "result": result,
        "kept": kept in request.session and result is not None,
        "columns": layouts.LAYOUTS[kind],
        "back": BACK[kind],
    }
    status = 422 if request.method == "POST" and (form.errors or issues) else 200
    return render(request, "services/import_page.html", context, status=status)


def _template(request: HttpRequest, kind: str) -> HttpResponse:
    fmt = request.GET.get("format", "xlsx")
    fmt = fmt if fmt in FORMATS else "xlsx"
    data = table(fmt, layouts.headers(kind), layouts.EXAMPLES[kind], sheet=kind)
    response = HttpResponse(data, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{kind}-template.{fmt}"'
    return response


@require("services.helper", "import")
@require_http_methods(["GET", "POST"])
def helper_import(request: HttpRequest) -> HttpResponse:
    """Check, then import, the helpers directory from a file (all rows or none)."""
    return _import(request, "helpers")


@require("services.case", "import")
@require_http_methods(["GET", "POST"])
def case_import(request: HttpRequest) -> HttpResponse:
    """Check, then import, cases from a file (all rows or none)."""
    return _import(request, "cases")


@require("services.helper", "import")
def helper_import_template(request: HttpRequest) -> HttpResponse:
    """The helpers layout with an example row, as CSV or Excel."""
    return _template(request, "helpers")


@require("services.case", "import")
def case_import_template(request: HttpRequest) -> HttpResponse:
    """The cases layout with an example row, as CSV or Excel."""
    return _template(request, "cases")
