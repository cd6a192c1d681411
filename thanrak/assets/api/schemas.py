"""Shapes of the assets API's inputs and outputs."""

import datetime as dt
from decimal import Decimal
from typing import Any

from ninja import Field, Schema
from pydantic import AwareDatetime

from thanrak.apikit import MAX_ID, choice_literal, page_schema
from thanrak.assets.models import (
    BookingStatus,
    CommitteeRole,
    Condition,
    EquipmentKind,
    FeeUnit,
    HousingStage,
    HousingWork,
    IncidentKind,
    LegalStatus,
    SiteKind,
    SurveyStatus,
    Tenure,
)

ONE_LINE = r"^[^\x00-\x1f\x7f]*$"  # names, numbers: no control characters
TEXT = r"^[^\x00]*$"  # free text may have line breaks, never NUL (PostgreSQL refuses it)
SATANG = Field(..., ge=0, le=10**13)
ID = Field(..., ge=1, le=MAX_ID)
OPTIONAL_ID = Field(None, ge=1, le=MAX_ID)


class ListQuery(Schema):
    area: str = Field("", pattern=r"^([0-9]{2}([0-9]{2}([0-9]{2}([0-9]{2})?)?)?)?$")
    limit: int = Field(100, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10**7)


class ForestOut(Schema):
    id: int
    name: str
    area_code: str
    organisation_id: int | None
    legal_status: str
    registration_no: str
    approved_on: dt.date | None
    area_m2: int
    rai: Decimal
    members: int


ForestPage = page_schema("ForestPage", ForestOut)


class ForestIn(Schema):
    name: str = Field(..., min_length=1, max_length=200, pattern=ONE_LINE)
    area_code: str = Field(..., pattern=r"^[0-9]{6}([0-9]{2})?$")
    legal_status: choice_literal(LegalStatus)  # type: ignore[valid-type]
    organisation_id: int | None = OPTIONAL_ID
    registration_no: str = Field("", max_length=40, pattern=ONE_LINE)
    approved_on: dt.date | None = None


class BoundaryIn(Schema):
    """A boundary as GeoJSON (WGS 84 unless `crs` says UTM 47N/48N), or GPS points [lat, lon] walked."""

    geojson: dict[str, Any] | None = None
    points: list[tuple[float, float]] | None = Field(None, max_length=5000)
    crs: int | None = Field(None, ge=1, le=99999)


class TotalsOut(Schema):
    forests: int
    approved: int
    square_metres: int
    rai: Decimal
    members: int
    plans: int
    subsidies: int
    subsidy_satang: int


class CommitteeIn(Schema):
    person_id: int = ID
    role: choice_literal(CommitteeRole)  # type: ignore[valid-type]
    term_start: dt.date
    term_end: dt.date


class MemberIn(Schema):
    household_id: int = ID
    joined_on: dt.date


class PlanIn(Schema):
    year_be: int = Field(..., ge=2400, le=2800)
    approved_on: dt.date | None = None
    note: str = Field("", max_length=2000, pattern=TEXT)


class ActivityIn(Schema):
    name: str = Field(..., min_length=1, max_length=200, pattern=ONE_LINE)
    month: int | None = Field(None, ge=1, le=12)
    budget_satang: int = SATANG


class SubsidyIn(Schema):
    source: str = Field(..., min_length=1, max_length=200, pattern=ONE_LINE)
    purpose: str = Field("", max_length=300, pattern=ONE_LINE)
    amount_satang: int = Field(..., ge=1, le=10**13)
    received_on: dt.date


class IncidentIn(Schema):
    kind: choice_literal(IncidentKind)  # type: ignore[valid-type]
    occurred_on: dt.date
    area_affected_m2: int = Field(0, ge=0, le=10**12)
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    note: str = Field("", max_length=2000, pattern=TEXT)


class CreatedOut(Schema):
    id: int


class EquipmentOut(Schema):
    id: int
    organisation_id: int
    name: str
    kind: str
    condition: str
    kept_at: str
    fee_unit: str
    fee_satang: int
    is_active: bool


class EquipmentIn(Schema):
    organisation_id: int = ID
    name: str = Field(..., min_length=1, max_length=200, pattern=ONE_LINE)
    kind: choice_literal(EquipmentKind)  # type: ignore[valid-type]
    condition: choice_literal(Condition) = Condition.GOOD  # type: ignore[valid-type]
    kept_at: str = Field("", max_length=200, pattern=ONE_LINE)
    fee_unit: choice_literal(FeeUnit)  # type: ignore[valid-type]
    fee_satang: int = SATANG
    fund_id: int | None = OPTIONAL_ID


class BookingOut(Schema):
    id: int
    equipment_id: int
    person_id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    status: choice_literal(BookingStatus)  # type: ignore[valid-type]
    hours_used: Decimal | None
    rai_worked: Decimal | None
    fee_satang: int
    fee_state: str


