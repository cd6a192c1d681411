"""Pages of product development: the district's list and counts, a case with its steps."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thanrak.commerce.models import Product
from thanrak.core.access import require, user_may
from thanrak.core.errors import DomainError
from thanrak.core.forms import refuse
from thanrak.services import actions, queries
from thanrak.services.forms import (
    DevelopmentEndForm,
    DevelopmentFilterForm,
    DevelopmentOpenForm,
    DevelopmentStepForm,
)
from thanrak.services.models import DevelopmentStatus
from thanrak.services.views._common import now, paginate, today


@require("services.development", "view")
def development_list(request: HttpRequest) -> HttpResponse:
    """Products being developed, with the area's "done / in progress" counts."""
    form = DevelopmentFilterForm(request.GET)
    filters = {k: v for k, v in (form.cleaned_data if form.is_valid() else {}).items() if v}
    rows = queries.development_list(viewer=request.user, **filters)
    return render(
        request,
        "services/development_list.html",
        {
            "form": form,
            "page": paginate(request, rows),
            "totals": queries.development_totals(viewer=request.user, standard=filters.get("standard", "")),
            "may_change": user_may(request.user, "services.development", "change"),
        },
    )


@require("services.development", "change")
@require_http_methods(["GET", "POST"])
def development_create(request: HttpRequest) -> HttpResponse:
    helpers = queries.helper_list(viewer=request.user, available_only=True)
    product_id = request.GET.get("product", "")
    initial: dict[str, Any] = {
        "started_on": today(),
        "product_id": int(product_id) if product_id.isdigit() else None,
    }
    form = DevelopmentOpenForm(request.POST or None, helpers=helpers, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            product = Product.objects.visible_to(request.user).get(pk=d["product_id"])
        except ObjectDoesNotExist:
            form.add_error("product_id", _("No such product in your areas."))
        else:
            try:
                case = actions.development_open(
                    product=product,
                    standard=d["standard"],
                    level_before=d["level_before"],
                    level_target=d["level_target"],
                    started_on=d["started_on"],
                    adviser=d["adviser"],
                    by=request.user,
                    at=now(),
                    on=today(),
                )
            except (DomainError, PermissionError) as exc:
                refuse(form, exc)
            else:
                return redirect("services:development-detail", case.pk)
    return render(request, "services/development_form.html", {"form": form})


def _detail(request: HttpRequest, case: Any, status: int = 200, **forms: Any) -> HttpResponse:
    day = today()
    context = {
        "case": case,
        "steps": case.steps.select_related("by"),
        "may_change": user_may(request.user, "services.development", "change")
        and case.status == DevelopmentStatus.IN_PROGRESS,
        "step_form": forms.get("step_form") or DevelopmentStepForm(initial={"on": day}),
        "end_form": forms.get("end_form")
        or DevelopmentEndForm(initial={"finished_on": day, "level_after": case.level_target}),
    }
    return render(request, "services/development_detail.html", context, status=status)


@require("services.development", "view")
def development_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    return _detail(request, queries.development_get(viewer=request.user, case_id=case_id))


@require("services.development", "change")
@require_POST
def development_step(request: HttpRequest, case_id: int) -> HttpResponse:
    case = queries.development_get(viewer=request.user, case_id=case_id)
    form = DevelopmentStepForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.development_step(case=case, by=request.user, at=now(), today=today(), **form.cleaned_data)
        except (DomainError, PermissionError) as exc:
            refuse(form, exc)
        else:
            return redirect("services:development-detail", case.pk)
    return _detail(request, case, 422, step_form=form)


def _end(request: HttpRequest, case: Any, d: dict[str, Any]) -> None:
    if d["end"] == "drop":
        actions.development_drop(
            case=case,
            reason=d["drop_reason"],
            finished_on=d["finished_on"],
            by=request.user,
            at=now(),
            today=today(),
        )
        return
    actions.development_finish(
        case=case,
        level_after=d["level_after"] if d["level_after"] is not None else case.level_target,
        finished_on=d["finished_on"],
        certificate_number=d["certificate_number"],
        by=request.user,
        at=now(),
        today=today(),
    )


@require("services.development", "change")
@require_POST
def development_end(request: HttpRequest, case_id: int) -> HttpResponse:
    """Done (the certificate goes to commerce) or dropped (with the reason)."""
    case = queries.development_get(viewer=request.user, case_id=case_id)
    form = DevelopmentEndForm(request.POST)
    if form.is_valid():
        try:
            _end(request, case, form.cleaned_data)
        except (DomainError, PermissionError) as exc:
            refuse(form, exc, field_map={"number": "certificate_number"})
        else:
            messages.success(request, _("Development case ended."))
            return redirect("services:development-detail", case.pk)
    return _detail(request, case, 422, end_form=form)


@require("services.development", "view")
@require_GET
def development_step_photo(request: HttpRequest, case_id: int, step_id: int) -> HttpResponse:
    """A step's photo, only to who may see the development case (it has no public address)."""
    case = queries.development_get(viewer=request.user, case_id=case_id)
    step = case.steps.filter(pk=step_id).exclude(photo="").first()
    if step is None:
        raise Http404
    return FileResponse(step.photo.open("rb"), content_type="image/jpeg")
