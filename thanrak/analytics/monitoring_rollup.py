"""Monitoring roll-ups written once in Ibis: a fiscal year's figure per area, rolled up the tree.

Two rules turn the values people record into the figures reports print:

1. Periods → a fiscal year. For a *flow* indicator (months add up) the year's figure is the
   fiscal-year value if one was recorded, else the sum of quarters, else the sum of months, else
   the latest-ending other value (a range, an "as of", a calendar year). For a *stock* indicator
   (members, balances) it is the value with the latest end, a fiscal-year value winning a tie.
2. Areas → their parents. An area's figure is the value recorded for the area itself if there is
   one, else the sum of its children's figures (villages → subdistrict → district → province →
   country). Percentages typed in directly are not added up. Both the direct figure and the sum
   of children are kept, so a report can show where the two disagree.

Inputs are Ibis tables with these columns (any backend; DuckDB by default):
  values(indicator_id int64, area_code string, fiscal_year int64, period_type string,
         period_end date, value int64)
  indicators(indicator_id int64, temporal string 'FLOW'|'STOCK', additive boolean)
  targets(indicator_id int64, area_code string, fiscal_year int64, value int64)
`materialise(expr, name)` lets a caller store each level before the next is built (national
scale); by default expressions are only composed.
"""

from collections.abc import Callable, Sequence
from typing import Any

import ibis
from ibis import _

LEVELS = (8, 6, 4, 2, 0)
OTHER = 3

Materialise = Callable[[Any, str], Any]


def _identity(expr: Any, name: str) -> Any:
    return expr


def fiscal_year_figures(values: Any, indicators: Any, *, materialise: Materialise = _identity) -> Any:
    """One figure per (indicator, area, fiscal year) by rule 1."""
    ind = indicators.select("indicator_id", "temporal")
    v = values.join(ind, "indicator_id")
    p = (
        ibis.cases(
            (v.period_type == "FY", 0),
            (v.period_type == "QUARTER", 1),
            (v.period_type == "MONTH", 2),
            else_=OTHER,
        )
    ).cast("int8")
    v = v.mutate(p=p)
    # Collapse months (and quarters) of a flow first: the window below then sees few rows per group.
    keep_end = (v.temporal == "STOCK") | (v.p == OTHER)
    v = v.mutate(key_end=ibis.ifelse(keep_end, v.period_end, ibis.null("date")))
    keys = ["indicator_id", "area_code", "fiscal_year"]
    a = v.group_by([*keys, "temporal", "p", "key_end"]).agg(value=_.value.sum().cast("int64"))
    a = materialise(a, "fy_parts")
    w = ibis.window(group_by=keys)
    flow = a.filter(a.temporal == "FLOW")
    flow = flow.mutate(best_p=flow.p.min().over(w))
    flow = flow.filter(flow.p == flow.best_p)
    flow = flow.mutate(last_end=flow.key_end.max().over(w))
    flow = flow.filter((flow.best_p < OTHER) | (flow.key_end == flow.last_end))
    stock = a.filter(a.temporal == "STOCK")
    stock = stock.mutate(last_end=stock.key_end.max().over(w))
    stock = stock.filter(stock.key_end == stock.last_end)
    stock = stock.mutate(best_p=stock.p.min().over(w))
    stock = stock.filter(stock.p == stock.best_p)
    both = flow.select(*keys, "value").union(stock.select(*keys, "value"))
    return both.group_by(keys).agg(value=_.value.sum().cast("int64"))


def area_rollup(
    figures: Any,
    indicators: Any,
    *,
    keys: Sequence[str] = ("fiscal_year",),
    levels: Sequence[int] = LEVELS,
    keep: Sequence[int] | None = None,
    materialise: Materialise = _identity,
    name: str = "rollup",
) -> Any:
    """Rule 2 over every level: columns indicator_id, area_code, level, *keys, value, direct, children.

    `keep` limits the levels returned (and materialised); the finer ones are still computed,
    as the sums their parents need."""
    keep = list(levels) if keep is None else list(keep)
    keys = list(keys)
    f = figures.join(indicators.select("indicator_id", "additive"), "indicator_id")
    f = f.mutate(level=f.area_code.length().cast("int8"))
    group = ["indicator_id", "area_code", *keys]
    parts = []
    finer = None
    for level in levels:
        direct = f.filter(f.level == level).select(*group, "additive", direct=f.value)
        if finer is None:
            current = direct.mutate(children=ibis.null("int64"))
        else:
            children_area = finer.area_code.substr(0, level) if level else ibis.literal("")
            children = (
                finer.filter(finer.additive)
                .mutate(area_code=children_area)
                .group_by([*group, "additive"])
                .agg(children=_.value.sum().cast("int64"))
            )
            joined = direct.join(children, group, how="outer")
            current = joined.select(
                *[ibis.coalesce(joined[c], joined[f"{c}_right"]).name(c) for c in group],
                ibis.coalesce(joined.additive, joined.additive_right).name("additive"),
                joined.direct,
                joined.children,
            )
        current = current.mutate(
            value=ibis.coalesce(current.direct, current.children).cast("int64"),
            level=ibis.literal(level, "int8"),
        )
        if level in keep:
            current = materialise(current, f"{name}_{level}")
            parts.append(current.select(*group, "level", "value", "direct", "children"))
        finer = current
    return ibis.union(*parts)


def achieved_by_fiscal_year(values: Any, indicators: Any, *, materialise: Materialise = _identity) -> Any:
    """Achieved figure per (indicator, area at every level, fiscal year)."""
    figures = materialise(fiscal_year_figures(values, indicators, materialise=materialise), "fy_figures")
    return area_rollup(figures, indicators, materialise=materialise, name="achieved")


def targets_by_fiscal_year(targets: Any, indicators: Any, *, materialise: Materialise = _identity) -> Any:
    """Targets rolled up the same way: an area's own target wins over the sum of its children's."""
    t = targets.select("indicator_id", "area_code", "fiscal_year", "value")
    return area_rollup(t, indicators, materialise=materialise, name="target")


def achieved_by_month(
    values: Any, indicators: Any, *, keep: Sequence[int] | None = None, materialise: Materialise = _identity
) -> Any:
    """Monthly figures (months of flows, month-end "as of" figures of stocks), rolled up the tree;
    `keep` the levels wanted (a national store keeps districts and above: subdistrict months are
    the values themselves)."""
    cols = ["indicator_id", "area_code", "fiscal_year", "period_end"]
    # A month code is unique per indicator, area and year (the database says so); only "as of"
    # figures can share a date (@2565-01 and @2565-01-31), so only they need adding up.
    months = values.filter(values.period_type == "MONTH").select(*cols, "value")
    as_of = values.filter(values.period_type == "AS_OF").group_by(cols).agg(value=_.value.sum().cast("int64"))
    monthly = months.union(as_of.select(*cols, "value"))
    return area_rollup(
        monthly,
        indicators,
        keys=("fiscal_year", "period_end"),
        keep=keep,
        materialise=materialise,
        name="month",
    )
