"""Values, their history and where each came from."""

from dataclasses import dataclass

from django.db.models import QuerySet

from thanrak.accounts.models import User
from thanrak.monitoring import computed, periods
from thanrak.monitoring.models import (
    ImportBatch,
    Indicator,
    PeriodLock,
    PublishedFigure,
    Value,
    ValueRevision,
)
from thanrak.monitoring.queries.workflow import active_lock


def value_list(
    *,
    viewer: User,
    indicator: Indicator | None = None,
    area_code: str | None = None,
    fiscal_year: int | None = None,
    status: str = "",
    source: str = "",
    exact_area: bool = False,
) -> QuerySet[Value]:
    """Values the viewer may see, newest period first."""
    qs = Value.objects.visible_to(viewer).select_related("indicator", "updated_by")
    if indicator is not None:
        qs = qs.filter(indicator=indicator)
    if area_code is not None:
        qs = qs.filter(area_code=area_code) if exact_area else qs.filter(area_code__startswith=area_code)
    if fiscal_year:
        qs = qs.filter(fiscal_year=fiscal_year)
    if status:
        qs = qs.filter(status=status)
    if source:
        qs = qs.filter(source=source)
    return qs.order_by(
        "-fiscal_year", "indicator__programme__sort_key", "indicator__sort_order", "area_code", "-period_end"
    )


def value_get(*, viewer: User, value_id: int) -> Value:
    return (
        Value.objects.visible_to(viewer)
        .select_related("indicator__programme", "created_by", "updated_by")
        .get(pk=value_id)
    )


def value_history(*, value: Value) -> QuerySet[ValueRevision]:
    return value.revisions.select_related("by", "batch").order_by("-at", "-id")


@dataclass
class Origin:
    """Where a value came from, for the 'where does this number come from' page."""

    computation: computed.Computation | None
    batches: list[ImportBatch]
    published: list[PublishedFigure]
    lock: PeriodLock | None


def value_origin(*, value: Value) -> Origin:
    spec = computed.registry().get(value.computation) if value.computation else None
    batch_ids = value.revisions.exclude(batch=None).values_list("batch_id", flat=True)
    period = periods.parse(value.period, fiscal_year=value.fiscal_year)
    return Origin(
        computation=spec,
        batches=list(ImportBatch.objects.filter(pk__in=batch_ids).select_related("by")),
        published=list(value.published_as.order_by("row")),
        lock=active_lock(period),
    )
