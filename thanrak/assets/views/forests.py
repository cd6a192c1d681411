"""Pages of community forests: list and totals, the map, one forest with its register, and the forms."""

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thanrak.accounts.scope import OutsideScope
from thanrak.assets import actions, exports, queries
from thanrak.assets import forms as f
from thanrak.assets.errors import CannotRecordForest, CannotUsePhoto, ShapeRefused
from thanrak.assets.models import CommunityForest, LegalStatus
from thanrak.assets.views._common import area_param as _area
from thanrak.assets.views._common import export_response, form_page, person_of, refuse_shape
from thanrak.core.access import require
from thanrak.core.forms import refuse
from thanrak.registry.models import Household, Organisation

REFUSALS = (CannotRecordForest, ShapeRefused, CannotUsePhoto, OutsideScope)


@require("assets.forest", "view")
def forest_list(request: HttpRequest) -> HttpResponse:
    area = _area(request)
    status = request.GET.get("status", "")
    rows = queries.forest_list(
        viewer=request.user, area=area, q=request.GET.get("q", "")[:100], status=status
    )
    context = {
        "forests": rows[:300],
        "totals": queries.forest_totals(viewer=request.user, area=area),
        "area": area,
        "statuses": LegalStatus.choices,
        "status": status,
    }
    return render(request, "assets/forest_list.html", context)


@require("assets.forest", "view")
def forest_map(request: HttpRequest) -> HttpResponse:
    area = _area(request)
    context = {
        "area": area,
        "totals": queries.forest_totals(viewer=request.user, area=area),
        "data_url": reverse("assets:forest-map-data") + (f"?area={area}" if area else ""),
    }
    return render(request, "assets/forest_map.html", context)


@require("assets.forest", "view")
def forest_map_data(request: HttpRequest) -> HttpResponse:
    """The area's forests (simplified) and, to find one's way without map tiles, its districts' outlines."""
    body = queries.forest_map_document(viewer=request.user, area=_area(request))
    return HttpResponse(body, content_type="application/json")


def _organisations(request: HttpRequest) -> list[tuple[Any, str]]:
    orgs = Organisation.objects.visible_to(request.user).order_by("name_th")[:500]
    return [("", "—"), *[(o.pk, o.name_th) for o in orgs]]


@require("assets.forest", "change")
def forest_create(request: HttpRequest) -> HttpResponse:
    form = f.ForestForm(request.POST or None)
    form.fields["organisation"].choices = _organisations(request)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organisation = Organisation.objects.visible_to(request.user).filter(pk=data["organisation"]).first()
        try:
            forest = actions.forest_register(
                name=data["name"],
                area_code=data["area_code"],
                legal_status=data["legal_status"],
                organisation=organisation,
                registration_no=data["registration_no"],
                approved_on=data["approved_on"],
                by=request.user,
                at=timezone.now(),
            )
        except REFUSALS as error:
            refuse(form, error)
        else:
            return redirect("assets:forest-detail", forest.pk)
    return form_page(
        request, form, title=_("Register a community forest"), back=reverse("assets:forest-list")
    )


@require("assets.forest", "view")
def forest_detail(request: HttpRequest, forest_id: int) -> HttpResponse:
    forest = queries.forest_get(viewer=request.user, forest_id=forest_id)
    context = {
        "forest": forest,
        "rai": (Decimal(forest.area_m2) / 1600).quantize(Decimal("0.01")),
        "area": _area_text(forest),
        "committee": forest.committee.select_related("person"),
        "members": forest.members.select_related("household", "household__village").filter(
            left_on__isnull=True
        ),
        "plans": forest.plans.prefetch_related("activities"),
        "subsidies": forest.subsidies.all(),
        "incidents": forest.incidents.prefetch_related("photos")[:50],
        "boundary_form": f.BoundaryForm(),
    }
    return render(request, "assets/forest_detail.html", context)


def _area_text(forest: CommunityForest) -> str:
    from thanrak.assets.shapes import area_from_square_metres

    return str(area_from_square_metres(forest.area_m2))


@require("assets.forest", "change")
def forest_boundary(request: HttpRequest, forest_id: int) -> HttpResponse:
    forest = queries.forest_get(viewer=request.user, forest_id=forest_id)
    form = f.BoundaryForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.forest_set_boundary(forest=forest, geometry=form.geometry(), by=request.user)
        except REFUSALS as error:
            refuse_shape(form, error)
        else:
            return redirect("assets:forest-detail", forest.pk)
    context = {"form": form, "forest": forest}
    status = 422 if form.is_bound else 200
    return render(request, "assets/forest_boundary.html", context, status=status)


