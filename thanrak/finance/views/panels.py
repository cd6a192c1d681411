"""HTML fragments loaded by htmx on other pages: the home panels, a household's debts, a person's
and an organisation's funds."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from thanrak.core.access import require
from thanrak.finance import queries


@require("finance.ledger", "change")
def panel_treasurer(request: HttpRequest) -> HttpResponse:
    from thanrak.accounts.scope import scope_of

    today = timezone.localdate()
    if scope_of(request.user).everything:
        return render(request, "finance/panels/treasurer.html", {"funds": [], "everything": True})
    funds = [
        (
            f,
            queries.fund_summary(fund=f, on=today),
            queries.approvals_pending(viewer=request.user, fund=f).count(),
            len(queries.members_missed(viewer=request.user, fund=f, month=today)),
        )
        for f in queries.funds_managed(viewer=request.user)[:20]
    ]
    return render(request, "finance/panels/treasurer.html", {"funds": funds, "today": today})


@require("finance.own", "view")
def panel_member(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "finance/panels/member.html",
        {"accounts": queries.my_accounts(viewer=request.user, on=timezone.localdate())},
    )


@require("finance.household_debts", "view")
def household_debts(request: HttpRequest, household_id: int) -> HttpResponse:
    household, debts = queries.household_debts(
        viewer=request.user, household_id=household_id, on=timezone.localdate()
    )
    return render(
        request,
        "finance/panels/household_debts.html",
        {"household": household, "debts": debts, "total": sum(d.outstanding_satang for d in debts)},
    )


@require("finance.member", "view")
def person_panel(request: HttpRequest, person_id: int) -> HttpResponse:
    rows = queries.person_fund_memberships(viewer=request.user, person_id=person_id)
    return render(request, "finance/panels/person.html", {"rows": rows})


@require("finance.fund", "view")
def organisation_panel(request: HttpRequest, organisation_id: int) -> HttpResponse:
    summaries = queries.organisation_funds(
        viewer=request.user, organisation_id=organisation_id, on=timezone.localdate()
    )
    return render(request, "finance/panels/organisation.html", {"summaries": summaries})
