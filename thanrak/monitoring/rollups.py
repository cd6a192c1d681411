"""Where dashboards and reports get their figures: the Ibis roll-ups of thanrak.analytics.

Two readers answer the same questions:

- `LiveReader` (the default) loads the values and targets of one area from the database into an
  in-process DuckDB and runs the roll-ups at once: figures are always current.
- `StoreReader` reads a DuckDB file of materialised roll-ups, rebuilt by a background task from
  Parquet exports (`build_store`). This is the national-scale path: 7,436 subdistricts × 200
  indicators × 12 months × 5 years. Set THANRAK_MONITORING_ROLLUPS=store to use it.
"""

import datetime as dt
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.utils import timezone

from thanrak.analytics import monitoring_rollup as mr

VALUE_COLUMNS = ("indicator_id", "area_code", "fiscal_year", "period_type", "period_end", "value")


def mode() -> str:
    return os.getenv("THANRAK_MONITORING_ROLLUPS", getattr(settings, "THANRAK_MONITORING_ROLLUPS", "live"))


def store_path() -> Path:
    return Path(
        os.getenv("THANRAK_MONITORING_STORE", str(Path(settings.VAR_DIR) / "analytics" / "monitoring.duckdb"))
    )


@dataclass(frozen=True)
class Figure:
    """A fiscal year's figure of an indicator in an area, with the area's target."""

    indicator_id: int
    area_code: str
    fiscal_year: int
    achieved: int | None
    direct: int | None
    children: int | None
    target: int | None

    @property
    def level(self) -> int:
        return len(self.area_code)

    @property
    def disagrees(self) -> bool:
        """The area's own figure differs from the sum of its parts (both recorded)."""
        return self.direct is not None and self.children is not None and self.direct != self.children


class Reader(Protocol):
    source: str
    computed_at: dt.datetime | None

    def figures(
        self,
        *,
        fiscal_years: Sequence[int],
        area_codes: Sequence[str] | None = None,
        parent: str | None = None,
        child_length: int | None = None,
        indicator_ids: Sequence[int] | None = None,
    ) -> list[Figure]: ...

    def monthly(
        self, *, indicator_id: int, area_code: str, fiscal_year: int
    ) -> list[tuple[dt.date, int]]: ...


def _duck() -> Any:
    import ibis

    return ibis.duckdb.connect(":memory:", threads=min(os.cpu_count() or 2, 4))


def _register(con: Any, name: str, arrow: Any) -> Any:
    # Ibis 12's create_table breaks with sqlglot 30; registering Arrow through DuckDB works.
    con.con.register(name, arrow)
    return con.table(name)


def indicators_arrow(rows: Iterable[tuple[int, str, bool]]) -> Any:
    import pyarrow as pa

    rows = list(rows)
    return pa.table(
        {
            "indicator_id": pa.array([r[0] for r in rows], pa.int64()),
            "temporal": pa.array([r[1] for r in rows], pa.string()),
            "additive": pa.array([r[2] for r in rows], pa.bool_()),
        }
    )


def _indicator_rows() -> list[tuple[int, str, bool]]:
    from thanrak.monitoring.models import Indicator

    return [
        (i.pk, i.temporal, i.additive) for i in Indicator.objects.all().only("id", "temporal", "kind", "unit")
    ]


def values_arrow(rows: Iterable[tuple]) -> Any:
    import pyarrow as pa

    cols: list[list] = [[] for _ in VALUE_COLUMNS]
    for row in rows:
        for i, v in enumerate(row):
            cols[i].append(v)
    types = (pa.int64(), pa.string(), pa.int64(), pa.string(), pa.date32(), pa.int64())
    return pa.table({n: pa.array(c, t) for n, c, t in zip(VALUE_COLUMNS, cols, types, strict=True)})


def targets_arrow(rows: Iterable[tuple]) -> Any:
    import pyarrow as pa

    rows = list(rows)
    return pa.table(
        {
            "indicator_id": pa.array([r[0] for r in rows], pa.int64()),
            "area_code": pa.array([r[1] for r in rows], pa.string()),
            "fiscal_year": pa.array([r[2] for r in rows], pa.int64()),
            "value": pa.array([r[3] for r in rows], pa.int64()),
        }
    )


