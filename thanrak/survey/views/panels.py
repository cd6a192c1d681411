"""Panels that the home page and the registry's household page include."""

from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from thanrak.core.access import require
from thanrak.survey import queries


@require("survey.round", "view")
def home_panel(request: HttpRequest) -> HttpResponse:
    rounds = list(queries.round_list(viewer=request.user)[:3])
    progress = [(r, queries.round_progress(viewer=request.user, round_=r)[0]) for r in rounds]
    return render(
        request,
        "survey/panel_home.html",
        {
            "progress": progress,
            "assignments": list(queries.assignment_list(viewer=request.user, round_=rounds[0])[:20])
            if rounds
            else [],
        },
    )


@require("survey.response", "view")
def household_panel(request: HttpRequest, household_id: int) -> HttpResponse:
    try:
        history = queries.household_history(viewer=request.user, household_id=household_id)
    except ObjectDoesNotExist:
        return HttpResponse("")
    return render(request, "survey/panel_household.html", {"history": history})