def _sub_form(
    request: HttpRequest,
    forest_id: int,
    form_class: type[forms.Form],
    title: str,
    act: Callable[[CommunityForest, dict[str, Any]], object],
) -> HttpResponse:
    """A small form about one forest: on success back to the forest's page."""
    forest = queries.forest_get(viewer=request.user, forest_id=forest_id)
    form = form_class(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            act(forest, form.cleaned_data)
        except REFUSALS as error:
            refuse(form, error)
        except ObjectDoesNotExist:
            form.add_error(None, _("No such person or household in your areas."))
        else:
            return redirect("assets:forest-detail", forest.pk)
    back = reverse("assets:forest-detail", args=[forest.pk])
    return form_page(request, form, title=f"{title} · {forest.name}", back=back, multipart=True)


@require("assets.forest", "change")
def committee_add(request: HttpRequest, forest_id: int) -> HttpResponse:
    def act(forest: CommunityForest, d: dict[str, Any]) -> object:
        person = person_of(request.user, d["person"])
        return actions.forest_committee_add(
            forest=forest,
            person=person,
            role=d["role"],
            term_start=d["term_start"],
            term_end=d["term_end"],
            by=request.user,
        )

    return _sub_form(request, forest_id, f.CommitteeForm, _("Committee member"), act)


@require("assets.forest", "change")
def member_add(request: HttpRequest, forest_id: int) -> HttpResponse:
    def act(forest: CommunityForest, d: dict[str, Any]) -> object:
        household = Household.objects.visible_to(request.user).get(pk=d["household"])
        return actions.forest_member_add(
            forest=forest, household=household, joined_on=d["joined_on"], by=request.user
        )

    return _sub_form(request, forest_id, f.MemberForm, _("Member household"), act)


@require("assets.forest", "change")
def plan_add(request: HttpRequest, forest_id: int) -> HttpResponse:
    def act(forest: CommunityForest, d: dict[str, Any]) -> object:
        return actions.forest_plan_add(forest=forest, by=request.user, **d)

    return _sub_form(request, forest_id, f.PlanForm, _("Management plan"), act)


@require("assets.forest", "change")
def activity_add(request: HttpRequest, plan_id: int) -> HttpResponse:
    plan = queries.plan_get(viewer=request.user, plan_id=plan_id)

    def act(forest: CommunityForest, d: dict[str, Any]) -> object:
        return actions.forest_activity_add(
            plan=plan, name=d["name"], month=d["month"], budget_satang=d["budget"], by=request.user
        )

    return _sub_form(
        request, plan.forest_id, f.ActivityForm, _("Plan activity %(year)s") % {"year": plan.year_be}, act
    )


@require("assets.forest", "change")
def subsidy_add(request: HttpRequest, forest_id: int) -> HttpResponse:
    def act(forest: CommunityForest, d: dict[str, Any]) -> object:
        return actions.forest_subsidy_record(
            forest=forest,
            source=d["source"],
            purpose=d["purpose"],
            amount_satang=d["amount"],
            received_on=d["received_on"],
            by=request.user,
        )

    return _sub_form(request, forest_id, f.SubsidyForm, _("Subsidy received"), act)


@require("assets.forest", "change")
def incident_add(request: HttpRequest, forest_id: int) -> HttpResponse:
    def act(forest: CommunityForest, d: dict[str, Any]) -> object:
        rai = d.get("area_affected_rai") or Decimal(0)
        return actions.forest_incident_record(
            forest=forest,
            kind=d["kind"],
            occurred_on=d["occurred_on"],
            area_affected_m2=int(rai * 1600),
            lat=d.get("lat"),
            lon=d.get("lon"),
            note=d.get("note") or "",
            photos=d.get("photos") or [],
            by=request.user,
            at=timezone.now(),
        )

    return _sub_form(request, forest_id, f.IncidentForm, _("Patrol or incident"), act)


@require("assets.forest", "export")
def forest_export(request: HttpRequest) -> HttpResponse:
    """The area's forests as CSV or XLSX (the register), GeoJSON or KML (full boundaries, for QGIS or
    Google Earth); audit-logged."""
    return export_response(request, exports.forests)
