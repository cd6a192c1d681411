"""Benchmark: the scoped household list with 1,000,000 households in PostgreSQL, served by gunicorn.

    .venv/bin/python bench/registry_household_list.py                 # load (once), then measure
    .venv/bin/python bench/registry_household_list.py --clients 20 --duration 30 --workers 3
    .venv/bin/python bench/registry_household_list.py --reset         # drop the bench database first

What it does:
1. Creates the PostgreSQL database (DB_NAME, default thanrak_bench_households; DB_HOST, DB_PORT,
   DB_USER, DB_PASSWORD as for the project), migrates it and loads Thai geography.
2. Loads --households households (each with its head) by COPY: 20 % in Phayao (56), about 245 per
   village as in a real Phayao village, so Mueang Phayao (5601) holds about 44,000 households; the
   rest spread over four villages in every other subdistrict of the country. Skipped when loaded.
3. Measures the query alone, in this process: queries.household_list for each viewer, first page of
   50 plus the total count, and the number of SQL queries that takes.
4. Starts gunicorn (--workers, DEBUG=False, static files collected without compression), logs in a
   district officer (5601), a provincial officer (56) and a national manager, makes each an API token,
   and runs --clients concurrent clients for --duration seconds against
   the page /registry/households/ (registry:household-list, random page among the first 20) and the
   API /api/v1/registry/households; prints p50/p95/p99 latency, requests/s and errors.

Every figure is measured on the machine it runs on, with gunicorn, PostgreSQL and the load generator
sharing its cores. Not part of `make test`.
"""

import argparse
import datetime as dt
import functools
import http.client
import math
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import _db  # noqa: E402

PAGE_PATH = "/registry/households/"
API_PATH = "/api/v1/registry/households"
PHAYAO_SHARE = 0.2
PHAYAO_VILLAGES_PER_SUBDISTRICT = 12
OTHER_VILLAGES_PER_SUBDISTRICT = 4
VIEWERS = (  # username, role, area
    ("bench_district", "DISTRICT_OFFICER", "5601"),
    ("bench_province", "PROVINCIAL_OFFICER", "56"),
    ("bench_national", "NATIONAL_MANAGER", ""),
)
PASSWORD = "bench-password-2569"


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--households", type=int, default=1_000_000)
    p.add_argument("--db-name", default=os.getenv("DB_NAME", "thanrak_bench_households"))
    p.add_argument("--reset", action="store_true", help="drop and recreate the bench database")
    p.add_argument("--workers", type=int, default=3, help="gunicorn workers (2–4 on this machine)")
    p.add_argument("--clients", type=int, default=20)
    p.add_argument("--duration", type=float, default=30.0, help="seconds of measurement per target")
    p.add_argument("--warmup", type=float, default=3.0)
    p.add_argument("--port", type=int, default=8003)
    p.add_argument("--page-path", default=PAGE_PATH)
    p.add_argument("--api-path", default=API_PATH)
    p.add_argument("--skip-http", action="store_true", help="only load and measure the query")
    return p.parse_args()


# --- loading -----------------------------------------------------------------------------------------


def rows_for(model: Any, values: Iterator[dict[str, Any]]) -> tuple[list[str], Iterator[tuple]]:
    """Columns of a model and its rows, filling every field not given with the field's default."""
    fields = list(model._meta.concrete_fields)
    defaults = {f.attname: f.get_default() for f in fields}
    columns = [f.column for f in fields]

    def gen() -> Iterator[tuple]:
        for given in values:
            row = {**defaults, **given}
            yield tuple(row[f.attname] for f in fields)

    return columns, gen()


def copy_into(model: Any, values: Iterator[dict[str, Any]]) -> int:
    from django.db import connection

    columns, rows = rows_for(model, values)
    sql = f'COPY "{model._meta.db_table}" ({", ".join(columns)}) FROM STDIN'
    n = 0
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)
            n += 1
    return n


