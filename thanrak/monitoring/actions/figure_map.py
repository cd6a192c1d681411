"""The figure map: loading monitoring/data/figure_map.csv onto the seed's figures and indicators,
and the national manager changing one row (audit-logged)."""

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.actions import audit_record
from thanrak.accounts.models import AuditEvent, User
from thanrak.accounts.scope import scope_of
from thanrak.monitoring import figure_map
from thanrak.monitoring.actions.errors import CannotChangeProgramme
from thanrak.monitoring.figure_map import MapError, MapRow, base_indicators
from thanrak.monitoring.models import (
    FigureMapping,
    FigureRole,
    Indicator,
    MappingStatus,
    Programme,
    PublishedFigure,
    Value,
    ValueSource,
)

DERIVED_ROLES = (FigureRole.CALLOUT, FigureRole.SHARE, FigureRole.PERCENT_OF_TARGET)


@dataclass
class MapLoad:
    rows: int = 0
    written: int = 0
    kept: int = 0  # rows a person changed on the page, which a reload keeps
    indicators: int = 0


def _known() -> dict[str, Any]:
    from thanrak.geo.models import Province

    return {
        "programme_codes": set(Programme.objects.values_list("code", flat=True)),
        "province_codes": set(Province.objects.values_list("code", flat=True)),
    }


def _seed_figures() -> list[dict[str, str]]:
    from thanrak.monitoring.seed import seed_path

    with seed_path().open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@transaction.atomic
def figure_map_load(*, by: User, at: dt.datetime, path: Path | None = None, document: str = "") -> MapLoad:
    """Load the figure map onto the published figures (after the seed) and their indicators.
    Rows the national manager changed on the page are kept."""
    from thanrak.monitoring.seed import DOCUMENT

    if not scope_of(by).everything:
        raise CannotChangeProgramme(
            _("Only the centre maps the report's figures."), code="centre_maps_figures"
        )
    rows = figure_map.read(path)
    figure_map.check(rows, _seed_figures(), **_known())
    published = {f.row: f for f in PublishedFigure.objects.filter(document=document or DOCUMENT)}
    result = MapLoad(rows=len(rows))
    for r in rows:
        fig = published.get(r.row)
        if fig is None:
            raise MapError(f"row {r.row}: load the published report first (manage.py monitoring_load_seed)")
        existing = FigureMapping.objects.filter(figure=fig).first()
        if existing is not None and existing.changed_by_id:
            result.kept += 1
            continue
        FigureMapping.objects.update_or_create(figure=fig, defaults=_fields(r))
        result.written += 1
    indicators = Indicator.objects.filter(published_figures__document=document or DOCUMENT).distinct()
    for ind in indicators:
        result.indicators += _apply(ind)
    _check_derived(document or DOCUMENT)
    return result


def _fields(r: MapRow) -> dict[str, Any]:
    return {
        "status": r.status,
        "computation": r.computation,
        "parameters": dict(r.parameters),
        "aggregate": (r.aggregate or "sum") if r.computation else "",
        "area_code": r.area,
        "source": r.source,
        "note": r.note,
        "source_th": r.source_th,
        "note_th": r.note_th,
    }


def _apply(indicator: Indicator) -> int:
    """Give the indicator the computation its achieved figures are mapped to (or none); 1 if changed."""
    mappings = list(
        FigureMapping.objects.filter(figure__indicator=indicator, figure__role=FigureRole.VALUE).order_by(
            "figure__row"
        )
    )
    chosen = [m for m in mappings if m.status == MappingStatus.COMPUTED and m.computation]
    shapes = {(m.computation, figure_map.format_parameters(m.parameters), m.aggregate) for m in chosen}
    if len(shapes) > 1:
        rows = ", ".join(str(m.figure.row) for m in chosen)
        raise MapError(f"rows {rows} share indicator {indicator.code} but are mapped differently")
    if chosen:
        first = chosen[0]
        _check_unit(first, indicator)
        areas = {m.area_code for m in chosen}
        new = (
            first.computation,
            dict(first.parameters),
            first.aggregate,
            areas.pop() if len(areas) == 1 else "",
        )
    else:
        new = ("", {}, "sum", "")
    old = (
        indicator.computation,
        indicator.computation_params,
        indicator.computation_aggregate,
        indicator.computation_area,
    )
    if old == new:
        return 0
    (
        indicator.computation,
        indicator.computation_params,
        indicator.computation_aggregate,
        indicator.computation_area,
    ) = new
    indicator.save(
        update_fields=["computation", "computation_params", "computation_aggregate", "computation_area"]
    )
    # Values an earlier mapping computed are recomputed at the next refresh (locked periods keep theirs).
    Value.objects.filter(indicator=indicator, source=ValueSource.COMPUTED).update(computation_version=0)
    return 1


