"""Pages of household caseloads: the volunteer's households on a phone, visits, the district's assignment."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thanrak.core.access import require, user_may
from thanrak.core.errors import DomainError
from thanrak.core.forms import refuse
from thanrak.services import actions, queries
from thanrak.services.forms import CaseloadAssignForm, VisitForm
from thanrak.services.views._common import now, today
from thanrak.survey import queries as survey_queries
from thanrak.survey.models import RunHousehold


@require("services.caseload", "view")
def caseload_list(request: HttpRequest) -> HttpResponse:
    """A volunteer's households (their own by default; officers choose a volunteer), with each one's
    failed dimensions, last visit and change at the next round, and the figures."""
    mine = queries.helper_by_user(user=request.user)
    chosen = request.GET.get("helper", "")
    helper_id = int(chosen) if chosen.isdigit() else (mine.pk if mine else None)
    assignments = list(queries.caseload_list(viewer=request.user, helper_id=helper_id)[:1000])
    rows = queries.caseload_rows(assignments=assignments)
    return render(
        request,
        "services/caseload_list.html",
        {
            "rows": rows,
            "figures": queries.caseload_figures(rows),
            "helper": assignments[0].helper if assignments else mine,
            "may_assign": user_may(request.user, "services.caseload", "approve"),
        },
    )


def _detail(
    request: HttpRequest, assignment: Any, form: VisitForm | None = None, status: int = 200
) -> HttpResponse:
    (row,) = queries.caseload_rows(assignments=[assignment])
    return render(
        request,
        "services/caseload_detail.html",
        {
            "row": row,
            "a": assignment,
            "visits": queries.visits_of(assignment=assignment),
            "form": form or VisitForm(initial={"on": today()}),
            "may_visit": user_may(request.user, "services.caseload", "change")
            and assignment.ended_on is None,
        },
        status=status,
    )


@require("services.caseload", "view")
def caseload_detail(request: HttpRequest, assignment_id: int) -> HttpResponse:
    return _detail(request, queries.caseload_get(viewer=request.user, assignment_id=assignment_id))


@require("services.caseload", "change")
@require_POST
def caseload_visit(request: HttpRequest, assignment_id: int) -> HttpResponse:
    """Record a visit (the form's key makes a double submit one visit)."""
    assignment = queries.caseload_get(viewer=request.user, assignment_id=assignment_id)
    form = VisitForm(request.POST)
    if form.is_valid():
        d = form.cleaned_data
        try:
            actions.visit_record(
                assignment=assignment,
                on=d["on"],
                what=d["what"],
                next_step=d["next_step"],
                by=request.user,
                at=now(),
                today=today(),
                key=d["idempotency_key"] or None,
            )
        except (DomainError, PermissionError) as exc:
            refuse(form, exc)
        else:
            messages.success(request, _("Visit recorded."))
            return redirect("services:caseload-detail", assignment.pk)
    return _detail(request, assignment, form, 422)


@require("services.caseload", "approve")
@require_http_methods(["GET", "POST"])
def caseload_assign(request: HttpRequest) -> HttpResponse:
    """The district gives a volunteer the poor households of a run in a village or subdistrict."""
    form = CaseloadAssignForm(
        request.POST or None,
        runs=survey_queries.run_list(viewer=request.user),
        helpers=queries.helper_list(viewer=request.user, available_only=True),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        ids = RunHousehold.objects.filter(
            run=d["run"], is_poor=True, area_code__startswith=d["area"]
        ).values_list("household_id", flat=True)
        try:
            n = actions.caseload_assign(
                run=d["run"], helper=d["helper"], household_ids=list(ids), by=request.user, on=today()
            )
        except (DomainError, PermissionError) as exc:
            refuse(form, exc, field_map={"household_ids": "area"})
        else:
            messages.success(request, _("%(n)s households assigned.") % {"n": n})
            return redirect(reverse("services:caseload-list") + f"?helper={d['helper'].pk}")
    return render(request, "services/caseload_assign.html", {"form": form})
