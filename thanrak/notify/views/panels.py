"""A panel on the organisation's page: which kinds of message its members receive."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from thanrak.core.access import require
from thanrak.notify import queries
from thanrak.notify.models import Kind


@require("notify.kinds", "view")
def organisation_panel(request: HttpRequest, organisation_id: int) -> HttpResponse:
    organisation = queries.organisation_for(viewer=request.user, organisation_id=organisation_id)
    muted = queries.organisation_mutes(organisation=organisation)
    kinds = [(k.label, k.value not in muted) for k in Kind]
    return render(request, "notify/panels/organisation.html", {"organisation": organisation, "kinds": kinds})
