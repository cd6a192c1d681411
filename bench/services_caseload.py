"""Benchmark: one volunteer's caseload page over a national set of assigned households and visits.

    .venv/bin/python bench/services_caseload.py                         # load once, then measure
    .venv/bin/python bench/services_caseload.py --households 30000      # a smaller set
    .venv/bin/python bench/services_caseload.py --reset                 # drop the bench database first

What it does:
1. Creates the PostgreSQL database (DB_NAME, default thanrak_bench_services_caseload; DB_HOST, DB_PORT,
   DB_USER, DB_PASSWORD as for the project), migrates it, loads Thai geography and the จปฐ. 2560
   questionnaire, and makes four villages in every subdistrict (about 29,700).
2. Loads by COPY (skipped when loaded): --households households spread over the villages; one round
   (2563) and one targeting run per province, every household a poor household of its province's run
   with one to four failed indicators; a later round (2565) with results for 60 % of the households
   (some improved); --households / 31 social-welfare volunteers (9,677 for 300,000, the seed's
   9,652 อพม.) each a registry person looking after 31 neighbouring households
   (CaseloadAssignment), and --visits visits spread over the assignments (INSERT … SELECT in the
   server). The volunteer of a Phayao village gets a login (bench_volunteer, role VOLUNTEER).
3. Times, as that volunteer, the page /services/caseload/ (the real view through Django's test
   client: session, middleware, scope, template) nine times and prints the median and the slowest,
   the number of SQL queries and the households shown; then the queries alone (caseload_list +
   caseload_rows) the same way.

Target (issue 12): ≤ 100 ms for one volunteer. Not part of `make test`.
"""

import argparse
import datetime as dt
import itertools
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import _db  # noqa: E402

PER_VOLUNTEER = 31
VILLAGES_PER_SUBDISTRICT = 4
USERNAME = "bench_volunteer"
PASSWORD = "bench-password-2569"


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--db-name", default=os.getenv("DB_NAME", "thanrak_bench_services_caseload"))
    p.add_argument("--households", type=int, default=300_000)
    p.add_argument("--visits", type=int, default=2_000_000)
    p.add_argument("--runs", type=int, default=9, help="timed requests")
    p.add_argument("--reset", action="store_true", help="drop and recreate the bench database")
    return p.parse_args()


def copy_into(model: Any, values: Iterator[dict[str, Any]]) -> int:
    """COPY rows into a model's table, every field not given taking the field's default."""
    from django.db import connection

    values = iter(values)
    first = next(values)
    # The primary key is left to its sequence when the rows do not give it.
    fields = [f for f in model._meta.concrete_fields if not f.primary_key or f.attname in first]
    values = itertools.chain([first], values)
    defaults = {f.attname: f.get_default() for f in fields}
    sql = f'COPY "{model._meta.db_table}" ({", ".join(f.column for f in fields)}) FROM STDIN'
    n = 0
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for given in values:
            row = {**defaults, **given}
            copy.write_row(tuple(_cell(row[f.attname]) for f in fields))
            n += 1
    return n


def _cell(value: Any) -> Any:
    return json.dumps(value) if isinstance(value, list | dict) else value


