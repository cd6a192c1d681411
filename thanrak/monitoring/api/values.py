"""Values: list, record, read, history, and importing a file."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Query
from ninja.files import UploadedFile

from thanrak.apikit import ERRORS, AppRouter, Id, access, choice_literal
from thanrak.monitoring import actions, exchange, queries
from thanrak.monitoring.api.common import BODY_ERRORS, rules
from thanrak.monitoring.api.schemas import (
    ImportErrorOut,
    ImportOut,
    RevisionOut,
    ValueIn,
    ValueOut,
    ValueSetOut,
)
from thanrak.monitoring.models import (
    ImportFormat,
    ValueStatus,
)

router = AppRouter("monitoring")


@router.get("/values", response={200: list[ValueOut], **ERRORS}, summary="Values in the caller's areas")
@access("monitoring.value", "view")
def value_list(
    request: HttpRequest,
    indicator: str = Query("", max_length=40, pattern=r"^[^\x00]*$"),
    area_code: str = Query("", pattern=r"^(TH|[0-9]{2}([0-9]{2}){0,3})?$"),
    fiscal_year: int | None = Query(None, ge=2400, le=2700),
    status: choice_literal(ValueStatus, "") = "",
    limit: int = Query(100, ge=1, le=1000),
    offset: int = Query(0, ge=0, le=10_000_000),
) -> list[ValueOut]:
    ind = None
    if indicator:
        ind = queries.indicator_by_code(code=indicator)
    qs = queries.value_list(
        viewer=request.user,
        indicator=ind,
        area_code=actions.clean_area_code(area_code),
        fiscal_year=fiscal_year,
        status=status,
    )
    return [ValueOut.of(v) for v in qs[offset : offset + limit]]


@router.post(
    "/values",
    response={200: ValueSetOut, **BODY_ERRORS},
    summary="Record a value (the same call twice has one effect)",
)
@access("monitoring.value", "change")
@rules
def value_set(request: HttpRequest, payload: ValueIn) -> ValueSetOut:
    indicator = queries.indicator_by_code(code=payload.indicator)
    change = actions.value_set(
        indicator=indicator,
        area_code=payload.area_code,
        period=payload.period,
        amount=payload.value,
        by=request.user,
        at=timezone.now(),
        fiscal_year=payload.fiscal_year,
        comment=payload.comment,
        qualifier=payload.qualifier,
    )
    return ValueSetOut(value=ValueOut.of(change.obj), created=change.created, changed=change.changed)


@router.get("/values/{value_id}", response={200: ValueOut, **ERRORS}, summary="One value")
@access("monitoring.value", "view")
def value_get(request: HttpRequest, value_id: Id) -> ValueOut:
    return ValueOut.of(queries.value_get(viewer=request.user, value_id=value_id))


@router.get(
    "/values/{value_id}/history",
    response={200: list[RevisionOut], **ERRORS},
    summary="Who changed a value, when, from what",
)
@access("monitoring.value", "view")
def value_history(request: HttpRequest, value_id: Id) -> list[RevisionOut]:
    value = queries.value_get(viewer=request.user, value_id=value_id)
    return [RevisionOut.of(r, value.indicator) for r in queries.value_history(value=value)]


@router.post(
    "/imports",
    response={200: ImportOut, **BODY_ERRORS, 409: ImportErrorOut},
    summary="Import values from CSV or XLSX (all rows or none)",
)
@access("monitoring.value", "import")
@rules
def value_import(request: HttpRequest, file: File[UploadedFile | None] = None, dry_run: bool = False) -> Any:
    from django.conf import settings

    # An empty upload reaches us as no file at all (Django drops empty parts): the same answer.
    data = file.read(settings.THANRAK_MAX_IMPORT_BYTES + 1) if file is not None else b""
    rows = exchange.read_values_table(data, max_bytes=settings.THANRAK_MAX_IMPORT_BYTES)
    fmt = ImportFormat.XLSX if data.startswith(b"PK") else ImportFormat.CSV
    result = actions.values_import(
        rows=rows,
        by=request.user,
        at=timezone.now(),
        format=fmt,
        filename=(file.name if file else "")[:200],
        dry_run=dry_run,
    )
    return ImportOut(
        dry_run=dry_run,
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        import_batch=result.batch.pk if result.batch else None,
    )
