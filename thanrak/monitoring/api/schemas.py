"""The shapes the monitoring API reads and writes, shared by its routers."""

import datetime as dt
from typing import Annotated

from ninja import Schema
from pydantic import Field, field_validator

from thanrak.apikit import Error, ImportIssueOut, choice_literal
from thanrak.monitoring.models import (
    Indicator,
    PeriodLock,
    Programme,
    Qualifier,
    Target,
    TargetBasis,
    Value,
    ValueRevision,
    WorkflowEvent,
)

AreaCode = Annotated[str, Field(pattern=r"^(TH|[0-9]{2}([0-9]{2}){0,3})?$", max_length=8)]


PeriodCode = Annotated[str, Field(pattern=r"^[@A-Za-z0-9.\-]{0,24}$", max_length=24)]


FiscalYearBE = Annotated[int, Field(ge=2400, le=2700)]


def clean_text(value: str) -> str:
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
    basis: choice_literal(TargetBasis) = TargetBasis.STATED.value
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
    qualifier: choice_literal(Qualifier) = Qualifier.NONE.value

    @field_validator("indicator", "comment")
    @classmethod
    def no_nul(cls, v: str) -> str:
        return clean_text(v)


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
        return clean_text(v)


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
        return clean_text(v)


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
