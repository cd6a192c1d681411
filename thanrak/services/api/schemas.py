"""Schemas of the services API."""

import datetime as dt
from typing import Annotated

from ninja import Schema
from pydantic import BeforeValidator, Field

from thanrak.apikit import choice_literal, page_schema
from thanrak.services.models import (
    Availability,
    CaseChannel,
    CaseOutcome,
    CaseStatus,
    CaseTopic,
    DevelopmentStatus,
    Expertise,
    HelperKind,
    ReferralStatus,
    SubjectKind,
    TargetStandard,
)

AreaCode = Annotated[str, Field(pattern=r"^([0-9]{2}([0-9]{2}){0,3})?$", max_length=8)]
Words = Annotated[str, Field(max_length=100)]
BigId = Annotated[int, Field(ge=1, le=2**62)]


class Window(Schema):
    limit: int = Field(50, ge=1, le=200, description="Rows per page")
    offset: int = Field(0, ge=0, le=10_000, description="Rows to skip")


class CaseFilters(Window):
    status: choice_literal(CaseStatus, "") = ""  # type: ignore[valid-type]
    topic: choice_literal(CaseTopic, "") = ""  # type: ignore[valid-type]
    area: AreaCode = ""
    q: Words = ""


class CaseOut(Schema):
    id: int
    subject_kind: str
    person_id: int | None
    household_id: int | None
    organisation_id: int | None
    area_code: str
    topic: str
    channel: str
    intake_date: dt.date
    summary: str
    status: str
    outcome: str
    adviser_id: int | None


CasePage = page_schema("CasePage", CaseOut)


class CaseIn(Schema):
    subject_kind: choice_literal(SubjectKind)  # type: ignore[valid-type]
    subject_id: BigId
    topic: choice_literal(CaseTopic)  # type: ignore[valid-type]
    channel: choice_literal(CaseChannel)  # type: ignore[valid-type]
    intake_date: dt.date
    summary: Annotated[str, Field(min_length=1, max_length=2000)]
    idempotency_key: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.:-]{0,80}$", max_length=80)] = ""


class StepIn(Schema):
    to_status: choice_literal(CaseStatus)  # type: ignore[valid-type]
    on: dt.date
    outcome: choice_literal(CaseOutcome, "") = ""  # type: ignore[valid-type]
    note: Annotated[str, Field(max_length=2000)] = ""


class StepOut(Schema):
    from_status: str
    to_status: str
    on: dt.date
    note: str
    by_id: int


class ReferralIn(Schema):
    agency_id: BigId
    request: Annotated[str, Field(min_length=1, max_length=2000)]
    on: dt.date


class ReferralOut(Schema):
    id: int
    case_id: int
    agency_id: int
    status: choice_literal(ReferralStatus)  # type: ignore[valid-type]
    sent_on: dt.date
    answered_on: dt.date | None
    reported_on: dt.date | None
    decline_reason: str
    report: str
    days_waiting: int
    overdue: bool


ReferralPage = page_schema("ReferralPage", ReferralOut)


class QueueItem(Schema):
    id: int
    agency_id: int
    status: str
    sent_on: dt.date
    client_name: str
    client_phone: str
    area_code: str
    topic: str
    request: str
    consented: bool
    days_waiting: int
    overdue: bool


QueuePage = page_schema("QueuePage", QueueItem)


class AnswerIn(Schema):
    answer: str = Field(pattern="^(accept|decline|report)$")
    on: dt.date
    text: Annotated[str, Field(max_length=2000)] = ""


class AgencyOut(Schema):
    id: int
    code: str
    name_th: str
    name_en: str
    short_name: str
    services: str
    phone: str
    website: str
    area_code: str
    answer_days: int
    is_active: bool


class HelperFilters(Window):
    kind: choice_literal(HelperKind, "") = ""  # type: ignore[valid-type]
    expertise: choice_literal(Expertise, "") = ""  # type: ignore[valid-type]
    area: AreaCode = ""
    q: Words = ""


