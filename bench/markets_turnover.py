"""Benchmark: an event's turnover page over 1,000,000 POS sales lines.

    .venv/bin/python bench/markets_turnover.py             # load once, then measure
    .venv/bin/python bench/markets_turnover.py --reset     # drop the bench database first
    .venv/bin/python bench/markets_turnover.py --lines 200000

What it does:
1. Creates the PostgreSQL database (DB_NAME, default thanrak_bench_markets; DB_HOST, DB_PORT, DB_USER,
   DB_PASSWORD as for the project), migrates it and loads Thai geography.
2. Loads, through the actions, 200 enterprises with a shop, two products in different OTOP categories
   and a fair booth POS location each, and a ten-day fair with a booth for each (160 selling with the
   POS at their booth, 40 typing a figure a day). Then --lines sales lines (two per order, sold at the
   booths during the fair, a few refunded) straight into commerce's tables with INSERT … SELECT, plus
   a tenth as many sold elsewhere (the shops' counters, other days), and the typed figures.
3. Times `queries.event_turnover` (what /markets/events/<id>/turnover/ and the API read) and the
   whole page through Django's test client as the national manager, seven times each, and prints
   the median and the slowest, with the event's total.

Target (issue 13): ≤ 200 ms for the page. Not part of `make test`.
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import _db  # noqa: E402

START = dt.date(2026, 11, 20)
DAYS = 10
TODAY = START + dt.timedelta(days=DAYS + 5)
VENDORS = 200
POS_VENDORS = 160


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--db-name", default=os.getenv("DB_NAME", "thanrak_bench_markets"))
    p.add_argument("--lines", type=int, default=1_000_000)
    p.add_argument("--reset", action="store_true", help="drop and recreate the bench database")
    return p.parse_args()


def _vendors(admin, at):  # noqa: ANN001, ANN202
    from thanrak.commerce import actions as commerce
    from thanrak.commerce.models import Location
    from thanrak.registry.actions import organisation_register

    out = []
    for i in range(VENDORS):
        org = organisation_register(
            by=admin, at=at, kind="COMMUNITY_ENTERPRISE", name_th=f"วิสาหกิจชุมชนทดสอบ {i}", area_code="560101"
        )
        shop = commerce.shop_open(
            organisation=org, by=admin, at=at, name=f"ร้านทดสอบ {i}", promptpay_account="0812345678"
        )
        for j, category in enumerate(("FOOD", "TEXTILE")):
            commerce.product_create(
                shop=shop,
                by=admin,
                at=at,
                name_th=f"สินค้า {i}-{j}",
                category=category,
                variants=[{"sku": f"B{i}-{j}", "name": "", "price_satang": 5000 + 100 * j, "weight_g": 100}],
            )
        location = commerce.location_add(shop=shop, by=admin, name="บูธงาน", kind=Location.Kind.BOOTH)
        out.append((org, shop, location))
    return out


def _columns(model, given: dict[str, str]) -> tuple[str, str]:  # noqa: ANN001
    """Column list and SELECT expressions for every concrete column: `given`, else '' / 0 / NULL."""
    from django.db import models

    cols, exprs = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        cols.append(f'"{field.column}"')
        if field.column in given:
            exprs.append(given[field.column])
        elif field.null:
            exprs.append("NULL")
        elif isinstance(field, (models.CharField, models.TextField, models.FileField)):
            exprs.append("''")
        else:
            exprs.append("0")
    return ", ".join(cols), ", ".join(exprs)


def _sales(vendors: list, lines: int) -> None:
    """Orders of two lines at the POS vendors' booths during the fair (one in fifty refunded) and a
    tenth as many at the shops' counters on other days."""
    from django.db import connection

    from thanrak.commerce.models import Location, Order, OrderLine, Variant

    pos = vendors[:POS_VENDORS]
    rows = []
    for _org, shop, booth in pos:
        v1, v2 = Variant.objects.filter(shop=shop).order_by("pk").values_list("pk", flat=True)
        counter = Location.objects.get(shop=shop, is_default=True).pk
        rows.append(f"({len(rows)}, {shop.pk}, {booth.pk}, {counter}, {v1}, {v2})")
    with connection.cursor() as cur:
        cur.execute("CREATE TEMP TABLE bench_v (n int, shop int, booth int, counter int, v1 int, v2 int)")
        cur.execute("INSERT INTO bench_v VALUES " + ", ".join(rows))
        orders = lines // 2
        elsewhere = orders // 10
        start = f"'{START.isoformat()} 02:00+00'::timestamptz"
        order_cols, order_exprs = _columns(
            Order,
            {
                "number": "'B' || g",
                "shop_id": "v.shop",
                "channel": "'POS'",
                "status": "CASE WHEN g %% 50 = 0 THEN 'REFUNDED' ELSE 'PAID' END",
                "payment_method": "'CASH'",
                "location_id": "CASE WHEN g > %(orders)s THEN v.counter ELSE v.booth END",
                "subtotal_satang": "10100",
                "total_satang": "10100",
                "placed_at": f"CASE WHEN g > %(orders)s THEN {start} - interval '20 days' + (g %% 9) * "
                f"interval '1 day' ELSE {start} + (g %% {DAYS}) * interval '1 day' + (g %% 600) * "
                "interval '1 minute' END",
                "updated_at": start,
            },
        )
        sql = (
            f"INSERT INTO commerce_order ({order_cols}) SELECT {order_exprs} "
            f"FROM generate_series(1, %(total)s) g JOIN bench_v v ON v.n = g %% {len(pos)}"
        )
        t = time.perf_counter()
        cur.execute(sql, {"orders": orders, "total": orders + elsewhere})
        print(f"  {orders + elsewhere:,} orders in {time.perf_counter() - t:.1f} s")
        line_cols, line_exprs = _columns(
            OrderLine,
            {
                "order_id": "o.id",
                "variant_id": "CASE WHEN k = 1 THEN v.v1 ELSE v.v2 END",
                "name": "'สินค้า'",
                "sku": "'B'",
                "quantity": "1",
                "unit_price_satang": "CASE WHEN k = 1 THEN 5000 ELSE 5100 END",
                "line_total_satang": "CASE WHEN k = 1 THEN 5000 ELSE 5100 END",
            },
        )
        t = time.perf_counter()
        cur.execute(
            f"INSERT INTO commerce_orderline ({line_cols}) SELECT {line_exprs} "
            "FROM commerce_order o JOIN bench_v v ON v.shop = o.shop_id CROSS JOIN generate_series(1, 2) k "
            "WHERE o.number LIKE 'B%%'"
        )
        print(f"  {cur.rowcount:,} order lines in {time.perf_counter() - t:.1f} s")
        cur.execute("ANALYZE commerce_order; ANALYZE commerce_orderline")


