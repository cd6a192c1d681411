"""Reads for monitoring, always scoped to the viewer's areas."""

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Max, Prefetch, Q, QuerySet

from thanrak.accounts.models import User
from thanrak.accounts.scope import OutsideScope, scope_of
from thanrak.core.areas import is_area_code
from thanrak.core.fiscal import FiscalYear
from thanrak.monitoring import computed, periods, rollups
from thanrak.monitoring.formatting import format_percent, format_stored, percent_of
from thanrak.monitoring.models import (
    ComputationRun,
    Direction,
    ImportBatch,
    Indicator,
    PeriodLock,
    PolicyItem,
    Programme,
    PublishedFigure,
    RollupRun,
    Target,
    TargetRevision,
    Value,
    ValueRevision,
    ValueStatus,
    WorkflowEvent,
)
from thanrak.monitoring.periods import PeriodType

# --- areas the viewer works on -------------------------------------------------------------------


def default_area(viewer: User) -> str:
    """Where a person's dashboard opens: the country for the centre, else their (first) area."""
    scope = scope_of(viewer)
    if scope.everything:
        return ""
    return scope.area_codes[0] if scope.area_codes else "-"


def ensure_area(viewer: User, area_code: str) -> str:
    """The area if the viewer may look at it (their areas and below); OutsideScope otherwise."""
    scope = scope_of(viewer)
    if area_code == "" and scope.everything:
        return ""
    if area_code and is_area_code(area_code) and scope.covers_area(area_code):
        return area_code
    raise OutsideScope(area_code or "TH")


def area_name(code: str, lang: str = "th") -> str:
    from thanrak.geo.queries import area_names

    if not code:
        return "ทั่วประเทศ" if lang.startswith("th") else "Whole country"
    return area_names(codes={code}).get(code, code)


def area_names(codes: Iterable[str]) -> dict[str, str]:
    from thanrak.geo.queries import area_names as names

    codes = set(codes)
    found = names(codes={c for c in codes if c})
    if "" in codes:
        found[""] = "ทั่วประเทศ"
    return found


def fiscal_year_choices(viewer: User, *, today: dt.date) -> list[int]:
    """Fiscal years with figures the viewer may see, plus the current one, newest first."""
    current = FiscalYear.of(today).year_be
    years = set(Value.objects.visible_to(viewer).values_list("fiscal_year", flat=True).distinct())
    years |= set(Target.objects.visible_to(viewer).values_list("fiscal_year", flat=True).distinct())
    years.add(current)
    return sorted(years, reverse=True)


def default_fiscal_year(viewer: User, area_code: str, *, today: dt.date) -> int:
    """The latest fiscal year (not in the future) with values in the area, else the current one."""
    current = FiscalYear.of(today).year_be
    latest = (
        Value.objects.visible_to(viewer)
        .filter(area_code__startswith=area_code, fiscal_year__lte=current)
        .aggregate(m=Max("fiscal_year"))["m"]
    )
    return latest or current


# --- the policy, programmes and indicators ---------------------------------------------------------


def policy_items() -> QuerySet[PolicyItem]:
    return PolicyItem.objects.order_by("sort_key")


def programme_list(*, viewer: User, policy_item: str = "", q: str = "") -> QuerySet[Programme]:
    """Programmes (public definitions for everyone who may read monitoring)."""
    qs = Programme.objects.select_related("policy_item", "owner_agency", "parent")
    if policy_item:
        qs = qs.filter(Q(policy_item__code=policy_item) | Q(policy_item__code__startswith=policy_item + "."))
    if q:
        qs = qs.filter(Q(name_th__icontains=q) | Q(name_en__icontains=q) | Q(section__startswith=q))
    return qs.annotate(indicator_count=Count("indicators")).order_by("sort_key", "id")


def programme_get(*, viewer: User, programme_id: int) -> Programme:
    return Programme.objects.select_related("policy_item", "owner_agency", "parent").get(pk=programme_id)


def indicator_list(
    *, viewer: User, programme: Programme | None = None, q: str = "", active_only: bool = True
) -> QuerySet[Indicator]:
    qs = Indicator.objects.select_related("programme", "programme__policy_item", "numerator", "denominator")
    if active_only:
        qs = qs.filter(is_active=True)
    if programme is not None:
        qs = qs.filter(programme=programme)
    if q:
        qs = qs.filter(Q(name_th__icontains=q) | Q(name_en__icontains=q) | Q(code__iexact=q))
    return qs.order_by("programme__sort_key", "sort_order", "id")


def indicator_get(*, viewer: User, indicator_id: int) -> Indicator:
    return Indicator.objects.select_related(
        "programme__policy_item", "programme__owner_agency", "numerator", "denominator"
    ).get(pk=indicator_id)


def indicator_by_code(*, code: str) -> Indicator:
    return Indicator.objects.get(code=code)


