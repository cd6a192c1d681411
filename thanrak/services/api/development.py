"""Product development through the API."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status

from thanrak.apikit import ERRORS, Id, access
from thanrak.commerce.models import Product
from thanrak.services import actions, queries
from thanrak.services.api.schemas import (
    DevelopmentEndIn,
    DevelopmentFilters,
    DevelopmentIn,
    DevelopmentOut,
    DevelopmentPage,
)

router = Router(tags=["services"])


@router.get(
    "/development", response={200: DevelopmentPage, **ERRORS}, summary="Product development cases and counts"
)
@access("services.development", "view")
def development_list(request: HttpRequest, filters: Query[DevelopmentFilters]) -> Any:
    qs = queries.development_list(
        viewer=request.user, status=filters.status, standard=filters.standard, area=filters.area
    )
    totals = queries.development_totals(viewer=request.user, area=filters.area, standard=filters.standard)
    return {
        "count": qs.count(),
        "limit": filters.limit,
        "offset": filters.offset,
        "done": totals.done,
        "in_progress": totals.in_progress,
        "dropped": totals.dropped,
        "items": list(qs[filters.offset : filters.offset + filters.limit]),
    }


@router.post("/development", response={201: DevelopmentOut, **ERRORS}, summary="Start developing a product")
@access("services.development", "change")
def development_open(request: HttpRequest, body: DevelopmentIn) -> Any:
    product = Product.objects.visible_to(request.user).get(pk=body.product_id)
    adviser = (
        queries.helper_list(viewer=request.user).filter(pk=body.adviser_id).first()
        if body.adviser_id
        else None
    )
    case = actions.development_open(
        product=product,
        standard=body.standard,
        level_before=body.level_before,
        level_target=body.level_target,
        started_on=body.started_on,
        adviser=adviser,
        by=request.user,
        at=timezone.now(),
        on=timezone.localdate(),
    )
    return Status(201, case)


@router.post(
    "/development/{case_id}/end", response={200: DevelopmentOut, **ERRORS}, summary="Done or dropped"
)
@access("services.development", "change")
def development_end(request: HttpRequest, case_id: Id, body: DevelopmentEndIn) -> Any:
    case = queries.development_get(viewer=request.user, case_id=case_id)
    common = {
        "case": case,
        "finished_on": body.finished_on,
        "by": request.user,
        "at": timezone.now(),
        "today": timezone.localdate(),
    }
    if body.end == "drop":
        return actions.development_drop(reason=body.drop_reason, **common)
    level = body.level_after if body.level_after is not None else case.level_target
    return actions.development_finish(level_after=level, certificate_number=body.certificate_number, **common)
