"""The registry's panel on the home page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from thanrak.core.access import require
from thanrak.registry import queries


@require("registry.summary", "view")
@require_GET
def home_summary(request: HttpRequest) -> HttpResponse:
    """A fragment for an area officer's home page: the registry in their areas, in numbers."""
    return render(
        request,
        "registry/home_summary.html",
        {"summary": queries.registry_summary(viewer=request.user)},
    )