def load(args: argparse.Namespace) -> None:
    from django.core.management import call_command
    from django.db import transaction

    from thanrak.accounts.actions import user_create
    from thanrak.accounts.models import User
    from thanrak.markets.models import Event

    call_command("migrate", verbosity=0)
    if Event.objects.filter(name="bench fair").exists():
        return
    # (one transaction: a failed load leaves nothing, the next run starts over)
    from thanrak.geo.actions import geography_load
    from thanrak.geo.models import Subdistrict

    if not Subdistrict.objects.exists():
        geography_load()
    admin = User.objects.filter(username="bench_markets").first() or user_create(
        username="bench_markets", password="bench-password-2569", role="NATIONAL_MANAGER"
    )
    at = dt.datetime(2026, 11, 1, 3, tzinfo=dt.UTC)
    with transaction.atomic():
        _load_all(admin, at, args)


def _load_all(admin, at, args) -> None:  # noqa: ANN001
    """Vendors, the fair and its booths, the sales and the typed figures."""
    from thanrak.markets import actions
    from thanrak.markets.models import Turnover

    t = time.perf_counter()
    vendors = _vendors(admin, at)
    event = actions.event_create(
        by=admin,
        kind="OTOP_MIDYEAR",
        name="bench fair",
        fiscal_year=2570,
        place="อิมแพ็ค เมืองทองธานี",
        area_code="560101",
        start_date=START,
        end_date=START + dt.timedelta(days=DAYS - 1),
    )
    booths = [
        actions.booth_assign(
            by=admin,
            event=event,
            vendor=org,
            label=f"{i:03d}",
            category="FOOD",
            fee_satang=100_000,
            pos_location=booth if i < POS_VENDORS else None,
        )
        for i, (org, _shop, booth) in enumerate(vendors)
    ]
    print(f"  {VENDORS} vendors with shops and booths in {time.perf_counter() - t:.1f} s")
    _sales(vendors, args.lines)
    Turnover.objects.bulk_create(
        Turnover(
            booth=b,
            date=START + dt.timedelta(days=d),
            amount_satang=300_000 + 100 * d,
            typed_by=admin,
            typed_at=at,
        )
        for b in booths[POS_VENDORS:]
        for d in range(DAYS)
    )


