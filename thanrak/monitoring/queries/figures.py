"""Figures: achieved against target for an area and fiscal year, dashboards and drill-downs."""

import datetime as dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from thanrak.accounts.models import User
from thanrak.monitoring import periods, rollups
from thanrak.monitoring.formatting import format_percent, format_stored, percent_of
from thanrak.monitoring.models import (
    Direction,
    Indicator,
    Value,
    ValueStatus,
)
from thanrak.monitoring.periods import PeriodType
from thanrak.monitoring.queries.areas import area_name, area_names, ensure_area
from thanrak.monitoring.queries.programmes import indicator_list


@dataclass
class Line:
    """One indicator in one area and fiscal year, as dashboards and the report show it."""

    indicator: Indicator
    area_code: str
    fiscal_year: int
    achieved: int | None = None  # stored units (counts, satang); None for ratio indicators
    ratio: Decimal | None = None  # ratio and share indicators: the percentage itself
    numerator: int | None = None
    denominator: int | None = None
    target: int | None = None
    previous: int | None = None
    previous_ratio: Decimal | None = None
    direct: int | None = None
    children: int | None = None
    value_ids: list[int] = field(default_factory=list)
    period_labels: list[str] = field(default_factory=list)
    qualifiers: set[str] = field(default_factory=set)

    @property
    def has_data(self) -> bool:
        return self.achieved is not None or self.ratio is not None

    @property
    def percent(self) -> Decimal | None:
        """Achieved as a percentage of the target, half up to two decimals; None without both."""
        if self.indicator.is_derived:
            if self.ratio is None or self.target is None:
                return None
            return percent_of(self.ratio, self.indicator.from_storage(self.target))
        return percent_of(self.achieved, self.target)

    @property
    def status(self) -> str:
        """'good', 'warn', 'bad' or '' (no target or no data)."""
        pct = self.percent
        if pct is None:
            return ""
        if self.indicator.direction == Direction.DOWN:
            return "good" if pct <= 100 else "warn" if pct <= 120 else "bad"
        return "good" if pct >= 100 else "warn" if pct >= 80 else "bad"

    @property
    def disagrees(self) -> bool:
        return self.direct is not None and self.children is not None and self.direct != self.children

    def achieved_text(self, *, thai_digits: bool = False, lang: str = "th") -> str:
        if self.indicator.is_derived:
            return format_percent(self.ratio, thai_digits=thai_digits, lang=lang)
        return format_stored(self.indicator, self.achieved, thai_digits=thai_digits, lang=lang)

    def previous_text(self, *, thai_digits: bool = False, lang: str = "th") -> str:
        if self.indicator.is_derived:
            return format_percent(self.previous_ratio, thai_digits=thai_digits, lang=lang)
        return format_stored(self.indicator, self.previous, thai_digits=thai_digits, lang=lang)

    def target_text(self, *, thai_digits: bool = False, lang: str = "th") -> str:
        if self.indicator.is_derived and self.target is not None:
            return format_percent(
                self.indicator.from_storage(self.target), thai_digits=thai_digits, lang=lang
            )
        return format_stored(self.indicator, self.target, thai_digits=thai_digits, lang=lang)

    def percent_text(self, *, thai_digits: bool = False, lang: str = "th") -> str:
        return format_percent(self.percent, thai_digits=thai_digits, lang=lang)

    def parts_text(self, *, thai_digits: bool = False, lang: str = "th") -> str:
        """'3,824.50 จาก 4,843.83 ล้านบาท' for a share or ratio."""
        if not self.indicator.is_derived or self.numerator is None or self.denominator is None:
            return ""
        num, den = self.indicator.numerator, self.indicator.denominator
        a = format_stored(num, self.numerator, thai_digits=thai_digits, lang=lang)
        b = format_stored(den, self.denominator, thai_digits=thai_digits, lang=lang)
        joiner = "จาก" if lang.startswith("th") else "of"
        return f"{a} {joiner} {b} {den.unit_word(lang)}"


