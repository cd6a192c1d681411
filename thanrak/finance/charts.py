"""Vega-Lite specifications for the finance pages (drawn by the vendored vega-embed, no CDN).

Amounts go to the charts in whole baht (rounded half up from satang); tables beside them show satang.
"""

from typing import Any

from thanrak.core.thai import format_date, format_month


def _baht(satang: int) -> int:
    return (satang + 50) // 100 if satang >= 0 else -((-satang + 50) // 100)


def _t(lang: str, th: str, en: str) -> str:
    return en if lang.startswith("en") else th


BASE: dict[str, Any] = {
    "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
    "width": "container",
    "config": {
        "font": "Sarabun",
        "axis": {"labelFontSize": 12, "titleFontSize": 12},
        "legend": {"orient": "bottom"},
    },
}


def buckets_chart(report: Any, *, lang: str) -> dict[str, Any]:
    """Outstanding principal in each aging bucket."""
    values = [
        {
            "bucket": b.bucket.label_en if lang.startswith("en") else b.bucket.label_th,
            "order": b.bucket.position,
            "baht": _baht(b.outstanding_satang),
            "loans": b.loans,
        }
        for b in report.buckets
    ]
    return {
        **BASE,
        "height": 220,
        "data": {"values": values},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "y": {"field": "bucket", "type": "nominal", "sort": {"field": "order"}, "title": None},
            "x": {
                "field": "baht",
                "type": "quantitative",
                "title": _t(lang, "ยอดคงค้าง (บาท)", "Outstanding (baht)"),
            },
            "color": {
                "field": "order",
                "type": "ordinal",
                "legend": None,
                "scale": {"scheme": "yelloworangered"},
            },
            "tooltip": [
                {"field": "bucket", "title": _t(lang, "ชั้น", "Bucket")},
                {"field": "loans", "title": _t(lang, "สัญญา", "Loans")},
                {"field": "baht", "format": ",", "title": _t(lang, "บาท", "Baht")},
            ],
        },
    }


def history_chart(history: list[dict], *, lang: str) -> dict[str, Any] | None:
    """Overdue % of the outstanding principal at each month end recorded."""
    if not history:
        return None
    values = [
        {
            "month": format_date(h["as_of"], lang=lang),
            "label": format_month(h["as_of"].year, h["as_of"].month, lang=lang),  # B.E. in Thai
            "date": h["as_of"].isoformat(),
            "order": h["as_of"].toordinal(),
            "overdue_percent": float(h["overdue_percent"] or 0),
            "outstanding": _baht(h["outstanding"]),
        }
        for h in history
    ]
    return {
        **BASE,
        "height": 220,
        "data": {"values": values},
        "layer": [
            {
                "mark": {"type": "bar", "opacity": 0.35, "tooltip": True},
                "encoding": {
                    "x": {"field": "label", "type": "ordinal", "sort": {"field": "order"}, "title": None},
                    "y": {
                        "field": "outstanding",
                        "type": "quantitative",
                        "title": _t(lang, "ยอดคงค้าง (บาท)", "Outstanding (baht)"),
                    },
                },
            },
            {
                "mark": {"type": "line", "point": True, "color": "#c62828", "tooltip": True},
                "encoding": {
                    "x": {"field": "label", "type": "ordinal", "sort": {"field": "order"}},
                    "y": {
                        "field": "overdue_percent",
                        "type": "quantitative",
                        "title": _t(lang, "ค้างชำระ (%)", "Overdue (%)"),
                    },
                    "tooltip": [
                        {"field": "month", "title": _t(lang, "ณ วันที่", "As of")},
                        {"field": "overdue_percent", "title": "%"},
                        {"field": "outstanding", "format": ",", "title": _t(lang, "ยอดคงค้าง", "Outstanding")},
                    ],
                },
            },
        ],
        "resolve": {"scale": {"y": "independent"}},
    }


def rollup_chart(rows: list[Any], *, lang: str) -> dict[str, Any] | None:
    """Loans outstanding per area, split into not yet due and overdue."""
    if not rows:
        return None
    values = []
    for r in rows:
        for part, satang in (
            (_t(lang, "ยังไม่ถึงกำหนด", "Not yet due"), r.not_yet_due_satang),
            (_t(lang, "ค้างชำระ", "Overdue"), r.overdue_satang),
        ):
            values.append(
                {
                    "area": r.name,
                    "part": part,
                    "baht": _baht(satang),
                    "overdue_percent": float(r.overdue_percent or 0),
                }
            )
    return {
        **BASE,
        "height": {"step": 22},
        "data": {"values": values},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": {
            "y": {"field": "area", "type": "nominal", "title": None, "sort": "-x"},
            "x": {
                "field": "baht",
                "type": "quantitative",
                "stack": "zero",
                "title": _t(lang, "เงินกู้คงค้าง (บาท)", "Loans outstanding (baht)"),
            },
            "color": {
                "field": "part",
                "type": "nominal",
                "title": None,
                "scale": {
                    "domain": [_t(lang, "ยังไม่ถึงกำหนด", "Not yet due"), _t(lang, "ค้างชำระ", "Overdue")],
                    "range": ["#1f6f43", "#c62828"],
                },
            },
            "tooltip": [
                {"field": "area", "title": _t(lang, "พื้นที่", "Area")},
                {"field": "part", "title": " "},
                {"field": "baht", "format": ",", "title": _t(lang, "บาท", "Baht")},
                {"field": "overdue_percent", "title": _t(lang, "ค้างชำระ %", "Overdue %")},
            ],
        },
    }
