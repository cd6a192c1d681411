"""Workflow: what waits in an area, the events, the locks on periods."""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from thanrak.accounts.models import User
from thanrak.monitoring import periods
from thanrak.monitoring.models import (
    PeriodLock,
    Value,
    WorkflowEvent,
)
from thanrak.monitoring.periods import Period, PeriodType
from thanrak.monitoring.queries.areas import area_names, ensure_area
from thanrak.monitoring.queries.figures import child_length


@dataclass
class WorkflowRow:
    area_code: str
    name: str
    period: str
    label: str
    counts: dict[str, int]
    locked: bool


def workflow_overview(*, viewer: User, area_code: str, fiscal_year: int) -> list[WorkflowRow]:
    """For each area directly under `area_code` (or the area itself for a district) and each month
    of the fiscal year: how many values are draft, submitted, approved, and whether it is locked."""
    area_code = ensure_area(viewer, area_code)
    length = len(area_code) if len(area_code) >= 4 else child_length(area_code) or 4
    values = Value.objects.filter(area_code__startswith=area_code, fiscal_year=fiscal_year)
    counts: dict[tuple[str, str], Counter] = defaultdict(Counter)
    fy_counts: dict[str, Counter] = defaultdict(Counter)
    for code, ptype, start, status in values.values_list(
        "area_code", "period_type", "period_start", "status"
    ):
        unit = code[:length] if len(code) >= length else code
        if ptype == PeriodType.MONTH:
            counts[(unit, periods.month(start).code)][status] += 1
        else:
            fy_counts[unit][status] += 1
    locks = list(PeriodLock.objects.filter(reopened_at__isnull=True, fiscal_year=fiscal_year))
    fy_locked = any(lk.period_type == PeriodType.FISCAL_YEAR for lk in locks)
    units = sorted({u for u, _p in counts} | set(fy_counts))
    names = area_names(units)
    rows: list[WorkflowRow] = []
    for unit in units:
        for month in periods.months_of(fiscal_year):
            c = counts.get((unit, month.code))
            if c:
                locked = fy_locked or any(
                    lk.period_start <= month.start and month.end <= lk.period_end for lk in locks
                )
                rows.append(
                    WorkflowRow(unit, names.get(unit, unit), month.code, month.label(), dict(c), locked)
                )
        if fy_counts.get(unit):
            fy = periods.fiscal_year(fiscal_year)
            rows.append(
                WorkflowRow(
                    unit, names.get(unit, unit), fy.code, fy.label(), dict(fy_counts[unit]), fy_locked
                )
            )
    return rows


def workflow_events(
    *, viewer: User, area_code: str = "", fiscal_year: int | None = None, limit: int = 50
) -> list[WorkflowEvent]:
    qs = WorkflowEvent.objects.visible_to(viewer).select_related("by")
    if area_code:
        qs = qs.filter(Q(area_code__startswith=area_code) | Q(area_code=""))
    if fiscal_year:
        qs = qs.filter(fiscal_year=fiscal_year)
    return list(qs.order_by("-at", "-id")[:limit])


def lock_list(*, fiscal_year: int | None = None) -> QuerySet[PeriodLock]:
    qs = PeriodLock.objects.select_related("locked_by", "reopened_by")
    if fiscal_year:
        qs = qs.filter(fiscal_year=fiscal_year)
    return qs.order_by("-locked_at", "-id")


def lock_get(*, lock_id: int) -> PeriodLock:
    return PeriodLock.objects.get(pk=lock_id)


def reporting_span(period: Period) -> tuple[dt.date, dt.date]:
    """An 'as of' figure belongs to the month of its date; other periods to their whole span."""
    if period.type == PeriodType.AS_OF:
        return period.end, period.end
    return period.start, period.end


def active_lock(period: Period) -> PeriodLock | None:
    """The active lock whose period contains this one (a fiscal-year lock holds all its values)."""
    start, end = reporting_span(period)
    return (
        PeriodLock.objects.filter(reopened_at__isnull=True)
        .filter(
            Q(period_type=PeriodType.FISCAL_YEAR, fiscal_year=period.fiscal_year)
            | Q(period_start__lte=start, period_end__gte=end)
        )
        .order_by("period_start")
        .first()
    )