def _ratio(num: int | None, den: int | None) -> Decimal | None:
    if num is None or den is None or den == 0:
        return None
    return (Decimal(num) * 100 / Decimal(den)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def lines_for(
    reader: rollups.Reader,
    indicators: Sequence[Indicator],
    *,
    area_code: str,
    fiscal_year: int,
    with_previous: bool = True,
) -> list[Line]:
    """One Line per indicator for an area and fiscal year (ratios from their parts)."""
    needed = {i.pk for i in indicators}
    for i in indicators:
        if i.is_derived:
            needed |= {i.numerator_id, i.denominator_id}
    years = [fiscal_year, fiscal_year - 1] if with_previous else [fiscal_year]
    figs = {
        (f.indicator_id, f.fiscal_year): f
        for f in reader.figures(fiscal_years=years, area_codes=[area_code], indicator_ids=sorted(needed))
    }
    lines = []
    for ind in indicators:
        cur, prev = figs.get((ind.pk, fiscal_year)), figs.get((ind.pk, fiscal_year - 1))
        line = Line(indicator=ind, area_code=area_code, fiscal_year=fiscal_year)
        if cur is not None:
            line.achieved, line.target, line.direct, line.children = (
                cur.achieved,
                cur.target,
                cur.direct,
                cur.children,
            )
        if prev is not None:
            line.previous = prev.achieved
        if ind.is_derived:
            n, d = figs.get((ind.numerator_id, fiscal_year)), figs.get((ind.denominator_id, fiscal_year))
            line.numerator = n.achieved if n else None
            line.denominator = d.achieved if d else None
            line.ratio = _ratio(line.numerator, line.denominator)
            pn, pd = (
                figs.get((ind.numerator_id, fiscal_year - 1)),
                figs.get((ind.denominator_id, fiscal_year - 1)),
            )
            line.previous_ratio = _ratio(pn.achieved if pn else None, pd.achieved if pd else None)
            line.achieved = None
        lines.append(line)
    return lines


def attach_sources(lines: Sequence[Line], *, viewer: User | None, approved_only: bool = False) -> None:  # noqa: C901
    """Fill each line with the values recorded for the area itself (the figure's own source)."""
    by_key: dict[tuple[int, str, int], Line] = {}
    for line in lines:
        ids = [line.indicator.pk]
        if line.indicator.is_derived:
            ids = [line.indicator.numerator_id, line.indicator.denominator_id]
        for i in ids:
            by_key[(i, line.area_code, line.fiscal_year)] = line
    if not by_key:
        return
    qs = Value.objects.filter(
        indicator_id__in={k[0] for k in by_key},
        area_code__in={k[1] for k in by_key},
        fiscal_year__in={k[2] for k in by_key},
    )
    if viewer is not None:
        qs = qs.filter(pk__in=Value.objects.visible_to(viewer).values("pk"))
    if approved_only:
        qs = qs.filter(status=ValueStatus.APPROVED)
    for v in qs.order_by("period_end", "pk"):
        line = by_key.get((v.indicator_id, v.area_code, v.fiscal_year))
        if line is None:
            continue
        line.value_ids.append(v.pk)
        line.qualifiers.add(v.qualifier)
        if v.period_type != PeriodType.FISCAL_YEAR:
            label = periods.parse(v.period, fiscal_year=v.fiscal_year).label("th")
            if v.period_type in (PeriodType.MONTH, PeriodType.QUARTER, PeriodType.UNSPECIFIED):
                continue  # months add up to the year; an unstated period has nothing to print
            if label not in line.period_labels:
                line.period_labels.append(label)


def fiscal_years_back(fiscal_year: int, n: int = 5) -> list[int]:
    return list(range(fiscal_year - n + 1, fiscal_year + 1))


@dataclass
class Dashboard:
    area_code: str
    area_name: str
    fiscal_year: int
    lines: list[Line]
    hidden: int
    computed_at: dt.datetime | None
    source: str
    counts: dict[str, int]


def dashboard(
    *, viewer: User, area_code: str, fiscal_year: int, policy_item: str = "", approved_only: bool = False
) -> Dashboard:
    """Every indicator with figures or a target in the area: achieved, target, % and last year."""
    area_code = ensure_area(viewer, area_code)
    indicators = list(indicator_list(viewer=viewer))
    if policy_item:
        indicators = [
            i
            for i in indicators
            if i.programme.policy_item.code == policy_item
            or i.programme.policy_item.code.startswith(policy_item + ".")
        ]
    reader = rollups.reader(
        area_prefix=area_code, fiscal_years=[fiscal_year - 1, fiscal_year], approved_only=approved_only
    )
    lines = lines_for(reader, indicators, area_code=area_code, fiscal_year=fiscal_year)
    shown = [ln for ln in lines if ln.has_data or ln.target is not None or ln.previous is not None]
    counts = Counter(ln.status or ("nodata" if not ln.has_data else "notarget") for ln in shown)
    return Dashboard(
        area_code=area_code,
        area_name=area_name(area_code),
        fiscal_year=fiscal_year,
        lines=shown,
        hidden=len(lines) - len(shown),
        computed_at=reader.computed_at,
        source=reader.source,
        counts=dict(counts),
    )


@dataclass
class ChildRow:
    area_code: str
    name: str
    line: Line
    has_children: bool


@dataclass
class IndicatorView:
    indicator: Indicator
    line: Line
    trend: list[Line]
    children: list[ChildRow]
    child_level: int | None
    monthly: list[tuple[dt.date, int]]
    computed_at: dt.datetime | None
    source: str


def child_length(area_code: str) -> int | None:
    return {0: 2, 2: 4, 4: 6, 6: 8}.get(len(area_code))


def indicator_view(
    *, viewer: User, indicator: Indicator, area_code: str, fiscal_year: int, approved_only: bool = False
) -> IndicatorView:
    """An indicator in an area: its figure, five years of trend, the month by month progress and
    the same figure for each area below (drill-down and map)."""
    area_code = ensure_area(viewer, area_code)
    years = fiscal_years_back(fiscal_year)
    reader = rollups.reader(area_prefix=area_code, fiscal_years=years, approved_only=approved_only)
    trend = [
        lines_for(reader, [indicator], area_code=area_code, fiscal_year=y, with_previous=False)[0]
        for y in years
    ]
    line = lines_for(reader, [indicator], area_code=area_code, fiscal_year=fiscal_year)[0]
    attach_sources([line], viewer=viewer, approved_only=approved_only)
    length = child_length(area_code)
    children: list[ChildRow] = []
    if length is not None:
        ids = [indicator.pk] + (
            [indicator.numerator_id, indicator.denominator_id] if indicator.is_derived else []
        )
        child_codes = sorted(
            {
                f.area_code
                for f in reader.figures(
                    fiscal_years=[fiscal_year], parent=area_code, child_length=length, indicator_ids=ids
                )
            }
        )
        names = area_names(child_codes)
        grandchild = child_length(area_code + "0" * length)
        for code in child_codes:
            cl = lines_for(reader, [indicator], area_code=code, fiscal_year=fiscal_year, with_previous=False)[
                0
            ]
            deeper = grandchild is not None and bool(
                reader.figures(
                    fiscal_years=[fiscal_year], parent=code, child_length=len(code) + 2, indicator_ids=ids
                )
            )
            children.append(ChildRow(code, names.get(code, code), cl, deeper))
    monthly = (
        []
        if indicator.is_derived
        else reader.monthly(indicator_id=indicator.pk, area_code=area_code, fiscal_year=fiscal_year)
    )
    return IndicatorView(
        indicator=indicator,
        line=line,
        trend=trend,
        children=children,
        child_level=length,
        monthly=monthly,
        computed_at=reader.computed_at,
        source=reader.source,
    )
