"""Benchmark: the "overdue referrals" list of one province over a national set of referrals.

    .venv/bin/python bench/services_overdue.py                      # load once, then measure
    .venv/bin/python bench/services_overdue.py --referrals 100000   # a smaller set
    .venv/bin/python bench/services_overdue.py --reset              # drop the bench database first

What it does:
1. Creates the PostgreSQL database (DB_NAME, default thanrak_bench_services_overdue; DB_HOST, DB_PORT,
   DB_USER, DB_PASSWORD as for the project), migrates it and loads Thai geography.
2. Loads the 20 packaged partner agencies plus generated ones up to 251 (the seed's count), with
   14, 21 or 30 days to answer; one organisation per subdistrict (7,436) as the cases' subjects;
   --referrals cases spread over the country, each assessed and referred once in the last 120 days:
   half still waiting for an answer, a fifth accepted and waiting for the report, the rest
   declined or reported back. Skipped when the referrals are there.
3. Times `queries.overdue_referrals(viewer=<provincial officer of Phayao>, today=…)` (the query behind
   /services/referrals/overdue/ and /api/v1/services/referrals/overdue) seven times and prints the
   median and the slowest, with the number of overdue rows, then the same for the national manager
   narrowed to the province (area=56).

Target (issue 12): ≤ 200 ms for a province. Not part of `make test`.
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

TODAY = dt.date(2026, 12, 1)
BATCH = 20_000


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--db-name", default=os.getenv("DB_NAME", "thanrak_bench_services_overdue"))
    p.add_argument("--referrals", type=int, default=1_000_000)
    p.add_argument("--reset", action="store_true", help="drop and recreate the bench database")
    return p.parse_args()


def _agencies(at: dt.datetime) -> list:
    from thanrak.services.actions import agencies_load
    from thanrak.services.models import Agency

    agencies_load(at=at)
    have = Agency.objects.count()
    Agency.objects.bulk_create(
        Agency(
            code=f"bench-{i}",
            name_th=f"หน่วยงานภาคี {i}",
            answer_days=(14, 21, 30)[i % 3],
            created_at=at,
            updated_at=at,
        )
        for i in range(251 - have)
    )
    return list(Agency.objects.order_by("pk"))


def _organisations(at: dt.datetime) -> list:
    from thanrak.geo.models import Subdistrict
    from thanrak.registry.models import Organisation

    codes = list(Subdistrict.objects.order_by("code").values_list("code", flat=True))
    Organisation.objects.bulk_create(
        Organisation(
            kind="COMMUNITY_ENTERPRISE", name_th=f"วิสาหกิจ {c}", area_code=c, created_at=at, updated_at=at
        )
        for c in codes
    )
    return list(Organisation.objects.order_by("pk").values_list("pk", "area_code"))


def _status(i: int) -> tuple[str, int | None, int | None]:
    """Status, days after sending it was answered, days after sending it was reported."""
    r = i % 10
    if r < 5:
        return "SENT", None, None
    if r < 7:
        return "ACCEPTED", 3, None
    if r < 8:
        return "DECLINED", 2, None
    return "REPORTED", 2, 10


def load(args: argparse.Namespace) -> None:
    from django.core.management import call_command
    from django.db import transaction

    from thanrak.accounts.actions import user_create
    from thanrak.accounts.models import User
    from thanrak.geo.actions import geography_load
    from thanrak.services.models import Case, Referral

    call_command("migrate", verbosity=0)
    if not User.objects.filter(username="bench_services").exists():
        geography_load()
        user_create(username="bench_services", password="bench-password-2569", role="NATIONAL_MANAGER")
        user_create(
            username="bench_phayao",
            password="bench-password-2569",
            role="PROVINCIAL_OFFICER",
            area_codes=["56"],
        )
    present = Referral.objects.count()
    if present >= args.referrals:
        print(f"database {args.db_name} already holds {present:,} referrals: not loading")
        return
    if present:
        sys.exit(f"{args.db_name} holds {present:,} referrals, fewer than asked: run with --reset")
    by = User.objects.get(username="bench_services")
    at = dt.datetime(2026, 8, 1, 3, tzinfo=dt.UTC)
    started = time.monotonic()
    with transaction.atomic():
        agencies = _agencies(at)
        orgs = _organisations(at)
    for first in range(0, args.referrals, BATCH):
        with transaction.atomic():
            cases, plans = [], []
            for i in range(first, min(first + BATCH, args.referrals)):
                org_id, area = orgs[(i * 7919) % len(orgs)]
                sent = TODAY - dt.timedelta(days=i % 120)
                status, answered, reported = _status(i)
                cases.append(
                    Case(
                        subject_kind="ORGANISATION",
                        organisation_id=org_id,
                        area_code=area,
                        topic="FINANCE",
                        channel="COUNTER",
                        intake_date=sent,
                        summary="ขอสินเชื่อ",
                        status="REFERRED",
                        opened_by=by,
                        opened_at=at,
                        updated_at=at,
                    )
                )
                plans.append((agencies[i % len(agencies)], sent, status, answered, reported, area))
            Case.objects.bulk_create(cases)
            Referral.objects.bulk_create(
                Referral(
                    case=case,
                    agency=agency,
                    request="ขอสินเชื่อ",
                    status=status,
                    sent_on=sent,
                    sent_by=by,
                    answered_on=sent + dt.timedelta(days=answered) if answered is not None else None,
                    decline_reason="ไม่ผ่านเกณฑ์" if status == "DECLINED" else "",
                    reported_on=sent + dt.timedelta(days=reported) if reported is not None else None,
                    report="ให้สินเชื่อแล้ว" if status == "REPORTED" else "",
                    area_code=area,
                    created_at=at,
                )
                for case, (agency, sent, status, answered, reported, area) in zip(cases, plans, strict=True)
            )
        done = min(first + BATCH, args.referrals)
        print(f"  {done:,} referrals loaded ({time.monotonic() - started:.0f} s)", flush=True)
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE services_referral; ANALYZE services_case; ANALYZE services_agency")


def measure(label: str, **kwargs: object) -> None:
    from thanrak.services import queries

    times, cpu, rows = [], [], []
    for _ in range(7):
        started, started_cpu = time.perf_counter(), time.process_time()
        rows = queries.overdue_referrals(today=TODAY, **kwargs)  # type: ignore[arg-type]
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    print(
        f"{label}: {len(rows):,} overdue shown · median {statistics.median(times):.0f} ms"
        f" · slowest {max(times):.0f} ms · this process's CPU median {statistics.median(cpu):.0f} ms"
    )


def main() -> None:
    args = parse_args()
    _db.ensure_database(args.db_name, reset=args.reset)
    _db.configure(args.db_name)
    import django

    django.setup()
    load(args)
    from thanrak.accounts.models import User
    from thanrak.services.models import Referral

    national = Referral.objects.count()
    phayao = Referral.objects.filter(area_code__startswith="56").count()
    print(f"{national:,} referrals nationally, {phayao:,} in Phayao")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    measure("provincial officer, Phayao", viewer=User.objects.get(username="bench_phayao"))
    measure("national manager, area=56", viewer=User.objects.get(username="bench_services"), area="56")


if __name__ == "__main__":
    main()
