"""The figure map and the report's coverage: which figures Thanrak computes from its records, which
stay typed, which are not mapped yet; and the records behind a computed figure."""

import csv
import datetime as dt
from dataclasses import dataclass
from typing import Any

from thanrak.monitoring import computed, figure_map, periods
from thanrak.monitoring.figure_map import MapRow
from thanrak.monitoring.models import FigureMapping, Indicator, PolicyItem, PublishedFigure, Temporal


def _document(document: str) -> str:
    from thanrak.monitoring.seed import DOCUMENT

    return document or DOCUMENT


@dataclass
class CoverageRow:
    section: str
    title: str
    computed: int = 0
    typed: int = 0
    unmapped: int = 0

    @property
    def total(self) -> int:
        return self.computed + self.typed + self.unmapped


def figure_mappings(*, document: str = "") -> list[FigureMapping]:
    return list(
        FigureMapping.objects.filter(figure__document=_document(document))
        .select_related(
            "figure__indicator__programme__policy_item",
            "figure__indicator__numerator",
            "figure__indicator__denominator",
            "changed_by",
        )
        .order_by("figure__row")
    )


def mapping_get(*, mapping_id: int) -> FigureMapping:
    return FigureMapping.objects.select_related("figure__indicator", "changed_by").get(pk=mapping_id)


def coverage(*, document: str = "") -> list[CoverageRow]:
    """Per results section of the report (1.1 … 3): figures computed, typed and not yet mapped.
    A figure without a mapping counts as not yet mapped."""
    doc = _document(document)
    titles = {p.result_number: p.title for p in PolicyItem.objects.exclude(result_number="")}
    mapped = {m.figure_id: m for m in figure_mappings(document=doc)}
    rows: dict[str, CoverageRow] = {}
    figures = PublishedFigure.objects.filter(document=doc).select_related("indicator__programme__policy_item")
    for fig in figures.order_by("row"):
        section = fig.indicator.programme.policy_item.result_number
        row = rows.setdefault(section, CoverageRow(section, titles.get(section, "")))
        m = mapped.get(fig.pk)
        status = figure_map.effective_status(m) if m else "unmapped"
        setattr(row, status, getattr(row, status) + 1)
    return sorted(rows.values(), key=lambda r: [int(x) for x in r.section.split(".")])


def mapping_rows(mappings: list[FigureMapping]) -> list[MapRow]:
    """The mappings as rows of the file (the CSV download reads back as the file it came from)."""
    from thanrak.monitoring.seed import seed_path

    with seed_path().open(encoding="utf-8", newline="") as fh:
        english = {line: d["indicator_en"] for line, d in enumerate(csv.DictReader(fh), start=2)}
    return [
        MapRow(
            row=m.figure.row,
            section=m.figure.section,
            indicator_en=english.get(m.figure.row, ""),
            status=m.status,
            computation=m.computation,
            parameters=dict(m.parameters),
            aggregate=m.aggregate,
            area=m.area_code,
            source=m.source,
            note=m.note,
            source_th=m.source_th,
            note_th=m.note_th,
        )
        for m in mappings
    ]


def typed_sources(indicators: list[Indicator], *, document: str = "") -> dict[int, FigureMapping]:
    """For each indicator, the mapping of its achieved figure (its source when it stays typed)."""
    out: dict[int, FigureMapping] = {}
    for m in FigureMapping.objects.filter(
        figure__document=_document(document), figure__indicator__in=indicators, figure__role="VALUE"
    ).order_by("figure__row"):
        out.setdefault(m.figure.indicator_id, m)
    return out


def computation_window(indicator: Indicator, fiscal_year: int, today: dt.date) -> tuple[dt.date, dt.date]:
    """The dates a computed figure of a fiscal year covers: the fiscal year up to its end (or
    today), from its first day (flows add up the year; stocks count as of the end)."""
    fy = periods.fiscal_year(fiscal_year)
    return fy.start, min(fy.end, today)


@dataclass
class FigureRows:
    indicator: Indicator
    spec: computed.Computation
    start: dt.date
    end: dt.date
    area_code: str
    rows: Any  # a QuerySet scoped to the viewer, or None when the computation names no rows
    temporal: str

    @property
    def is_stock(self) -> bool:
        return self.temporal == Temporal.STOCK


def figure_rows(
    *, viewer: Any, indicator: Indicator, fiscal_year: int, area_code: str, today: dt.date, limit: int = 500
) -> FigureRows:
    """The records a computed figure counts, scoped to the viewer (their own areas only)."""
    spec = computed.get(indicator.computation)
    start, end = computation_window(indicator, fiscal_year, today)
    area = indicator.computation_area if indicator.computation_area.startswith(area_code) else area_code
    rows = spec.rows_for(
        viewer=viewer, start=start, end=end, area_code=area, params=indicator.computation_params or {}
    )
    return FigureRows(
        indicator, spec, start, end, area, rows[:limit] if rows is not None else None, spec.temporal
    )