def target_list(
    *, viewer: User, indicator: Indicator | None = None, fiscal_year: int | None = None
) -> QuerySet[Target]:
    qs = Target.objects.visible_to(viewer).select_related("indicator", "set_by")
    if indicator is not None:
        qs = qs.filter(indicator=indicator)
    if fiscal_year:
        qs = qs.filter(fiscal_year=fiscal_year)
    return qs.order_by("-fiscal_year", "area_code")


def target_history(*, target: Target) -> QuerySet[TargetRevision]:
    return target.revisions.select_related("by").order_by("-at", "-id")


# --- values and their history --------------------------------------------------------------------


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
    from thanrak.monitoring.actions import _active_lock

    return Origin(
        computation=spec,
        batches=list(ImportBatch.objects.filter(pk__in=batch_ids).select_related("by")),
        published=list(value.published_as.order_by("row")),
        lock=_active_lock(period),
    )


# --- figures: achieved against target ----------------------------------------------------------------


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


def attach_sources(lines: Sequence[Line], *, viewer: User | None, approved_only: bool = False) -> None:
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


# --- workflow -------------------------------------------------------------------------------------


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


# --- computations and roll-ups -------------------------------------------------------------------


@dataclass
class ComputationInfo:
    spec: computed.Computation
    indicators: list[Indicator]
    last_runs: list[ComputationRun]


def computation_list() -> list[ComputationInfo]:
    specs = computed.registry()
    users: dict[str, list[Indicator]] = defaultdict(list)
    for ind in Indicator.objects.exclude(computation="").select_related("programme"):
        users[ind.computation].append(ind)
    runs: dict[str, list[ComputationRun]] = defaultdict(list)
    for run in ComputationRun.objects.order_by("-started_at", "-id")[:500]:
        if len(runs[run.name]) < 5:
            runs[run.name].append(run)
    return [ComputationInfo(specs[n], users.get(n, []), runs.get(n, [])) for n in sorted(specs)]


def computation_get(*, name: str) -> ComputationInfo:
    spec = computed.get(name)
    return ComputationInfo(
        spec,
        list(Indicator.objects.filter(computation=name).select_related("programme")),
        list(ComputationRun.objects.filter(name=name).order_by("-started_at", "-id")[:20]),
    )


def rollup_runs(limit: int = 10) -> list[RollupRun]:
    return list(RollupRun.objects.order_by("-started_at", "-id")[:limit])


# --- the published report: does Thanrak reproduce it? ---------------------------------------------


@dataclass
class FigureCheck:
    figure: PublishedFigure
    reproduced: str
    matches: bool
    # Whether the viewer may open the indicator for the whole country, and the stored value: the
    # page links to them only then (an indicator outside one's areas answers 403, a value 404).
    may_open_indicator: bool = False
    may_open_value: bool = False


def published_checks(*, viewer: User, document: str) -> list[FigureCheck]:
    """Each printed figure next to the number Thanrak computes for it from its own data.

    `printed_number` holds the printed figure in the indicator's own unit (baht, households …),
    so '๑๒.๙๐ ล้านครัวเรือน' is 12900000 and '๒,๑๓๕ แปลง' is 2135."""
    figures = list(
        PublishedFigure.objects.filter(document=document)
        .select_related("indicator", "indicator__numerator", "indicator__denominator", "value", "target")
        .order_by("row")
    )
    years = {f.fiscal_year for f in figures} or {0}
    reader = rollups.LiveReader(area_prefix="", fiscal_years=sorted(years))
    lines: dict[tuple[int, int], Line] = {}
    checks = []
    for f in figures:
        ind = f.indicator
        expected = Decimal(f.printed_number)
        actual: Decimal | None
        if f.role in ("PCT_TARGET", "SHARE"):
            key = (ind.pk, f.fiscal_year)
            if key not in lines:
                lines[key] = lines_for(
                    reader, [ind], area_code="", fiscal_year=f.fiscal_year, with_previous=False
                )[0]
            line = lines[key]
            actual = line.percent if f.role == "PCT_TARGET" else line.ratio
            text = format_percent(actual)
        elif f.role == "TARGET":
            actual = ind.from_storage(f.target.value) if f.target else None
            text = format_stored(ind, f.target.value if f.target else None) + " " + ind.unit_word()
        else:
            actual = f.value.indicator.from_storage(f.value.value) if f.value else None
            text = format_stored(ind, f.value.value if f.value else None) + " " + ind.unit_word()
        checks.append(FigureCheck(f, text, actual is not None and actual == expected))
    country = scope_of(viewer).everything  # the figures are the country's (ensure_area(viewer, ""))
    values = {f.value_id for f in figures if f.value_id}
    visible = set(Value.objects.visible_to(viewer).filter(pk__in=values).values_list("pk", flat=True))
    for check in checks:
        check.may_open_indicator = country
        check.may_open_value = check.figure.value_id in visible
    return checks


def documents() -> list[str]:
    return list(PublishedFigure.objects.values_list("document", flat=True).distinct().order_by("document"))


# --- home panel -------------------------------------------------------------------------------------


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
