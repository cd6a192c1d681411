"""Programmes, indicators and targets: lists, details and the forms that change them."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from thanrak.core.access import require, user_may
from thanrak.core.errors import DomainError
from thanrak.core.fiscal import FiscalYear
from thanrak.core.forms import refuse
from thanrak.monitoring import actions, forms, queries


@require("monitoring.programme", "view")
@require_GET
def programme_list(request: HttpRequest) -> HttpResponse:
    """The policy tree: every policy item with its programmes and their indicators."""
    return render(
        request,
        "monitoring/programme_list.html",
        {
            "tree": queries.prefetch_programmes(),
            "may_change": user_may(request.user, "monitoring.programme", "change"),
        },
    )


@require("monitoring.programme", "view")
@require_GET
def programme_detail(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = queries.programme_get(viewer=request.user, programme_id=programme_id)
    return render(
        request,
        "monitoring/programme_detail.html",
        {
            "programme": programme,
            "indicators": queries.indicator_list(viewer=request.user, programme=programme, active_only=False),
            "may_change": user_may(request.user, "monitoring.programme", "change"),
        },
    )


@require("monitoring.programme", "change")
@require_http_methods(["GET", "POST"])
def programme_create(request: HttpRequest) -> HttpResponse:
    form = forms.ProgrammeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            programme = actions.programme_create(by=request.user, at=timezone.now(), **form.cleaned_data)
        except DomainError as exc:
            refuse(form, exc)
        else:
            messages.success(request, _("Programme %(s)s was created.") % {"s": programme.section})
            return redirect("monitoring:programme", programme.pk)
    return render(request, "monitoring/programme_form.html", {"form": form})


@require("monitoring.programme", "change")
@require_http_methods(["GET", "POST"])
def indicator_create(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = queries.programme_get(viewer=request.user, programme_id=programme_id)
    form = forms.IndicatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            indicator = actions.indicator_create(
                by=request.user, at=timezone.now(), programme=programme, **data
            )
        except DomainError as exc:
            refuse(form, exc)
        else:
            messages.success(request, _("Indicator %(c)s was created.") % {"c": indicator.code})
            return redirect("monitoring:programme", programme.pk)
    return render(request, "monitoring/indicator_form.html", {"form": form, "programme": programme})


@require("monitoring.target", "change")
@require_http_methods(["GET", "POST"])
def target_set(request: HttpRequest, indicator_id: int) -> HttpResponse:
    """Set an indicator's target for a fiscal year and area (history kept)."""
    indicator = queries.indicator_get(viewer=request.user, indicator_id=indicator_id)
    initial = {"fiscal_year": FiscalYear.of(timezone.localdate()).year_be, "basis": "STATED"}
    form = forms.TargetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            change = actions.target_set(
                indicator=indicator,
                area_code=d["area"],
                fiscal_year=d["fiscal_year"],
                amount=d["value"],
                by=request.user,
                at=timezone.now(),
                basis=d["basis"],
                note=d["note"],
            )
        except DomainError as exc:
            refuse(form, exc, field_map={"area_code": "area"})
        else:
            if change.created or change.changed:
                messages.success(request, _("The target was saved."))
            else:
                messages.info(request, _("The target was already this; nothing changed."))
            return redirect("monitoring:target-set", indicator.pk)
    targets = queries.target_list(viewer=request.user, indicator=indicator)
    return render(
        request, "monitoring/target_form.html", {"form": form, "indicator": indicator, "targets": targets}
    )
