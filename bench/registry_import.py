"""Benchmark: importing 1,000,000 persons from CSV into PostgreSQL with full validation.

    DB_NAME=thanrak_bench_import .venv/bin/python bench/registry_import.py
    .venv/bin/python bench/registry_import.py --rows 200000 --runs 2

What it does:
1. Creates the PostgreSQL database (DB_NAME or --db-name, default thanrak_bench_import; DB_HOST,
   DB_PORT, DB_USER, DB_PASSWORD as for the project), migrates it, loads Thai geography and four
   villages per subdistrict (about 30,000), once.
2. Writes --rows persons as a CSV (UTF-8, the persons layout of docs/import-layouts.md: citizen ID
   with a valid check digit, title, Thai first and last names, sex, a Buddhist-era birth date
   written dd/mm/yyyy, a village code) to var/bench/persons-<rows>.csv, once.
3. Empties registry_person and imports the file through the real importer
   (thanrak.registry.imports.registry_import, all-or-nothing, every row checked: check digit, area
   exists and is inside the importer's scope, same ID twice in the file, ID already registered,
   names, sex, date in either era, field lengths), as the command `registry_import` does; --runs
   times. Prints rows/s of the best run and checks the row count.
4. Copies the imported rows back into registry_person with a bare COPY (no Python): the time the
   server needs for this table's indexes and constraints, the floor of any import.
5. Copies the same file with a plain `COPY … FROM STDIN (FORMAT csv, HEADER)` into a bare table of
   text columns (no checks, no indexes) and prints the ratio.

Not part of `make test`; figures depend on the machine (cores shared with PostgreSQL).
"""

import argparse
import csv
import os
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import _db  # noqa: E402

HEADER = ["citizen_id", "title", "first_name", "last_name", "sex", "birth_date", "area_code"]


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rows", type=int, default=1_000_000)
    p.add_argument("--runs", type=int, default=1, help="import runs (the best is reported)")
    p.add_argument("--db-name", default=os.getenv("DB_NAME", "thanrak_bench_import"))
    p.add_argument("--reset", action="store_true", help="drop and recreate the bench database first")
    return p.parse_args()


def prepare() -> list[str]:
    """Migrate, load geography and villages; the village codes."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from thanrak.geo.actions import geography_load
    from thanrak.geo.models import Subdistrict, Village

    call_command("migrate", verbosity=0)
    geography_load()
    if not Village.objects.exists():
        now = timezone.now()
        subdistricts = list(Subdistrict.objects.order_by("code").values_list("code", "name_th"))
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(
                "COPY geo_village (code, name_th, name_en, subdistrict_id, number, created_at) FROM STDIN"
            ) as copy,
        ):
            for code, name in subdistricts:
                for n in range(1, 5):
                    copy.write_row((f"{code}{n:02d}", f"บ้าน{name} {n}", "", code, n, now))
    return list(Village.objects.order_by("code").values_list("code", flat=True))


def write_file(path: Path, rows: int, villages: list[str]) -> None:
    from thanrak.core.citizen_id import check_digit
    from thanrak.demo import thai_names as names

    rng = random.Random(2569)
    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        for i in range(rows):
            first12 = f"{rng.choice('12345678')}{i:011d}"
            sex = rng.choice("MF")
            first = rng.choice(names.MALE_OLDER if sex == "M" else names.FEMALE_OLDER)
            title = "นาย" if sex == "M" else rng.choice(("นาง", "นางสาว"))
            birth = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(2480, 2566)}"
            writer.writerow(
                [
                    first12 + str(check_digit(first12)),
                    title,
                    first,
                    rng.choice(names.FAMILY_NAMES),
                    sex,
                    birth,
                    rng.choice(villages),
                ]
            )
    print(
        f"wrote {rows:,} persons to {path} ({path.stat().st_size / 1e6:.0f} MB) in "
        f"{time.monotonic() - started:.0f} s"
    )


def import_once(path: Path, rows: int) -> float:
    from django.db import connection
    from django.utils import timezone

    from thanrak.registry.imports import registry_import
    from thanrak.registry.models import Person

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE registry_person CASCADE")
        cursor.execute("VACUUM ANALYZE registry_person")
    data = path.read_bytes()
    started = time.monotonic()
    report = registry_import(kind="persons", source=data, by=None, at=timezone.now(), filename=path.name)
    seconds = time.monotonic() - started
    assert report.imported == rows == Person.objects.count(), (report.imported, rows)
    print(f"  import: {rows:,} rows in {seconds:.1f} s = {rows / seconds:,.0f} rows/s")
    return seconds


def table_floor(rows: int) -> float:
    """The same persons, already checked, COPYed back into registry_person with its indexes and
    constraints: what the server alone needs, the floor of any import into this table."""
    import io

    import psycopg

    from thanrak.registry.imports import PERSON_COLUMNS

    cols = ", ".join(PERSON_COLUMNS)
    with psycopg.connect(dbname=os.environ["DB_NAME"], **_db.connect_params()) as con:
        buffer = io.BytesIO()
        with con.cursor().copy(f"COPY registry_person ({cols}) TO STDOUT") as copy:
            for block in copy:
                buffer.write(block)
        con.execute("TRUNCATE registry_person CASCADE")
        con.commit()
        started = time.monotonic()
        with con.cursor().copy(f"COPY registry_person ({cols}) FROM STDIN") as copy:
            copy.write(buffer.getvalue())
        con.commit()
        seconds = time.monotonic() - started
    print(
        f"  server floor (checked rows COPYed into registry_person, its 7 indexes): {rows / seconds:,.0f} "
        f"rows/s ({seconds:.1f} s)"
    )
    return seconds


def plain_copy(path: Path) -> float:
    import psycopg

    with psycopg.connect(dbname=os.environ["DB_NAME"], **_db.connect_params()) as con:
        con.execute("DROP TABLE IF EXISTS bench_plain_copy")
        con.execute("CREATE TABLE bench_plain_copy (" + ", ".join(f"{c} text" for c in HEADER) + ")")
        con.commit()
        started = time.monotonic()
        with (
            path.open("rb") as src,
            con.cursor().copy("COPY bench_plain_copy FROM STDIN (FORMAT csv, HEADER)") as copy,
        ):
            while block := src.read(1 << 20):
                copy.write(block)
        con.commit()
        seconds = time.monotonic() - started
        count = con.execute("SELECT count(*) FROM bench_plain_copy").fetchone()[0]
        con.execute("DROP TABLE bench_plain_copy")
        con.commit()
    print(f"  plain COPY: {count:,} rows in {seconds:.1f} s = {count / seconds:,.0f} rows/s")
    return seconds


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)
    args = parse_args()
    _db.configure(args.db_name)
    _db.ensure_database(args.db_name, reset=args.reset)
    villages = prepare()
    path = ROOT / "var" / "bench" / f"persons-{args.rows}.csv"
    if not path.exists():
        write_file(path, args.rows, villages)
    print(f"cores: {os.cpu_count()}, load: {os.getloadavg()[0]:.2f}")
    best = min(import_once(path, args.rows) for _ in range(args.runs))
    floor = table_floor(args.rows)
    copy = plain_copy(path)
    print(f"the server alone needs {floor:.1f} s of the import's {best:.1f} s")
    print(
        f"\npersons import with full validation: {args.rows / best:,.0f} rows/s ({best:.1f} s); "
        f"plain COPY of the same file: {args.rows / copy:,.0f} rows/s ({copy:.1f} s); "
        f"import takes {best / copy:.1f}× the plain COPY"
    )


if __name__ == "__main__":
    main()