class HelperOut(Schema):
    id: int
    person_id: int
    name: str
    kinds: list[str]
    expertise: list[str]
    expertise_words: str
    areas: list[str]
    availability: choice_literal(Availability)  # type: ignore[valid-type]
    capacity: int
    open_cases: int


HelperPage = page_schema("HelperPage", HelperOut)


class SuggestionOut(Schema):
    helper_id: int
    name: str
    expertise: list[str]
    distance: int
    load: float


class DevelopmentFilters(Window):
    status: choice_literal(DevelopmentStatus, "") = ""  # type: ignore[valid-type]
    standard: choice_literal(TargetStandard, "") = ""  # type: ignore[valid-type]
    area: AreaCode = ""


class DevelopmentOut(Schema):
    id: int
    product_id: int
    adviser_id: int | None
    standard: str
    level_before: int
    level_target: int
    level_after: int | None
    status: str
    started_on: dt.date
    finished_on: dt.date | None
    certification_id: int | None
    certification_pending: bool


class DevelopmentPage(Schema):
    count: int
    limit: int
    offset: int
    done: int
    in_progress: int
    dropped: int
    items: list[DevelopmentOut]


class DevelopmentIn(Schema):
    product_id: BigId
    standard: choice_literal(TargetStandard)  # type: ignore[valid-type]
    level_before: int = Field(0, ge=0, le=5)
    level_target: int = Field(1, ge=1, le=5)
    started_on: dt.date
    adviser_id: BigId | None = None


class DevelopmentEndIn(Schema):
    end: str = Field(pattern="^(done|drop)$")
    finished_on: dt.date
    level_after: int | None = Field(None, ge=0, le=5)
    certificate_number: Annotated[str, Field(max_length=60)] = ""
    drop_reason: Annotated[str, Field(max_length=300)] = ""


class CaseloadFilters(Window):
    helper_id: BigId | None = None


class CaseloadOut(Schema):
    id: int
    household_id: int
    house_no: str
    area_code: str
    helper_id: int
    run_id: int
    assigned_on: dt.date
    failed_dimensions: list[str]
    visits: int
    last_visit_on: dt.date | None
    compared: bool
    improved_dimensions: list[str]


class CaseloadPage(Schema):
    count: int
    limit: int
    offset: int
    households: int
    visited: int
    compared: int
    improved: int
    items: list[CaseloadOut]


class VisitIn(Schema):
    on: dt.date
    what: Annotated[str, Field(min_length=1, max_length=500)]
    next_step: Annotated[str, Field(max_length=300)] = ""
    client_key: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.:-]{0,80}$", max_length=80)] = ""


class VisitOut(Schema):
    id: int
    assignment_id: int
    on: dt.date
    what: str
    next_step: str


def _iso_text(value: object) -> object:
    """A phone sends the visit's day as ISO text; a number is not a day (pydantic would read 0 as 1970)."""
    if not isinstance(value, (str, dt.date)):
        raise ValueError("a date as YYYY-MM-DD text")
    return value


class VisitSyncIn(Schema):
    client_key: Annotated[
        str,
        Field(pattern=r"^[A-Za-z0-9_.:-]{8,80}$", description="Made on the phone; the same key is one visit"),
    ]
    assignment_id: BigId
    on: Annotated[dt.date, BeforeValidator(_iso_text)]
    what: Annotated[str, Field(max_length=500)]
    next_step: Annotated[str, Field(max_length=300)] = ""


class VisitBatchIn(Schema):
    visits: list[VisitSyncIn] = Field(..., min_length=1, max_length=500)


class VisitSyncOut(Schema):
    client_key: str
    visit_id: int | None = None
    created: bool = False
    error: str | None = None
    code: str | None = None
    field: str | None = None


class AssignIn(Schema):
    run_id: BigId
    helper_id: BigId
    household_ids: list[BigId] = Field(..., min_length=1, max_length=1000)


class AssignOut(Schema):
    assigned: int