def _check_unit(m: FigureMapping, indicator: Indicator) -> None:
    from thanrak.monitoring import computed

    spec = computed.get(m.computation)
    counts_money = spec.unit == "BAHT" and (m.aggregate or "sum") == "sum"
    if counts_money != indicator.is_money:
        raise MapError(
            f"row {m.figure.row}: {m.computation} counts {spec.unit} but the figure is "
            f"{'money' if indicator.is_money else 'not money'}"
        )
    if not indicator.is_money and indicator.decimals:
        raise MapError(f"row {m.figure.row}: a computation answers whole numbers; the figure has decimals")


def _check_derived(document: str) -> None:
    for m in FigureMapping.objects.filter(
        figure__document=document, status=MappingStatus.COMPUTED, computation=""
    ).select_related("figure__indicator__numerator", "figure__indicator__denominator"):
        if m.figure.role not in DERIVED_ROLES:
            raise MapError(
                f"row {m.figure.row}: only a call-out, a share or a percentage leaves the computation blank"
            )
        if not all(i.computation for i in base_indicators(m.figure)):
            raise MapError(f"row {m.figure.row}: the figures it is made of are not all computed")


@transaction.atomic
def figure_mapping_change(
    *,
    mapping: FigureMapping,
    by: User,
    at: dt.datetime,
    status: str,
    computation: str = "",
    parameters: str = "",
    aggregate: str = "",
    area_code: str = "",
    source: str = "",
    note: str = "",
    source_th: str = "",
    note_th: str = "",
) -> FigureMapping:
    """The national manager changes how one figure is answered; audit-logged, applied to its indicator."""
    if not scope_of(by).everything:
        raise CannotChangeProgramme(
            _("Only the centre maps the report's figures."), code="centre_maps_figures"
        )
    mapping = FigureMapping.objects.select_for_update().select_related("figure").get(pk=mapping.pk)
    try:
        params = figure_map.parse_parameters(parameters)
        row = MapRow(
            row=mapping.figure.row,
            section=mapping.figure.section,
            indicator_en="",
            status=status,
            computation=computation.strip(),
            parameters=params,
            aggregate=aggregate.strip(),
            area=area_code.strip(),
            source=source.strip(),
            note=note.strip(),
            source_th=source_th.strip(),
            note_th=note_th.strip(),
        )
        figure_map.check_row(row, **_known())
    except MapError as exc:
        raise CannotChangeProgramme(
            _("This mapping cannot be used: %(reason)s"),
            code="figure_mapping_invalid",
            params={"reason": str(exc)},
        ) from exc
    before = _snapshot(mapping)
    for key, value in _fields(row).items():
        setattr(mapping, key, value)
    mapping.changed_by, mapping.changed_at = by, at
    mapping.save()
    try:
        _apply(mapping.figure.indicator)
    except MapError as exc:
        raise CannotChangeProgramme(
            _("This mapping cannot be used: %(reason)s"),
            code="figure_mapping_invalid",
            params={"reason": str(exc)},
        ) from exc
    audit_record(
        by=by,
        event=AuditEvent.CHANGE,
        at=at,
        object_type="monitoring.figuremapping",
        object_id=str(mapping.pk),
        detail={"row": mapping.figure.row, "before": before, "after": _snapshot(mapping)},
    )
    return mapping


def _snapshot(m: FigureMapping) -> dict[str, Any]:
    return {
        "status": m.status,
        "computation": m.computation,
        "parameters": figure_map.format_parameters(m.parameters),
        "aggregate": m.aggregate,
        "area": m.area_code,
        "source": m.source,
        "note": m.note,
        "source_th": m.source_th,
        "note_th": m.note_th,
    }
