"""Workflow and locks: submit, approve, return; lock and reopen periods."""

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query

from thanrak.apikit import ERRORS, AppRouter, Id, access
from thanrak.core.clientip import client_ip
from thanrak.monitoring import actions, queries
from thanrak.monitoring.api.common import BODY_ERRORS, rules
from thanrak.monitoring.api.schemas import LockIn, LockOut, ReopenIn, WorkflowIn, WorkflowOut

router = AppRouter("monitoring")


@router.post(
    "/workflow/submit",
    response={200: WorkflowOut, **BODY_ERRORS},
    summary="Submit an area's draft values of a period",
)
@access("monitoring.workflow", "change")
@rules
def workflow_submit(request: HttpRequest, payload: WorkflowIn) -> WorkflowOut:
    return WorkflowOut.of(
        actions.workflow_submit(
            area_code=payload.area_code,
            period=payload.period,
            by=request.user,
            at=timezone.now(),
            comment=payload.comment,
        )
    )


@router.post(
    "/workflow/approve", response={200: WorkflowOut, **BODY_ERRORS}, summary="Approve submitted values"
)
@access("monitoring.workflow", "approve")
@rules
def workflow_approve(request: HttpRequest, payload: WorkflowIn) -> WorkflowOut:
    return WorkflowOut.of(
        actions.workflow_approve(
            area_code=payload.area_code,
            period=payload.period,
            by=request.user,
            at=timezone.now(),
            comment=payload.comment,
        )
    )


@router.post(
    "/workflow/return",
    response={200: WorkflowOut, **BODY_ERRORS},
    summary="Return values for correction (a reason is required)",
)
@access("monitoring.workflow", "approve")
@rules
def workflow_return(request: HttpRequest, payload: WorkflowIn) -> WorkflowOut:
    return WorkflowOut.of(
        actions.workflow_return(
            area_code=payload.area_code,
            period=payload.period,
            by=request.user,
            at=timezone.now(),
            comment=payload.comment,
        )
    )


@router.get("/locks", response={200: list[LockOut], **ERRORS}, summary="Locked periods and reopenings")
@access("monitoring.lock", "view")
def lock_list(request: HttpRequest, fiscal_year: int | None = Query(None, ge=2400, le=2700)) -> list[LockOut]:
    return [LockOut.of(lock) for lock in queries.lock_list(fiscal_year=fiscal_year)[:500]]


@router.post("/locks", response={200: LockOut, **BODY_ERRORS}, summary="Lock a period (the centre)")
@access("monitoring.lock", "change")
@rules
def lock_create(request: HttpRequest, payload: LockIn) -> LockOut:
    return LockOut.of(
        actions.period_lock(
            period=payload.period,
            by=request.user,
            at=timezone.now(),
            include_unapproved=payload.include_unapproved,
        )
    )


@router.post(
    "/locks/{lock_id}/reopen",
    response={200: LockOut, **BODY_ERRORS},
    summary="Reopen a locked period with a reason (audited)",
)
@access("monitoring.lock", "change")
@rules
def lock_reopen(request: HttpRequest, lock_id: Id, payload: ReopenIn) -> LockOut:
    lock = queries.lock_get(lock_id=lock_id)
    return LockOut.of(
        actions.period_reopen(
            lock=lock, by=request.user, at=timezone.now(), reason=payload.reason, ip=client_ip(request)
        )
    )