def _key(f: Figure) -> tuple[int, str, int]:
    return (f.indicator_id, f.area_code, f.fiscal_year)


def _join(achieved: Any, targets: Any) -> list[Figure]:
    """Achieved and target rows (Arrow) into figures; an area with only a target still appears."""
    out: dict[tuple[int, str, int], dict[str, Any]] = {}
    for row in achieved.to_pylist():
        k = (row["indicator_id"], row["area_code"], row["fiscal_year"])
        out[k] = {
            "achieved": row["value"],
            "direct": row["direct"],
            "children": row["children"],
            "target": None,
        }
    for row in targets.to_pylist():
        k = (row["indicator_id"], row["area_code"], row["fiscal_year"])
        out.setdefault(k, {"achieved": None, "direct": None, "children": None, "target": None})["target"] = (
            row["value"]
        )
    return [Figure(k[0], k[1], k[2], **v) for k, v in out.items()]


def _select(
    figures: Iterable[Figure],
    *,
    fiscal_years: Sequence[int],
    area_codes: Sequence[str] | None,
    parent: str | None,
    child_length: int | None,
    indicator_ids: Sequence[int] | None,
) -> list[Figure]:
    years, ids = set(fiscal_years), set(indicator_ids) if indicator_ids is not None else None
    codes = set(area_codes) if area_codes is not None else None
    out = []
    for f in figures:
        if f.fiscal_year not in years or (ids is not None and f.indicator_id not in ids):
            continue
        if codes is not None and f.area_code not in codes:
            continue
        if parent is not None and not (f.area_code.startswith(parent) and len(f.area_code) == child_length):
            continue
        out.append(f)
    return out


class LiveReader:
    """Roll-ups of one area's values straight from the database (always current)."""

    source = "live"

    def __init__(self, *, area_prefix: str, fiscal_years: Sequence[int], approved_only: bool = False):
        from thanrak.monitoring.models import Target, Value, ValueStatus

        self.computed_at = timezone.now()
        self.area_prefix = area_prefix
        values = Value.objects.filter(area_code__startswith=area_prefix, fiscal_year__in=list(fiscal_years))
        if approved_only:
            values = values.filter(status=ValueStatus.APPROVED)
        targets = Target.objects.filter(area_code__startswith=area_prefix, fiscal_year__in=list(fiscal_years))
        self._values_qs = values
        con = _duck()
        ind = _register(con, "indicators", indicators_arrow(_indicator_rows()))
        vals = _register(con, "vals", values_arrow(values.values_list(*VALUE_COLUMNS[:-1], "value")))
        tgts = _register(
            con,
            "tgts",
            targets_arrow(targets.values_list("indicator_id", "area_code", "fiscal_year", "value")),
        )
        achieved = mr.achieved_by_fiscal_year(vals, ind).to_pyarrow()
        target = mr.targets_by_fiscal_year(tgts, ind).to_pyarrow()
        self._figures = _join(achieved, target)
        self._con, self._vals, self._ind = con, vals, ind
        self._monthly: dict[tuple[int, str, int], list[tuple[dt.date, int]]] | None = None

    def figures(
        self,
        *,
        fiscal_years: Sequence[int],
        area_codes: Sequence[str] | None = None,
        parent: str | None = None,
        child_length: int | None = None,
        indicator_ids: Sequence[int] | None = None,
    ) -> list[Figure]:
        return _select(
            self._figures,
            fiscal_years=fiscal_years,
            area_codes=area_codes,
            parent=parent,
            child_length=child_length,
            indicator_ids=indicator_ids,
        )

    def monthly(self, *, indicator_id: int, area_code: str, fiscal_year: int) -> list[tuple[dt.date, int]]:
        if self._monthly is None:
            rows = mr.achieved_by_month(self._vals, self._ind).to_pyarrow().to_pylist()
            monthly: dict[tuple[int, str, int], list[tuple[dt.date, int]]] = {}
            for r in rows:
                monthly.setdefault((r["indicator_id"], r["area_code"], r["fiscal_year"]), []).append(
                    (r["period_end"], r["value"])
                )
            self._monthly = {k: sorted(v) for k, v in monthly.items()}
        return self._monthly.get((indicator_id, area_code, fiscal_year), [])


