"""Rounds: the list, a round's page, a village's households."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thanrak.accounts.models import User
from thanrak.core.access import require, user_may
from thanrak.core.errors import DomainError
from thanrak.geo.models import Village
from thanrak.geo.queries import place_name
from thanrak.survey import actions, queries
from thanrak.survey.forms import AssignmentForm, RoundForm
from thanrak.survey.models import ResponseStatus
from thanrak.survey.views._common import _may_run, _refusal


@require("survey.round", "view")
@require_http_methods(["GET", "POST"])
def round_list(request: HttpRequest) -> HttpResponse:
    form = RoundForm(request.POST or None)
    if request.method == "POST":
        if not user_may(request.user, "survey.round", "change"):
            raise PermissionDenied
        if form.is_valid():
            try:
                round_ = actions.round_create(by=request.user, at=timezone.now(), **form.cleaned_data)
            except (DomainError, PermissionError) as exc:
                form.add_error(
                    None, str(exc) if isinstance(exc, DomainError) else _("This area is outside yours.")
                )
            else:
                messages.success(request, _("The round was opened."))
                return redirect("survey:round-detail", round_id=round_.pk)
    rounds = queries.round_list(viewer=request.user)
    may_manage = user_may(request.user, "survey.round", "change")
    return render(
        request, "survey/round_list.html", {"rounds": rounds, "form": form, "may_manage": may_manage}
    )


@require("survey.round", "view")
@require_http_methods(["GET", "POST"])
def round_detail(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = queries.round_get(viewer=request.user, round_id=round_id)
    may_manage = user_may(request.user, "survey.round", "change")
    form = None
    if may_manage:
        form = AssignmentForm(
            request.POST or None,
            villages=list(queries.village_choices(viewer=request.user, round_=round_)[:3000]),
            volunteers=list(queries.volunteer_choices(viewer=request.user, round_=round_)),
        )
        if request.method == "POST" and form.is_valid():
            try:
                actions.assignment_set(
                    round_=round_,
                    village=Village.objects.get(code=form.cleaned_data["village"]),
                    collector=User.objects.get(pk=form.cleaned_data["collector"]),
                    by=request.user,
                    at=timezone.now(),
                )
                messages.success(request, _("The village was assigned."))
                return redirect(request.get_full_path())
            except (DomainError, PermissionError) as exc:
                form.add_error(None, _refusal(exc))
    total, rows = queries.round_progress(
        viewer=request.user, round_=round_, area_code=request.GET.get("area", "")
    )
    return render(
        request,
        "survey/round_detail.html",
        {
            "round": round_,
            "total": total,
            "rows": rows,
            "form": form,
            "may_manage": may_manage,
            "assignments": queries.assignment_list(viewer=request.user, round_=round_),
            "runs": queries.run_list(viewer=request.user, round_=round_)[:20],
            "may_run": _may_run(request, round_),
            "may_import": user_may(request.user, "survey.response", "import"),
        },
    )


@require("survey.response", "view")
def village_households(request: HttpRequest, round_id: int, village_code: str) -> HttpResponse:
    round_ = queries.round_get(viewer=request.user, round_id=round_id)
    rows = queries.village_households(viewer=request.user, round_=round_, village_code=village_code)
    return render(
        request,
        "survey/village_households.html",
        {
            "round": round_,
            "rows": rows,
            "village_code": village_code,
            "ResponseStatus": ResponseStatus,
            "place": place_name(code=village_code),
        },
    )