class BookingIn(Schema):
    person_id: int = ID
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    note: str = Field("", max_length=300, pattern=TEXT)
    idempotency_key: str | None = Field(None, max_length=80, pattern=r"^[A-Za-z0-9_.:-]*$")


class CheckOutIn(Schema):
    meter: Decimal | None = Field(None, max_digits=10, decimal_places=1)


class CheckInIn(Schema):
    meter: Decimal | None = Field(None, max_digits=10, decimal_places=1)
    hours: Decimal | None = Field(None, max_digits=8, decimal_places=1)
    rai_worked: Decimal | None = Field(None, max_digits=8, decimal_places=2)
    fuel_litres: Decimal | None = Field(None, max_digits=8, decimal_places=1)
    damage_note: str = Field("", max_length=2000, pattern=TEXT)
    paid: bool = False


class ScheduleIn(Schema):
    every_hours: int | None = Field(None, ge=1, le=100_000)
    every_days: int | None = Field(None, ge=1, le=10_000)
    due_on: dt.date | None = None


class ServiceDueOut(Schema):
    state: str
    hours_since: Decimal
    days_since: int
    hours_left: Decimal | None
    days_left: int | None
    due_on: dt.date | None


class MaintenanceRecordOut(Schema):
    id: int
    done_on: dt.date
    done_by: str
    cost_satang: int
    meter: Decimal | None
    notes: str


class MaintenanceSlotOut(Schema):
    id: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    note: str


class MaintenanceOut(Schema):
    every_hours: int | None
    every_days: int | None
    due_on: dt.date | None
    due: ServiceDueOut | None
    records: list[MaintenanceRecordOut]
    slots: list[MaintenanceSlotOut]
    cost_satang: int


class MaintenanceIn(Schema):
    done_on: dt.date
    done_by: str = Field(..., min_length=1, max_length=200, pattern=ONE_LINE)
    cost_satang: int = SATANG
    meter: Decimal | None = Field(None, max_digits=10, decimal_places=1)
    notes: str = Field("", max_length=2000, pattern=TEXT)
    next_due_on: dt.date | None = None


class MaintenanceSlotIn(Schema):
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    note: str = Field("", max_length=300, pattern=TEXT)


class PlotOut(Schema):
    id: int
    household_id: int
    programme: str
    tenure: str
    allocated_on: dt.date
    survey_status: str
    area_m2: int


class PlotIn(Schema):
    household_id: int = ID
    programme: str = Field(..., min_length=1, max_length=200, pattern=ONE_LINE)
    tenure: choice_literal(Tenure)  # type: ignore[valid-type]
    allocated_on: dt.date
    ends_on: dt.date | None = None
    conditions: str = Field("", max_length=2000, pattern=TEXT)
    boundary: BoundaryIn | None = None


class SurveyIn(Schema):
    status: choice_literal(SurveyStatus)  # type: ignore[valid-type]
    surveyed_on: dt.date
    boundary: BoundaryIn | None = None


class HousingOut(Schema):
    id: int
    household_id: int
    programme: str
    work: str
    cost_satang: int
    stage: str
    handed_over_on: dt.date | None


class HousingIn(Schema):
    household_id: int = ID
    programme: str = Field(..., min_length=1, max_length=200, pattern=ONE_LINE)
    work: choice_literal(HousingWork)  # type: ignore[valid-type]
    cost_satang: int = SATANG
    started_on: dt.date | None = None


class StageIn(Schema):
    stage: choice_literal(HousingStage)  # type: ignore[valid-type]
    on: dt.date


class SiteOut(Schema):
    id: int
    kind: str
    name: str
    area_code: str
    organisation_id: int | None
    household_id: int | None
    programme: str
    started_on: dt.date
    finished_on: dt.date | None
    area_m2: int
    has_boundary: bool


class SiteIn(Schema):
    kind: choice_literal(SiteKind)  # type: ignore[valid-type]
    name: str = Field(..., min_length=1, max_length=200, pattern=ONE_LINE)
    area_code: str = Field(..., pattern=r"^[0-9]{6}([0-9]{2})?$")
    organisation_id: int | None = OPTIONAL_ID
    household_id: int | None = OPTIONAL_ID
    programme: str = Field("", max_length=200, pattern=ONE_LINE)
    started_on: dt.date
    finished_on: dt.date | None = None


class SiteListQuery(ListQuery):
    kind: str = Field("", pattern=r"^(CLM|HLM)?$")


class ImportOut(Schema):
    saved: int


class PhotoOut(Schema):
    id: int
    of: str
    stage: str
    taken_at: dt.datetime
    url: str
    thumbnail_url: str
