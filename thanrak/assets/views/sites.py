"""Pages of โคก หนอง นา sites: the register with totals, the map, one site, and its forms."""

from decimal import Decimal

from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thanrak.accounts.scope import OutsideScope
from thanrak.assets import actions, boundaries, exports, queries
from thanrak.assets import forms as f
from thanrak.assets.errors import CannotRecordSite, ShapeRefused
from thanrak.assets.models import SiteKind
from thanrak.assets.shapes import area_from_square_metres
from thanrak.assets.views._common import area_param as _area
from thanrak.assets.views._common import export_response, form_page, refuse_shape
from thanrak.core.access import require, user_may
from thanrak.core.forms import refuse
from thanrak.registry.models import Household, Organisation

REFUSALS = (CannotRecordSite, ShapeRefused, OutsideScope)


@require("assets.site", "view")
def site_list(request: HttpRequest) -> HttpResponse:
    area, kind = _area(request), request.GET.get("kind", "")
    context = {
        "area": area,
        "kind": kind,
        "kinds": SiteKind.choices,
        "sites": queries.site_list(viewer=request.user, area=area, kind=kind)[:500],
        "totals": queries.site_totals(viewer=request.user, area=area),
    }
    return render(request, "assets/site_list.html", context)


@require("assets.site", "view")
def site_map(request: HttpRequest) -> HttpResponse:
    area = _area(request)
    context = {
        "area": area,
        "totals": queries.site_totals(viewer=request.user, area=area),
        "data_url": reverse("assets:site-map-data") + (f"?area={area}" if area else ""),
    }
    return render(request, "assets/site_map.html", context)


@require("assets.site", "view")
def site_map_data(request: HttpRequest) -> JsonResponse:
    """The area's sites (simplified; household sites only for who may see the household) and district
    outlines."""
    area = _area(request)
    doc = queries.site_map(viewer=request.user, area=area)
    doc["districts"] = boundaries.district_outlines(area[:2] if area else "")
    return JsonResponse(doc)


@require("assets.site", "change")
def site_create(request: HttpRequest) -> HttpResponse:
    form = f.SiteForm(request.POST or None)
    organisations = Organisation.objects.visible_to(request.user).order_by("name_th")[:500]
    form.fields["organisation"].choices = [("", "—"), *[(o.pk, o.name_th) for o in organisations]]
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            household = (
                Household.objects.visible_to(request.user).get(pk=d["household"]) if d["household"] else None
            )
            site = actions.site_register(
                kind=d["kind"],
                name=d["name"],
                area_code=d["area_code"],
                organisation=Organisation.objects.visible_to(request.user)
                .filter(pk=d["organisation"])
                .first(),
                household=household,
                programme=d["programme"],
                started_on=d["started_on"],
                finished_on=d["finished_on"],
                by=request.user,
                at=timezone.now(),
            )
        except ObjectDoesNotExist:
            form.add_error("household", _("No household with this number in your areas."))
        except REFUSALS as error:
            refuse(form, error)
        else:
            return redirect("assets:site-detail", site.pk)
    return form_page(request, form, title=_("Register a โคก หนอง นา site"), back=reverse("assets:site-list"))


@require("assets.site", "view")
def site_detail(request: HttpRequest, site_id: int) -> HttpResponse:
    site = queries.site_get(viewer=request.user, site_id=site_id)
    context = {
        "site": site,
        "show_shape": queries.may_see_shape(viewer=request.user, site=site),
        "rai": (Decimal(site.area_m2) / 1600).quantize(Decimal("0.01")),
        "area": str(area_from_square_metres(site.area_m2)),
        "may_change": user_may(request.user, "assets.site", "change"),
    }
    return render(request, "assets/site_detail.html", context)


@require("assets.site", "change")
def site_boundary(request: HttpRequest, site_id: int) -> HttpResponse:
    site = queries.site_get(viewer=request.user, site_id=site_id)
    form = f.BoundaryForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.site_set_boundary(site=site, geometry=form.geometry(), by=request.user)
        except REFUSALS as error:
            refuse_shape(form, error)
        else:
            return redirect("assets:site-detail", site.pk)
    status = 422 if form.is_bound else 200
    return render(request, "assets/site_boundary.html", {"form": form, "site": site}, status=status)


@require("assets.site", "export")
def site_export(request: HttpRequest) -> HttpResponse:
    """The area's sites as CSV or XLSX, or their boundaries as GeoJSON or KML; audit-logged."""
    return export_response(request, exports.sites)
