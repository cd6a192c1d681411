"""The home panel and the entry form's rows."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet

from thanrak.accounts.models import User
from thanrak.core.fiscal import FiscalYear
from thanrak.monitoring import periods
from thanrak.monitoring.models import (
    Indicator,
    PeriodLock,
    PolicyItem,
    Programme,
    Value,
    ValueStatus,
)
from thanrak.monitoring.queries.areas import area_name, default_area, ensure_area


@dataclass
class PanelData:
    area_code: str
    area_name: str
    fiscal_year: int
    drafts: int
    submitted: int
    locked_periods: int


def panel(*, viewer: User, today: dt.date) -> PanelData | None:
    area = default_area(viewer)
    if area == "-":
        return None
    fy = FiscalYear.of(today).year_be
    values = Value.objects.visible_to(viewer).filter(area_code__startswith=area, fiscal_year=fy)
    by_status = dict(values.values_list("status").annotate(n=Count("id")).order_by())
    return PanelData(
        area_code=area,
        area_name=area_name(area),
        fiscal_year=fy,
        drafts=by_status.get(ValueStatus.DRAFT, 0),
        submitted=by_status.get(ValueStatus.SUBMITTED, 0),
        locked_periods=PeriodLock.objects.filter(reopened_at__isnull=True, fiscal_year=fy).count(),
    )


def entry_rows(
    *, viewer: User, indicator: Indicator, area_code: str, period: str
) -> list[tuple[str, str, Value | None]]:
    """The areas directly below `area_code` (a district's subdistricts …) with their current value."""
    from thanrak.geo.queries import area_children

    area_code = ensure_area(viewer, area_code)
    p = periods.parse(period)
    children = [(a.code, a.name) for a in area_children(code=area_code)] if len(area_code) < 8 else []
    if not children:
        children = [(area_code, area_name(area_code))]
    existing = {
        v.area_code: v
        for v in Value.objects.filter(
            indicator=indicator,
            period=p.code,
            fiscal_year=p.fiscal_year,
            area_code__in=[c for c, _n in children],
        )
    }
    return [(code, name, existing.get(code)) for code, name in children]


def prefetch_programmes() -> QuerySet[PolicyItem]:
    """The policy tree with programmes and their indicators, for the programmes page and report."""
    return PolicyItem.objects.prefetch_related(
        Prefetch(
            "programmes", queryset=Programme.objects.select_related("owner_agency").order_by("sort_key", "id")
        ),
        Prefetch(
            "programmes__indicators",
            queryset=Indicator.objects.filter(is_active=True).order_by("sort_order", "id"),
        ),
    ).order_by("sort_key")
