"""Pages of land and housing: the list of an area, the forms, and the panel on a household's page."""

from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thanrak.accounts.scope import OutsideScope, scope_of
from thanrak.assets import actions, exports, queries
from thanrak.assets import forms as f
from thanrak.assets.errors import CannotRecordLand, CannotUsePhoto, ShapeRefused
from thanrak.assets.views._common import export_response, form_page, refuse_shape
from thanrak.core.access import require
from thanrak.core.forms import refuse
from thanrak.registry.models import Household

REFUSALS = (CannotRecordLand, ShapeRefused, CannotUsePhoto, OutsideScope)


@require("assets.land", "view")
def land_list(request: HttpRequest) -> HttpResponse:
    area = request.GET.get("area", "").strip()
    codes = scope_of(request.user).area_codes
    if not area and len(codes) == 1:
        area = codes[0]
    area = area if area.isdigit() else ""
    context = {
        "area": area,
        "plots": queries.plot_list(viewer=request.user, area=area)[:300],
        "housing": queries.housing_list(viewer=request.user, area=area)[:300],
    }
    return render(request, "assets/land_list.html", context)


def _household(request: HttpRequest, pk: int) -> Household:
    return Household.objects.visible_to(request.user).get(pk=pk)


@require("assets.land", "change")
def plot_create(request: HttpRequest) -> HttpResponse:
    form = f.PlotForm(request.POST or None, initial={"household": request.GET.get("household")})
    boundary = f.BoundaryForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and boundary.is_valid():
        d = form.cleaned_data
        try:
            has_shape = any(boundary.cleaned_data.get(k) for k in ("file", "geojson", "points"))
            plot = actions.plot_allocate(
                household=_household(request, d["household"]),
                programme=d["programme"],
                tenure=d["tenure"],
                allocated_on=d["allocated_on"],
                ends_on=d["ends_on"],
                conditions=d["conditions"],
                geometry=boundary.geometry() if has_shape else None,
                by=request.user,
                at=timezone.now(),
            )
        except ShapeRefused as error:
            refuse_shape(boundary, error)
        except REFUSALS as error:
            refuse(form, error)
        except ObjectDoesNotExist:
            form.add_error("household", _("No such household in your areas."))
        else:
            return redirect(reverse("registry:household-detail", args=[plot.household_id]))
    status = 422 if form.is_bound and (form.errors or boundary.errors) else 200
    context = {"form": form, "boundary_form": boundary, "back": reverse("assets:land-list")}
    return render(request, "assets/plot_form.html", context, status=status)


@require("assets.land", "change")
def plot_survey(request: HttpRequest, plot_id: int) -> HttpResponse:
    plot = queries.plot_get(viewer=request.user, plot_id=plot_id)
    form = f.SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.plot_survey(plot=plot, by=request.user, **form.cleaned_data)
        except REFUSALS as error:
            refuse(form, error)
        else:
            return redirect("assets:land-list")
    return form_page(request, form, title=_("Survey of the plot"), back=reverse("assets:land-list"))


@require("assets.land", "change")
def housing_create(request: HttpRequest) -> HttpResponse:
    form = f.HousingForm(request.POST or None, initial={"household": request.GET.get("household")})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            unit = actions.housing_record(
                household=_household(request, d["household"]),
                programme=d["programme"],
                work=d["work"],
                cost_satang=d["cost"],
                started_on=d["started_on"],
                by=request.user,
                at=timezone.now(),
            )
        except REFUSALS as error:
            refuse(form, error)
        except ObjectDoesNotExist:
            form.add_error("household", _("No such household in your areas."))
        else:
            return redirect(reverse("registry:household-detail", args=[unit.household_id]))
    return form_page(request, form, title=_("House built or repaired"), back=reverse("assets:land-list"))


@require("assets.land", "change")
def housing_stage(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = queries.housing_get(viewer=request.user, unit_id=unit_id)
    form = f.StageForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.housing_advance(unit=unit, by=request.user, at=timezone.now(), **form.cleaned_data)
        except REFUSALS as error:
            refuse(form, error)
        else:
            return redirect(reverse("registry:household-detail", args=[unit.household_id]))
    back = reverse("assets:land-list")
    return form_page(request, form, title=_("Stage of the work"), back=back, multipart=True)


@require("assets.land", "view")
def household_panel(request: HttpRequest, household_id: int) -> HttpResponse:
    """The household's land plots and housing, on its page beside its other help."""
    try:
        found = queries.household_assets(viewer=request.user, household_id=household_id)
    except ObjectDoesNotExist:
        return HttpResponse("")
    return render(request, "assets/household_panel.html", {"found": found})


@require("assets.land", "export")
def plot_export(request: HttpRequest) -> HttpResponse:
    """The area's plots as CSV or XLSX (house code masked where the household is not the viewer's to see),
    or their boundaries as GeoJSON or KML (only the plots of households the viewer may see); audit-logged."""
    return export_response(request, exports.plots)


@require("assets.land", "export")
def housing_export(request: HttpRequest) -> HttpResponse:
    """The area's housing units as CSV or XLSX; audit-logged."""
    return export_response(request, exports.housing)
