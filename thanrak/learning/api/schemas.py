"""The learning API's shared types."""

import datetime as dt
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import BeforeValidator

from thanrak.apikit import choice_literal, page_schema
from thanrak.learning.models import Mark, Topic


def _text_only(value: Any) -> Any:
    """A date or time in a body is ISO text: pydantic would read the number 0 as 1 January 1970."""
    if isinstance(value, (int, float)):
        raise ValueError("write it as ISO text (2026-11-02, 09:00)")
    return value


Day = Annotated[dt.date, BeforeValidator(_text_only)]
Clock = Annotated[dt.time, BeforeValidator(_text_only)]
Moment = Annotated[dt.datetime, BeforeValidator(_text_only)]
Title = Annotated[str, Field(min_length=1, max_length=200)]
Line200 = Annotated[str, Field(max_length=200)]
Code40 = Annotated[str, Field(max_length=40)]
AreaCode = Annotated[str, Field(pattern=r"^\d{2}(\d{2}){0,3}$")]
TopicName = choice_literal(Topic)
MarkName = choice_literal(Mark)
# Body integers are strict: JSON false or "3" is not a number (pydantic would take them as 0 and 3).
Percent = Annotated[int, Field(ge=0, le=100, strict=True)]
Token = Annotated[str, Field(min_length=1, max_length=200)]


class PageParams(Schema):
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10**9)


class CourseOut(Schema):
    id: int
    title: str
    topic: str
    curriculum: str
    hours: int
    programme_code: str
    fiscal_year: int
    min_attendance_percent: int
    pass_score: int | None
    area_code: str
    organisation_id: int | None
    agency: str  # named on the certificates ("" : the organiser's name)
    has_logo: bool

    @staticmethod
    def resolve_has_logo(obj: Any) -> bool:
        return bool(obj.logo)


class CourseIn(Schema):
    title: Title
    topic: TopicName = "OTHER"  # type: ignore[valid-type]
    curriculum: Annotated[str, Field(max_length=5000)] = ""
    hours: Annotated[int, Field(ge=1, le=2000, strict=True)]
    programme_code: Code40 = ""
    fiscal_year: Annotated[int, Field(ge=2500, le=2700, strict=True)]
    min_attendance_percent: Percent = 80
    pass_score: Percent | None = None
    area_code: AreaCode
    organisation_id: Annotated[int, Field(ge=1, le=2**63 - 1, strict=True)] | None = None
    agency: Line200 = ""


class BatchOut(Schema):
    id: int
    course_id: int
    number: int
    start_date: dt.date
    end_date: dt.date
    place: str
    area_code: str
    capacity: int
    budget_satang: int
    trainer_ids: list[int]

    @staticmethod
    def resolve_budget_satang(obj: object) -> int:
        return obj.budget  # type: ignore[attr-defined]

    @staticmethod
    def resolve_trainer_ids(obj: object) -> list[int]:
        return [p.pk for p in obj.trainers.all()]  # type: ignore[attr-defined]


class BatchIn(Schema):
    start_date: Day
    end_date: Day
    place: Title
    area_code: Annotated[str, Field(pattern=r"^\d{6}(\d{2})?$")]
    capacity: Annotated[int, Field(ge=1, le=100000, strict=True)]
    budget_satang: Annotated[int, Field(ge=0, le=10**15, strict=True)] = 0
    trainer_ids: Annotated[
        list[Annotated[int, Field(ge=1, le=2**63 - 1, strict=True)]], Field(max_length=50)
    ] = []


class SessionOut(Schema):
    id: int
    batch_id: int
    date: dt.date
    # Local (Bangkok) clock times as HH:MM: JSON Schema's "time" format demands a UTC offset, which a
    # session's wall-clock time does not have.
    starts_at: str = Field(pattern=r"^[0-2][0-9]:[0-5][0-9]$", description="Bangkok time, HH:MM")
    ends_at: str = Field(pattern=r"^[0-2][0-9]:[0-5][0-9]$", description="Bangkok time, HH:MM")
    title: str

    @staticmethod
    def resolve_starts_at(obj: Any) -> str:
        return obj.starts_at.strftime("%H:%M")

    @staticmethod
    def resolve_ends_at(obj: Any) -> str:
        return obj.ends_at.strftime("%H:%M")


class SessionIn(Schema):
    date: Day
    starts_at: Clock
    ends_at: Clock
    title: Line200 = ""


class EnrolmentOut(Schema):
    id: int
    batch_id: int
    person_id: int
    person_name: str
    status: str
    source: str
    enrolled_at: dt.datetime
    score: int | None

    @staticmethod
    def resolve_person_name(obj: object) -> str:
        return obj.person.full_name  # type: ignore[attr-defined]


CoursePage = page_schema("LearningCoursePage", CourseOut)
BatchPage = page_schema("LearningBatchPage", BatchOut)
EnrolmentPage = page_schema("LearningEnrolmentPage", EnrolmentOut)
