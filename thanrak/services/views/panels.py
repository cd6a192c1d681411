"""Fragments on the registry's person, household and organisation pages (AppConfig hooks)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from thanrak.core.access import require, user_may
from thanrak.services import queries


def _panel(request: HttpRequest, kind: str, object_id: int, **which: int) -> HttpResponse:
    rows = list(queries.cases_for(viewer=request.user, **which)[:20])
    helper = None
    if kind == "person":
        from thanrak.services.models import Helper

        helper = Helper.objects.visible_to(request.user).filter(person_id=object_id).first()
    return render(
        request,
        "services/panel.html",
        {
            "rows": rows,
            "kind": kind,
            "object_id": object_id,
            "helper": helper,
            "may_open": user_may(request.user, "services.case", "change"),
        },
    )


@require("services.case", "view")
def person_panel(request: HttpRequest, person_id: int) -> HttpResponse:
    return _panel(request, "person", person_id, person_id=person_id)


@require("services.case", "view")
def household_panel(request: HttpRequest, household_id: int) -> HttpResponse:
    return _panel(request, "household", household_id, household_id=household_id)


@require("services.case", "view")
def organisation_panel(request: HttpRequest, organisation_id: int) -> HttpResponse:
    return _panel(request, "organisation", organisation_id, organisation_id=organisation_id)
