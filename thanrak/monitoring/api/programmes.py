"""Programmes, indicators and their targets."""

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query

from thanrak.apikit import ERRORS, AppRouter, Id, access
from thanrak.monitoring import actions, queries
from thanrak.monitoring.api.common import BODY_ERRORS, rules
from thanrak.monitoring.api.schemas import IndicatorOut, ProgrammeOut, TargetIn, TargetOut, clean_text
from thanrak.monitoring.models import (
    Programme,
)

router = AppRouter("monitoring")


@router.get(
    "/programmes",
    response={200: list[ProgrammeOut], **ERRORS},
    summary="Programmes and projects under the policy",
)
@access("monitoring.programme", "view")
def programme_list(
    request: HttpRequest, policy_item: str = Query("", max_length=12, pattern=r"^[0-9.]*$")
) -> list[ProgrammeOut]:
    return [ProgrammeOut.of(p) for p in queries.programme_list(viewer=request.user, policy_item=policy_item)]


@router.get("/indicators", response={200: list[IndicatorOut], **ERRORS}, summary="Indicators")
@access("monitoring.programme", "view")
def indicator_list(request: HttpRequest, programme_id: int | None = None) -> list[IndicatorOut]:
    programme = Programme.objects.filter(pk=programme_id).first() if programme_id else None
    if programme_id and programme is None:
        raise Programme.DoesNotExist(programme_id)
    return [
        IndicatorOut.of(i)
        for i in queries.indicator_list(viewer=request.user, programme=programme, active_only=False)
    ]


@router.get("/indicators/{indicator_id}", response={200: IndicatorOut, **ERRORS}, summary="One indicator")
@access("monitoring.programme", "view")
def indicator_get(request: HttpRequest, indicator_id: Id) -> IndicatorOut:
    return IndicatorOut.of(queries.indicator_get(viewer=request.user, indicator_id=indicator_id))


@router.get(
    "/indicators/{indicator_id}/targets",
    response={200: list[TargetOut], **ERRORS},
    summary="Targets of an indicator",
)
@access("monitoring.target", "view")
def target_list(request: HttpRequest, indicator_id: Id) -> list[TargetOut]:
    indicator = queries.indicator_get(viewer=request.user, indicator_id=indicator_id)
    return [TargetOut.of(t) for t in queries.target_list(viewer=request.user, indicator=indicator)]


@router.post(
    "/indicators/{indicator_id}/targets",
    response={200: TargetOut, **BODY_ERRORS},
    summary="Set a target (idempotent)",
)
@access("monitoring.target", "change")
@rules
def target_set(request: HttpRequest, indicator_id: Id, payload: TargetIn) -> TargetOut:
    indicator = queries.indicator_get(viewer=request.user, indicator_id=indicator_id)
    change = actions.target_set(
        indicator=indicator,
        area_code=payload.area_code,
        fiscal_year=payload.fiscal_year,
        amount=payload.value,
        by=request.user,
        at=timezone.now(),
        basis=payload.basis,
        note=clean_text(payload.note),
    )
    return TargetOut.of(change.obj)
