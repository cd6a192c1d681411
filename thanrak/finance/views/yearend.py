"""Year-end pages: the preview and closing, a closed year and its payout."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thanrak.core.access import require, user_may
from thanrak.core.errors import DomainError
from thanrak.core.forms import refuse
from thanrak.finance import actions, forms, queries
from thanrak.finance.views.common import fund_context


@require("finance.yearend", "view")
@require_http_methods(["GET", "POST"])
def year_end(request: HttpRequest, fund_id: int) -> HttpResponse:
    """Earlier year-ends, and for the treasurer a preview of closing the latest year, then posting it."""
    fund = queries.fund_get(viewer=request.user, fund_id=fund_id)
    runs = queries.year_end_list(viewer=request.user, fund=fund)
    keeps = queries.may_keep_books(viewer=request.user, fund=fund) and user_may(
        request.user, "finance.yearend", "change"
    )
    form, plan, error = None, None, ""
    if keeps:
        suggested = queries.suggested_year_end(fund=fund, today=timezone.localdate())
        data = request.POST or request.GET or None
        if data is not None and not data.get("idempotency_key"):
            # A preview (GET) carries no key: give the post that follows one, so it is sent once.
            data = data.copy()
            data["idempotency_key"] = forms.new_key()
        form = forms.YearEndForm(data, initial={"period_end": suggested})
        period_end = suggested
        if form.is_bound and form.is_valid():
            period_end = form.cleaned_data["period_end"]
        if request.method == "POST" and form.is_valid():
            try:
                run = actions.year_end_post(
                    fund=fund,
                    period_end=period_end,
                    by=request.user,
                    at=timezone.now(),
                    key=form.cleaned_data["idempotency_key"],
                )
            except DomainError as exc:
                refuse(form, exc)
            else:
                messages.success(request, _("The year is closed and every member's share is recorded."))
                return redirect("finance:year-end-detail", run.pk)
        if not (fund.closed_through and period_end <= fund.closed_through):
            try:
                plan = queries.year_end_preview(viewer=request.user, fund=fund, period_end=period_end)
            except DomainError as exc:
                error = str(exc)
    elif request.method == "POST":
        raise PermissionDenied("finance.yearend:change")
    return render(
        request,
        "finance/year_end.html",
        fund_context(
            request,
            fund,
            runs=runs,
            form=form,
            plan=plan,
            error=error,
            year_not_over=form is not None and period_end >= timezone.localdate(),
        ),
    )


@require("finance.yearend", "view")
@require_http_methods(["GET", "POST"])
def year_end_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    run = queries.year_end_get(viewer=request.user, run_id=run_id)
    keeps = queries.may_keep_books(viewer=request.user, fund=run.fund) and user_may(
        request.user, "finance.yearend", "change"
    )
    form = (
        forms.PayOutForm(request.POST or None, initial={"on": timezone.localdate()})
        if keeps and run.paid_out_on is None
        else None
    )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("finance.yearend:change")
        if form.is_valid():
            try:
                actions.year_end_pay_out(
                    run=run,
                    on=form.cleaned_data["on"],
                    to_deposits=form.cleaned_data["to_deposits"],
                    by=request.user,
                    at=timezone.now(),
                    key=form.cleaned_data["idempotency_key"],
                )
            except DomainError as exc:
                refuse(form, exc)
            else:
                messages.success(request, _("Dividends and refunds were paid out."))
                return redirect("finance:year-end-detail", run.pk)
    rows = queries.year_end_members(viewer=request.user, run=run)
    return render(
        request,
        "finance/year_end_detail.html",
        fund_context(request, run.fund, run=run, rows=rows, form=form),
    )
