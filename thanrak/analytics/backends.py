"""The shared analytics layer: set-based computations written once with Ibis, run on a backend.

- "duckdb" (default): an in-process DuckDB; tables come from Parquet files (national-scale data)
  or from rows a module reads through the ORM and hands over as `ibis.memtable` (Ibis 12's
  `create_table` breaks with sqlglot 30 on DuckDB; monitoring registers Arrow with DuckDB
  itself). DuckDB's sqlite/postgres scanner extensions are downloaded at run time, which this
  offline deployment cannot do, so they are not used.
- "postgres": Ibis compiles to SQL that PostgreSQL runs next to the data.
- "pyspark": a local Spark session (tests and scale-out); PYSPARK_PYTHON is set to this interpreter.

Domain modules (survey, monitoring, finance roll-ups) write functions that take and return Ibis
table expressions; they never import a backend. Interfaces pick the backend with `connect()`.
"""

import os
import sys
from typing import Any

import ibis
from django.conf import settings

BACKENDS = ("duckdb", "postgres", "pyspark")


def connect(backend: str | None = None, **options: Any) -> Any:
    """An Ibis connection for the chosen backend (settings.THANRAK_ANALYTICS_BACKEND by default)."""
    name = backend or settings.THANRAK_ANALYTICS_BACKEND
    if name == "duckdb":
        return ibis.duckdb.connect(
            options.get("database", ":memory:"), threads=options.get("threads", os.cpu_count() or 2)
        )
    if name == "postgres":
        db = settings.DATABASES["default"]
        if "postgresql" not in db["ENGINE"]:
            raise ValueError("the postgres analytics backend needs DB=postgres")
        return ibis.postgres.connect(
            host=db.get("HOST") or "127.0.0.1",
            port=int(db.get("PORT") or 5432),
            user=db.get("USER") or "postgres",
            password=db.get("PASSWORD") or None,
            database=options.get("database", db["NAME"]),
        )
    if name == "pyspark":
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
        from pyspark.sql import SparkSession

        session = (
            SparkSession.builder.master(options.get("master", "local[2]"))
            .appName("thanrak")
            .config("spark.ui.enabled", "false")
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.driver.memory", options.get("driver_memory", "4g"))
            .getOrCreate()
        )
        return ibis.pyspark.connect(session)
    raise ValueError(f"unknown analytics backend {name!r}; use one of {BACKENDS}")