class StoreReader:
    """Materialised roll-ups in a DuckDB file (see build_store)."""

    source = "store"

    def __init__(self, path: Path | None = None):
        import duckdb
        import ibis

        self.path = Path(path or store_path())
        if not self.path.exists():
            raise FileNotFoundError(f"no roll-up store at {self.path}; run the refresh first")
        self._raw = duckdb.connect(str(self.path), read_only=True)
        self.con = ibis.duckdb.from_connection(self._raw)
        built = self._raw.execute("select built_at from meta").fetchall()
        self.computed_at = built[0][0] if built else None
        self.achieved = self.con.table("achieved_fy")
        self.target = self.con.table("target_fy")
        self.month = self.con.table("achieved_month")

    def close(self) -> None:
        self._raw.close()

    def _filtered(
        self,
        t: Any,
        *,
        fiscal_years: Sequence[int],
        area_codes: Sequence[str] | None,
        parent: str | None,
        child_length: int | None,
        indicator_ids: Sequence[int] | None,
    ) -> Any:
        t = t.filter(t.fiscal_year.isin(list(fiscal_years)))
        if area_codes is not None:
            t = t.filter(t.area_code.isin(list(area_codes)))
        if parent is not None:
            t = t.filter(t.level == child_length, t.area_code.startswith(parent))
        if indicator_ids is not None:
            t = t.filter(t.indicator_id.isin(list(indicator_ids)))
        return t

    def figures(
        self,
        *,
        fiscal_years: Sequence[int],
        area_codes: Sequence[str] | None = None,
        parent: str | None = None,
        child_length: int | None = None,
        indicator_ids: Sequence[int] | None = None,
    ) -> list[Figure]:
        kw = dict(
            fiscal_years=fiscal_years,
            area_codes=area_codes,
            parent=parent,
            child_length=child_length,
            indicator_ids=indicator_ids,
        )
        achieved = self._filtered(self.achieved, **kw).select(
            "indicator_id", "area_code", "fiscal_year", "value", "direct", "children"
        )
        target = self._filtered(self.target, **kw).select("indicator_id", "area_code", "fiscal_year", "value")
        return _join(self.con.to_pyarrow(achieved), self.con.to_pyarrow(target))

    def monthly(self, *, indicator_id: int, area_code: str, fiscal_year: int) -> list[tuple[dt.date, int]]:
        m = self.month
        m = m.filter(m.indicator_id == indicator_id, m.area_code == area_code, m.fiscal_year == fiscal_year)
        rows = self.con.to_pyarrow(m.select("period_end", "value").order_by("period_end")).to_pylist()
        return [(r["period_end"], r["value"]) for r in rows]


def reader(*, area_prefix: str, fiscal_years: Sequence[int], approved_only: bool = False) -> Reader:
    """The reader the deployment is configured for."""
    if mode() == "store":
        return StoreReader()
    return LiveReader(area_prefix=area_prefix, fiscal_years=fiscal_years, approved_only=approved_only)


# --- building the store ---------------------------------------------------------------------------


@dataclass
class StoreBuild:
    path: Path
    rows_in: int
    rows_out: int
    seconds: float
    timings: dict[str, float]


def export_values_parquet(
    directory: Path, *, approved_only: bool = True, chunk: int = 200_000
) -> tuple[Path, Path, Path]:
    """Write the database's values, targets and indicators to Parquet files for build_store."""
    import pyarrow.parquet as pq

    from thanrak.monitoring.models import Target, Value, ValueStatus

    directory.mkdir(parents=True, exist_ok=True)
    values_path = directory / "values.parquet"
    qs = Value.objects.all()
    if approved_only:
        qs = qs.filter(status=ValueStatus.APPROVED)
    rows = qs.order_by("pk").values_list(*VALUE_COLUMNS[:-1], "value")
    writer = None
    for batch in _chunks(rows.iterator(chunk_size=chunk), chunk):
        table = values_arrow(batch)
        writer = writer or pq.ParquetWriter(values_path, table.schema)
        writer.write_table(table)
    if writer is None:
        pq.write_table(values_arrow([]), values_path)
    else:
        writer.close()
    targets_path = directory / "targets.parquet"
    pq.write_table(
        targets_arrow(Target.objects.values_list("indicator_id", "area_code", "fiscal_year", "value")),
        targets_path,
    )
    indicators_path = directory / "indicators.parquet"
    pq.write_table(indicators_arrow(_indicator_rows()), indicators_path)
    return values_path, targets_path, indicators_path