def load(args: argparse.Namespace) -> None:  # noqa: C901
    import random

    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from thanrak.core.citizen_id import check_digit
    from thanrak.demo import thai_names as names
    from thanrak.geo.actions import geography_load
    from thanrak.geo.models import Subdistrict, Village
    from thanrak.registry.models import Household, HouseholdMember, Person
    from thanrak.registry.names import name_key

    call_command("migrate", verbosity=0)
    geography_load()
    present = Household.objects.count()
    if present >= args.households:
        print(f"database {args.db_name} already holds {present:,} households: not loading")
        return
    if present:
        sys.exit(f"{args.db_name} holds {present:,} households, fewer than asked: run with --reset")

    now = timezone.now()
    started = time.monotonic()
    with transaction.atomic():
        if not Village.objects.exists():
            villages = []
            for sub in Subdistrict.objects.order_by("code").values_list("code", "name_th"):
                per = (
                    PHAYAO_VILLAGES_PER_SUBDISTRICT
                    if sub[0].startswith("56")
                    else OTHER_VILLAGES_PER_SUBDISTRICT
                )
                villages += [
                    {
                        "code": f"{sub[0]}{n:02d}",
                        "name_th": f"บ้าน{sub[1]} {n}",
                        "name_en": "",
                        "subdistrict_id": sub[0],
                        "number": n,
                        "created_at": now,
                    }
                    for n in range(1, per + 1)
                ]
            copy_into(Village, iter(villages))
        codes = list(Village.objects.order_by("code").values_list("code", flat=True))
        phayao = [c for c in codes if c.startswith("56")]
        others = [c for c in codes if not c.startswith("56")]
        in_phayao = round(args.households * PHAYAO_SHARE)
        plan = [(c, n) for c, n in spread(in_phayao, phayao)] + [
            (c, n) for c, n in spread(args.households - in_phayao, others)
        ]

        key = functools.lru_cache(maxsize=None)(name_key)

        def generate(kind: str) -> Iterator[dict[str, Any]]:
            """One pass over the plan; the same seed gives the same rows in each pass."""
            rng = random.Random(2569)
            hid = 0
            for code, count in plan:
                for house in range(1, count + 1):
                    hid += 1
                    sex = "M" if rng.random() < 0.7 else "F"
                    first = rng.choice(names.MALE_OLDER if sex == "M" else names.FEMALE_OLDER)
                    last = rng.choice(names.FAMILY_NAMES)
                    born = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(365 * 60))
                    if kind == "person":
                        first12 = f"{1 if born.year >= 1984 else 3}{code[:4]}{hid:07d}"
                        yield {
                            "id": hid,
                            "citizen_id": first12 + str(check_digit(first12)),
                            "title": "นาย" if sex == "M" else "นาง",
                            "first_name": first,
                            "last_name": last,
                            "name_key": key(first, last),
                            "sex": sex,
                            "birth_date": born,
                            "area_code": code,
                            "created_at": now,
                            "updated_at": now,
                        }
                    elif kind == "household":
                        yield {
                            "id": hid,
                            "house_no": str(house),
                            "village_id": code,
                            "area_code": code,
                            "created_at": now,
                            "updated_at": now,
                        }
                    else:
                        yield {
                            "id": hid,
                            "household_id": hid,
                            "person_id": hid,
                            "relation": "HEAD",
                            "joined_date": now.date(),
                        }

        for model, kind in ((Person, "person"), (Household, "household"), (HouseholdMember, "member")):
            t = time.monotonic()
            n = copy_into(model, generate(kind))
            print(f"  COPY {model._meta.db_table}: {n:,} rows in {time.monotonic() - t:.1f} s")
        with connection.cursor() as cursor:
            for table in ("registry_person", "registry_household", "registry_householdmember"):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    took = time.monotonic() - started
    print(
        f"loaded {args.households:,} households with heads in {took:.1f} s ({args.households / took:,.0f}/s)"
    )


def spread(total: int, codes: list[str]) -> Iterator[tuple[str, int]]:
    base, extra = divmod(total, len(codes))
    for i, code in enumerate(codes):
        yield code, base + (1 if i < extra else 0)


# --- viewers and the query alone ---------------------------------------------------------------------


def viewers() -> dict[str, Any]:
    from thanrak.accounts.actions import user_create
    from thanrak.accounts.models import User

    found = {}
    for username, role, area in VIEWERS:
        user = User.objects.filter(username=username).first() or user_create(
            username=username, password=PASSWORD, role=role, area_codes=[area] if area else []
        )
        found[username] = user
    return found


