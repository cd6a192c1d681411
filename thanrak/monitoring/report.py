"""The policy report: "ผลการดำเนินงานตามนโยบายข้อ ๗" for a fiscal year, as HTML or PDF.

It follows the policy's numbering (๗.๑ → ๗.๑.๑ → the results sections ๑.๑.๑ …), prints Thai
digits, money in ล้านบาท with two decimals, ร้อยละ of the target with two decimals rounded half
up (above 100 too), and "ไม่มีข้อมูล" wherever a figure or a target is missing. Only approved
values count. Charts are SVG drawn here, so the PDF needs no browser.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from thanrak.core.thai import format_datetime, to_thai_digits
from thanrak.monitoring import queries, rollups, svg
from thanrak.monitoring.formatting import format_percent
from thanrak.monitoring.models import Indicator, PolicyItem, Programme
from thanrak.monitoring.queries import Line


@dataclass
class ProgrammeBlock:
    programme: Programme
    number: str
    lines: list[Line]
    rows: list["ReportRow"] = field(default_factory=list)


@dataclass
class PolicyBlock:
    item: PolicyItem
    number: str  # the results section ("๑.๑") …
    policy_number: str  # … and the policy item it reports on ("๗.๑.๑")
    children: list["PolicyBlock"] = field(default_factory=list)
    programmes: list[ProgrammeBlock] = field(default_factory=list)

    @property
    def depth(self) -> int:
        return self.item.depth


@dataclass
class Report:
    fiscal_year: int
    area_code: str
    area_name: str
    generated_at: dt.datetime
    computed_at: dt.datetime | None
    blocks: list[PolicyBlock]
    summary: dict[str, int]
    charts: list[tuple[str, str]]
    disagreements: list[Line]
    thai_digits: bool
    lang: str
    sources: dict[int, Any] = field(default_factory=dict)  # indicator → its figure's mapping (typed source)
    links: bool = True  # the HTML links each computed figure to its rows and definition; the PDF does not

    def digits(self, text: object) -> str:
        return to_thai_digits(text) if self.thai_digits else str(text)


class ReportRow:
    """A line of the report with every cell already formatted (Thai digits, units, periods)."""

    def __init__(self, line: Line, report: "Report"):
        kw = {"thai_digits": report.thai_digits, "lang": report.lang}
        self.line = line
        ind = line.indicator
        self.name = ind.name
        self.unit = ind.unit_word(report.lang)
        self.previous = line.previous_text(**kw)
        self.target = line.target_text(**kw)
        self.achieved = line.achieved_text(**kw)
        qualifier = _qualifier(line, report.lang)
        if qualifier and line.has_data:
            self.achieved = f"{qualifier} {self.achieved}"
        self.parts = line.parts_text(**kw)
        self.percent = line.percent_text(**kw)
        self.status = line.status
        self.periods = [report.digits(p) for p in line.period_labels]
        self.has_data = line.has_data
        self.origin = _origin(ind, report)


@dataclass
class Origin:
    """Where a figure comes from: a computation over records (its name, version and the link to the
    rows it counts) or a typed value (with the agency it comes from, when the figure map names it)."""

    computed: bool
    computation: str = ""
    version: int = 0
    rows_url: str = ""
    definition_url: str = ""
    source: str = ""


def _origin(ind: Indicator, report: "Report") -> Origin:
    from django.urls import reverse
    from django.utils.http import urlencode

    from thanrak.monitoring import computed

    if ind.is_derived:
        parts = [ind.numerator, ind.denominator]
        if all(p is not None and p.computation for p in parts):
            return Origin(True, " / ".join(p.computation for p in parts))
        return Origin(False)
    if not ind.computation:
        mapping = report.sources.get(ind.pk)
        return Origin(False, source=mapping.source_in(report.lang) if mapping is not None else "")
    spec = computed.registry().get(ind.computation)
    query = urlencode({"fy": report.fiscal_year, "area": report.area_code})
    return Origin(
        True,
        ind.computation,
        spec.version if spec else 0,
        f"{reverse('monitoring:indicator-rows', args=[ind.pk])}?{query}",
        reverse("monitoring:computation", args=[ind.computation]),
    )


def _qualifier(line: Line, lang: str) -> str:
    """'กว่า' when every value behind the figure was printed as a lower bound, 'แห่งละ' per unit."""
    from thanrak.monitoring.models import QUALIFIER_TH

    if len(line.qualifiers) != 1 or line.indicator.is_derived:
        return ""
    q = next(iter(line.qualifiers))
    if not q:
        return ""
    return QUALIFIER_TH[q] if lang.startswith("th") else {"MORE_THAN": "more than", "EACH": "each"}[q]


def recompute(*, fiscal_year: int, today: dt.date, clock: Any, by: Any = None) -> list[Any]:
    """Recompute every computed indicator for a fiscal year from the records as they were at the end
    of each of its months (up to `today`): stocks as of the month's end, flows over the month.
    Locked months keep their values."""
    from thanrak.monitoring import actions

    return actions.computations_refresh_all(fiscal_years=[fiscal_year], on=today, clock=clock, by=by)


def build(
    *,
    fiscal_year: int,
    area_code: str = "",
    at: dt.datetime,
    viewer: Any = None,
    thai_digits: bool = True,
    lang: str = "th",
    reader: rollups.Reader | None = None,
) -> Report:
    """Gather the report's figures (approved values only) for an area ('' = the country)."""
    if viewer is not None:
        area_code = queries.ensure_area(viewer, area_code)
    with translation.override(lang):
        reader = reader or rollups.reader(
            area_prefix=area_code, fiscal_years=[fiscal_year - 1, fiscal_year], approved_only=True
        )
        indicators = list(
            Indicator.objects.filter(is_active=True)
            .select_related("programme__policy_item", "programme__owner_agency", "numerator", "denominator")
            .order_by("programme__sort_key", "sort_order", "id")
        )
        lines = queries.lines_for(reader, indicators, area_code=area_code, fiscal_year=fiscal_year)
        lines = [
            ln
            for ln in lines
            if ln.has_data
            or ln.previous is not None
            or ln.previous_ratio is not None
            or ln.target is not None
        ]
        queries.attach_sources(lines, viewer=None, approved_only=True)
        by_programme: dict[int, list[Line]] = {}
        for ln in lines:
            by_programme.setdefault(ln.indicator.programme_id, []).append(ln)
        report = Report(
            fiscal_year=fiscal_year,
            area_code=area_code,
            area_name=queries.area_name(area_code, lang),
            generated_at=at,
            computed_at=reader.computed_at,
            blocks=[],
            summary={},
            charts=[],
            disagreements=[ln for ln in lines if ln.disagrees],
            thai_digits=thai_digits,
            lang=lang,
            sources=queries.typed_sources([ln.indicator for ln in lines]),
        )
        report.blocks = _blocks(report, by_programme)
        report.summary = _summary(lines)
        report.charts = _charts(report, lines)
        return report


