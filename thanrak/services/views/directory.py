"""Pages of the directories: partner agencies and the people who help."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thanrak.core.access import require, user_may
from thanrak.core.errors import DomainError
from thanrak.core.forms import refuse
from thanrak.core.tabular import decode_csv_bytes
from thanrak.registry import queries as registry_queries
from thanrak.services import actions, queries
from thanrak.services.exports import HELPER_HEADERS, helper_rows
from thanrak.services.forms import AgencyForm, AgencyImportForm, HelperFilterForm, HelperForm
from thanrak.services.views._common import export, export_format, now, paginate


@require("services.agency", "view")
def agency_list(request: HttpRequest) -> HttpResponse:
    """The partner agencies and their services; CSV for those who may export."""
    q = request.GET.get("q", "")[:100]
    rows = queries.agency_list(viewer=request.user, q=q)
    if request.GET.get("format") == "csv" and user_may(request.user, "services.agency", "export"):
        response = HttpResponse(actions.agencies_csv(rows), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="agencies.csv"'
        return response
    return render(
        request,
        "services/agency_list.html",
        {
            "rows": rows,
            "q": q,
            "may_change": user_may(request.user, "services.agency", "change"),
            "may_export": user_may(request.user, "services.agency", "export"),
        },
    )


@require("services.agency", "change")
@require_http_methods(["GET", "POST"])
def agency_edit(request: HttpRequest, agency_id: int | None = None) -> HttpResponse:
    """Add a partner agency or change one (an agency that closed stops taking referrals)."""
    agency = queries.agency_get(viewer=request.user, agency_id=agency_id) if agency_id else None
    initial = {f: getattr(agency, f) for f in AgencyForm.base_fields} if agency else {}
    form = AgencyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = actions.agency_save(by=request.user, at=now(), agency=agency, **form.cleaned_data)
        except DomainError as exc:
            refuse(form, exc)
        else:
            if agency is None and not form.cleaned_data["is_active"]:
                actions.agency_set_active(agency=saved, active=False, by=request.user, at=now())
            messages.success(request, _("Agency saved."))
            return redirect("services:agency-list")
    return render(request, "services/agency_form.html", {"form": form, "agency": agency})


@require("services.helper", "view")
def helper_list(request: HttpRequest) -> HttpResponse:
    """Search the people who help by kind, expertise and area ("packaging, in Phayao")."""
    form = HelperFilterForm(request.GET)
    filters = {k: v for k, v in (form.cleaned_data if form.is_valid() else {}).items() if v}
    rows = queries.helper_list(viewer=request.user, **filters)
    fmt = export_format(request)
    if fmt and user_may(request.user, "services.helper", "export"):
        return export(
            request, fmt=fmt, name="helpers", headers=HELPER_HEADERS, rows=helper_rows(rows), detail=filters
        )
    counts = queries.helper_counts_by_kind(viewer=request.user)
    return render(
        request,
        "services/helper_list.html",
        {
            "form": form,
            "page": paginate(request, rows),
            "counts": counts,
            "may_change": user_may(request.user, "services.helper", "change"),
            "may_export": user_may(request.user, "services.helper", "export"),
            "may_import": user_may(request.user, "services.helper", "import"),
        },
    )


@require("services.helper", "change")
@require_http_methods(["GET", "POST"])
def helper_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    """List a registry person as a helper, or change their entry."""
    person = registry_queries.person_get(viewer=request.user, person_id=person_id)
    helper = getattr(person, "services_helper", None)
    initial = {}
    if helper is not None:
        initial = {
            "kinds": [k.kind for k in helper.kinds.all()],
            "expertise": [e.topic for e in helper.expertise.all()],
            "areas": " ".join(a.area_code for a in helper.areas.all()),
            "expertise_words": helper.expertise_words,
            "availability": helper.availability,
            "capacity": helper.capacity,
            "note": helper.note,
        }
    form = HelperForm(request.POST or None, initial=initial or {"areas": person.area_code})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            actions.helper_save(
                person=person, by=request.user, at=now(), **{**d, "areas": d["areas"].split()}
            )
        except (DomainError, PermissionError) as exc:
            refuse(form, exc)
        else:
            messages.success(request, _("Helper saved."))
            return redirect("services:helper-list")
    return render(request, "services/helper_form.html", {"form": form, "person": person, "helper": helper})


@require("services.agency", "import")
@require_http_methods(["GET", "POST"])
def agency_import(request: HttpRequest) -> HttpResponse:
    """Load agencies from a CSV in the layout of the export (known codes are updated)."""
    form = AgencyImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > 2 * 1024 * 1024:
                raise actions.CannotChangeAgency(
                    _("The file is larger than 2 MB."), code="file_too_large", field="file"
                )
            text, _encoding = decode_csv_bytes(upload.read())
            added, updated = actions.agencies_load(at=now(), data=text)
        except (DomainError, UnicodeDecodeError) as exc:
            form.add_error(
                "file", str(exc) if isinstance(exc, DomainError) else _("The file is not readable text.")
            )
        else:
            messages.success(
                request,
                _("%(added)s agencies added, %(updated)s updated.") % {"added": added, "updated": updated},
            )
            return redirect("services:agency-list")
    return render(request, "services/agency_import.html", {"form": form})
