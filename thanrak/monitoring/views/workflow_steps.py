"""Workflow: what waits, submit, approve, return, lock and reopen."""

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thanrak.accounts.scope import OutsideScope, scope_of
from thanrak.core.access import require, user_may
from thanrak.core.clientip import client_ip
from thanrak.core.errors import DomainError
from thanrak.core.forms import refuse
from thanrak.core.redirects import safe_next
from thanrak.monitoring import actions, forms, queries
from thanrak.monitoring.views.common import area_and_year, outside_page, page_language


@require("monitoring.workflow", "view")
@require_GET
def workflow(request: HttpRequest) -> HttpResponse:
    """Draft, submitted and approved values per area and month; submit, approve, return, lock."""
    area, fy, _form = area_and_year(request)
    try:
        rows = queries.workflow_overview(viewer=request.user, area_code=area, fiscal_year=fy)
    except OutsideScope:
        return outside_page(request, area)
    return render(
        request,
        "monitoring/workflow.html",
        {
            "rows": rows,
            "area": area,
            "fy": fy,
            "area_name": queries.area_name(area, page_language()),
            "events": queries.workflow_events(viewer=request.user, area_code=area, fiscal_year=fy),
            "locks": queries.lock_list(fiscal_year=fy),
            "lock_form": forms.LockForm(initial={"period": f"FY{fy}"}),
            "may_submit": user_may(request.user, "monitoring.workflow", "change"),
            "may_approve": user_may(request.user, "monitoring.workflow", "approve"),
            "may_lock": user_may(request.user, "monitoring.lock", "change")
            and scope_of(request.user).everything,
            "years": queries.fiscal_year_choices(request.user, today=timezone.localdate()),
        },
    )


def _workflow_post(request: HttpRequest, action: Any, done: str) -> HttpResponse:
    form = forms.WorkflowForm(request.POST)
    back = safe_next(request, reverse("monitoring:workflow"))
    if not form.is_valid():
        messages.error(request, _("Choose an area and a period."))
        return redirect(back)
    d = form.cleaned_data
    try:
        event = action(
            area_code=d["area"], period=d["period"], by=request.user, at=timezone.now(), comment=d["comment"]
        )
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, done % {"n": event.value_count, "period": event.period})
    return redirect(back)


@require("monitoring.workflow", "change")
@require_POST
def workflow_submit(request: HttpRequest) -> HttpResponse:
    return _workflow_post(
        request, actions.workflow_submit, _("%(n)s value(s) of %(period)s were submitted for approval.")
    )


@require("monitoring.workflow", "approve")
@require_POST
def workflow_approve(request: HttpRequest) -> HttpResponse:
    return _workflow_post(request, actions.workflow_approve, _("%(n)s value(s) of %(period)s were approved."))


@require("monitoring.workflow", "approve")
@require_POST
def workflow_return(request: HttpRequest) -> HttpResponse:
    return _workflow_post(
        request, actions.workflow_return, _("%(n)s value(s) of %(period)s were returned for correction.")
    )


@require("monitoring.lock", "change")
@require_POST
def period_lock(request: HttpRequest) -> HttpResponse:
    form = forms.LockForm(request.POST)
    if form.is_valid():
        try:
            lock = actions.period_lock(
                period=form.cleaned_data["period"],
                by=request.user,
                at=timezone.now(),
                include_unapproved=form.cleaned_data["include_unapproved"],
            )
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("%(p)s is locked.") % {"p": lock.period})
    else:
        messages.error(request, _("Give a period to lock."))
    return redirect(
        f"{reverse('monitoring:workflow')}?{urlencode({'area': '', 'fy': request.POST.get('fy', '')})}"
    )


@require("monitoring.lock", "change")
@require_http_methods(["GET", "POST"])
def period_reopen(request: HttpRequest, lock_id: int) -> HttpResponse:
    """Reopen a locked period; the reason is required and goes to the audit log."""
    lock = queries.lock_get(lock_id=lock_id)
    form = forms.ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.period_reopen(
                lock=lock,
                by=request.user,
                at=timezone.now(),
                reason=form.cleaned_data["reason"],
                ip=client_ip(request),
            )
        except DomainError as exc:
            refuse(form, exc)
        else:
            messages.success(
                request, _("%(p)s is open again; the reopening is in the audit log.") % {"p": lock.period}
            )
            return redirect(
                f"{reverse('monitoring:workflow')}?{urlencode({'area': '', 'fy': lock.fiscal_year})}"
            )
    return render(request, "monitoring/reopen_form.html", {"form": form, "lock": lock})
