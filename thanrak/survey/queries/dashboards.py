"""Reads for the dashboards: map values and external sources' figures."""

from typing import Any

from django.db.models import Q
from django.db.models.functions import Length

from thanrak.accounts.models import User
from thanrak.accounts.scope import scope_of
from thanrak.geo.models import District, Province, Subdistrict, Village
from thanrak.survey.models import ExternalAreaStat, RunArea, TargetingRun
from thanrak.survey.queries.rounds import _child_length


def map_values(
    *, viewer: User, run: TargetingRun | None, level: int, measure: str, source: str = ""
) -> dict[str, dict[str, Any]]:
    """Values per province (2) or district (4) for a choropleth: a run's figures or an external source's."""
    scope = scope_of(viewer)
    out: dict[str, dict[str, Any]] = {}
    if source:
        rows = (
            ExternalAreaStat.objects.filter(source=source)
            .annotate(code_len=Length("area_code"))
            .filter(code_len=level)
            .filter(scope.area_q("area_code") if not scope.everything else Q())
        )
        for r in rows:
            value = {
                "target_rate": 100.0 * r.target_poor / r.persons if r.persons else 0.0,
                "poor_rate": 100.0 * r.poor_persons / r.persons if r.persons else 0.0,
            }
            out[r.area_code] = {
                "value": value.get(measure, value["target_rate"]),
                "persons": r.persons,
                "poor": r.poor_persons,
                "target": r.target_poor,
            }
        return out
    if run is None:
        return out
    rows = (
        RunArea.objects.filter(run=run, subgroup="all")
        .annotate(code_len=Length("area_code"))
        .filter(code_len=level)
    )
    if not scope.everything:
        rows = rows.filter(
            Q(scope.area_q("area_code")) | Q(area_code__in=[c[:level] for c in scope.area_codes])
        )
    for r in rows:
        value = {
            "h": 100 * r.h,
            "m0": r.m0,
            "target_rate": 100.0 * r.target_poor / r.persons if r.persons else 0.0,
        }
        out[r.area_code] = {
            "value": value.get(measure, value["h"]),
            "persons": r.persons,
            "poor": r.poor_persons,
            "target": r.target_poor,
        }
    return out


def external_sources() -> list[str]:
    return list(ExternalAreaStat.objects.values_list("source", flat=True).distinct().order_by("source"))


def external_totals(
    *, viewer: User, source: str, area_code: str = ""
) -> tuple[ExternalAreaStat | None, list[ExternalAreaStat], list[ExternalAreaStat]]:
    """An external source's totals for an area, its children, and the codes that match no area today."""
    scope = scope_of(viewer)
    base = ExternalAreaStat.objects.filter(source=source)
    if not scope.everything:
        base = base.filter(
            scope.area_q("area_code")
            | Q(area_code__in=[c[:n] for c in scope.area_codes for n in (2, 4) if n <= len(c)])
        )
    top = base.filter(area_code=area_code).first()
    width = _child_length(area_code)
    children = list(
        base.filter(area_code__startswith=area_code)
        .annotate(code_len=Length("area_code"))
        .filter(code_len=width)
        .order_by("area_code")
    )
    unmatched = list(base.filter(matched=False, area_code__startswith=area_code).order_by("area_code")[:200])
    return top, children, unmatched


def area_exists(code: str) -> bool:
    model = {2: Province, 4: District, 6: Subdistrict, 8: Village}.get(len(code))
    return bool(model and model.objects.filter(code=code).exists())
