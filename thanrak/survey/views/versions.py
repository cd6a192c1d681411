"""Survey versions, indicators, the XLSForm and the welfare-card import."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thanrak.core.access import require, user_may
from thanrak.core.errors import DomainError
from thanrak.core.forms import refuse
from thanrak.survey import actions, queries, xlsform
from thanrak.survey.forms import FileForm, IndicatorForm, ParametersForm, VersionSettingsForm, WelfareForm
from thanrak.survey.views._common import _upload


@require("survey.version", "view")
def version_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "survey/version_list.html",
        {
            "versions": queries.version_list(viewer=request.user),
            "may_import": user_may(request.user, "survey.version", "import"),
        },
    )


@require("survey.version", "view")
@require_http_methods(["GET", "POST"])
def version_detail(request: HttpRequest, version_id: int) -> HttpResponse:
    version = queries.version_get(viewer=request.user, version_id=version_id)
    may_edit = user_may(request.user, "survey.version", "change")
    is_settings = request.method == "POST" and request.POST.get("form") == "settings"
    posted = request.POST if request.method == "POST" and not is_settings else None
    form = ParametersForm(posted, parameters=version.parameters) if may_edit else None
    settings_form = (
        VersionSettingsForm(request.POST if is_settings else None, version=version) if may_edit else None
    )
    if is_settings and settings_form is not None and settings_form.is_valid():
        try:
            actions.version_settings_set(
                version=version,
                income_question=settings_form.cleaned_data["income_question"],
                dimensions=settings_form.dimension_rows(),
                by=request.user,
                at=timezone.now(),
            )
        except DomainError as exc:
            refuse(settings_form, exc)
        else:
            messages.success(request, _("The income question and the dimensions were saved."))
            return redirect("survey:version-detail", version_id=version.pk)
    if posted is not None and form is not None and form.is_valid():
        try:
            actions.version_parameters_set(
                version=version, parameters=form.values(), by=request.user, at=timezone.now()
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The thresholds were saved."))
            return redirect("survey:version-detail", version_id=version.pk)
    return render(
        request,
        "survey/version_detail.html",
        {
            "version": version,
            "form": form,
            "may_edit": may_edit,
            "settings_form": settings_form,
            "may_export": user_may(request.user, "survey.version", "export"),
            "indicators": version.indicators.all(),
            "questions": version.questions.all(),
        },
    )


@require("survey.version", "export")
def version_xlsform(request: HttpRequest, version_id: int) -> HttpResponse:
    version = queries.version_get(viewer=request.user, version_id=version_id)
    response = HttpResponse(
        xlsform.export(version),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{version.code}-xlsform.xlsx"'
    return response


@require("survey.version", "import")
@require_http_methods(["GET", "POST"])
def version_import(request: HttpRequest) -> HttpResponse:
    form = FileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = actions.version_import_xlsform(
                data=_upload(request, form), by=request.user, at=timezone.now()
            )
        except DomainError as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(request, _("The version was imported."))
            return redirect("survey:version-detail", version_id=version.pk)
    return render(request, "survey/version_import.html", {"form": form})


@require("survey.version", "change")
@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, indicator_id: int) -> HttpResponse:
    indicator = queries.indicator_get(viewer=request.user, indicator_id=indicator_id)
    initial = {f: getattr(indicator, f) for f in IndicatorForm.base_fields}
    form = IndicatorForm(request.POST or None, initial=initial, version=indicator.version)
    if request.method == "POST" and form.is_valid():
        try:
            actions.indicator_update(
                indicator=indicator, by=request.user, at=timezone.now(), **form.cleaned_data
            )
        except DomainError as exc:
            refuse(form, exc)
        else:
            messages.success(request, _("The indicator was saved."))
            return redirect("survey:version-detail", version_id=indicator.version_id)
    return render(request, "survey/indicator_edit.html", {"indicator": indicator, "form": form})


@require("survey.welfare", "import")
@require_http_methods(["GET", "POST"])
def welfare_import(request: HttpRequest) -> HttpResponse:
    form = WelfareForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            report = actions.welfare_cards_import(
                data=_upload(request, form),
                year_be=form.cleaned_data["year_be"],
                by=request.user,
                at=timezone.now(),
            )
        except DomainError as exc:
            form.add_error("file", str(exc))
        else:
            if report.ok:
                messages.success(request, _("%(n)s welfare cards were imported.") % {"n": report.persons})
    return render(request, "survey/welfare_import.html", {"form": form, "report": report})
