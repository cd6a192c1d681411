"""JSON API of the monitoring module (/api/v1/monitoring). Every operation declares its resource;
rows are scoped to the caller's areas. Numbers travel as strings so no precision is lost."""

import datetime as dt
from functools import wraps
from typing import Annotated, Any, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Path, Query, Router, Schema
from ninja.files import UploadedFile
from pydantic import Field, field_validator

from thanrak.apikit import ERRORS, Error, access
from thanrak.core.clientip import client_ip
from thanrak.core.errors import DomainError
from thanrak.core.tabular import TableError
from thanrak.monitoring import actions, exchange, queries, tasks
from thanrak.monitoring.formatting import format_percent
from thanrak.monitoring.models import (
    ImportFormat,
    Indicator,
    PeriodLock,
    Programme,
    Target,
    Value,
    ValueRevision,
    WorkflowEvent,
)

router = Router(tags=["monitoring"])
# A body that is not JSON at all is refused by django-ninja with 400 before our code runs.
# A request that is well formed but breaks a rule (a locked period, nothing to submit, a file
# with bad rows…) is answered 409 Conflict with the reason, as DHIS2 answers its imports.
BODY_ERRORS = {**ERRORS, 409: Error}


def rules(func: Any) -> Any:
    """Turn a rule the request breaks (DomainError) into 409 with the reason and the field."""

    @wraps(func)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        try:
            return func(request, *args, **kwargs)
        except (actions.ImportRejected, TableError) as exc:
            return 409, _issues(exc)
        except DomainError as exc:
            return 409, Error(detail=str(exc), field=exc.field)

    return wrapper


AreaCode = Annotated[str, Field(pattern=r"^(TH|[0-9]{2}([0-9]{2}){0,3})?$", max_length=8)]
PeriodCode = Annotated[str, Field(pattern=r"^[@A-Za-z0-9.\-]{0,24}$", max_length=24)]
FiscalYearBE = Annotated[int, Field(ge=2400, le=2700)]
Id = Annotated[int, Path(ge=1, le=2**62)]


def _text(value: str) -> str:
    return value.replace("\x00", "").strip()


class ProgrammeOut(Schema):
    id: int
    code: str
    section: str
    kind: str
    policy_item: str
    name_th: str
    name_en: str
    owner_agency: str | None
    first_fiscal_year: int | None
    last_fiscal_year: int | None
    parent_id: int | None

    @staticmethod
    def of(p: Programme) -> "ProgrammeOut":
        return ProgrammeOut(
            id=p.pk,
            code=p.code,
            section=p.section,
            kind=p.kind,
            policy_item=p.policy_item.code,
            name_th=p.name_th,
            name_en=p.name_en,
            owner_agency=p.owner_agency.code if p.owner_agency else None,
            first_fiscal_year=p.first_fiscal_year,
            last_fiscal_year=p.last_fiscal_year,
            parent_id=p.parent_id,
        )


class IndicatorOut(Schema):
    id: int
    code: str
    programme_id: int
    name_th: str
    name_en: str
    unit: str
    unit_word_th: str
    kind: str
    numerator: str | None
    denominator: str | None
    direction: str
    temporal: str
    decimals: int
    computation: str
    dhis2_uid: str
    is_active: bool

    @staticmethod
    def of(i: Indicator) -> "IndicatorOut":
        return IndicatorOut(
            id=i.pk,
            code=i.code,
            programme_id=i.programme_id,
            name_th=i.name_th,
            name_en=i.name_en,
            unit=i.unit,
            unit_word_th=i.unit_word("th"),
            kind=i.kind,
            numerator=i.numerator.code if i.numerator_id else None,
            denominator=i.denominator.code if i.denominator_id else None,
            direction=i.direction,
            temporal=i.temporal,
            decimals=i.scale,
            computation=i.computation,
            dhis2_uid=i.dhis2_uid,
            is_active=i.is_active,
        )


class TargetIn(Schema):
    area_code: AreaCode = ""
    fiscal_year: FiscalYearBE
    value: str = Field(
        max_length=40,
        description="In the indicator's unit (baht for money); Thai digits and separators accepted",
    )
    basis: Literal["STATED", "IMPLIED", "PLANNED"] = "STATED"
    note: str = Field("", max_length=2000)


