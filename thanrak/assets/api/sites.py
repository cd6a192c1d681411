"""API of โคก หนอง นา sites: the register, one site, its boundary, the map."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Status

from thanrak.apikit import ERRORS, AppRouter, Id, access
from thanrak.assets import actions, queries
from thanrak.assets.api import schemas as s
from thanrak.assets.api._shapes import geometry_of
from thanrak.assets.models import LabSite
from thanrak.registry.models import Household, Organisation

router = AppRouter("assets", tags=["assets: โคก หนอง นา sites"])


def _out(x: LabSite) -> s.SiteOut:
    return s.SiteOut(
        id=x.pk,
        kind=x.kind,
        name=x.name,
        area_code=x.area_code,
        organisation_id=x.organisation_id,
        household_id=x.household_id,
        programme=x.programme,
        started_on=x.started_on,
        finished_on=x.finished_on,
        area_m2=x.area_m2,
        has_boundary=x.boundary is not None,
    )


@router.get(
    "/sites", response={200: list[s.SiteOut], **ERRORS}, summary="โคก หนอง นา sites of the viewer's areas"
)
@access("assets.site", "view")
def site_list(request: HttpRequest, filters: Query[s.SiteListQuery]) -> list[s.SiteOut]:
    rows = queries.site_list(viewer=request.user, area=filters.area, kind=filters.kind)
    return [_out(x) for x in rows[filters.offset : filters.offset + filters.limit]]


@router.post("/sites", response={201: s.SiteOut, **ERRORS}, summary="Register a โคก หนอง นา site")
@access("assets.site", "change")
def site_create(request: HttpRequest, payload: s.SiteIn) -> Status:
    data: dict[str, Any] = payload.dict(exclude={"organisation_id", "household_id"})
    organisation = (
        Organisation.objects.visible_to(request.user).get(pk=payload.organisation_id)
        if payload.organisation_id
        else None
    )
    household = (
        Household.objects.visible_to(request.user).get(pk=payload.household_id)
        if payload.household_id
        else None
    )
    site = actions.site_register(
        organisation=organisation, household=household, by=request.user, at=timezone.now(), **data
    )
    return Status(201, _out(site))


@router.get("/sites/map", response={200: dict[str, Any], **ERRORS}, summary="The area's sites as GeoJSON")
@access("assets.site", "view")
def site_map(request: HttpRequest, filters: Query[s.ListQuery]) -> dict[str, Any]:
    return queries.site_map(viewer=request.user, area=filters.area)


@router.get("/sites/{site_id}", response={200: s.SiteOut, **ERRORS}, summary="One site")
@access("assets.site", "view")
def site_get(request: HttpRequest, site_id: Id) -> s.SiteOut:
    return _out(queries.site_get(viewer=request.user, site_id=site_id))


@router.put("/sites/{site_id}/boundary", response={200: s.SiteOut, **ERRORS}, summary="Set the boundary")
@access("assets.site", "change")
def site_boundary(request: HttpRequest, site_id: Id, payload: s.BoundaryIn) -> s.SiteOut:
    site = queries.site_get(viewer=request.user, site_id=site_id)
    return _out(actions.site_set_boundary(site=site, geometry=geometry_of(payload), by=request.user))
