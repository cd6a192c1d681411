"""API of community forests: register, boundary, committee, members, plans, subsidies, incidents, map."""

from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Form, Query, Status, UploadedFile

from thanrak.apikit import ERRORS, AppRouter, Id, access
from thanrak.assets import actions, queries, shapes
from thanrak.assets.api import schemas as s
from thanrak.assets.api._shapes import geometry_of
from thanrak.assets.models import CommunityForest
from thanrak.registry.models import Household, Organisation, Person

router = AppRouter("assets", tags=["assets: community forests"])


def _out(f: CommunityForest) -> s.ForestOut:
    return s.ForestOut(
        id=f.pk,
        name=f.name,
        area_code=f.area_code,
        organisation_id=f.organisation_id,
        legal_status=f.legal_status,
        registration_no=f.registration_no,
        approved_on=f.approved_on,
        area_m2=f.area_m2,
        rai=(Decimal(f.area_m2) / shapes.SQUARE_METRES_PER_RAI).quantize(Decimal("0.01")),
        members=getattr(f, "member_count", 0),
    )


def _forest(request: HttpRequest, forest_id: int) -> CommunityForest:
    return queries.forest_get(viewer=request.user, forest_id=forest_id)


@router.get("/forests", response={200: s.ForestPage, **ERRORS}, summary="Community forests in an area")
@access("assets.forest", "view")
def forest_list(request: HttpRequest, filters: Query[s.ListQuery]) -> dict[str, Any]:
    rows = queries.forest_list(viewer=request.user, area=filters.area).order_by("pk")
    window = rows[filters.offset : filters.offset + filters.limit]
    return {
        "count": rows.count(),
        "limit": filters.limit,
        "offset": filters.offset,
        "items": [_out(f) for f in window],
    }


@router.get(
    "/forests/totals", response={200: s.TotalsOut, **ERRORS}, summary="Forests, rai, members of an area"
)
@access("assets.forest", "view")
def forest_totals(request: HttpRequest, filters: Query[s.ListQuery]) -> s.TotalsOut:
    t = queries.forest_totals(viewer=request.user, area=filters.area)
    return s.TotalsOut(**{**t.__dict__, "rai": t.rai})


@router.get("/forests/map", response={200: dict[str, Any], **ERRORS}, summary="Forests of an area as GeoJSON")
@access("assets.forest", "view")
def forest_map(request: HttpRequest, filters: Query[s.ListQuery]) -> dict[str, Any]:
    return queries.forest_map(viewer=request.user, area=filters.area)


@router.post("/forests", response={201: s.ForestOut, **ERRORS}, summary="Register a community forest")
@access("assets.forest", "change")
def forest_register(request: HttpRequest, payload: s.ForestIn) -> Status:
    organisation = None
    if payload.organisation_id:
        organisation = Organisation.objects.visible_to(request.user).get(pk=payload.organisation_id)
    forest = actions.forest_register(
        name=payload.name,
        area_code=payload.area_code,
        legal_status=payload.legal_status,
        organisation=organisation,
        registration_no=payload.registration_no,
        approved_on=payload.approved_on,
        by=request.user,
        at=timezone.now(),
    )
    return Status(201, _out(forest))


@router.get("/forests/{forest_id}", response={200: s.ForestOut, **ERRORS}, summary="One community forest")
@access("assets.forest", "view")
def forest_get(request: HttpRequest, forest_id: Id) -> s.ForestOut:
    return _out(_forest(request, forest_id))


@router.put(
    "/forests/{forest_id}/boundary", response={200: s.ForestOut, **ERRORS}, summary="Set the boundary"
)
@access("assets.forest", "change")
def forest_boundary(request: HttpRequest, forest_id: Id, payload: s.BoundaryIn) -> s.ForestOut:
    forest = actions.forest_set_boundary(
        forest=_forest(request, forest_id), geometry=geometry_of(payload), by=request.user
    )
    return _out(forest)


