"""Storefront listing and Thai word search over 100,000 products from 1,000 shops, on PostgreSQL,
served by gunicorn, with 20 concurrent clients. Prints p50/p95 per kind of request.

    DB=postgres DB_NAME=thanrak_bench /work/main/.venv/bin/python bench/commerce_storefront.py
        [--shops 1000] [--per-shop 100] [--clients 20] [--requests 3000] [--workers 4] [--keep]

The data is made with bulk inserts (far faster than the actions, which the test suite covers);
search words are computed with the same segmenter as the actions. The database is reused when it
already holds the catalogue (--rebuild to start again).
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thanrak.settings")
os.environ.setdefault("DB_NAME", "thanrak_bench")
os.environ.setdefault("THANRAK_VAR_DIR", "/tmp/thanrak-bench-var")

WORDS_A = [
    "ผ้าไหม",
    "ผ้าฝ้าย",
    "ผ้าทอ",
    "ข้าวก่ำ",
    "ข้าวหอมมะลิ",
    "น้ำผึ้ง",
    "กาแฟ",
    "ชา",
    "ลำไย",
    "ตะกร้า",
    "กระเป๋า",
    "สบู่",
    "ยาหม่อง",
    "น้ำพริก",
    "ปลาส้ม",
    "โคมไฟ",
    "หมอน",
    "ผ้าพันคอ",
]
WORDS_B = [
    "แพรวา",
    "ไทลื้อ",
    "ย้อมคราม",
    "อินทรีย์",
    "ดอยหลวง",
    "จักสาน",
    "สมุนไพร",
    "ดอกลำไย",
    "ลายน้ำไหล",
    "มัดหมี่",
    "ผักตบชวา",
    "ขมิ้น",
    "คั่วกลาง",
    "อบแห้ง",
    "ทอมือ",
]
PLACES = [
    "พะเยา",
    "เชียงคำ",
    "กาฬสินธุ์",
    "สกลนคร",
    "น่าน",
    "แพร่",
    "ลำปาง",
    "อุบล",
    "สุรินทร์",
    "ขอนแก่น",
    "ชุมพร",
    "ตรัง",
]
CATEGORIES = ["FOOD", "BEVERAGE", "TEXTILE", "HOUSEHOLD", "HERBAL"]
QUERIES = [
    "แพรวา",
    "ไทลื้อ",
    "น้ำผึ้ง",
    "ผ้าไหม",
    "ไหม",
    "กาแฟ ดอยหลวง",
    "ข้าวก่ำ",
    "ลำไย",
    "สมุนไพร",
    "ผักตบชวา",
    "ย้อมคราม",
    "honey",
]


def build(shops: int, per_shop: int) -> None:
    import django

    django.setup()
    from django.db import connection, transaction
    from django.utils import timezone

    from thanrak.commerce import search
    from thanrak.commerce.models import Certification, Location, Product, Shop, StockBalance, Variant
    from thanrak.geo.actions import geography_load
    from thanrak.geo.models import Subdistrict
    from thanrak.registry.models import Organisation

    assert connection.vendor == "postgresql", "run with DB=postgres"
    if Product.objects.count() >= shops * per_shop:
        print(f"catalogue already built: {Product.objects.count():,} products")
        return
    geography_load()
    rng = random.Random(7)
    now = timezone.now()
    subs = list(Subdistrict.objects.values_list("code", flat=True))
    started = time.monotonic()
    with transaction.atomic():
        orgs = Organisation.objects.bulk_create(
            [
                Organisation(
                    kind="COMMUNITY_ENTERPRISE",
                    name_th=f"วิสาหกิจชุมชนทดสอบความเร็ว {i}",
                    area_code=rng.choice(subs),
                    created_at=now,
                    updated_at=now,
                )
                for i in range(shops)
            ]
        )
        shop_rows = Shop.objects.bulk_create(
            [
                Shop(
                    organisation=o,
                    name=f"ร้านชุมชน {i} {rng.choice(PLACES)}",
                    area_code=o.area_code,
                    promptpay_account="0812345678",
                    created_at=now,
                    updated_at=now,
                )
                for i, o in enumerate(orgs)
            ]
        )
        locations = Location.objects.bulk_create(
            [Location(shop=s, name="หน้าร้าน", is_default=True) for s in shop_rows]
        )
        print(f"{shops:,} shops in {time.monotonic() - started:.1f} s")
        batch: list[Product] = []
        made = 0
        for s in shop_rows:
            for _j in range(per_shop):
                name = f"{rng.choice(WORDS_A)}{rng.choice(WORDS_B)}{rng.choice(PLACES)}"
                desc = f"{name} ผลิตโดยสมาชิกกลุ่ม ใช้วัตถุดิบในท้องถิ่น"
                price = rng.randrange(30, 3000) * 100
                batch.append(
                    Product(
                        shop=s,
                        name_th=name,
                        description_th=desc,
                        category=rng.choice(CATEGORIES),
                        area_code=s.area_code,
                        province_code=s.area_code[:2],
                        price_satang=price,
                        search_terms=search.terms_for(name, desc[:500], s.name),
                        created_at=now - timezone.timedelta(minutes=made),
                        updated_at=now,
                    )
                )
                made += 1
            if len(batch) >= 5000:
                _flush(batch, rng, locations, Product, Variant, StockBalance, Certification, now)
                batch = []
                print(f"  {made:,} products ({time.monotonic() - started:.0f} s)", flush=True)
        if batch:
            _flush(batch, rng, locations, Product, Variant, StockBalance, Certification, now)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"built {made:,} products in {time.monotonic() - started:.0f} s")


def _flush(batch, rng, locations, Product, Variant, StockBalance, Certification, now) -> None:  # noqa: ANN001
    import datetime as dt

    products = Product.objects.bulk_create(batch)
    default_location = {loc.shop_id: loc for loc in locations}
    variants = Variant.objects.bulk_create(
        [
            Variant(
                product=p,
                shop_id=p.shop_id,
                sku=f"B{p.pk}",
                price_satang=p.price_satang,
                weight_g=rng.randrange(100, 2000),
            )
            for p in products
        ]
    )
    StockBalance.objects.bulk_create(
        [
            StockBalance(variant=v, location=default_location[v.shop_id], quantity=rng.randrange(0, 200))
            for v in variants
        ]
    )
    certs = []
    for p in products:
        if rng.random() < 0.3:
            certs.append(
                Certification(
                    product=p,
                    kind="OTOP",
                    stars=rng.randrange(1, 6),
                    year_rated=2024,
                    created_at=now,
                    valid_until=dt.date(2027, 12, 31),
                )
            )
        if rng.random() < 0.05:
            certs.append(
                Certification(
                    product=p,
                    kind="GI",
                    gi_name="ทดสอบ",
                    valid_from=dt.date(2025, 1, 1),
                    valid_until=dt.date(2027, 12, 31),
                    created_at=now,
                )
            )
    Certification.objects.bulk_create(certs)


def serve(workers: int, port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DEBUG": "False",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DB": "postgres",
        "LOG_LEVEL": "ERROR",
        "DJANGO_SETTINGS_MODULE": "commerce_bench_settings",
        "PYTHONPATH": f"{ROOT}:{ROOT / 'bench'}",
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
    )
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "thanrak.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            import urllib.request

            urllib.request.urlopen(f"http://127.0.0.1:{port}/shop/", timeout=5).read()
            return proc
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("gunicorn did not start")


def load(port: int, clients: int, requests: int) -> dict[str, list[float]]:
    import http.client

    timings: dict[str, list[float]] = {"listing": [], "search": []}
    errors: list[str] = []
    lock = threading.Lock()
    per_client = requests // clients

    def client(seed: int) -> None:
        rng = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for i in range(per_client):
            if i % 2:
                kind = "search"
                params = {"q": rng.choice(QUERIES)}
            else:
                kind = "listing"
                params = rng.choice(
                    [
                        {},
                        {"province": rng.choice(["56", "50", "46", "34", "10"])},
                        {"category": rng.choice(CATEGORIES)},
                        {"stars": rng.choice(["3", "4", "5"])},
                        {"gi": "on"},
                        {"sort": "price", "page": str(rng.randrange(1, 50))},
                        {"min_price": "100", "max_price": "500"},
                    ]
                )
            url = "/shop/?" + urllib.parse.urlencode(params)
            start = time.perf_counter()
            try:
                conn.request("GET", url, headers={"Accept-Language": "th"})
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except OSError as exc:
                ok = False
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                response = exc  # type: ignore[assignment]
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                if ok:
                    timings[kind].append(elapsed)
                else:
                    errors.append(f"{url}: {getattr(response, 'status', response)}")

    threads = [threading.Thread(target=client, args=(s,)) for s in range(clients)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - started
    total = sum(len(v) for v in timings.values())
    print(
        f"{total:,} requests in {wall:.1f} s = {total / wall:.0f} req/s with {clients} clients; errors: "
        f"{len(errors)}"
    )
    for e in errors[:5]:
        print("  error:", e)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shops", type=int, default=1000)
    parser.add_argument("--per-shop", type=int, default=100)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=4000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8095)
    parser.add_argument(
        "--no-cache", action="store_true", help="render every listing (no 60-second listing cache)"
    )
    args = parser.parse_args()
    os.environ["DB"] = "postgres"
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", f"CREATE DATABASE {os.environ['DB_NAME']}"],
        capture_output=True,
    )
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=os.environ, check=True)
    build(args.shops, args.per_shop)
    os.environ["BENCH_LISTING_CACHE"] = "0" if args.no_cache else "60"
    print(
        f"listing cache: {'off' if args.no_cache else '60 s'}; gunicorn workers: {args.workers}; load "
        f"average before: {os.getloadavg()[0]:.1f}"
    )
    proc = serve(args.workers, args.port)
    try:
        load(args.port, args.clients, 200)  # warm up every worker
        serial = load(args.port, 1, 100)
        for kind, values in serial.items():
            print(f"one client: {kind:8s} p50 {statistics.median(values):6.1f} ms")
        timings = load(args.port, args.clients, args.requests)
    finally:
        proc.terminate()
        proc.wait()
    print(f"load average after: {os.getloadavg()[0]:.1f} (2 cores, shared with other work)")
    for kind, values in timings.items():
        values.sort()
        p95 = values[int(len(values) * 0.95) - 1]
        print(
            f"{kind:8s} n={len(values):5d}  p50 {statistics.median(values):6.1f} ms  p95 {p95:6.1f} ms  max "
            f"{values[-1]:6.1f} ms"
        )


if __name__ == "__main__":
    main()
