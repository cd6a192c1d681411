"""/batches/{id}/certificates, scores, follow-up; and the public /certificates/{number}."""

import datetime as dt
from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Schema

from thanrak.apikit import ERRORS, AppRouter, Id, access, public_operation
from thanrak.learning import actions, queries

router = AppRouter("learning", tags=["learning"])


class CertificateOut(Schema):
    number: str
    enrolment_id: int
    issued_on: dt.date
    hours: int
    attendance_percent: int


class ScoreIn(Schema):
    score: Annotated[int, Field(ge=0, le=100, strict=True)] | None


class ScoreOut(Schema):
    enrolment_id: int
    score: int | None


class VerificationOut(Schema):
    number: str
    course: str
    hours: int
    issued_on: dt.date
    batch_start: dt.date
    batch_end: dt.date
    name: str


class FollowUpOut(Schema):
    months: int
    due_on: dt.date
    reached: bool
    participants: int
    joined_group: int
    got_loan: int | None


@router.put("/enrolments/{enrolment_id}/score", response={200: ScoreOut, **ERRORS})
@access("learning.certificate", "change")
def score_record(request: HttpRequest, enrolment_id: Id, payload: ScoreIn) -> dict:
    enrolment = queries.enrolment_get(viewer=request.user, pk=enrolment_id)
    actions.score_record(by=request.user, enrolment=enrolment, score=payload.score)
    return {"enrolment_id": enrolment.pk, "score": enrolment.score}


@router.get("/batches/{batch_id}/certificates", response={200: list[CertificateOut], **ERRORS})
@access("learning.certificate", "view")
def certificate_list(request: HttpRequest, batch_id: Id) -> list:
    return queries.batch_certificates(queries.batch_get(viewer=request.user, pk=batch_id))


@router.post("/batches/{batch_id}/certificates", response={200: list[CertificateOut], **ERRORS})
@access("learning.certificate", "change")
def certificates_issue(request: HttpRequest, batch_id: Id) -> list:
    """Issue a certificate to each participant who completed; answers those issued now."""
    return actions.certificates_issue(
        by=request.user, batch=queries.batch_get(viewer=request.user, pk=batch_id)
    )


@router.get("/batches/{batch_id}/followup", response={200: list[FollowUpOut], **ERRORS})
@access("learning.course", "view")
def batch_followup(request: HttpRequest, batch_id: Id) -> list:
    return queries.batch_followup(queries.batch_get(viewer=request.user, pk=batch_id))


@router.get("/certificates/{number}", response={200: VerificationOut, **ERRORS}, auth=None)
@public_operation
def certificate_verify(request: HttpRequest, number: Annotated[str, Field(max_length=24)]) -> object:
    """Anyone may check a certificate number: course, date, name partly masked, no citizen ID."""
    return queries.certificate_verify(number)
