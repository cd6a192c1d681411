"""Household basic-needs computations written once with Ibis: indicator evaluation, TPMAP's rule,
Alkire–Foster scores and roll-ups from villages to the country. They run unchanged on DuckDB,
PostgreSQL and PySpark (see thanrak.analytics.backends.connect).

Inputs are two tables:
- persons: household_id, person_id, age, sex, welfare (validated welfare card, bool), and one
  column per person question of the survey version;
- households: household_id, area_code (village, 8 digits), members, and one column per household
  question.

Every count is an integer sum, and scores are integer numerators over a common denominator, so
the results are exactly equal on every backend; ratios (H, A, M0, shares) are taken afterwards
in Python (`area_figures`).
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import lcm
from typing import Any

import ibis

from thanrak.survey import rules as rl

LEVELS = (8, 6, 4, 2, 0)  # village, subdistrict, district, province, country ("")
AGE_BANDS = ((0, 14, "0-14"), (15, 59, "15-59"), (60, None, "60+"))


@dataclass(frozen=True)
class IndicatorSpec:
    """One indicator's rule, as frozen in a version or a run's snapshot."""

    number: int
    unit: str  # "household" | "person"
    pass_when: rl.Rule
    age_min: int | None = None
    age_max: int | None = None
    sex: str = ""
    applies_when: rl.Rule | None = None

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> "IndicatorSpec":
        return cls(
            number=int(d["number"]),
            unit=d["unit"],
            pass_when=rl.parse(d["pass_when"]),
            age_min=d.get("age_min"),
            age_max=d.get("age_max"),
            sex=d.get("sex") or "",
            applies_when=rl.parse(d["applies_when"]) if d.get("applies_when") else None,
        )


def flag(condition: Any) -> Any:
    """A boolean as 0/1 (int8). PostgreSQL casts booleans only to integer, so no CAST is used."""
    return ibis.ifelse(condition, 1, 0).cast("int8")


def _false_if_null(expr: Any) -> Any:
    return expr.fill_null(False)


def _applies(spec: IndicatorSpec, t: Any, params: Mapping[str, Any]) -> Any:
    cond = ibis.literal(True)
    if spec.unit == "person":
        if spec.age_min is not None:
            cond = cond & _false_if_null(t.age >= spec.age_min)
        if spec.age_max is not None:
            cond = cond & _false_if_null(t.age <= spec.age_max)
        if spec.sex:
            cond = cond & _false_if_null(t.sex == spec.sex)
    if spec.applies_when is not None:
        cond = cond & _false_if_null(rl.to_ibis(spec.applies_when, t, params))
    return cond


def evaluate(
    persons: Any, households: Any, specs: Sequence[IndicatorSpec], params: Mapping[str, Any]
) -> tuple[Any, Any]:
    """Per-person applicability/failure of person indicators, and per-household flags for all.

    A household fails a person indicator when any eligible member fails it (the questionnaire asks
    whether all eligible members pass); an answer left empty neither passes nor fails.
    Returns (person_flags, household_flags) with int8 columns a{N} (applies) and f{N} (fails).
    """
    person_specs = [s for s in specs if s.unit == "person"]
    household_specs = [s for s in specs if s.unit == "household"]
    p_cols: dict[str, Any] = {}
    for s in person_specs:
        applies = _applies(s, persons, params)
        fails = applies & _false_if_null(~rl.to_ibis(s.pass_when, persons, params))
        p_cols[f"a{s.number}"] = flag(applies)
        p_cols[f"f{s.number}"] = flag(fails)
    person_flags = persons.select("household_id", "person_id", "age", "sex", "welfare", **p_cols)

    h_cols: dict[str, Any] = {}
    for s in household_specs:
        applies = _applies(s, households, params)
        fails = applies & _false_if_null(~rl.to_ibis(s.pass_when, households, params))
        h_cols[f"a{s.number}"] = flag(applies)
        h_cols[f"f{s.number}"] = flag(fails)
    hh = households.select("household_id", "area_code", "members", **h_cols)
    if person_specs:
        by_household = person_flags.group_by("household_id").aggregate(
            **{f"{c}{s.number}": person_flags[f"{c}{s.number}"].max() for s in person_specs for c in "af"}
        )
        hh = hh.left_join(by_household, "household_id").drop("household_id_right")
        hh = hh.mutate(
            **{
                f"{c}{s.number}": hh[f"{c}{s.number}"].fill_null(0).cast("int8")
                for s in person_specs
                for c in "af"
            }
        )
    return person_flags, hh


# --- identification ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scoring:
    """Integer weights over a common denominator and the cutoff k as a fraction: exact everywhere."""

    numerators: dict[int, int]
    denominator: int
    k: Fraction

    @classmethod
    def from_weights(
        cls, weights: Mapping[int, Fraction | float | str], k: Fraction | float | str
    ) -> "Scoring":
        fr = {int(n): Fraction(w).limit_denominator(10**6) for n, w in weights.items() if Fraction(w) > 0}
        den = lcm(*(f.denominator for f in fr.values())) if fr else 1
        return cls({n: int(f * den) for n, f in fr.items()}, den, Fraction(k).limit_denominator(10**6))

    @property
    def threshold(self) -> int:
        """Poor when score_num * k.denominator >= k.numerator * denominator."""
        return self.k.numerator * self.denominator


def tpmap_scoring(dimensions: Mapping[str, Iterable[int]]) -> Scoring:
    """TPMAP's union rule as Alkire–Foster: nested equal weights, k = the smallest weight."""
    from thanrak.survey.mpi import nested_weights

    weights = nested_weights({d: list(ns) for d, ns in dimensions.items()})
    return Scoring.from_weights(weights, min(weights.values()) if weights else 1)


