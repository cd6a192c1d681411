"""Panels other pages embed: the shop panel, a household's and an organisation's enterprises."""

from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from thanrak.commerce import queries
from thanrak.core.access import require


@require("commerce.shop", "view")
def panel(request: HttpRequest) -> HttpResponse:
    return render(
        request, "commerce/panel.html", queries.shop_panel(viewer=request.user, on=timezone.localdate())
    )


@require("commerce.shop", "view")
def household_panel(request: HttpRequest, household_id: int) -> HttpResponse:
    """The enterprises the household's members belong to or sell their goods through."""
    try:
        rows = queries.household_enterprises(viewer=request.user, household_id=household_id)
    except ObjectDoesNotExist:
        return HttpResponse("")
    return render(request, "commerce/household_panel.html", {"rows": rows})


@require("commerce.shop", "view")
def organisation_panel(request: HttpRequest, organisation_id: int) -> HttpResponse:
    shop = queries.shop_list(viewer=request.user).filter(organisation_id=organisation_id).first()
    totals = queries.sales_totals(viewer=request.user, shop_id=shop.pk) if shop else None
    return render(request, "commerce/organisation_panel.html", {"shop": shop, "totals": totals})