class TargetOut(Schema):
    id: int
    indicator: str
    area_code: str
    fiscal_year: int
    value: str
    basis: str
    note: str
    set_at: dt.datetime

    @staticmethod
    def of(t: Target) -> "TargetOut":
        return TargetOut(
            id=t.pk,
            indicator=t.indicator.code,
            area_code=t.area_code,
            fiscal_year=t.fiscal_year,
            value=format(t.indicator.from_storage(t.value), "f"),
            basis=t.basis,
            note=t.note,
            set_at=t.set_at,
        )


class ValueIn(Schema):
    indicator: str = Field(max_length=40, description="Indicator code (or its DHIS2 uid)")
    area_code: AreaCode = Field("", description="DOPA code of any level; '' or 'TH' for the whole country")
    period: PeriodCode = Field(description="FY2565, FY2565Q1, 2565-01, CY2565, 2564-01..2565-07, @2565-01")
    value: str = Field(max_length=40, description="In the indicator's unit (baht for money)")
    fiscal_year: FiscalYearBE | None = Field(None, description="Needed only when the period is empty")
    comment: str = Field("", max_length=2000)
    qualifier: Literal["", "MORE_THAN", "EACH"] = ""

    @field_validator("indicator", "comment")
    @classmethod
    def no_nul(cls, v: str) -> str:
        return _text(v)


class ValueOut(Schema):
    id: int
    indicator: str
    area_code: str
    period: str
    period_type: str
    fiscal_year: int
    value: str
    qualifier: str
    status: str
    source: str
    comment: str
    computation: str
    computation_version: int | None
    updated_at: dt.datetime

    @staticmethod
    def of(v: Value) -> "ValueOut":
        return ValueOut(
            id=v.pk,
            indicator=v.indicator.code,
            area_code=v.area_code,
            period=v.period,
            period_type=v.period_type,
            fiscal_year=v.fiscal_year,
            value=format(v.indicator.from_storage(v.value), "f"),
            qualifier=v.qualifier,
            status=v.status,
            source=v.source,
            comment=v.comment,
            computation=v.computation,
            computation_version=v.computation_version,
            updated_at=v.updated_at,
        )


class ValueSetOut(Schema):
    value: ValueOut
    created: bool
    changed: bool


class RevisionOut(Schema):
    at: dt.datetime
    by: str | None
    action: str
    old_value: str | None
    new_value: str
    old_status: str
    new_status: str
    source: str
    comment: str
    import_batch: int | None
    computation: str
    computation_version: int | None

    @staticmethod
    def of(r: ValueRevision, indicator: Indicator) -> "RevisionOut":
        def fmt(n: int | None) -> str | None:
            return None if n is None else format(indicator.from_storage(n), "f")

        return RevisionOut(
            at=r.at,
            by=r.by.username if r.by_id else None,
            action=r.action,
            old_value=fmt(r.old_value),
            new_value=fmt(r.new_value) or "",
            old_status=r.old_status,
            new_status=r.new_status,
            source=r.source,
            comment=r.comment,
            import_batch=r.batch_id,
            computation=r.computation,
            computation_version=r.computation_version,
        )


class WorkflowIn(Schema):
    area_code: AreaCode = ""
    period: PeriodCode
    comment: str = Field("", max_length=2000)

    @field_validator("comment")
    @classmethod
    def no_nul(cls, v: str) -> str:
        return _text(v)


class WorkflowOut(Schema):
    id: int
    action: str
    area_code: str
    period: str
    fiscal_year: int
    value_count: int
    at: dt.datetime
    comment: str

    @staticmethod
    def of(e: WorkflowEvent) -> "WorkflowOut":
        return WorkflowOut(
            id=e.pk,
            action=e.action,
            area_code=e.area_code,
            period=e.period,
            fiscal_year=e.fiscal_year,
            value_count=e.value_count,
            at=e.at,
            comment=e.comment,
        )


class LockIn(Schema):
    period: PeriodCode
    include_unapproved: bool = False


class ReopenIn(Schema):
    reason: str = Field(max_length=2000)

    @field_validator("reason")
    @classmethod
    def no_nul(cls, v: str) -> str:
        return _text(v)


class LockOut(Schema):
    id: int
    period: str
    fiscal_year: int
    locked_at: dt.datetime
    locked_by: str
    reopened_at: dt.datetime | None
    reopen_reason: str

    @staticmethod
    def of(lock: PeriodLock) -> "LockOut":
        return LockOut(
            id=lock.pk,
            period=lock.period,
            fiscal_year=lock.fiscal_year,
            locked_at=lock.locked_at,
            locked_by=lock.locked_by.username,
            reopened_at=lock.reopened_at,
            reopen_reason=lock.reopen_reason,
        )