def _blocks(report: Report, by_programme: dict[int, list[Line]]) -> list[PolicyBlock]:
    items = list(PolicyItem.objects.order_by("sort_key"))
    programmes = list(
        Programme.objects.select_related("owner_agency", "policy_item").order_by("sort_key", "id")
    )
    blocks: dict[int, PolicyBlock] = {}
    roots: list[PolicyBlock] = []
    for item in items:
        block = PolicyBlock(item, report.digits(item.result_number), report.digits(item.code))
        blocks[item.pk] = block
        if item.parent_id and item.parent_id in blocks:
            blocks[item.parent_id].children.append(block)
        else:
            roots.append(block)
    for p in programmes:
        lines = by_programme.get(p.pk, [])
        if not lines:
            continue
        block = ProgrammeBlock(p, report.digits(p.section), lines, [ReportRow(ln, report) for ln in lines])
        blocks[p.policy_item_id].programmes.append(block)
    # The policy item itself ("7") is the title: the report starts at its children.
    top = roots[0].children if len(roots) == 1 and roots[0].item.code.count(".") == 0 else roots
    return top


def _summary(lines: list[Line]) -> dict[str, int]:
    with_target = [ln for ln in lines if ln.target is not None]
    c = Counter(ln.status for ln in with_target)
    return {
        "indicators": len(lines),
        "with_data": sum(ln.has_data for ln in lines),
        "without_data": sum(not ln.has_data for ln in lines),
        "with_target": len(with_target),
        "reached": c.get("good", 0),
        "close": c.get("warn", 0),
        "behind": c.get("bad", 0),
        "target_no_data": sum(1 for ln in with_target if ln.percent is None),
        "programmes": len({ln.indicator.programme_id for ln in lines}),
    }


