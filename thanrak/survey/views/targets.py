"""Targets and follow-up: the households a run targets, the help recorded for them."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thanrak.accounts.actions import audit_record
from thanrak.accounts.models import AuditEvent
from thanrak.core.access import require, user_may
from thanrak.core.errors import DomainError
from thanrak.core.forms import refuse
from thanrak.core.tabular import write_csv
from thanrak.survey import actions, queries
from thanrak.survey.forms import AssistanceForm


@require("survey.targets", "view")
def target_list(request: HttpRequest) -> HttpResponse:
    runs = list(queries.run_list(viewer=request.user)[:50])
    run = next((r for r in runs if str(r.pk) == request.GET.get("run")), runs[0] if runs else None)
    rows = (
        queries.target_list(viewer=request.user, run=run, only_target=request.GET.get("target") == "1")
        if run
        else []
    )
    names = queries.indicator_names(snapshot=run.rules_snapshot) if run else {}
    if run and request.GET.get("format") == "csv":
        if not user_may(request.user, "survey.targets", "export"):
            raise PermissionDenied
        audit_record(
            by=request.user,
            event=AuditEvent.EXPORT,
            at=timezone.now(),
            object_type="survey.targetingrun",
            object_id=str(run.pk),
            detail={"rows": len(rows)},
        )
        body = write_csv(
            [
                _("Village"),
                _("House number"),
                _("Head"),
                _("Phone"),
                _("Members"),
                _("Target poor"),
                _("Needs that fail"),
            ],
            [
                [
                    r.household.area_code,
                    r.household.house_no,
                    r.head.full_name if r.head else "",
                    r.household.phone or (r.head.phone if r.head else ""),
                    r.members,
                    r.target_persons,
                    "; ".join(f"{n}. {names.get(n, '')}" for n in r.failed),
                ]
                for r in rows
            ],
        )
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="targets-run-{run.pk}.csv"'
        return response
    return render(
        request, "survey/target_list.html", {"runs": runs, "run": run, "rows": rows, "names": names}
    )


@require("survey.targets", "view")
@require_http_methods(["GET", "POST"])
def target_detail(request: HttpRequest, household_id: int) -> HttpResponse:
    history = queries.household_history(viewer=request.user, household_id=household_id)
    names = history.names
    form = None
    if user_may(request.user, "survey.assistance", "change"):
        latest = history.rounds[-1]["failed"] if history.rounds else []
        form = AssistanceForm(
            request.POST or None,
            needs=[(n, f"{n}. {names.get(n, '')}") for n in latest],
            links=queries.help_links(viewer=request.user, household=history.household),
            initial={"given_on": timezone.localdate()},
        )
        if request.method == "POST" and form.is_valid():
            key = form.cleaned_data["linked"]
            linked = (
                queries.help_link_get(viewer=request.user, household=history.household, key=key)
                if key
                else None
            )
            try:
                actions.assistance_record(
                    household=history.household,
                    kind=form.cleaned_data["kind"],
                    description=form.cleaned_data["description"],
                    given_on=form.cleaned_data["given_on"],
                    indicators=[int(i) for i in form.cleaned_data["indicators"]],
                    linked=linked,
                    run=queries.latest_run(viewer=request.user),
                    by=request.user,
                    at=timezone.now(),
                )
            except DomainError as exc:
                refuse(form, exc)
            else:
                messages.success(request, _("The help was recorded."))
                return redirect("survey:target-detail", household_id=household_id)
    return render(request, "survey/target_detail.html", {"history": history, "names": names, "form": form})
