"""Benchmark: evaluation + TPMAP rule + Alkire–Foster + roll-ups for a synthetic national round.

    python manage.py survey_generate /tmp/survey_nat          # 12.9 M households, 36.6 M persons
    python bench/survey_national.py /tmp/survey_nat [--subset 1000000]

Runs the production code path (thanrak.survey.analysis on DuckDB, the rules of the จปฐ. version
compiled from the rule language) over the Parquet files, then compares DuckDB with a
straightforward pandas implementation of the same computation on a ~1 M-person subset.
Prints wall time and peak memory (RSS of this process, which includes DuckDB's).
"""

import argparse
import ast
import csv
import os
import resource
import sys
import time
from fractions import Fraction
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thanrak.settings")

import django  # noqa: E402

django.setup()

import pandas as pd  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402
from django.conf import settings  # noqa: E402

from thanrak.analytics.backends import connect  # noqa: E402
from thanrak.survey import analysis as S  # noqa: E402
from thanrak.survey import instruments  # noqa: E402
from thanrak.survey import rules as rl  # noqa: E402

DIMS = {
    "health": [1, 4, 5, 7],
    "living": [8, 9, 10, 11],
    "education": [15, 16, 17, 19],
    "income": [20, 21, 22],
    "access": [27, 28],
}


def specs() -> list[S.IndicatorSpec]:
    with open(settings.REFERENCE_DATA_DIR / "jpt2560" / "indicators.csv", encoding="utf-8") as fh:
        units = {int(r["number"]): r["unit"] for r in csv.DictReader(fh)}
    return [
        S.IndicatorSpec(
            number=n,
            unit=units[n],
            pass_when=rl.parse(p),
            age_min=lo,
            age_max=hi,
            applies_when=rl.parse(a) if a else None,
        )
        for n, (lo, hi, a, p) in instruments.RULES.items()
    ]


def peak_rss_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024


def ibis_pipeline(con, persons, households):  # noqa: ANN001, ANN201
    """The whole computation; returns the materialised roll-ups of both methods."""
    pflags, hflags = S.evaluate(persons, households, specs(), instruments.PARAMETERS)
    pflags_t = pflags.select("household_id", "sex", "age", "welfare")
    out = {}
    tp = S.tpmap_scoring(DIMS)
    af = S.Scoring.from_weights({n: Fraction(1, 17) for d in DIMS.values() for n in d}, Fraction(1, 3))
    inds = sorted(n for d in DIMS.values() for n in d)
    for name, scoring in (("tpmap", tp), ("af", af)):
        scored = S.identify(hflags, scoring)
        pv, hv = S.village_sums(pflags_t, scored, inds)
        out[name] = con.to_pyarrow(S.rollup(pv, hv))
    return out


# --- the straightforward pandas version ----------------------------------------------------------


def pandas_rule(rule: rl.Rule, df: pd.DataFrame, params: dict) -> pd.Series:  # noqa: C901
    def conv(node):  # noqa: C901, ANN001, ANN202
        match node:
            case ast.BoolOp(op=ast.And(), values=vs):
                out = conv(vs[0])
                for v in vs[1:]:
                    out = out & conv(v)
                return out
            case ast.BoolOp(op=ast.Or(), values=vs):
                out = conv(vs[0])
                for v in vs[1:]:
                    out = out | conv(v)
                return out
            case ast.UnaryOp(op=ast.Not(), operand=o):
                return ~conv(o)
            case ast.BinOp(left=a, op=ast.Div(), right=b):
                return conv(a) / conv(b)
            case ast.Compare(left=a, ops=[op], comparators=[b]):
                x, y = conv(a), conv(b)
                return {
                    ast.GtE: x >= y,
                    ast.LtE: x <= y,
                    ast.Gt: x > y,
                    ast.Lt: x < y,
                    ast.Eq: x == y,
                    ast.NotEq: x != y,
                }[type(op)]
            case ast.Name(id=n):
                return df[n]
            case ast.Attribute(attr=a):
                return params[a]
            case ast.Constant(value=v):
                return v
        raise TypeError(node)

    return conv(rule.tree)


