"""Writes of land and housing: plots allocated to households, housing units built or repaired."""

import datetime as dt
from collections.abc import Sequence

import shapely
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.assets.actions._access import ensure_manages
from thanrak.assets.actions._boundary import checked
from thanrak.assets.actions._photos import attach
from thanrak.assets.errors import CannotRecordLand
from thanrak.assets.models import (
    AssetPhoto,
    HousingStage,
    HousingUnit,
    HousingWork,
    LandPlot,
    PhotoOf,
    SurveyStatus,
    Tenure,
)
from thanrak.registry.models import Household

STAGE_ORDER = list(HousingStage.values)
# จปฐ. indicator 8: the household has secure housing and a durable house.
HOUSING_INDICATORS = [8]


def _as_help(*, household: Household, description: str, given_on: dt.date, by: User, at: dt.datetime) -> None:
    """List the help in the survey's follow-up, so the next round shows whether housing improved."""
    from thanrak.survey import actions as survey_actions

    survey_actions.assistance_record(
        household=household,
        kind="PROGRAMME",
        description=description,
        given_on=given_on,
        indicators=HOUSING_INDICATORS,
        by=by,
        at=at,
    )


@transaction.atomic
def plot_allocate(
    *,
    household: Household,
    programme: str,
    tenure: str,
    allocated_on: dt.date,
    by: User,
    at: dt.datetime,
    ends_on: dt.date | None = None,
    conditions: str = "",
    geometry: shapely.Geometry | None = None,
) -> LandPlot:
    """Allocate a plot to a household of the user's area (boundary checked in the household's district)."""
    ensure_manages(by, area_code=household.area_code)
    if not (programme or "").strip():
        raise CannotRecordLand(_("Write the programme."), code="programme_missing", field="programme")
    if tenure not in Tenure.values:
        raise CannotRecordLand(_("Choose the tenure."), code="tenure_unknown", field="tenure")
    if ends_on is not None and ends_on < allocated_on:
        raise CannotRecordLand(
            _("The right cannot end before the plot is allocated."),
            code="ends_before_allocation",
            field="ends_on",
        )
    plot = LandPlot(
        household=household,
        programme=programme.strip(),
        tenure=tenure,
        allocated_on=allocated_on,
        ends_on=ends_on,
        conditions=conditions.strip(),
        area_code=household.area_code,
        created_by=by,
        created_at=at,
    )
    if geometry is not None:
        shape = checked(geometry, area_code=household.area_code)
        plot.boundary, plot.area_m2 = shape.geojson, shape.area.square_metres
    plot.save()
    _as_help(
        household=household,
        description=f"ที่ดินทำกิน: {plot.programme}",
        given_on=min(allocated_on, timezone.localdate(at)),
        by=by,
        at=at,
    )
    return plot


@transaction.atomic
def plot_survey(
    *, plot: LandPlot, status: str, surveyed_on: dt.date, by: User, geometry: shapely.Geometry | None = None
) -> LandPlot:
    """Record the survey of a plot (and the surveyed boundary, replacing the one drawn before)."""
    plot = LandPlot.objects.select_for_update().get(pk=plot.pk)
    ensure_manages(by, area_code=plot.area_code)
    if status not in (SurveyStatus.SURVEYED, SurveyStatus.VERIFIED):
        raise CannotRecordLand(_("Choose surveyed or verified."), code="status_unknown", field="status")
    if surveyed_on < plot.allocated_on:
        raise CannotRecordLand(
            _("The survey cannot be before the allocation."),
            code="survey_before_allocation",
            field="surveyed_on",
        )
    if geometry is not None:
        shape = checked(geometry, area_code=plot.area_code)
        plot.boundary, plot.area_m2 = shape.geojson, shape.area.square_metres
    plot.survey_status, plot.surveyed_on = status, surveyed_on
    plot.save()
    return plot


@transaction.atomic
def housing_record(
    *,
    household: Household,
    programme: str,
    work: str,
    cost_satang: int,
    by: User,
    at: dt.datetime,
    started_on: dt.date | None = None,
) -> HousingUnit:
    """A house built or repaired for a household of the user's area."""
    ensure_manages(by, area_code=household.area_code)
    if not (programme or "").strip():
        raise CannotRecordLand(_("Write the programme."), code="programme_missing", field="programme")
    if work not in HousingWork.values:
        raise CannotRecordLand(_("Choose a new house or a repair."), code="work_unknown", field="work")
    if cost_satang < 0:
        raise CannotRecordLand(_("The cost cannot be negative."), code="cost_negative", field="cost")
    return HousingUnit.objects.create(
        household=household,
        programme=programme.strip(),
        work=work,
        cost_satang=cost_satang,
        stage=HousingStage.STARTED if started_on else HousingStage.PLANNED,
        started_on=started_on,
        area_code=household.area_code,
        created_by=by,
        created_at=at,
    )


@transaction.atomic
def housing_advance(
    *,
    unit: HousingUnit,
    stage: str,
    on: dt.date,
    by: User,
    photo: UploadedFile | None = None,
    photos: Sequence[UploadedFile] = (),
    at: dt.datetime | None = None,
) -> HousingUnit:
    """Move the work to a later stage (never back), with photos of it; handing over records its date."""
    unit = HousingUnit.objects.select_for_update().get(pk=unit.pk)
    ensure_manages(by, area_code=unit.area_code)
    if stage not in STAGE_ORDER:
        raise CannotRecordLand(_("Choose a stage."), code="stage_unknown", field="stage")
    if STAGE_ORDER.index(stage) <= STAGE_ORDER.index(unit.stage):
        raise CannotRecordLand(
            _("The work is already at %(stage)s: choose a later stage."),
            code="stage_not_later",
            field="stage",
            params={"stage": unit.get_stage_display()},
        )
    unit.stage = stage
    if stage == HousingStage.STARTED or (unit.started_on is None and stage != HousingStage.PLANNED):
        unit.started_on = unit.started_on or on
    if stage == HousingStage.HANDED_OVER:
        unit.handed_over_on = on
    unit.save(update_fields=["stage", "started_on", "handed_over_on"])
    taken = at or dt.datetime.combine(on, dt.time(12), tzinfo=dt.UTC)
    attach([photo, *photos], of=PhotoOf.HOUSING, housing=unit, stage=stage, by=by, at=taken)
    if stage == HousingStage.HANDED_OVER:
        _as_help(
            household=unit.household,
            description=f"{unit.get_work_display()}: {unit.programme}",
            given_on=on,
            by=by,
            at=dt.datetime.combine(on, dt.time(12), tzinfo=dt.UTC),
        )
    return unit


@transaction.atomic
def housing_photos_add(
    *, unit: HousingUnit, uploads: Sequence[UploadedFile], by: User, at: dt.datetime
) -> list[AssetPhoto]:
    """Add photos of the work at its present stage (who manages the household's area); all or none."""
    unit = HousingUnit.objects.select_for_update().get(pk=unit.pk)
    ensure_manages(by, area_code=unit.area_code)
    return attach(uploads, of=PhotoOf.HOUSING, housing=unit, stage=unit.stage, by=by, at=at)
