"""/sessions/{id}/attendance and /sessions/{id}/checkins: the list, and QR scans synced at once."""

import datetime as dt
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Schema

from thanrak.apikit import ERRORS, AppRouter, Id, access
from thanrak.learning import actions, queries
from thanrak.learning.api.schemas import Moment, Token

router = AppRouter("learning", tags=["learning"])
PK = Annotated[int, Field(ge=1, le=2**63 - 1, strict=True)]


class MarkListIn(Schema):
    present: Annotated[list[PK], Field(max_length=5000)] = []
    late: Annotated[list[PK], Field(max_length=5000)] = []


class MarkListOut(Schema):
    written: int


class Scan(Schema):
    token: Token
    at: Moment | None = None


class CheckInsIn(Schema):
    scans: Annotated[list[Scan], Field(min_length=1, max_length=5000)]


class Refused(Schema):
    token: str
    code: str


class CheckInsOut(Schema):
    accepted: int
    already: int
    refused: list[Refused]


class AttendanceOut(Schema):
    enrolment_id: int
    mark: str
    method: str
    at: dt.datetime


@router.get("/sessions/{session_id}/attendance", response={200: list[AttendanceOut], **ERRORS})
@access("learning.attendance", "view")
def attendance_list(request: HttpRequest, session_id: Id) -> list:
    session = queries.session_get(viewer=request.user, pk=session_id)
    return list(session.attendances.order_by("enrolment_id"))


@router.put(
    "/sessions/{session_id}/attendance",
    response={200: MarkListOut, **ERRORS},
    url_name="learning_attendance_mark",
)
@access("learning.attendance", "change")
def attendance_mark(request: HttpRequest, session_id: Id, payload: MarkListIn) -> dict:
    """The whole list: enrolment ids present or late; every other enrolled participant absent."""
    session = queries.session_get(viewer=request.user, pk=session_id)
    return {
        "written": actions.mark_list(
            by=request.user, session=session, present=payload.present, late=payload.late
        )
    }


@router.post(
    "/sessions/{session_id}/checkins",
    response={200: CheckInsOut, **ERRORS},
    url_name="learning_checkins_sync",
)
@access("learning.attendance", "change")
def checkins_sync(request: HttpRequest, session_id: Id, payload: CheckInsIn) -> dict:
    """QR scans made at the venue (offline), sent at once; each participant counted once."""
    session = queries.session_get(viewer=request.user, pk=session_id)
    result = actions.check_in_many(
        by=request.user, session=session, scans=[(s.token, s.at) for s in payload.scans]
    )
    return {
        "accepted": result.accepted,
        "already": result.already,
        "refused": [{"token": t, "code": c} for t, c in result.refused],
    }