def _chunks(rows: Iterator[tuple], size: int) -> Iterator[list[tuple]]:
    batch: list[tuple] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def build_store(
    *,
    values_glob: str,
    targets_path: str,
    indicators_path: str,
    path: Path | None = None,
    month_levels: Sequence[int] = (4, 2, 0),
    threads: int | None = None,
    memory_limit: str | None = None,
) -> StoreBuild:
    """Compute every roll-up from Parquet into a new DuckDB file and swap it in atomically."""
    import duckdb
    import ibis

    path = Path(path or store_path())
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix="monitoring-", suffix=".duckdb", dir=path.parent)
    os.close(fd)
    os.unlink(tmp_name)
    started = time.monotonic()
    timings: dict[str, float] = {}
    raw = duckdb.connect(tmp_name)

    def run(sql: str, params: list | None = None) -> list[tuple]:
        # DuckDB 2 wants each result consumed before the next statement on the connection.
        return raw.execute(sql, params or []).fetchall()

    run(f"SET threads = {threads or os.cpu_count() or 2}")
    if memory_limit:
        run(f"SET memory_limit = '{memory_limit}'")
    run("SET preserve_insertion_order = false")
    con = ibis.duckdb.from_connection(raw)

    def q(text: str) -> str:
        return text.replace("'", "''")

    run(f"CREATE VIEW src_values AS SELECT * FROM read_parquet('{q(values_glob)}')")
    run(f"CREATE VIEW src_targets AS SELECT * FROM read_parquet('{q(targets_path)}')")
    run(f"CREATE TABLE indicators AS SELECT * FROM read_parquet('{q(indicators_path)}')")
    rows_in = run("SELECT count(*) FROM src_values")[0][0]

    def materialise(expr: Any, name: str) -> Any:
        t0 = time.monotonic()
        run(f'CREATE OR REPLACE TABLE "tmp_{name}" AS {ibis.to_sql(expr, dialect="duckdb")}')
        _narrow(run, f"tmp_{name}")
        timings[name] = timings.get(name, 0) + time.monotonic() - t0
        return con.table(f"tmp_{name}")

    values, targets, indicators = con.table("src_values"), con.table("src_targets"), con.table("indicators")
    final = {
        "achieved_fy": mr.achieved_by_fiscal_year(values, indicators, materialise=materialise),
        "target_fy": mr.targets_by_fiscal_year(targets, indicators, materialise=materialise),
        "achieved_month": mr.achieved_by_month(
            values, indicators, keep=month_levels, materialise=materialise
        ),
    }
    rows_out = 0
    for name, expr in final.items():
        t0 = time.monotonic()
        run(
            f"CREATE TABLE {name} AS SELECT * FROM ({ibis.to_sql(expr, dialect='duckdb')}) "
            "ORDER BY area_code, indicator_id, fiscal_year"
        )
        _narrow(run, name)
        timings[name] = timings.get(name, 0) + time.monotonic() - t0
        rows_out += run(f"SELECT count(*) FROM {name}")[0][0]
    for (table,) in run("SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'tmp_%'"):
        run(f'DROP TABLE "{table}"')
    run("DROP VIEW src_values")
    run("DROP VIEW src_targets")
    run(
        "CREATE TABLE meta AS SELECT ?::TIMESTAMPTZ AS built_at, ?::BIGINT AS rows_in",
        [timezone.now(), rows_in],
    )
    run("CHECKPOINT")
    raw.close()
    os.replace(tmp_name, path)
    wal = Path(tmp_name + ".wal")
    if wal.exists():
        shutil.move(str(wal), str(path) + ".wal")
    return StoreBuild(
        path=path, rows_in=rows_in, rows_out=rows_out, seconds=time.monotonic() - started, timings=timings
    )


def _narrow(run: Any, table: str) -> None:
    """DuckDB sums BIGINTs into HUGEINTs; the stored figures are BIGINT (satang and counts fit)."""
    for column, kind in run(
        f"SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = '{table}'"
    ):
        if kind in ("HUGEINT", "DECIMAL(38,0)"):
            run(f'ALTER TABLE "{table}" ALTER "{column}" TYPE BIGINT')
