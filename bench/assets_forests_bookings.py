"""Benchmark: a province's community-forest map, and many simultaneous bookings on a few machines.

    .venv/bin/python bench/assets_forests_bookings.py     # 11,327 forests, 1,000 bookings, 10 machines
    .venv/bin/python bench/assets_forests_bookings.py --forests 2000 --attempts 200 --threads 8

What it does:
1. Creates the PostgreSQL database (DB_NAME, default thanrak_bench_assets), migrates it and loads Thai
   geography.
2. Forests: inserts --forests community forests with 14-vertex boundaries (100–1,500 rai) spread over
   the districts of Thailand that have a reference shape (bulk insert; each shape checked and measured
   by the same `shapes.boundary` the action uses, and that time is printed too). Then times
   `queries.forest_map` (simplified GeoJSON) for the province holding the most forests, as the map
   page's data request does, and prints the feature count and milliseconds (best of 3, first call too).
   Then the whole country's map for a national viewer: built once into the cache, then served from it.
3. Bookings: --attempts booking attempts from --threads threads on --machines machines, each for a
   random 2-hour slot in one day (so most collide), through `actions.booking_make`; prints the time,
   bookings made, refusals, and checks that no two live bookings of a machine overlap.

The issue's targets: the province map ≤ 300 ms; 1,000 attempts on 10 machines ≤ 10 s, no double booking.
Figures are measured on the machine it runs on. Not part of `make test`.
"""

import argparse
import datetime as dt
import math
import os
import random
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import _db  # noqa: E402


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--db-name", default=os.getenv("DB_NAME", "thanrak_bench_assets"))
    p.add_argument("--forests", type=int, default=11_327)
    p.add_argument("--attempts", type=int, default=1000)
    p.add_argument("--machines", type=int, default=10)
    p.add_argument("--threads", type=int, default=10)
    p.add_argument("--reset", action="store_true", help="drop and recreate the bench database")
    return p.parse_args()


def setup(args: argparse.Namespace) -> None:
    _db.ensure_database(args.db_name, reset=args.reset)
    _db.configure(args.db_name)
    import django

    django.setup()
    from django.core.management import call_command

    from thanrak.geo.actions import geography_load

    call_command("migrate", verbosity=0)
    geography_load()


def manager():  # noqa: ANN201
    from thanrak.accounts.actions import user_create
    from thanrak.accounts.models import User

    return User.objects.filter(username="bench_assets").first() or user_create(
        username="bench_assets", password="bench-assets-2569", role="NATIONAL_MANAGER", first_name="bench"
    )


def _polygon(rng: random.Random, district, rai: int):  # noqa: ANN001, ANN202
    from pyproj import Transformer
    from shapely.geometry import Point, Polygon

    from thanrak.assets.shapes import utm_zone_of

    minx, miny, maxx, maxy = district.bounds
    for _ in range(30):
        c = Point(rng.uniform(minx, maxx), rng.uniform(miny, maxy))
        if district.contains(c):
            break
    zone = utm_zone_of(c.x)
    to_utm = Transformer.from_crs(4326, zone, always_xy=True)
    to_wgs = Transformer.from_crs(zone, 4326, always_xy=True)
    cx, cy = to_utm.transform(c.x, c.y)
    r = math.sqrt(rai * 1600 / math.pi)
    ring = []
    for k in range(14):
        a = 2 * math.pi * k / 14
        rr = r * rng.uniform(0.75, 1.2)
        ring.append(to_wgs.transform(cx + rr * math.cos(a), cy + rr * math.sin(a)))
    return Polygon(ring)


def load_forests(args: argparse.Namespace, by) -> str:  # noqa: ANN001
    from django.utils import timezone

    from thanrak.assets import boundaries, shapes
    from thanrak.assets.models import CommunityForest
    from thanrak.geo.models import Subdistrict

    CommunityForest.objects.all().delete()
    rng = random.Random(2569)
    subs = {}
    for code, district in Subdistrict.objects.values_list("code", "district_id"):
        subs.setdefault(district, []).append(code)
    districts = [d for d in boundaries.district_codes("") if d in subs]
    rows, checking = [], 0.0
    now = timezone.now()
    for i in range(args.forests):
        district = districts[i % len(districts)]
        shape = _polygon(rng, boundaries.district_shape(district), rng.randint(100, 1500))
        started = time.perf_counter()
        try:
            checked = shapes.boundary(shape, area_shape=boundaries.district_shape(district))
        except shapes.ShapeRefused:
            continue
        checking += time.perf_counter() - started
        rows.append(
            CommunityForest(
                name=f"ป่าชุมชนทดสอบ {i}",
                area_code=rng.choice(subs[district]),
                legal_status="APPROVED",
                approved_on=dt.date(2024, 1, 1),
                boundary=checked.geojson,
                map_boundary=shapes.simplified(checked.geojson, shapes.MAP_TOLERANCE_DEGREES),
                area_m2=checked.area.square_metres,
                lon=checked.point[0],
                lat=checked.point[1],
                created_by=by,
                created_at=now,
            )
        )
    CommunityForest.objects.bulk_create(rows, batch_size=1000)
    print(
        f"forests: {len(rows):,} inserted; shapes checked and measured in {checking:.1f} s "
        f"({checking / max(1, len(rows)) * 1000:.2f} ms each)"
    )
    from django.db.models import Count
    from django.db.models.functions import Substr

    top = (
        CommunityForest.objects.annotate(p=Substr("area_code", 1, 2))
        .values("p")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )[0]
    return top["p"]


