"""Benchmark: regenerating the Policy 7 report for the demo's fiscal year from records (issue 16).

    make demo && .venv/bin/python bench/report_regenerate.py [--fiscal-year 2570]

Against the worktree's demo database (SQLite by default; DB=postgres DB_NAME=… for PostgreSQL):

1. cold: every computed value of the fiscal year is marked as made by an older version, so each
   computed indicator of the published report is recomputed month by month from the records (what
   a first regeneration, or one after the figure map changed, does), then the report is built and
   written as HTML;
2. warm: the same again, now that the finished months are up to date (only the current month is
   recomputed);
3. the PDF of the same report.

Before these, what a running server or task worker has loaded once (the URL map, the roll-up
reader's libraries) is loaded and timed apart. Each line prints wall time, the process's CPU time
and the load average. Everything is rolled back at the end: the demo database is left as it was.
"""

import argparse
import io
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--fiscal-year", type=int, default=0, help="B.E.; the demo's (today's) by default")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thanrak.settings")
    os.environ.setdefault("DEBUG", "True")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from thanrak.core.fiscal import FiscalYear
    from thanrak.monitoring.models import Indicator, Value, ValueSource

    # What a running server or task worker has already loaded, timed apart so that the regeneration
    # below is the regeneration: the URL map (the report links each figure to its rows), which
    # imports every app's views and API schemas, and the roll-up reader's DuckDB/ibis.
    started, cpu = time.monotonic(), time.process_time()
    from django.urls import reverse

    from thanrak.monitoring import rollups

    reverse("monitoring:coverage")
    rollups.reader(area_prefix="99", fiscal_years=[0])
    print(
        f"{'process start (URL map, DuckDB)':32} {time.monotonic() - started:6.1f} s wall, "
        f"{time.process_time() - cpu:5.1f} s CPU (load average {os.getloadavg()[0]:.1f})"
    )
    fy = args.fiscal_year or FiscalYear.of(timezone.localdate()).year_be
    computed = Indicator.objects.exclude(computation="").filter(published_figures__isnull=False).distinct()
    print(f"fiscal year {fy}: {computed.count()} computed indicators of the published report")
    out = Path(tempfile.mkdtemp()) / "report"
    with transaction.atomic():
        Value.objects.filter(fiscal_year=fy, source=ValueSource.COMPUTED).update(computation_version=0)
        for label, fmt in (("cold (every month recomputed)", "html"), ("warm", "html"), ("PDF", "pdf")):
            started, cpu = time.monotonic(), time.process_time()
            log = io.StringIO()
            call_command(
                "monitoring_report",
                fiscal_year=fy,
                format=fmt,
                out=out.with_suffix(f".{fmt}"),
                no_recompute=fmt == "pdf",
                stdout=log,
            )
            said = " / ".join(log.getvalue().splitlines()[:2])
            print(
                f"{label:32} {time.monotonic() - started:6.1f} s wall, {time.process_time() - cpu:5.1f} s CPU"
                f" (load average {os.getloadavg()[0]:.1f})   {said}"
            )
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
