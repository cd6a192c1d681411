"""Referrals through the API: the sender's overdue list, an agency's queue and its answers."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router

from thanrak.apikit import ERRORS, Id, access
from thanrak.services import actions, queries
from thanrak.services.api.cases import referral_out
from thanrak.services.api.schemas import AnswerIn, AreaCode, QueuePage, ReferralOut, ReferralPage, Window

router = Router(tags=["services"])


class OverdueFilters(Window):
    area: AreaCode = ""


@router.get(
    "/referrals/overdue", response={200: ReferralPage, **ERRORS}, summary="Referrals past their agency's time"
)
@access("services.referral", "view")
def referral_overdue(request: HttpRequest, filters: Query[OverdueFilters]) -> Any:
    today = timezone.localdate()
    rows = queries.overdue_referrals(
        viewer=request.user, today=today, area=filters.area, limit=filters.offset + filters.limit
    )
    window = rows[filters.offset : filters.offset + filters.limit]
    return {
        "count": queries.overdue_count(viewer=request.user, today=today, area=filters.area),
        "limit": filters.limit,
        "offset": filters.offset,
        "items": [referral_out(r, today=today) for r, _w in window],
    }


def _queue_item(r: Any, *, today: Any) -> dict[str, Any]:
    seen = queries.partner_view(referral=r, today=today)
    w = queries.waiting_of(r, today=today)
    return {
        "id": r.pk,
        "agency_id": r.agency_id,
        "status": r.status,
        "sent_on": r.sent_on,
        "client_name": seen.name,
        "client_phone": seen.phone,
        "area_code": seen.area_code,
        "topic": seen.topic,
        "request": seen.request,
        "consented": seen.consented,
        "days_waiting": w.days,
        "overdue": w.overdue,
    }


@router.get(
    "/referrals/queue",
    response={200: QueuePage, **ERRORS},
    summary="The caller's agency queue (masked without consent)",
)
@access("services.referral", "approve")
def referral_queue(request: HttpRequest, filters: Query[Window]) -> Any:
    today = timezone.localdate()
    qs = queries.agency_queue(viewer=request.user)
    rows = list(qs[filters.offset : filters.offset + filters.limit])
    return {
        "count": qs.count(),
        "limit": filters.limit,
        "offset": filters.offset,
        "items": [_queue_item(r, today=today) for r in rows],
    }


@router.post(
    "/referrals/{referral_id}/answer",
    response={200: ReferralOut, **ERRORS},
    summary="Accept, decline or report back",
)
@access("services.referral", "approve")
def referral_answer(request: HttpRequest, referral_id: Id, body: AnswerIn) -> Any:
    referral = queries.referral_get(viewer=request.user, referral_id=referral_id)
    today = timezone.localdate()
    common = {"referral": referral, "by": request.user, "at": timezone.now(), "on": body.on, "today": today}
    if body.answer == "accept":
        referral = actions.referral_accept(**common)
    elif body.answer == "decline":
        referral = actions.referral_decline(reason=body.text, **common)
    else:
        referral = actions.referral_report(report=body.text, **common)
    return referral_out(referral, today=today)