class AchievementOut(Schema):
    indicator: str
    area_code: str
    fiscal_year: int
    achieved: str | None = Field(
        description="In the indicator's unit; a percentage for ratio and share indicators"
    )
    target: str | None
    percent_of_target: str | None = Field(
        description="Half up to two decimals; null when there is no target, no result or a target of zero"
    )
    previous: str | None
    status: str
    text_th: str
    value_ids: list[int]


class ImportIssueOut(Schema):
    row: int | None
    column: str | None
    reason_th: str
    reason_en: str


class ImportOut(Schema):
    dry_run: bool
    created: int
    updated: int
    unchanged: int
    import_batch: int | None


class ImportErrorOut(Error):
    issues: list[ImportIssueOut] = []


class ComputationOut(Schema):
    name: str
    version: int
    label: str
    unit: str
    temporal: str
    description: str
    app: str
    indicators: list[str]
    last_run_at: dt.datetime | None
    last_run_status: str | None


class TaskOut(Schema):
    task_id: str


# --- programmes, indicators, targets ------------------------------------------------------------------


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
        note=_text(payload.note),
    )
    return TargetOut.of(change.obj)


# --- values -------------------------------------------------------------------------------------------


@router.get("/values", response={200: list[ValueOut], **ERRORS}, summary="Values in the caller's areas")
@access("monitoring.value", "view")
def value_list(
    request: HttpRequest,
    indicator: str = Query("", max_length=40, pattern=r"^[^\x00]*$"),
    area_code: str = Query("", pattern=r"^(TH|[0-9]{2}([0-9]{2}){0,3})?$"),
    fiscal_year: int | None = Query(None, ge=2400, le=2700),
    status: Literal["", "DRAFT", "SUBMITTED", "APPROVED"] = "",
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


def _issues(exc: TableError | actions.ImportRejected) -> ImportErrorOut:
    issues = [ImportIssueOut(**i.as_dict()) for i in exc.issues]
    detail = (
        str(exc) if isinstance(exc, actions.ImportRejected) else "; ".join(i.en for i in exc.issues)[:500]
    )
    return ImportErrorOut(
        detail=detail,
        errors=[
            {
                "field": ":".join(str(p) for p in (i.row, i.column) if p is not None) or "file",
                "message": i.reason_en,
            }
            for i in issues
        ],
        issues=issues,
    )


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


# --- DHIS2 --------------------------------------------------------------------------------------------


class DataValueOut(Schema):
    dataElement: str  # noqa: N815 — DHIS2's field names
    period: str
    orgUnit: str  # noqa: N815
    categoryOptionCombo: str  # noqa: N815
    attributeOptionCombo: str  # noqa: N815
    value: str
    storedBy: str  # noqa: N815
    lastUpdated: str  # noqa: N815
    comment: str
    followup: bool


class DataValueSetOut(Schema):
    dataValues: list[DataValueOut]  # noqa: N815


class DataValueIn(Schema):
    dataElement: str = Field("", max_length=64)  # noqa: N815
    period: str = Field("", max_length=16)
    orgUnit: str = Field("", max_length=16)  # noqa: N815
    categoryOptionCombo: str = Field("", max_length=64)  # noqa: N815
    attributeOptionCombo: str = Field("", max_length=64)  # noqa: N815
    value: str = Field("", max_length=40)
    comment: str = Field("", max_length=1000)


class DataValueSetIn(Schema):
    dataSet: str = Field("", max_length=64)  # noqa: N815
    period: str = Field("", max_length=16)
    orgUnit: str = Field("", max_length=16)  # noqa: N815
    dataValues: list[DataValueIn] = Field(max_length=exchange.MAX_DHIS2_VALUES)  # noqa: N815


@router.get(
    "/dhis2/dataValueSets",
    response={200: DataValueSetOut, **ERRORS},
    summary="Values as a DHIS2 dataValueSet",
)
@access("monitoring.value", "export")
def dhis2_export(
    request: HttpRequest,
    indicator: str = Query("", max_length=40, pattern=r"^[^\x00]*$"),
    area_code: str = Query("", pattern=r"^(TH|[0-9]{2}([0-9]{2}){0,3})?$"),
    fiscal_year: int | None = Query(None, ge=2400, le=2700),
) -> Any:
    ind = queries.indicator_by_code(code=indicator) if indicator else None
    values = queries.value_list(
        viewer=request.user,
        indicator=ind,
        area_code=actions.clean_area_code(area_code),
        fiscal_year=fiscal_year,
    )
    doc, _skipped = exchange.write_dhis2(values.select_related("indicator", "updated_by")[:100_000])
    return doc


@router.post(
    "/dhis2/dataValueSets",
    response={200: ImportOut, **BODY_ERRORS, 409: ImportErrorOut},
    summary="Import a DHIS2 dataValueSet (unknown dataElement, orgUnit or period codes are reported; nothing half-written)",
)
@access("monitoring.value", "import")
@rules
def dhis2_import(request: HttpRequest, payload: DataValueSetIn, dryRun: bool = False) -> Any:  # noqa: N803
    import json

    read = exchange.read_dhis2(json.dumps(payload.dict()).replace("\\u0000", "").encode())
    result = actions.values_import(
        rows=read.rows,
        issues=read.issues,
        by=request.user,
        at=timezone.now(),
        format=ImportFormat.DHIS2,
        filename="api",
        dry_run=dryRun,
        column_names=exchange.DHIS2_COLUMNS,
    )
    return ImportOut(
        dry_run=dryRun,
        created=result.created,
        updated=result.updated,
        unchanged=result.unchanged,
        import_batch=result.batch.pk if result.batch else None,
    )


# --- workflow and locks ---------------------------------------------------------------------------------


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


# --- achievements and computations ----------------------------------------------------------------------


@router.get(
    "/achievements",
    response={200: list[AchievementOut], **ERRORS},
    summary="Achieved against target for an area and fiscal year",
)
@access("monitoring.dashboard", "view")
def achievements(
    request: HttpRequest,
    fiscal_year: int = Query(..., ge=2400, le=2700),
    area_code: str = Query("", pattern=r"^(TH|[0-9]{2}([0-9]{2}){0,3})?$"),
    approved_only: bool = False,
) -> list[AchievementOut]:
    data = queries.dashboard(
        viewer=request.user,
        area_code=actions.clean_area_code(area_code),
        fiscal_year=fiscal_year,
        approved_only=approved_only,
    )
    out = []
    for ln in data.lines:
        ind = ln.indicator
        achieved = (
            str(ln.ratio)
            if ind.is_derived and ln.ratio is not None
            else (format(ind.from_storage(ln.achieved), "f") if ln.achieved is not None else None)
        )
        out.append(
            AchievementOut(
                indicator=ind.code,
                area_code=ln.area_code,
                fiscal_year=ln.fiscal_year,
                achieved=achieved,
                target=format(ind.from_storage(ln.target), "f") if ln.target is not None else None,
                percent_of_target=str(ln.percent) if ln.percent is not None else None,
                previous=format(ind.from_storage(ln.previous), "f") if ln.previous is not None else None,
                status=ln.status,
                text_th=format_percent(ln.percent, thai_digits=True),
                value_ids=ln.value_ids,
            )
        )
    return out


@router.get(
    "/computations",
    response={200: list[ComputationOut], **ERRORS},
    summary="Registered computed indicators and their last run",
)
@access("monitoring.computation", "view")
def computation_list(request: HttpRequest) -> list[ComputationOut]:
    out = []
    for info in queries.computation_list():
        s = info.spec
        run = info.last_runs[0] if info.last_runs else None
        out.append(
            ComputationOut(
                name=s.name,
                version=s.version,
                label=str(s.label),
                unit=s.unit,
                temporal=s.temporal,
                description=str(s.description),
                app=s.app,
                indicators=[i.code for i in info.indicators],
                last_run_at=run.started_at if run else None,
                last_run_status=run.status if run else None,
            )
        )
    return out


@router.post(
    "/computations/refresh",
    response={200: TaskOut, **BODY_ERRORS},
    summary="Queue a refresh of every computed indicator",
)
@access("monitoring.computation", "change")
@rules
def computation_refresh(
    request: HttpRequest, fiscal_year: int | None = Query(None, ge=2400, le=2700)
) -> TaskOut:
    result = tasks.refresh_computations.enqueue(
        fiscal_years=[fiscal_year] if fiscal_year else None, user_id=request.user.pk
    )
    return TaskOut(task_id=str(result.id))
