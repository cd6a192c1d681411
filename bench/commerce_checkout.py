"""Checkouts per second on PostgreSQL with stock contention, and proof of zero oversells.

    DB=postgres DB_NAME=thanrak_bench_checkout /work/main/.venv/bin/python bench/commerce_checkout.py
        [--buyers 20] [--seconds 30] [--hot 5] [--stock 200]

Buyers are threads in one process, each with its own database connection, calling the checkout
action (the same code the page and the API call) in a loop. Most carts take one of a few "hot"
items with little stock, so buyers queue on the same balance rows; the rest spread over the
catalogue. At the end every variant's balance must equal received − sold, never below zero, and
the number of orders must equal the number of successful checkouts.
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "thanrak.settings")
os.environ.setdefault("DB_NAME", "thanrak_bench_checkout")
os.environ["DB"] = "postgres"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--buyers", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--hot", type=int, default=5, help="items every buyer wants")
    parser.add_argument("--stock", type=int, default=200, help="units of each hot item")
    args = parser.parse_args()
    subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-c",
            f"DROP DATABASE IF EXISTS {os.environ['DB_NAME']}",
        ],
        capture_output=True,
    )
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-c", f"CREATE DATABASE {os.environ['DB_NAME']}"],
        capture_output=True,
        check=True,
    )
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=os.environ, check=True)

    import django

    django.setup()
    import datetime as dt

    from django.db import connection
    from django.db.models import Sum
    from django.utils import timezone

    from thanrak.accounts.actions import user_create
    from thanrak.commerce import actions
    from thanrak.commerce.models import Location, Order, OrderLine, StockBalance, StockMovement
    from thanrak.geo.actions import geography_load
    from thanrak.registry.actions import organisation_officer_assign, organisation_register

    geography_load()
    now = timezone.now()
    admin = user_create(username="bench_admin", password="bench-pass-123", role="NATIONAL_MANAGER")
    officer = user_create(username="bench_officer", password="bench-pass-123", role="ORG_OFFICER")
    for carrier in ("TP_EMS", "KERRY"):
        actions.shipping_band_set(shop=None, by=admin, carrier=carrier, max_weight_g=20000, fee_satang=5000)
    variants = []
    for s in range(3):
        org = organisation_register(
            by=admin, at=now, kind="COMMUNITY_ENTERPRISE", name_th=f"วิสาหกิจชุมชนทดสอบ {s}", area_code="560101"
        )
        organisation_officer_assign(user=officer, organisation=org, by=admin)
        shop = actions.shop_open(
            organisation=org, by=officer, at=now, name=f"ร้าน {s}", promptpay_account="0812345678"
        )
        counter = Location.objects.get(shop=shop)
        for p in range(10):
            product = actions.product_create(
                shop=shop,
                by=officer,
                at=now,
                name_th=f"สินค้า {s}-{p}",
                category="FOOD",
                variants=[{"sku": f"B{s}-{p}", "price_satang": 10000 + p * 500, "weight_g": 300}],
            )
            v = product.variants.get()
            actions.stock_receive(
                variant=v,
                location=counter,
                quantity=args.stock if len(variants) < args.hot else 5000,
                reason="bench",
                by=officer,
                at=now,
            )
            variants.append(v)
    hot, rest = variants[: args.hot], variants[args.hot :]
    received = {v.pk: StockBalance.objects.get(variant=v).quantity for v in variants}
    connection.close()

    ok, sold_out, other, latencies, orders_made = [0], [0], [0], [], [0]
    lock = threading.Lock()
    stop = time.monotonic() + args.seconds

    def buyer(n: int) -> None:
        rng = random.Random(n)
        i = 0
        while time.monotonic() < stop:
            i += 1
            cart = [hot[rng.randrange(len(hot))]] + rng.sample(rest, k=rng.randrange(0, 3))
            items = [actions.CartItem(v.pk, rng.randrange(1, 4)) for v in cart]
            started = time.perf_counter()
            made = 0
            try:
                made = len(
                    actions.checkout(
                        items=items,
                        buyer_name="ผู้ซื้อ",
                        buyer_phone="0891234567",
                        address_line="1 ม.1",
                        area_code="560101",
                        postal_code="56000",
                        carrier="KERRY",
                        payment_method="COD",
                        idempotency_key=f"bench-{n}-{i}",
                        at=timezone.now(),
                    )
                )
                outcome = ok
            except actions.OutOfStock:
                outcome = sold_out
            except Exception as exc:  # noqa: BLE001  counted and shown, the run goes on
                outcome = other
                print("error:", type(exc).__name__, exc)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                outcome[0] += 1
                orders_made[0] += made
                latencies.append(elapsed)
        connection.close()

    threads = [threading.Thread(target=buyer, args=(n,)) for n in range(args.buyers)]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.monotonic() - started

    sold = dict(
        OrderLine.objects.values("variant_id").annotate(q=Sum("quantity")).values_list("variant_id", "q")
    )
    balances = dict(StockBalance.objects.values_list("variant_id", "quantity"))
    ledger = dict(
        StockMovement.objects.values("variant_id").annotate(q=Sum("quantity")).values_list("variant_id", "q")
    )
    oversold = [
        v
        for v in received
        if sold.get(v, 0) > received[v] or balances[v] != received[v] - sold.get(v, 0) or balances[v] < 0
    ]
    unbalanced = [v for v in received if ledger.get(v, 0) != balances[v]]
    hot_left = sum(balances[v.pk] for v in hot)
    latencies.sort()
    print(
        f"{args.buyers} buyers for {wall:.1f} s (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} "
        f"cores)"
    )
    print(
        f"checkouts: {ok[0]:,} placed ({ok[0] / wall:.1f}/s), {sold_out[0]:,} refused as sold out, "
        f"{other[0]} other errors"
    )
    print(
        f"latency: p50 {statistics.median(latencies):.1f} ms, p95 "
        f"{latencies[int(len(latencies) * 0.95) - 1]:.1f} ms"
    )
    print(
        f"orders in the database: {Order.objects.count():,} (one per shop in a cart; checkouts returned "
        f"{orders_made[0]:,})"
    )
    print(
        f"hot items left: {hot_left} of {args.hot * args.stock}; oversold variants: {len(oversold)}; ledger "
        f"≠ balance: {len(unbalanced)}"
    )
    assert Order.objects.count() == orders_made[0] and not oversold and not unbalanced, (
        "OVERSOLD or unbalanced"
    )
    print("zero oversells")
    del dt


if __name__ == "__main__":
    main()
