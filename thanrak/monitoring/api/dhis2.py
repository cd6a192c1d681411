"""DHIS2: values as a dataValueSet, out and in."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Schema
from pydantic import Field

from thanrak.apikit import ERRORS, AppRouter, access
from thanrak.monitoring import actions, exchange, queries
from thanrak.monitoring.api.common import BODY_ERRORS, rules
from thanrak.monitoring.api.schemas import ImportErrorOut, ImportOut
from thanrak.monitoring.models import (
    ImportFormat,
)

router = AppRouter("monitoring")


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
    summary=(
        "Import a DHIS2 dataValueSet (unknown dataElement, orgUnit or period codes are reported;"
        " nothing half-written)"
    ),
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