def _time(label: str, fn) -> None:  # noqa: ANN001
    """Seven runs after a warm one: wall and this process's CPU time (the test client runs the view
    here; the database's own time is the difference, with the waiting on a loaded machine)."""
    fn()  # warm
    runs, cpus = [], []
    for _ in range(7):
        t, c = time.perf_counter(), time.process_time()
        fn()
        runs.append((time.perf_counter() - t) * 1000)
        cpus.append((time.process_time() - c) * 1000)
    print(
        f"{label}: median {statistics.median(runs):.0f} ms, slowest {max(runs):.0f} ms;"
        f" CPU of this process median {statistics.median(cpus):.0f} ms; load average {os.getloadavg()[0]:.1f}"
    )


def main() -> None:
    args = parse_args()
    _db.ensure_database(args.db_name, reset=args.reset)
    _db.configure(args.db_name, ALLOWED_HOSTS="testserver")
    import django

    django.setup()
    load(args)
    from django.test import Client
    from django.test.utils import setup_test_environment

    from thanrak.accounts.models import User
    from thanrak.commerce.models import OrderLine
    from thanrak.markets import queries
    from thanrak.markets.models import Event

    setup_test_environment()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)  # the page as served, with its manifest
    admin = User.objects.get(username="bench_markets")
    event = Event.objects.get(name="bench fair")
    booths = list(queries.booth_list(viewer=admin, event=event))
    n = OrderLine.objects.filter(
        order__location_id__in=[b.pos_location_id for b in booths if b.pos_location_id]
    ).count()
    figures = queries.event_turnover(event=event, booths=booths, today=TODAY)
    print(f"{OrderLine.objects.count():,} sales lines, {n:,} at the event's booths; {len(booths)} booths;")
    print(f"event total {figures.total / 100:,.2f} baht over {len(figures.by_day)} days")
    from django.utils import timezone

    from thanrak.markets.actions import pos_roll_up
    from thanrak.markets.models import PosRollup, PosSales

    PosSales.objects.filter(booth__event=event).delete()
    PosRollup.objects.filter(event=event).delete()
    client = Client()
    client.force_login(admin)
    url = f"/markets/events/{event.pk}/turnover/"
    assert client.get(url).status_code == 200

    def query() -> object:
        return queries.event_turnover(
            event=event, booths=list(queries.booth_list(viewer=admin, event=event)), today=TODAY
        )

    _time("live (no day rolled up): queries.event_turnover", query)
    _time(f"live (no day rolled up): GET {url}", lambda: client.get(url))
    t = time.perf_counter()
    days = [START + dt.timedelta(days=d) for d in range(DAYS)]
    rows = pos_roll_up(event=event, days=days, at=timezone.now())
    print(f"pos_roll_up of the {DAYS} days: {rows:,} rows in {time.perf_counter() - t:.1f} s")
    rolled = query()
    assert (rolled.total, rolled.by_day, rolled.by_category) == (
        figures.total,
        figures.by_day,
        figures.by_category,
    )
    _time("rolled up: queries.event_turnover", query)
    _time(f"rolled up: GET {url}", lambda: client.get(url))
    _time(f"rolled up: GET {url}?page=8 (the last vendors)", lambda: client.get(url + "?page=8"))


if __name__ == "__main__":
    main()
