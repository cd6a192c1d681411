"""Benchmark: monitoring roll-ups at national scale, a province's dashboard, the national report.

    python bench/monitoring_dashboard.py [--indicators 200] [--years 5] [--subdistricts 7436] [--dir DIR]

1. Generates the synthetic set with DuckDB into Parquet: every subdistrict × indicator × month ×
   fiscal year (7,436 × 200 × 12 × 5 ≈ 89 M values; a fifth of the indicators are stocks reported
   "as of" each month end, two in ten are money in satang), plus district targets.
2. Refreshes the roll-ups (thanrak.analytics.monitoring_rollup through Ibis on DuckDB) into a
   store file and reports the time of each step.
3. Times the queries of a province dashboard (Phayao, 56) against the store: the overview of every
   indicator, districts of one indicator (drill-down and map), subdistricts of a district, five
   years of trend, months of the year.
4. Builds the national report for the last fiscal year from the store and renders it to PDF.

The indicators themselves live in a throwaway SQLite database (the report reads their names from
Django), so the script needs nothing but the shared virtualenv.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--indicators", type=int, default=200)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--subdistricts", type=int, default=0, help="0 = all 7,436")
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "thanrak-bench-monitoring")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--memory", default="12GB", help="DuckDB memory limit for the refresh")
    parser.add_argument("--repeat", type=int, default=7, help="runs of each dashboard query")
    args = parser.parse_args()
    work = args.dir
    work.mkdir(parents=True, exist_ok=True)
    (work / "var").mkdir(exist_ok=True)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "thanrak.settings",
            "THANRAK_VAR_DIR": str(work / "var"),
            "DB": "sqlite",
            "DB_NAME": str(work / "var" / "bench.sqlite3"),
            "FAST_PASSWORD_HASHER": "True",
            "THANRAK_MONITORING_STORE": str(work / "store.duckdb"),
        }
    )
    import django

    django.setup()
    from django.core.management import call_command

    (work / "var" / "bench.sqlite3").unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    from thanrak.geo.actions import geography_load

    geography_load()
    indicators = make_indicators(args.indicators)
    print(f"indicators: {len(indicators)} in a fresh SQLite database")

    last_fy = 2569
    years = list(range(last_fy - args.years + 1, last_fy + 1))
    values_glob, targets, inds, rows = generate(work, indicators, years, args.subdistricts, args.threads)

    from thanrak.monitoring import rollups

    t0 = time.perf_counter()
    built = rollups.build_store(
        values_glob=values_glob,
        targets_path=targets,
        indicators_path=inds,
        path=work / "store.duckdb",
        threads=args.threads,
        memory_limit=args.memory,
    )
    refresh = time.perf_counter() - t0
    print(
        f"\nrefresh of the roll-ups: {refresh:.1f} s for {built.rows_in:,} values → {built.rows_out:,} "
        f"roll-up rows"
    )
    for step, seconds in built.timings.items():
        print(f"  {step:<16} {seconds:7.1f} s")
    print(f"  store file: {Path(built.path).stat().st_size / 1e6:,.0f} MB")

    dashboard(work, indicators, last_fy, args.repeat)
    national_report(work, last_fy)


def make_indicators(n: int) -> list:
    """Policy items, 20 programmes and n indicators (ids 1..n) through the actions."""
    from django.utils import timezone

    from thanrak.accounts.actions import user_create
    from thanrak.monitoring import actions, seed
    from thanrak.monitoring.models import Temporal, Unit

    by = user_create(username="bench", password="bench-password-1", role="NATIONAL_MANAGER")
    now = timezone.now()
    for code, result_number, th, en in seed.POLICY_ITEMS:
        actions.policy_item_ensure(code=code, title_th=th, title_en=en, result_number=result_number)
    from thanrak.monitoring.models import PolicyItem

    leaves = [p for p in PolicyItem.objects.order_by("sort_key") if p.code.count(".") == 2 or p.code == "7.3"]
    programmes = []
    for k in range(20):
        item = leaves[k % len(leaves)]
        programmes.append(
            actions.programme_create(
                by=by,
                at=now,
                section=f"{item.result_number}.{k + 1}",
                policy_item=item,
                name_th=f"โครงการทดสอบขนาดประเทศที่ {k + 1}",
                code=f"B{k + 1:02d}",
            )
        )
    units = [Unit.HOUSEHOLDS, Unit.PERSONS, Unit.GROUPS, Unit.BAHT, Unit.PRODUCTS]
    out = []
    for i in range(n):
        unit = units[i % len(units)]
        out.append(
            actions.indicator_create(
                by=by,
                at=now,
                programme=programmes[i % 20],
                name_th=f"ตัวชี้วัดทดสอบที่ {i + 1}",
                unit=unit,
                temporal=Temporal.STOCK if i % 5 == 4 else Temporal.FLOW,
                code=f"BI{i + 1:03d}",
            )
        )
    return out


def generate(
    work: Path, indicators: list, years: list[int], limit: int, threads: int
) -> tuple[str, str, str, int]:
    """The synthetic values, targets and indicator table as Parquet (reused when already there)."""
    import duckdb
    import geothai
    import pyarrow as pa

    codes = [
        s.code
        for p in geothai.provinces()
        for d in geothai.districts(p.code)
        for s in geothai.subdistricts(d.code)
    ]
    if limit:
        codes = codes[:limit]
    values_dir = work / f"values-{len(indicators)}x{len(codes)}x{len(years)}"
    ind_path, tgt_path = values_dir / "indicators.parquet", values_dir / "targets.parquet"
    con = duckdb.connect()
    con.execute(f"SET threads = {threads}")
    con.register("areas", pa.table({"area_code": codes}))
    con.register(
        "inds",
        pa.table(
            {
                "indicator_id": [i.pk for i in indicators],
                "temporal": [i.temporal for i in indicators],
                "additive": [i.additive for i in indicators],
                "money": [i.is_money for i in indicators],
            }
        ),
    )
    rows = len(codes) * len(indicators) * 12 * len(years)
    if (values_dir / "done").exists():
        print(f"synthetic set: reusing {values_dir} ({rows:,} values)")
        return str(values_dir / "values-*.parquet"), str(tgt_path), str(ind_path), rows
    values_dir.mkdir(parents=True, exist_ok=True)
    print(
        f"synthetic set: {len(codes):,} subdistricts × {len(indicators)} indicators × 12 months × "
        f"{len(years)} years = {rows:,} values"
    )
    started = time.perf_counter()
    for fy in years:
        t0 = time.perf_counter()
        con.execute(
            f"""
            COPY (
              SELECT i.indicator_id::BIGINT AS indicator_id, a.area_code, {fy}::BIGINT AS fiscal_year,
                     CASE WHEN i.temporal = 'STOCK' THEN 'AS_OF' ELSE 'MONTH' END AS period_type,
                     last_day(make_date({fy} - 543 - CASE WHEN m.k <= 3 THEN 1 ELSE 0 END, ((m.k + 8) % 12)
                         + 1, 1)) AS period_end,
                     ((hash(i.indicator_id, a.area_code, {fy}, m.k) % 1000)::BIGINT
                       * CASE WHEN i.money THEN 10000 ELSE 1 END)::BIGINT AS value
              FROM inds i, areas a, range(1, 13) AS m(k)
            ) TO '{values_dir}/values-{fy}.parquet' (FORMAT PARQUET, ROW_GROUP_SIZE 1000000)
            """
        ).fetchall()
        print(f"  FY{fy}: {time.perf_counter() - t0:.1f} s")
    con.execute(
        f"""
        COPY (
          SELECT i.indicator_id::BIGINT AS indicator_id, substr(a.area_code, 1, 4) AS area_code,
              y.fy::BIGINT AS fiscal_year,
                 (sum(6000 + (hash(i.indicator_id, a.area_code, y.fy) % 500)) * CASE WHEN any_value(i.money)
                     THEN 10000 ELSE 1 END)::BIGINT AS value
          FROM inds i, areas a, (SELECT unnest({years}) AS fy) y
          GROUP BY 1, 2, 3
        ) TO '{tgt_path}' (FORMAT PARQUET)
        """
    ).fetchall()
    con.execute(
        f"COPY (SELECT indicator_id::BIGINT AS indicator_id, temporal, additive FROM inds) TO '{ind_path}' "
        f"(FORMAT PARQUET)"
    ).fetchall()
    (values_dir / "done").write_text("ok")
    size = sum(p.stat().st_size for p in values_dir.glob("*.parquet"))
    print(f"  generated in {time.perf_counter() - started:.1f} s, {size / 1e6:,.0f} MB of Parquet")
    return str(values_dir / "values-*.parquet"), str(tgt_path), str(ind_path), rows


def timed(label: str, fn, repeat: int) -> None:  # noqa: ANN001
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - t0) * 1000)
    first, rest = times[0], times[1:] or times
    print(
        f"  {label:<46} first {first:7.1f} ms · median {statistics.median(rest):7.1f} ms · max "
        f"{max(rest):7.1f} ms"
        f" · {len(result) if hasattr(result, '__len__') else result} rows"
    )


def dashboard(work: Path, indicators: list, fy: int, repeat: int) -> None:
    from thanrak.monitoring import rollups

    t0 = time.perf_counter()
    store = rollups.StoreReader(work / "store.duckdb")
    print(
        f"\nprovince dashboard (Phayao, 56), fiscal year {fy}; store opened in "
        f"{(time.perf_counter() - t0) * 1000:.0f} ms"
    )
    ind = indicators[0].pk
    stock = indicators[4].pk
    timed(
        "overview: every indicator, this and last year",
        lambda: store.figures(fiscal_years=[fy - 1, fy], area_codes=["56"]),
        repeat,
    )
    timed(
        "districts of one indicator (drill-down, map)",
        lambda: store.figures(fiscal_years=[fy], parent="56", child_length=4, indicator_ids=[ind]),
        repeat,
    )
    timed(
        "subdistricts of Mueang Phayao, one indicator",
        lambda: store.figures(fiscal_years=[fy], parent="5601", child_length=6, indicator_ids=[ind]),
        repeat,
    )
    timed(
        "five-year trend of one indicator",
        lambda: store.figures(
            fiscal_years=list(range(fy - 4, fy + 1)), area_codes=["56"], indicator_ids=[ind]
        ),
        repeat,
    )
    timed(
        "months of a flow indicator",
        lambda: store.monthly(indicator_id=ind, area_code="56", fiscal_year=fy),
        repeat,
    )
    timed(
        "months of a stock indicator",
        lambda: store.monthly(indicator_id=stock, area_code="56", fiscal_year=fy),
        repeat,
    )
    store.close()


def national_report(work: Path, fy: int) -> None:
    from django.utils import timezone

    from thanrak.monitoring import report, rollups

    store = rollups.StoreReader(work / "store.duckdb")
    t0 = time.perf_counter()
    built = report.build(fiscal_year=fy, area_code="", at=timezone.now(), reader=store)
    t1 = time.perf_counter()
    pdf = report.render_pdf(built)
    t2 = time.perf_counter()
    out = work / f"national-report-{fy}.pdf"
    out.write_bytes(pdf)
    store.close()
    print(
        f"\nnational report PDF, fiscal year {fy}: {t2 - t0:.1f} s in all "
        f"(figures {t1 - t0:.1f} s, layout and PDF {t2 - t1:.1f} s), {built.summary['indicators']} "
        f"indicators, "
        f"{len(pdf) / 1e3:,.0f} kB → {out}"
    )


if __name__ == "__main__":
    main()
