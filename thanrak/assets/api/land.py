"""API of land plots and housing units."""

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Status

from thanrak.apikit import ERRORS, AppRouter, Id, access
from thanrak.assets import actions, queries
from thanrak.assets.api import schemas as s
from thanrak.assets.api._shapes import geometry_of
from thanrak.assets.models import HousingUnit, LandPlot
from thanrak.registry.models import Household

router = AppRouter("assets", tags=["assets: land and housing"])


def _plot(p: LandPlot) -> s.PlotOut:
    return s.PlotOut(
        id=p.pk,
        household_id=p.household_id,
        programme=p.programme,
        tenure=p.tenure,
        allocated_on=p.allocated_on,
        survey_status=p.survey_status,
        area_m2=p.area_m2,
    )


def _unit(u: HousingUnit) -> s.HousingOut:
    return s.HousingOut(
        id=u.pk,
        household_id=u.household_id,
        programme=u.programme,
        work=u.work,
        cost_satang=u.cost_satang,
        stage=u.stage,
        handed_over_on=u.handed_over_on,
    )


@router.get("/plots", response={200: list[s.PlotOut], **ERRORS}, summary="Land plots allocated in an area")
@access("assets.land", "view")
def plot_list(request: HttpRequest, filters: Query[s.ListQuery]) -> list[s.PlotOut]:
    rows = queries.plot_list(viewer=request.user, area=filters.area)
    return [_plot(p) for p in rows[filters.offset : filters.offset + filters.limit]]


@router.post("/plots", response={201: s.PlotOut, **ERRORS}, summary="Allocate a plot to a household")
@access("assets.land", "change")
def plot_allocate(request: HttpRequest, payload: s.PlotIn) -> Status:
    household = Household.objects.visible_to(request.user).get(pk=payload.household_id)
    plot = actions.plot_allocate(
        household=household,
        programme=payload.programme,
        tenure=payload.tenure,
        allocated_on=payload.allocated_on,
        ends_on=payload.ends_on,
        conditions=payload.conditions,
        geometry=geometry_of(payload.boundary) if payload.boundary else None,
        by=request.user,
        at=timezone.now(),
    )
    return Status(201, _plot(plot))


@router.post("/plots/{plot_id}/survey", response={200: s.PlotOut, **ERRORS}, summary="Record a plot's survey")
@access("assets.land", "change")
def plot_survey(request: HttpRequest, plot_id: Id, payload: s.SurveyIn) -> s.PlotOut:
    plot = queries.plot_get(viewer=request.user, plot_id=plot_id)
    done = actions.plot_survey(
        plot=plot,
        status=payload.status,
        surveyed_on=payload.surveyed_on,
        geometry=geometry_of(payload.boundary) if payload.boundary else None,
        by=request.user,
    )
    return _plot(done)


@router.get("/housing", response={200: list[s.HousingOut], **ERRORS}, summary="Housing units in an area")
@access("assets.land", "view")
def housing_list(request: HttpRequest, filters: Query[s.ListQuery]) -> list[s.HousingOut]:
    rows = queries.housing_list(viewer=request.user, area=filters.area)
    return [_unit(u) for u in rows[filters.offset : filters.offset + filters.limit]]


@router.post("/housing", response={201: s.HousingOut, **ERRORS}, summary="Record a house built or repaired")
@access("assets.land", "change")
def housing_record(request: HttpRequest, payload: s.HousingIn) -> Status:
    household = Household.objects.visible_to(request.user).get(pk=payload.household_id)
    data = payload.dict(exclude={"household_id"})
    unit = actions.housing_record(household=household, by=request.user, at=timezone.now(), **data)
    return Status(201, _unit(unit))


@router.post(
    "/housing/{unit_id}/stage",
    response={200: s.HousingOut, **ERRORS},
    summary="Move a house to a later stage",
)
@access("assets.land", "change")
def housing_advance(request: HttpRequest, unit_id: Id, payload: s.StageIn) -> s.HousingOut:
    unit = queries.housing_get(viewer=request.user, unit_id=unit_id)
    return _unit(actions.housing_advance(unit=unit, stage=payload.stage, on=payload.on, by=request.user))