def time_map(province: str, by) -> None:  # noqa: ANN001
    from thanrak.assets import queries

    times, cpu = [], []
    for _ in range(4):
        started, cpu_started = time.perf_counter(), time.process_time()
        doc = queries.forest_map(viewer=by, area=province)
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - cpu_started) * 1000)
    print(
        f"map of province {province}: {len(doc['features']):,} forests, first {times[0]:.0f} ms, "
        f"best of 3 after {min(times[1:]):.0f} ms (target ≤ 300 ms); this process's CPU "
        f"{min(cpu[1:]):.0f} ms; load average {os.getloadavg()[0]:.1f}"
    )


def time_country(by) -> None:  # noqa: ANN001
    """The whole country's simplified map, as the map page's data request serves it to a national
    viewer: built once into the cache, then served from it."""
    from django.core.cache import cache

    from thanrak.assets import mapcache, queries

    cache.delete(mapcache.map_key())
    started = time.perf_counter()
    body = queries.forest_map_document(viewer=by)
    first = (time.perf_counter() - started) * 1000
    times = []
    for _ in range(5):
        started = time.perf_counter()
        again = queries.forest_map_document(viewer=by)
        times.append((time.perf_counter() - started) * 1000)
    assert again == body
    print(
        f"map of Thailand: {len(body) / 1e6:.1f} MB of GeoJSON, built in {first:.0f} ms, "
        f"then from the cache in {min(times):.1f}–{max(times):.1f} ms"
    )


def bookings(args: argparse.Namespace, by) -> None:  # noqa: ANN001
    from django.db import connections
    from django.utils import timezone

    from thanrak.assets import actions
    from thanrak.assets.errors import CannotBook
    from thanrak.assets.models import Booking, Equipment
    from thanrak.registry.actions import organisation_register, person_register
    from thanrak.registry.models import Organisation, Person

    now = timezone.now()
    org = Organisation.objects.filter(name_th="วิสาหกิจทดสอบเครื่องจักร").first() or organisation_register(
        kind="COMMUNITY_ENTERPRISE", name_th="วิสาหกิจทดสอบเครื่องจักร", area_code="560101", by=by, at=now
    )
    person = Person.objects.filter(first_name="ผู้จองทดสอบ").first() or person_register(
        first_name="ผู้จองทดสอบ", last_name="เครื่องจักร", id_kind="NONE", area_code="560101", by=by, at=now
    )
    Booking.objects.filter(equipment__organisation=org).delete()
    Equipment.objects.filter(organisation=org).delete()
    machines = [
        actions.equipment_list_item(
            organisation=org,
            name=f"รถไถ {i}",
            kind="TRACTOR",
            fee_unit="HOUR",
            fee_satang=30000,
            by=by,
            at=now,
        )
        for i in range(args.machines)
    ]
    day = now.replace(minute=0, second=0, microsecond=0) + dt.timedelta(days=2)
    results = {"booked": 0, "refused": 0, "error": 0}
    lock = threading.Lock()
    per_thread = args.attempts // args.threads

    def work(seed: int) -> None:
        rng = random.Random(seed)
        try:
            for _ in range(per_thread):
                start = day + dt.timedelta(hours=rng.randint(0, 10))
                try:
                    actions.booking_make(
                        equipment=rng.choice(machines),
                        person=person,
                        starts_at=start,
                        ends_at=start + dt.timedelta(hours=2),
                        by=by,
                        at=now,
                    )
                    outcome = "booked"
                except CannotBook:
                    outcome = "refused"
                except Exception:  # noqa: BLE001 — counted and printed
                    outcome = "error"
                with lock:
                    results[outcome] += 1
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(i,)) for i in range(args.threads)]
    started, cpu_started = time.perf_counter(), time.process_time()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    overlaps = 0
    for machine in machines:
        live = list(machine.bookings.exclude(status="CANCELLED").order_by("starts_at"))
        overlaps += sum(1 for a, b in zip(live, live[1:], strict=False) if b.starts_at < a.ends_at)
    print(
        f"bookings: {per_thread * args.threads:,} attempts on {args.machines} machines "
        f"from {args.threads} threads "
        f"in {elapsed:.2f} s (target ≤ 10 s): {results}; overlapping live bookings: {overlaps}; "
        f"this process's CPU {cpu:.2f} s (PostgreSQL's own not counted); "
        f"load average {os.getloadavg()[0]:.1f}"
    )


def main() -> None:
    args = parse_args()
    setup(args)
    by = manager()
    province = load_forests(args, by)
    time_map(province, by)
    time_country(by)
    bookings(args, by)


if __name__ == "__main__":
    main()
