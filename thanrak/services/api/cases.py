"""Cases through the API: list, open (once per key), read, step, refer, suggested helpers."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status

from thanrak.apikit import ERRORS, Id, access
from thanrak.registry import queries as registry_queries
from thanrak.services import actions, queries
from thanrak.services.api.schemas import (
    CaseFilters,
    CaseIn,
    CaseOut,
    CasePage,
    ReferralIn,
    ReferralOut,
    StepIn,
    StepOut,
    SuggestionOut,
)
from thanrak.services.models import SubjectKind

router = Router(tags=["services"])


def referral_out(r: Any, *, today: Any) -> dict[str, Any]:
    w = queries.waiting_of(r, today=today)
    return {
        "id": r.pk,
        "case_id": r.case_id,
        "agency_id": r.agency_id,
        "status": r.status,
        "sent_on": r.sent_on,
        "answered_on": r.answered_on,
        "reported_on": r.reported_on,
        "decline_reason": r.decline_reason,
        "report": r.report,
        "days_waiting": w.days,
        "overdue": w.overdue,
    }


@router.get("/cases", response={200: CasePage, **ERRORS}, summary="Cases the caller may see")
@access("services.case", "view")
def case_list(request: HttpRequest, filters: Query[CaseFilters]) -> Any:
    qs = queries.case_list(
        viewer=request.user, status=filters.status, topic=filters.topic, area=filters.area, q=filters.q
    )
    return {
        "count": qs.count(),
        "limit": filters.limit,
        "offset": filters.offset,
        "items": list(qs[filters.offset : filters.offset + filters.limit]),
    }


def _subject(viewer: Any, kind: str, pk: int) -> Any:
    if kind == SubjectKind.PERSON:
        return registry_queries.person_get(viewer=viewer, person_id=pk)
    if kind == SubjectKind.HOUSEHOLD:
        return registry_queries.household_get(viewer=viewer, household_id=pk)
    return registry_queries.organisation_get(viewer=viewer, organisation_id=pk)


@router.post(
    "/cases", response={201: CaseOut, **ERRORS}, summary="Open a case (the same key twice opens one)"
)
@access("services.case", "change")
def case_open(request: HttpRequest, body: CaseIn) -> Any:
    case = actions.case_open(
        by=request.user,
        at=timezone.now(),
        on=timezone.localdate(),
        subject_kind=body.subject_kind,
        subject=_subject(request.user, body.subject_kind, body.subject_id),
        topic=body.topic,
        channel=body.channel,
        intake_date=body.intake_date,
        summary=body.summary,
        key=body.idempotency_key or None,
    )
    return Status(201, case)


@router.get("/cases/{case_id}", response={200: CaseOut, **ERRORS}, summary="One case")
@access("services.case", "view")
def case_get(request: HttpRequest, case_id: Id) -> Any:
    return queries.case_get(viewer=request.user, case_id=case_id)


@router.get("/cases/{case_id}/steps", response={200: list[StepOut], **ERRORS}, summary="The case's step log")
@access("services.case", "view")
def case_steps(request: HttpRequest, case_id: Id) -> Any:
    return queries.case_steps(case=queries.case_get(viewer=request.user, case_id=case_id))


@router.post(
    "/cases/{case_id}/steps", response={200: CaseOut, **ERRORS}, summary="Move the case to its next state"
)
@access("services.case", "change")
def case_step(request: HttpRequest, case_id: Id, body: StepIn) -> Any:
    case = queries.case_get(viewer=request.user, case_id=case_id)
    return actions.case_move(
        case=case,
        to_status=body.to_status,
        on=body.on,
        outcome=body.outcome,
        note=body.note,
        by=request.user,
        at=timezone.now(),
        today=timezone.localdate(),
    )


@router.get(
    "/cases/{case_id}/referrals", response={200: list[ReferralOut], **ERRORS}, summary="The case's referrals"
)
@access("services.case", "view")
def case_referrals(request: HttpRequest, case_id: Id) -> Any:
    case = queries.case_get(viewer=request.user, case_id=case_id)
    today = timezone.localdate()
    return [referral_out(r, today=today) for r in queries.referral_list(viewer=request.user, case_id=case.pk)]


@router.post(
    "/cases/{case_id}/referrals", response={201: ReferralOut, **ERRORS}, summary="Refer the case to an agency"
)
@access("services.referral", "change")
def case_refer(request: HttpRequest, case_id: Id, body: ReferralIn) -> Any:
    case = queries.case_get(viewer=request.user, case_id=case_id)
    agency = queries.agency_list(viewer=request.user).filter(pk=body.agency_id).first()
    referral = actions.referral_send(
        case=case, agency=agency, request=body.request, on=body.on, by=request.user, at=timezone.now()
    )
    return Status(201, referral_out(referral, today=timezone.localdate()))


@router.get(
    "/cases/{case_id}/suggestions",
    response={200: list[SuggestionOut], **ERRORS},
    summary="Helpers suggested for the case",
)
@access("services.helper", "view")
def case_suggestions(request: HttpRequest, case_id: Id) -> Any:
    case = queries.case_get(viewer=request.user, case_id=case_id)
    return [
        {
            "helper_id": h.pk,
            "name": h.person.full_name,
            "expertise": list(m.expertise),
            "distance": m.distance,
            "load": m.load,
        }
        for h, m in queries.suggest_for_case(viewer=request.user, case=case)
    ]