def proposed_household_list(viewer: Any) -> Any:
    """A shape of the same list for comparison (not the project's code): the member count as a
    correlated subquery instead of a GROUP BY over every visible household, and the area scope also
    given as a code range, which any b-tree index (area_code, house_no) can serve in ORDER BY order."""
    from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery
    from django.db.models.functions import Coalesce

    from thanrak.accounts.scope import scope_of
    from thanrak.registry.models import Household, HouseholdMember, Relation

    members = (
        HouseholdMember.objects.filter(household=OuterRef("pk"), left_date__isnull=True)
        .order_by()
        .values("household")
        .annotate(n=Count("pk"))
        .values("n")
    )
    heads = HouseholdMember.objects.filter(relation=Relation.HEAD, left_date__isnull=True).select_related(
        "person"
    )
    scope = scope_of(viewer)
    ranges = Q()
    if not scope.everything:
        ranges = Q(pk__in=[])
        for code in scope.area_codes:  # digits sort below "A" in every collation
            ranges |= Q(area_code__gte=code, area_code__lt=code + "A")
    return (
        Household.objects.visible_to(viewer)
        .filter(ranges)
        .select_related("village", "village__subdistrict", "village__subdistrict__district")
        .prefetch_related(Prefetch("members", queryset=heads, to_attr="current_heads"))
        .annotate(member_count=Coalesce(Subquery(members, output_field=IntegerField()), 0))
        .order_by("area_code", "house_no", "id")
    )


def measure_query(users: dict[str, Any]) -> None:
    from django.core.paginator import Paginator
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from thanrak.registry import queries

    for title, build in (
        ("queries.household_list as it is", queries.household_list),
        ("the proposed shape (see proposed_household_list)", proposed_household_list),
    ):
        print(f"\nThe query alone, in-process: {title}; pages 1 and 20 of 50 rows, with the total count")
        print(f"  {'viewer':<16} {'households':>10} {'queries':>8} {'p50 ms':>8} {'max ms':>8}")
        for username, user in users.items():
            times = []
            for i in range(12):
                t = time.perf_counter()
                with CaptureQueriesContext(connection) as ctx:
                    page = Paginator(build(viewer=user), 50).get_page(20 if i % 2 else 1)
                    rows = list(page.object_list)
                    total = page.paginator.count
                if i >= 2:  # the first runs warm the caches
                    times.append((time.perf_counter() - t) * 1000)
            assert rows and rows[0].current_heads, f"{username} sees no household"
            print(
                f"  {username:<16} {total:>10,} {len(ctx.captured_queries):>8} "
                f"{statistics.median(times):>8.1f} {max(times):>8.1f}"
            )


# --- gunicorn and the clients ------------------------------------------------------------------------


def collect_static() -> None:
    from django.conf import settings
    from django.core.management import call_command

    # The page is measured, not static files: skip compressing the vendored JavaScript (a minute).
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


def start_gunicorn(args: argparse.Namespace, env: dict[str, str], log: Any) -> subprocess.Popen:
    cmd = [
        sys.executable,
        "-m",
        "gunicorn",
        "thanrak.wsgi",
        "--workers",
        str(args.workers),
        "--bind",
        f"127.0.0.1:{args.port}",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(cmd, cwd=ROOT, env=env, start_new_session=True, stdout=log, stderr=log)
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=2)
            conn.request("GET", "/login/")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            pass
        if server.poll() is not None:
            sys.exit("gunicorn did not start")
        time.sleep(0.2)
    stop(server)
    sys.exit("gunicorn did not answer /login/")


def stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=30)