def _setval(*tables: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for t in tables:
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{t}', 'id'), (SELECT max(id) FROM {t}))")


def _villages(now: dt.datetime) -> list[str]:
    from thanrak.geo.models import Subdistrict, Village

    if not Village.objects.exists():
        copy_into(
            Village,
            (
                {
                    "code": f"{code}{n:02d}",
                    "name_th": f"บ้าน{name} {n}",
                    "name_en": "",
                    "subdistrict_id": code,
                    "number": n,
                    "created_at": now,
                }
                for code, name in Subdistrict.objects.order_by("code").values_list("code", "name_th")
                for n in range(1, VILLAGES_PER_SUBDISTRICT + 1)
            ),
        )
    return list(Village.objects.order_by("code").values_list("code", flat=True))


def _rounds(by: Any, now: dt.datetime) -> dict[str, tuple[Any, Any, Any]]:
    """Province → (round 2563, its run, round 2565)."""
    from django.conf import settings

    from thanrak.geo.models import Province
    from thanrak.survey import actions as survey_actions
    from thanrak.survey import evaluation as ev
    from thanrak.survey.models import Round, TargetingRun

    version = survey_actions.version_load_jpt2560(
        csv_path=settings.REFERENCE_DATA_DIR / "jpt2560" / "indicators.csv", by=by, at=now
    )
    snapshot = ev.rules_snapshot(version)
    out = {}
    for code in Province.objects.order_by("code").values_list("code", flat=True):
        rounds = [
            Round.objects.create(
                version=version,
                year_be=year,
                area_code=code,
                title=f"จปฐ. {year} จังหวัด {code}",
                reference_date=dt.date(year - 543, 6, 30),
                status="CLOSED",
                created_by=by,
                created_at=now,
            )
            for year in (2563, 2565)
        ]
        run = TargetingRun.objects.create(
            round=rounds[0],
            method="TPMAP",
            label=f"TPMAP 2563 จังหวัด {code}",
            parameters={"dimensions": ["health", "living", "education", "income", "access"]},
            rules_snapshot=snapshot,
            rules_checksum=ev.checksum(snapshot),
            result_checksum="bench",
            backend="bench",
            created_by=by,
            created_at=now,
        )
        out[code] = (rounds[0], run, rounds[1])
    return out


def load(args: argparse.Namespace) -> None:  # noqa: C901 — one loader, step by step
    from django.core.management import call_command
    from django.db import connection, transaction

    from thanrak.accounts.actions import user_create
    from thanrak.accounts.models import User
    from thanrak.geo.actions import geography_load
    from thanrak.registry.models import Household, Person, house_no_key
    from thanrak.services.models import CaseloadAssignment, Helper, HelperArea, HelperKindRow, Visit
    from thanrak.survey.models import HouseholdResult, RunHousehold

    call_command("migrate", verbosity=0)
    present = CaseloadAssignment.objects.count()
    if present >= args.households:
        print(f"database {args.db_name} already holds {present:,} assigned households: not loading")
        return
    if present:
        sys.exit(f"{args.db_name} holds {present:,} assigned households, fewer than asked: run with --reset")
    started = time.monotonic()
    now = dt.datetime(2026, 6, 1, 3, tzinfo=dt.UTC)
    geography_load()
    by = User.objects.filter(username="bench_district").first() or user_create(
        username="bench_district", password=PASSWORD, role="NATIONAL_MANAGER"
    )
    rng = random.Random(2569)
    with transaction.atomic():
        villages = _villages(now)
        rounds = _rounds(by, now)
        numbers = sorted({int(i["number"]) for i in rounds["56"][1].rules_snapshot["indicators"]})
        n = args.households
        # Household i lives in village i * len / n: neighbours are consecutive, a volunteer's 31 too.
        home = [villages[i * len(villages) // n] for i in range(n)]
        copy_into(
            Household,
            (
                {
                    "id": i + 1,
                    "house_no": str(i % 97 + 1),
                    "house_no_key": house_no_key(str(i % 97 + 1)),
                    "village_id": home[i],
                    "area_code": home[i],
                    "created_at": now,
                    "updated_at": now,
                }
                for i in range(n)
            ),
        )
        failed = [sorted(rng.sample(numbers, rng.randint(1, 4))) for _ in range(n)]
        copy_into(
            RunHousehold,
            (
                {
                    "run_id": rounds[home[i][:2]][1].pk,
                    "household_id": i + 1,
                    "area_code": home[i],
                    "members": 3,
                    "failed": failed[i],
                    "score": len(failed[i]) / 10,
                    "is_poor": True,
                    "target_persons": 1,
                }
                for i in range(n)
            ),
        )
        copy_into(
            HouseholdResult,
            (
                {
                    "round_id": rounds[home[i][:2]][2].pk,
                    "household_id": i + 1,
                    "area_code": home[i],
                    "members": 3,
                    "applicable": numbers,
                    "failed": failed[i][: i % 3],  # some improved, some not
                    "evaluated_at": now,
                    "rules_checksum": "bench",
                }
                for i in range(n)
                if i % 5 < 3
            ),
        )
        helpers = (n + PER_VOLUNTEER - 1) // PER_VOLUNTEER
        copy_into(
            Person,
            (
                {
                    "id": h + 1,
                    "id_kind": "NONE",
                    "citizen_id": None,
                    "title": "นาง",
                    "first_name": f"อาสา{h + 1}",
                    "last_name": "ใจดี",
                    "name_key": f"อาสา{h + 1}ใจดี",
                    "sex": "F",
                    "area_code": home[h * PER_VOLUNTEER],
                    "created_at": now,
                    "updated_at": now,
                }
                for h in range(helpers)
            ),
        )
        copy_into(
            Helper,
            (
                {
                    "id": h + 1,
                    "person_id": h + 1,
                    "area_code": home[h * PER_VOLUNTEER][:6],
                    "capacity": 40,
                    "created_by_id": by.pk,
                    "created_at": now,
                    "updated_at": now,
                }
                for h in range(helpers)
            ),
        )
        copy_into(HelperKindRow, ({"helper_id": h + 1, "kind": "WELFARE_VOLUNTEER"} for h in range(helpers)))
        copy_into(
            HelperArea,
            ({"helper_id": h + 1, "area_code": home[h * PER_VOLUNTEER][:6]} for h in range(helpers)),
        )
        copy_into(
            CaseloadAssignment,
            (
                {
                    "id": i + 1,
                    "household_id": i + 1,
                    "helper_id": i // PER_VOLUNTEER + 1,
                    "run_id": rounds[home[i][:2]][1].pk,
                    "area_code": home[i],
                    "assigned_on": dt.date(2026, 1, 5),
                    "assigned_by_id": by.pk,
                }
                for i in range(n)
            ),
        )
        _setval("registry_household", "registry_person", "services_helper", "services_caseloadassignment")
        print(f"  households, runs, results, volunteers, assignments: {time.monotonic() - started:.0f} s")
        # Visits: every assignment gets visits // households, the first (visits % households) one more.
        per, extra = divmod(args.visits, n)
        with connection.cursor() as cursor:
            cursor.execute(
                f"""INSERT INTO {Visit._meta.db_table} (assignment_id, "on", what, next_step, by_id, at)
                SELECT a.id, DATE '2026-01-06' + ((a.id * 7 + g * 41) %% 320)::int,
                       'เยี่ยมบ้าน ให้คำแนะนำ', CASE WHEN g %% 2 = 0 THEN 'ติดตามครั้งหน้า' ELSE '' END,
                       %s, %s
                FROM {CaseloadAssignment._meta.db_table} a
                CROSS JOIN generate_series(1, %s) g
                WHERE g <= %s OR a.id <= %s""",
                [by.pk, now, per + 1, per, extra],
            )
        print(f"  + {Visit.objects.count():,} visits: {time.monotonic() - started:.0f} s")
    volunteer_login(rounds)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"loaded in {time.monotonic() - started:.0f} s")


def volunteer_login(rounds: dict[str, Any]) -> None:
    """The volunteer looking after the first households of a Phayao subdistrict gets a login."""
    from thanrak.accounts.actions import user_create
    from thanrak.registry.models import Person
    from thanrak.services.models import CaseloadAssignment, Helper

    first = CaseloadAssignment.objects.filter(area_code__startswith="5601").order_by("pk").first()
    helper = Helper.objects.get(pk=first.helper_id + 1)  # the next one's 31 are all in Phayao
    user = user_create(username=USERNAME, password=PASSWORD, role="VOLUNTEER", area_codes=[helper.area_code])
    Person.objects.filter(pk=helper.person_id).update(user=user)


def collect_static() -> None:
    """DEBUG is off, so the page's static tags need the manifest (no compression: pages are measured)."""
    from django.conf import settings
    from django.core.management import call_command

    settings.WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [
        "js",
        "css",
        "map",
        "svg",
        "ttf",
        "woff2",
        "png",
        "txt",
        "md",
    ]
    call_command("collectstatic", interactive=False, verbosity=0)


def measure(args: argparse.Namespace) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from thanrak.accounts.models import User
    from thanrak.services import queries

    user = User.objects.get(username=USERNAME)
    client = Client()
    client.force_login(user)
    page = "/services/caseload/"

    cpu: list[float] = []

    def timed(fn: Any) -> tuple[list[float], int, Any]:
        """Wall-clock times (ms), and this process's CPU time per call in `cpu` (without the
        server's: on a shared machine the wall clock is mostly waiting for a core)."""
        times, result, count = [], None, 0
        cpu.clear()
        for i in range(args.runs + 1):
            with CaptureQueriesContext(connection) as ctx:
                started, used = time.perf_counter(), time.process_time()
                result = fn()
                took = (time.perf_counter() - started) * 1000
                spent = (time.process_time() - used) * 1000
            if i:  # the first warms the caches
                times.append(took)
                cpu.append(spent)
            count = len(ctx.captured_queries)
        return times, count, result

    times, count, response = timed(lambda: client.get(page))
    if response.status_code != 200:
        sys.exit(f"skipped: {page} answers HTTP {response.status_code}")
    shown = response.content.decode().count('href="/services/caseload/') - 1  # the breadcrumb-free list
    print(
        f"page {page} as the volunteer: median {statistics.median(times):.1f} ms · slowest "
        f"{max(times):.1f} ms · this process's CPU median {statistics.median(cpu):.1f} ms"
        f" · {count} SQL queries · {shown} households linked"
    )

    def query() -> list:
        mine = queries.helper_by_user(user=user)
        assignments = list(queries.caseload_list(viewer=user, helper_id=mine.pk)[:1000])
        return queries.caseload_rows(assignments=assignments)

    times, count, rows = timed(query)
    print(
        f"queries alone (helper_by_user + caseload_list + caseload_rows): median "
        f"{statistics.median(times):.1f} ms · slowest {max(times):.1f} ms"
        f" · CPU {statistics.median(cpu):.1f} ms · {count} SQL queries · "
        f"{len(rows)} households, {sum(r.visits for r in rows)} visits"
    )


def main() -> None:
    args = parse_args()
    _db.ensure_database(args.db_name, reset=args.reset)
    _db.configure(args.db_name)
    import django

    django.setup()
    load(args)
    from thanrak.services.models import CaseloadAssignment, Visit

    print(f"{CaseloadAssignment.objects.count():,} assigned households, {Visit.objects.count():,} visits")
    collect_static()
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    measure(args)


if __name__ == "__main__":
    main()