@router.post(
    "/forests/{forest_id}/boundary-file",
    response={200: s.ForestOut, **ERRORS},
    summary="Set the boundary from a file (GeoJSON, KML/KMZ, zipped Shapefile, GeoPackage)",
)
@access("assets.forest", "change")
def forest_boundary_file(
    request: HttpRequest, forest_id: Id, file: File[UploadedFile], crs: Form[int | None] = None
) -> s.ForestOut:
    forest = _forest(request, forest_id)
    geometry = shapes.read_file(file.name or "", file.read(shapes.MAX_FILE_BYTES + 1), crs=crs)
    return _out(actions.forest_set_boundary(forest=forest, geometry=geometry, by=request.user))


@router.post(
    "/forests/{forest_id}/committee",
    response={201: s.CreatedOut, **ERRORS},
    summary="Seat a committee member",
)
@access("assets.forest", "change")
def committee_add(request: HttpRequest, forest_id: Id, payload: s.CommitteeIn) -> Status:
    person = Person.objects.visible_to(request.user).get(pk=payload.person_id)
    row = actions.forest_committee_add(
        forest=_forest(request, forest_id),
        person=person,
        role=payload.role,
        term_start=payload.term_start,
        term_end=payload.term_end,
        by=request.user,
    )
    return Status(201, s.CreatedOut(id=row.pk))


@router.post(
    "/forests/{forest_id}/members", response={201: s.CreatedOut, **ERRORS}, summary="Add a member household"
)
@access("assets.forest", "change")
def member_add(request: HttpRequest, forest_id: Id, payload: s.MemberIn) -> Status:
    household = Household.objects.visible_to(request.user).get(pk=payload.household_id)
    row = actions.forest_member_add(
        forest=_forest(request, forest_id), household=household, joined_on=payload.joined_on, by=request.user
    )
    return Status(201, s.CreatedOut(id=row.pk))


@router.post(
    "/forests/{forest_id}/plans", response={201: s.CreatedOut, **ERRORS}, summary="Add a year's plan"
)
@access("assets.forest", "change")
def plan_add(request: HttpRequest, forest_id: Id, payload: s.PlanIn) -> Status:
    plan = actions.forest_plan_add(
        forest=_forest(request, forest_id),
        year_be=payload.year_be,
        approved_on=payload.approved_on,
        note=payload.note,
        by=request.user,
    )
    return Status(201, s.CreatedOut(id=plan.pk))


@router.post(
    "/plans/{plan_id}/activities", response={201: s.CreatedOut, **ERRORS}, summary="Add a plan activity"
)
@access("assets.forest", "change")
def activity_add(request: HttpRequest, plan_id: Id, payload: s.ActivityIn) -> Status:
    plan = queries.plan_get(viewer=request.user, plan_id=plan_id)
    row = actions.forest_activity_add(
        plan=plan,
        name=payload.name,
        month=payload.month,
        budget_satang=payload.budget_satang,
        by=request.user,
    )
    return Status(201, s.CreatedOut(id=row.pk))


@router.post(
    "/forests/{forest_id}/subsidies", response={201: s.CreatedOut, **ERRORS}, summary="Record a subsidy"
)
@access("assets.forest", "change")
def subsidy_record(request: HttpRequest, forest_id: Id, payload: s.SubsidyIn) -> Status:
    row = actions.forest_subsidy_record(forest=_forest(request, forest_id), by=request.user, **payload.dict())
    return Status(201, s.CreatedOut(id=row.pk))


@router.post(
    "/forests/{forest_id}/incidents",
    response={201: s.CreatedOut, **ERRORS},
    summary="Log a patrol or incident",
)
@access("assets.forest", "change")
def incident_record(request: HttpRequest, forest_id: Id, payload: s.IncidentIn) -> Status:
    row = actions.forest_incident_record(
        forest=_forest(request, forest_id), by=request.user, at=timezone.now(), **payload.dict()
    )
    return Status(201, s.CreatedOut(id=row.pk))