def login(port: int, username: str) -> str:
    """Log in through the login form like a browser; return the session cookie."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/login/")
    response = conn.getresponse()
    body = response.read().decode()
    csrf_cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "").group(1)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    form = urllib.parse.urlencode({"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token})
    conn.request(
        "POST",
        "/login/",
        body=form,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf_cookie}",
            "Referer": f"http://127.0.0.1:{port}/login/",
        },
    )
    response = conn.getresponse()
    response.read()
    session = re.search(r"sessionid=([^;]+)", response.getheader("Set-Cookie") or "")
    if response.status != 302 or not session:
        sys.exit(f"could not log in {username} (HTTP {response.status})")
    return f"sessionid={session.group(1)}"


def api_token(user: Any) -> str:
    from django.utils import timezone

    from thanrak.accounts.actions import token_create

    return token_create(user=user, name="benchmark", at=timezone.now())[1]


def run_load(
    port: int,
    headers: dict[str, str],
    paths: Callable[[Any], str],
    *,
    clients: int,
    duration: float,
    warmup: float,
) -> dict[str, Any]:
    """`clients` threads, each with one keep-alive connection, requesting as fast as answers come."""
    import random

    start = time.monotonic()
    measure_from, stop_at = start + warmup, start + warmup + duration
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    lock = threading.Lock()

    def client(seed: int) -> None:
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine, codes = [], {}
        while (now := time.monotonic()) < stop_at:
            t = time.perf_counter()
            try:
                conn.request("GET", paths(rng), headers=headers)
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                status = 0
            if now >= measure_from:
                mine.append((time.perf_counter() - t) * 1000)
                codes[status] = codes.get(status, 0) + 1
        with lock:
            latencies.extend(mine)
            for code, n in codes.items():
                statuses[code] = statuses.get(code, 0) + n

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    return {
        "requests": len(latencies),
        "rps": len(latencies) / duration,
        "p50": percentile(latencies, 50),
        "p95": percentile(latencies, 95),
        "p99": percentile(latencies, 99),
        "statuses": statuses,
    }


def percentile(sorted_values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    if not sorted_values:
        return float("nan")
    return sorted_values[max(0, math.ceil(p / 100 * len(sorted_values)) - 1)]


def probe(port: int, path: str, headers: dict[str, str]) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    response.read()
    return response.status


def measure_http(args: argparse.Namespace, env: dict[str, str], users: dict[str, Any]) -> None:
    collect_static()
    tokens = {name: api_token(user) for name, user in users.items()}
    log = open(Path(env["THANRAK_VAR_DIR"]) / "gunicorn.log", "ab")  # noqa: SIM115
    server = start_gunicorn(args, env, log)
    try:
        print(
            f"\ngunicorn, {args.workers} sync workers, {args.clients} concurrent clients, "
            f"{args.duration:.0f} s each (after {args.warmup:.0f} s warm-up), {os.cpu_count()} cores shared "
            "with PostgreSQL and the clients:"
        )
        print(f"  {'target':<34} {'req/s':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}  statuses")
        for username in users:
            targets = {
                f"page  {username}": (
                    {"Cookie": login(args.port, username), "Accept-Language": "th"},
                    lambda rng: f"{args.page_path}?page={rng.randint(1, 20)}",
                    args.page_path,
                ),
                f"api   {username}": (
                    {"Authorization": f"Bearer {tokens[username]}"},
                    lambda rng: args.api_path,
                    args.api_path,
                ),
            }
            for label, (headers, paths, first) in targets.items():
                status = probe(args.port, first, headers)
                if status != 200:
                    print(f"  {label:<34} skipped: {first} answers HTTP {status} (not in this version?)")
                    continue
                r = run_load(
                    args.port,
                    headers,
                    paths,
                    clients=args.clients,
                    duration=args.duration,
                    warmup=args.warmup,
                )
                print(
                    f"  {label:<34} {r['rps']:>7.1f} {r['p50']:>8.1f} {r['p95']:>8.1f} {r['p99']:>8.1f}  "
                    f"{dict(sorted(r['statuses'].items()))}"
                )
    finally:
        stop(server)
        log.close()


def main() -> None:
    args = parse_args()
    env = _db.configure(args.db_name, ALLOWED_HOSTS="127.0.0.1,localhost", FAST_PASSWORD_HASHER="True")
    _db.ensure_database(args.db_name, reset=args.reset)
    import django

    django.setup()
    load(args)
    users = viewers()
    measure_query(users)
    if not args.skip_http:
        measure_http(args, env, users)


if __name__ == "__main__":
    main()