def identify(household_flags: Any, scoring: Scoring) -> Any:
    """Add score_num (Σ w_j·g_j × denominator) and poor (score ≥ k) to each household."""
    score = ibis.literal(0, type="int64")
    for n, num in sorted(scoring.numerators.items()):
        score = score + household_flags[f"f{n}"].cast("int64") * num
    hh = household_flags.mutate(score_num=score)
    return hh.mutate(poor=flag((hh.score_num * scoring.k.denominator) >= scoring.threshold))


# --- roll-ups ------------------------------------------------------------------------------------


def _age_band(age: Any) -> Any:
    return ibis.ifelse(
        age.isnull(), "unknown", ibis.ifelse(age <= 14, "0-14", ibis.ifelse(age <= 59, "15-59", "60+"))
    )


def village_sums(person_flags: Any, scored: Any, indicators: Sequence[int]) -> tuple[Any, Any]:
    """Sums per village and subgroup (sex × age band) over persons, and per village over households."""
    cols = ["household_id", "area_code", "poor", "score_num", *[f"f{n}" for n in indicators]]
    p = person_flags.select("household_id", "sex", "age", "welfare").join(
        scored.select(*cols), "household_id"
    )
    p = p.mutate(age_band=_age_band(p.age), sex=p.sex.fill_null(""), poor64=p.poor.cast("int64"))
    aggs = {
        "persons": p.count(),
        "poor_persons": p.poor64.sum(),
        "target_poor": (p.poor64 * flag(p.welfare.fill_null(False)).cast("int64")).sum(),
        "score_sum": (p.poor64 * p.score_num).sum(),
    }
    for n in indicators:
        aggs[f"c{n}"] = (p.poor64 * p[f"f{n}"].cast("int64")).sum()
        aggs[f"u{n}"] = p[f"f{n}"].cast("int64").sum()
    persons = p.group_by("area_code", "sex", "age_band").aggregate(**aggs)
    households = scored.group_by("area_code").aggregate(
        households=scored.count(), poor_households=scored.poor.cast("int64").sum()
    )
    return persons, households


def rollup(persons_by_village: Any, households_by_village: Any, levels: Sequence[int] = LEVELS) -> Any:
    """Village sums rolled up to every level and subgroup: one row per (area_code, subgroup).

    Each village row is repeated once per level and per subgroup kind (a cross join with two tiny
    tables) and summed in a single group-by, so the village sums are read once.
    """
    measures = [c for c in persons_by_village.columns if c not in ("area_code", "sex", "age_band")]
    level_t = ibis.memtable(
        {"level": list(levels)}, schema={"level": "int32"}
    )  # PostgreSQL: substring(text, int, int)
    kind_t = ibis.memtable({"kind": ["all", "sex", "age"]}, schema={"kind": "string"})
    exploded = persons_by_village.cross_join(level_t).cross_join(kind_t)
    exploded = exploded.mutate(
        code=exploded.area_code.substr(0, exploded.level),
        subgroup=ibis.ifelse(
            exploded.kind == "all",
            "all",
            ibis.ifelse(exploded.kind == "sex", "sex:" + exploded.sex, "age:" + exploded.age_band),
        ),
    )
    persons = exploded.group_by("code", "subgroup").aggregate(**{m: exploded[m].sum() for m in measures})
    hh = households_by_village.cross_join(level_t)
    hh = hh.mutate(code=hh.area_code.substr(0, hh.level))
    hh_sum = hh.group_by("code").aggregate(
        households_all=hh.households.sum(), poor_households_all=hh.poor_households.sum()
    )
    joined = persons.left_join(hh_sum, persons.code == hh_sum.code)
    is_all = joined.subgroup == "all"
    out = joined.select(
        area_code=joined.code,
        subgroup=joined.subgroup,
        households=ibis.ifelse(is_all, joined.households_all.fill_null(0), 0).cast("int64"),
        poor_households=ibis.ifelse(is_all, joined.poor_households_all.fill_null(0), 0).cast("int64"),
        **{m: joined[m] for m in measures},
    )
    return out


def area_figures(row: Mapping[str, Any], scoring: Scoring, indicators: Sequence[int]) -> dict[str, Any]:
    """H, A, M0, censored headcounts h_j and contributions φ_j from one roll-up row's sums."""
    n = int(row["persons"] or 0)
    q = int(row["poor_persons"] or 0)
    score_sum = Fraction(int(row["score_sum"] or 0), scoring.denominator)
    h = Fraction(q, n) if n else Fraction(0)
    a = score_sum / q if q else Fraction(0)
    m0 = h * a
    censored = {n_: (Fraction(int(row[f"c{n_}"] or 0), n) if n else Fraction(0)) for n_ in indicators}
    weights = {n_: Fraction(scoring.numerators.get(n_, 0), scoring.denominator) for n_ in indicators}
    contributions = {n_: (weights[n_] * censored[n_] / m0 if m0 else Fraction(0)) for n_ in indicators}
    return {
        "h": float(h),
        "a": float(a),
        "m0": float(m0),
        "censored": {str(k): float(v) for k, v in censored.items()},
        "uncensored": {str(k): (int(row[f"u{k}"] or 0) / n if n else 0.0) for k in indicators},
        "contributions": {str(k): float(v) for k, v in contributions.items() if weights[k]},
    }