def pandas_pipeline(persons: pd.DataFrame, households: pd.DataFrame) -> dict:
    params = instruments.PARAMETERS
    hh = households[["household_id", "area_code", "members"]].copy()
    pf = persons[["household_id"]].copy()
    for s in specs():
        if s.unit == "person":
            app = pd.Series(True, index=persons.index)
            if s.age_min is not None:
                app &= persons.age >= s.age_min
            if s.age_max is not None:
                app &= persons.age <= s.age_max
            if s.applies_when is not None:
                app &= pandas_rule(s.applies_when, persons, params).astype(bool)
            pf[f"f{s.number}"] = (app & ~pandas_rule(s.pass_when, persons, params).astype(bool)).astype(
                "int8"
            )
        else:
            hh[f"f{s.number}"] = (~pandas_rule(s.pass_when, households, params).astype(bool)).astype("int8")
    agg = pf.groupby("household_id").max()
    hh = hh.merge(agg, left_on="household_id", right_index=True, how="left").fillna(0)
    inds = sorted(n for d in DIMS.values() for n in d)
    out = {}
    for name, k_any in (("tpmap", True), ("af", False)):
        fails = hh[[f"f{n}" for n in inds]]
        score = fails.sum(axis=1)
        hh["poor"] = (score >= 1) if k_any else (score * 3 >= 17)
        hh["score"] = score
        p = persons[["household_id", "welfare", "sex", "age"]].merge(
            hh[["household_id", "area_code", "poor", "score", *[f"f{n}" for n in inds]]], on="household_id"
        )
        p["poor_w"] = p.poor.astype("int64")
        p["target"] = p.poor_w * p.welfare.astype("int64")
        p["score_sum"] = p.poor_w * p.score
        for n in inds:
            p[f"c{n}"] = p.poor_w * p[f"f{n}"]
        p["band"] = pd.cut(p.age, [-1, 14, 59, 200], labels=["0-14", "15-59", "60+"]).astype(str)
        p["one"] = 1
        cols = ["one", "poor_w", "target", "score_sum", *[f"c{n}" for n in inds]]
        village = p.groupby(["area_code", "sex", "band"], observed=True)[cols].sum().reset_index()
        levels = []
        for width in (8, 6, 4, 2, 0):
            village["code"] = village.area_code.str[:width]
            for keys in (["code"], ["code", "sex"], ["code", "band"]):
                levels.append(village.groupby(keys)[cols].sum())
        out[name] = levels
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir")
    parser.add_argument("--subset", type=int, default=1_000_000)
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    args = parser.parse_args()
    data = Path(args.data_dir)

    con = connect("duckdb", threads=args.threads)
    con.raw_sql("SET preserve_insertion_order = false")
    persons = con.read_parquet(str(data / "persons" / "*.parquet"))
    households = con.read_parquet(str(data / "households" / "*.parquet"))
    n_p = persons.count().execute()
    n_h = households.count().execute()
    print(f"synthetic national round: {n_h:,} households, {n_p:,} persons")
    started, cpu_started = time.perf_counter(), time.process_time()
    out = ibis_pipeline(con, persons, households)
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    for name, table in out.items():
        country = table.filter(pa_eq(table, "area_code", "", "subgroup", "all"))
        print(
            f"  {name}: national persons={country['persons'][0].as_py():,} "
            f"poor={country['poor_persons'][0].as_py():,} "
            f"target poor={country['target_poor'][0].as_py():,}; {table.num_rows:,} area×subgroup rows"
        )
    print(
        f"DuckDB national (evaluation + TPMAP + AF + roll-ups): {elapsed:.1f} s wall, "
        f"{cpu:.1f} s CPU (all threads), "
        f"peak RSS {peak_rss_gb():.2f} GB; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )

    # The same computation on a ~1 M-person subset, DuckDB against plain pandas.
    import pyarrow as pa
    import pyarrow.compute as pc

    parts_p, parts_h, total = [], [], 0
    for path in sorted((data / "persons").glob("*.parquet")):
        parts_p.append(pq.read_table(path))
        parts_h.append(pq.read_table(data / "households" / path.name))
        total += parts_p[-1].num_rows
        if total >= args.subset:
            break
    arrow_p = pa.concat_tables(parts_p).slice(0, args.subset)
    last = arrow_p["household_id"][-1].as_py()
    arrow_p = arrow_p.filter(pc.less(arrow_p["household_id"], last))  # whole households only
    arrow_h = pa.concat_tables(parts_h)
    arrow_h = arrow_h.filter(pc.less(arrow_h["household_id"], last))
    sub_p, sub_h = arrow_p.to_pandas(), arrow_h.to_pandas()
    t0 = time.perf_counter()
    pandas_pipeline(sub_p, sub_h)
    t_pandas = time.perf_counter() - t0
    con2 = connect("duckdb", threads=args.threads)
    con2.con.register("sub_p", arrow_p)
    con2.con.register("sub_h", arrow_h)
    t0 = time.perf_counter()
    ibis_pipeline(con2, con2.table("sub_p"), con2.table("sub_h"))
    t_duck = time.perf_counter() - t0
    print(
        f"subset {len(sub_p):,} persons / {len(sub_h):,} households: pandas {t_pandas:.2f} s, "
        f"DuckDB {t_duck:.2f} s, pandas/DuckDB = {t_pandas / t_duck:.1f}×"
    )
    print(f"peak RSS of the whole run: {peak_rss_gb():.2f} GB")


def pa_eq(table, c1, v1, c2, v2):  # noqa: ANN001, ANN201
    import pyarrow.compute as pc

    return pc.and_(pc.equal(table[c1], v1), pc.equal(table[c2], v2))


if __name__ == "__main__":
    main()
