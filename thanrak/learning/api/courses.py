"""/courses, /batches, /sessions: planning trainings."""

from typing import Annotated

from django.http import HttpRequest
from ninja import Field, File, Form, Query, Schema, Status
from ninja.files import UploadedFile

from thanrak.apikit import ERRORS, AppRouter, Id, access
from thanrak.learning import actions, queries
from thanrak.learning.api.schemas import (
    BatchIn,
    BatchOut,
    BatchPage,
    CourseIn,
    CourseOut,
    CoursePage,
    PageParams,
    SessionIn,
    SessionOut,
)
from thanrak.learning.logos import MAX_BYTES
from thanrak.learning.models import Course
from thanrak.registry.models import Organisation, Person

router = AppRouter("learning", tags=["learning"])


def _window(rows: object, params: PageParams) -> dict:
    return {
        "count": rows.count(),  # type: ignore[attr-defined]
        "limit": params.limit,
        "offset": params.offset,
        "items": list(rows[params.offset : params.offset + params.limit]),  # type: ignore[index]
    }


@router.get("/courses", response={200: CoursePage, **ERRORS})
@access("learning.course", "view")
def course_list(request: HttpRequest, params: Query[PageParams]) -> dict:
    return _window(queries.course_list(viewer=request.user).order_by("pk"), params)


@router.post("/courses", response={201: CourseOut, **ERRORS})
@access("learning.course", "change")
def course_create(request: HttpRequest, payload: CourseIn) -> Status:
    data = payload.dict()
    org_id = data.pop("organisation_id")
    organisation = Organisation.objects.visible_to(request.user).get(pk=org_id) if org_id else None
    return Status(201, actions.course_create(by=request.user, organisation=organisation, **data))


@router.get("/courses/{course_id}", response={200: CourseOut, **ERRORS})
@access("learning.course", "view")
def course_get(request: HttpRequest, course_id: Id) -> object:
    return queries.course_get(viewer=request.user, pk=course_id)


class ProgrammeFigure(Schema):
    programme_code: str
    fiscal_year: int
    batches: int
    people: int


@router.get("/programmes", response={200: list[ProgrammeFigure], **ERRORS})
@access("learning.course", "view")
def programme_figures(
    request: HttpRequest, fiscal_year: Annotated[int, Field(ge=2500, le=2700)] | None = None
) -> list:
    """Batches and distinct people enrolled per funding programme and fiscal year, in the caller's scope."""
    rows = queries.trained_by_programme(viewer=request.user, fiscal_year=fiscal_year)
    return [
        {
            "programme_code": r["course__programme_code"],
            "fiscal_year": r["course__fiscal_year"],
            "batches": r["batches"],
            "people": r["people"],
        }
        for r in rows
    ]


@router.get("/batches", response={200: BatchPage, **ERRORS})
@access("learning.course", "view")
def batch_list(request: HttpRequest, params: Query[PageParams]) -> dict:
    rows = queries.batch_list(viewer=request.user).prefetch_related("trainers").order_by("pk")
    return _window(rows, params)


@router.post("/courses/{course_id}/batches", response={201: BatchOut, **ERRORS})
@access("learning.course", "change")
def batch_create(request: HttpRequest, course_id: Id, payload: BatchIn) -> Status:
    course = queries.course_get(viewer=request.user, pk=course_id)
    data = payload.dict()
    ids = data.pop("trainer_ids")
    trainers = list(Person.objects.visible_to(request.user).filter(pk__in=ids))
    if len(trainers) != len(set(ids)):
        raise Person.DoesNotExist("trainer")
    budget = data.pop("budget_satang")
    return Status(
        201, actions.batch_create(by=request.user, course=course, trainers=trainers, budget=budget, **data)
    )


@router.get("/batches/{batch_id}", response={200: BatchOut, **ERRORS})
@access("learning.course", "view")
def batch_get(request: HttpRequest, batch_id: Id) -> object:
    return queries.batch_get(viewer=request.user, pk=batch_id)


@router.get("/batches/{batch_id}/sessions", response={200: list[SessionOut], **ERRORS})
@access("learning.course", "view")
def session_list(request: HttpRequest, batch_id: Id) -> object:
    return list(queries.batch_get(viewer=request.user, pk=batch_id).sessions.all())


@router.post("/batches/{batch_id}/sessions", response={201: SessionOut, **ERRORS})
@access("learning.course", "change")
def session_add(request: HttpRequest, batch_id: Id, payload: SessionIn) -> Status:
    batch = queries.batch_get(viewer=request.user, pk=batch_id)
    return Status(201, actions.session_add(by=request.user, batch=batch, **payload.dict()))


@router.post(
    "/courses/{course_id}/certificate",
    response={200: CourseOut, **ERRORS},
    summary="The agency named on the course's certificates and its logo (PNG, JPEG or WebP, at most 1 MB)",
)
@access("learning.course", "change")
def course_certificate(
    request: HttpRequest,
    course_id: Id,
    agency: Form[str],  # required (empty: the organiser's name), so that a request without a body is refused
    remove_logo: Form[bool] = False,
    logo: File[UploadedFile | None] = None,
) -> Course:
    course = queries.course_get(viewer=request.user, pk=course_id)
    return actions.course_certificate_set(
        by=request.user,
        course=course,
        agency=agency,
        logo=logo.read(MAX_BYTES + 1) if logo else None,
        remove_logo=remove_logo,
    )
