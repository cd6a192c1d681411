"""Vega-Lite specifications and map data for the dashboards (drawn in the browser by vendored
vega-embed and Leaflet; the PDF report draws its own SVG in svg.py)."""

import json
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings

from thanrak.core.thai import TH_MONTHS_SHORT, be_year
from thanrak.monitoring.queries import ChildRow, Line

PALETTE = ["#f7fcf5", "#c7e9c0", "#74c476", "#31a354", "#006d2c"]
STATUS_COLOURS = {"good": "#2e7d32", "warn": "#f9a825", "bad": "#c62828", "": "#90a4ae"}
FONT = "Sarabun"


def _base(title: str) -> dict[str, Any]:
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": title,
        "width": "container",
        "config": {"font": FONT, "view": {"stroke": None}},
    }


def percent_of_target(
    lines: list[Line], *, title: str, label_pct: str, label_indicator: str
) -> dict[str, Any] | None:
    """Bars of achieved ÷ target per indicator, a rule at 100 % (bars above 100 are not cut)."""
    rows = [
        {
            "indicator": f"{ln.indicator.code} {ln.indicator.name}"[:60],
            "percent": float(ln.percent),
            "status": ln.status,
            "text": str(ln.percent),
        }
        for ln in lines
        if ln.percent is not None
    ]
    if not rows:
        return None
    spec = _base(title)
    spec.update(
        {
            "height": {"step": 22},
            "data": {"values": rows},
            "layer": [
                {
                    "mark": {"type": "bar"},
                    "encoding": {
                        "y": {
                            "field": "indicator",
                            "type": "nominal",
                            "sort": None,
                            "title": label_indicator,
                            "axis": {"labelLimit": 130},
                        },
                        "x": {"field": "percent", "type": "quantitative", "title": label_pct},
                        "color": {
                            "field": "status",
                            "type": "nominal",
                            "legend": None,
                            "scale": {"domain": list(STATUS_COLOURS), "range": list(STATUS_COLOURS.values())},
                        },
                        "tooltip": [{"field": "indicator"}, {"field": "text", "title": label_pct}],
                    },
                },
                {"mark": {"type": "rule", "strokeDash": [4, 3]}, "encoding": {"x": {"datum": 100}}},
            ],
        }
    )
    return spec


def _shown(indicator: Any, stored: int) -> float:
    """A stored integer in the unit the page prints (millions when the indicator prints millions)."""
    amount = indicator.from_storage(stored)
    return float(amount / 1_000_000 if indicator.display_millions else amount)


def _value_axis(indicator: Any) -> dict[str, Any]:
    """Whole counts (households, persons …) tick in whole numbers: never a 0.5 household."""
    if indicator.scale == 0 and not indicator.display_millions and not indicator.is_derived:
        return {"tickMinStep": 1, "format": ",d"}
    return {}


def trend(
    indicator_unit: str, lines: list[Line], *, title: str, achieved: str, target: str, year: str
) -> dict[str, Any] | None:
    """Achieved and target per fiscal year (five years)."""
    rows = []
    for ln in lines:
        if ln.indicator.is_derived:
            if ln.ratio is not None:
                rows.append({"year": str(ln.fiscal_year), "series": achieved, "value": float(ln.ratio)})
        elif ln.achieved is not None:
            rows.append(
                {
                    "year": str(ln.fiscal_year),
                    "series": achieved,
                    "value": float(ln.indicator.from_storage(ln.achieved)),
                }
            )
        if ln.target is not None:
            rows.append(
                {
                    "year": str(ln.fiscal_year),
                    "series": target,
                    "value": float(ln.indicator.from_storage(ln.target)),
                }
            )
    if not rows:
        return None
    spec = _base(title)
    spec.update(
        {
            "height": 220,
            "data": {"values": rows},
            "mark": {"type": "bar"},
            "encoding": {
                "x": {"field": "year", "type": "ordinal", "title": year},
                "xOffset": {"field": "series"},
                "y": {
                    "field": "value",
                    "type": "quantitative",
                    "title": indicator_unit,
                    "axis": _value_axis(lines[0].indicator),
                },
                "color": {
                    "field": "series",
                    "type": "nominal",
                    "title": None,
                    "scale": {"range": ["#1f6f43", "#b0bec5"]},
                },
                "tooltip": [{"field": "year"}, {"field": "series"}, {"field": "value", "format": ",.2f"}],
            },
        }
    )
    return spec