def _charts(report: Report, lines: list[Line]) -> list[tuple[str, str]]:
    charts = []
    bars = [
        svg.Bar(
            label=f"{report.digits(ln.indicator.programme.section)} {ln.indicator.name}",
            value=ln.percent,
            text=format_percent(ln.percent, thai_digits=report.thai_digits, lang=report.lang),
            status=ln.status,
        )
        for ln in lines
        if ln.percent is not None
    ]
    if bars:
        title = _("Achieved against target, fiscal year %(fy)s") % {"fy": report.digits(report.fiscal_year)}
        chart = svg.percent_bars(bars[:40], title=title, reference_label=report.digits(100))
        charts.append((title, chart))
    per_item: dict[str, list[int]] = {}
    labels: dict[str, str] = {}
    for ln in lines:
        item = ln.indicator.programme.policy_item
        per_item.setdefault(item.code, [0, 0])[0 if ln.has_data else 1] += 1
        labels[item.code] = f"{report.digits(item.code)} {item.title}"
    if per_item:
        title = _("Indicators with results in %(fy)s, by policy item") % {
            "fy": report.digits(report.fiscal_year)
        }
        stacks = [
            svg.Stack(labels[k], tuple(v))
            for k, v in sorted(per_item.items(), key=lambda kv: [int(x) for x in kv[0].split(".")])
        ]
        chart = svg.stacked_bars(
            stacks, title=title, legend=[_("with results"), _("no data")], number=lambda n: report.digits(n)
        )
        charts.append((title, chart))
    return charts


# --- rendering ---------------------------------------------------------------------------------------


def _font_url(name: str) -> str:
    path = finders.find(f"vendor/fonts/{name}")
    return Path(path).resolve().as_uri() if path else ""


def render_html(report: Report, *, standalone: bool = True) -> str:
    """The report as a complete HTML document (for the PDF and for download)."""
    with translation.override(report.lang):
        context = {
            "report": report,
            "blocks": report.blocks,
            "fy": report.digits(report.fiscal_year),
            "previous_fy": report.digits(report.fiscal_year - 1),
            "generated": report.digits(format_datetime(report.generated_at, lang=report.lang)),
            "computed": report.digits(format_datetime(report.computed_at, lang=report.lang))
            if report.computed_at
            else "",
            "summary": {
                **{k: report.digits(v) for k, v in report.summary.items()},
                "eighty": report.digits(80),
            },
            "font_regular": _font_url("Sarabun_400Regular.ttf"),
            "font_bold": _font_url("Sarabun_700Bold.ttf"),
            "standalone": standalone,
            "disagreements": [ReportRow(ln, report) for ln in report.disagreements],
        }
        return render_to_string("monitoring/report_document.html", context)


def render_pdf(report: Report) -> bytes:
    """The report as PDF: WeasyPrint lays the Thai text out with the vendored Sarabun font."""
    from thanrak.monitoring.pdf import html_to_pdf

    fonts = finders.find("vendor/fonts/OFL.txt")
    report.links = False
    try:
        return html_to_pdf(render_html(report), base_url=str(Path(fonts).parent) if fonts else None)
    finally:
        report.links = True


def percent_number(value: Decimal | None) -> str:
    return format_percent(value, thai_digits=True)