def monthly(
    indicator: Any, points: list[tuple[Any, int]], *, title: str, month: str, cumulative: str, lang: str
) -> dict[str, Any] | None:
    """Month by month (and, for flows, the running total) within a fiscal year."""
    if not points:
        return None
    rows, total = [], 0.0
    for end, stored in points:
        value = _shown(indicator, stored)
        total += value
        label = (
            f"{TH_MONTHS_SHORT[end.month - 1]} {be_year(end.year) % 100:02d}"
            if lang.startswith("th")
            else end.strftime("%b %y")
        )
        rows.append(
            {"month": label, "order": end.isoformat(), "value": float(value), "cumulative": float(total)}
        )
    spec = _base(title)
    layers: list[dict[str, Any]] = [
        {
            "mark": {"type": "bar", "color": "#74c476"},
            "encoding": {
                "x": {"field": "month", "type": "ordinal", "sort": {"field": "order"}, "title": month},
                "y": {
                    "field": "value",
                    "type": "quantitative",
                    "title": indicator.unit_word(lang),
                    "axis": _value_axis(indicator),
                },
                "tooltip": [{"field": "month"}, {"field": "value", "format": ",.2f"}],
            },
        }
    ]
    if indicator.temporal == "FLOW":
        layers.append(
            {
                "mark": {"type": "line", "point": True, "color": "#1f6f43"},
                "encoding": {
                    "x": {"field": "month", "type": "ordinal", "sort": {"field": "order"}},
                    "y": {
                        "field": "cumulative",
                        "type": "quantitative",
                        "title": cumulative,
                        "axis": _value_axis(indicator),
                    },
                    "tooltip": [
                        {"field": "month"},
                        {"field": "cumulative", "format": ",.2f", "title": cumulative},
                    ],
                },
            }
        )
    spec.update({"height": 220, "data": {"values": rows}, "layer": layers})
    if len(layers) > 1:
        spec["resolve"] = {"scale": {"y": "independent"}}
    return spec


# --- maps -----------------------------------------------------------------------------------------


@cache
def _shapes(level: str) -> dict[str, dict[str, Any]]:
    """Province (adm1) or district (adm2) shapes keyed by DOPA code (data/geo, 2019 boundaries)."""
    name, key = (
        ("th_adm1.geojson", "ADM1_PCODE") if level == "province" else ("th_adm2.geojson", "ADM2_PCODE")
    )
    path = Path(settings.REFERENCE_DATA_DIR) / "geo" / name
    doc = json.loads(path.read_text(encoding="utf-8"))
    shapes = {}
    for feature in doc["features"]:
        code = str(feature["properties"].get(key, "")).removeprefix("TH")
        if code:
            shapes[code] = feature
    return shapes


def shapes_for(parent: str) -> dict[str, dict[str, Any]]:
    """The shapes of the areas directly below `parent` ('' → provinces, a province → its districts)."""
    if parent == "":
        return _shapes("province")
    if len(parent) == 2:
        return {c: f for c, f in _shapes("district").items() if c.startswith(parent)}
    return {}


def feature_collection(parent: str, names: dict[str, str]) -> dict[str, Any]:
    features = []
    for code, f in sorted(shapes_for(parent).items()):
        features.append(
            {
                "type": "Feature",
                "geometry": f["geometry"],
                "properties": {"code": code, "name": names.get(code, code)},
            }
        )
    return {"type": "FeatureCollection", "features": features}


def map_data(
    parent: str, children: list[ChildRow], *, known: set[str], thai_digits: bool = False, lang: str = "th"
) -> dict[str, Any]:
    """Colours per child area (by % of target when targets exist, else by value in five classes)
    and what could not be matched: figures of areas without a shape, and shapes (2019
    boundaries) whose code is not an area Thanrak knows."""
    shapes = shapes_for(parent)
    by_pct = any(c.line.percent is not None for c in children)
    numbers = []
    for c in children:
        if by_pct:
            numbers.append(c.line.percent)
        elif c.line.indicator.is_derived:
            numbers.append(c.line.ratio)
        else:
            numbers.append(c.line.achieved)
    present = sorted(float(n) for n in numbers if n is not None)
    areas = {}
    for c, n in zip(children, numbers, strict=True):
        if by_pct:
            colour = STATUS_COLOURS[c.line.status] if n is not None else "#eceff1"
        else:
            colour = _quantile_colour(float(n), present) if n is not None else "#eceff1"
        areas[c.area_code] = {
            "name": c.name,
            "colour": colour,
            "achieved": c.line.achieved_text(thai_digits=thai_digits, lang=lang),
            "target": c.line.target_text(thai_digits=thai_digits, lang=lang),
            "percent": c.line.percent_text(thai_digits=thai_digits, lang=lang),
        }
    return {
        "areas": areas,
        "by": "percent" if by_pct else "value",
        "unmatched_figures": sorted(code for code in areas if code not in shapes),
        "unmatched_shapes": sorted(code for code in shapes if code not in known),
        "has_shapes": bool(shapes),
    }


def _quantile_colour(value: float, present: list[float]) -> str:
    if len(present) <= 1 or present[0] == present[-1]:
        return PALETTE[3]
    rank = sum(1 for p in present if p <= value) - 1
    return PALETTE[min(len(PALETTE) - 1, rank * len(PALETTE) // len(present))]
