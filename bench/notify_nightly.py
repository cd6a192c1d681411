"""Notify's nightly run and sender, on SQLite (the project's default database).

1. Builds `--members` savings-group members (default 2,900,000, the national figure) in groups of
   `--group` (default 36) whose funds all collect on the same day and ask 100 baht a month, each
   member on LINE or SMS with consent; then times `queue_due` for the day three days before the
   collection day — every member gets a `savings_due` reminder, written set-wise by `queue_many`
   (per 2,000: one query for channels, one for mutes, one for keys, one bulk insert). Runs it a
   second time (nothing new: the keys). Target: ≤ 60 s.
2. Sends `--send` messages (default 20,000) to a local stand-in for LINE (a threaded HTTP server
   answering 200) through `send_due`, LINE's per-channel limit (2,000 requests/s) enforced by the
   pacer. Target: ≥ 500 messages/s.

Usage: .venv/bin/python bench/notify_nightly.py [--members N] [--group N] [--send N] [--keep]
The database is var/bench/notify_nightly.sqlite3, rebuilt each run unless --keep.
"""

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB_FILE = ROOT / "var" / "bench" / "notify_nightly.sqlite3"


def setup(keep: bool) -> None:
    DB_FILE.parent.mkdir(parents=True, exist_ok=True)
    if not keep and DB_FILE.exists():
        DB_FILE.unlink()
    os.environ.update(
        {
            "DB": "sqlite",
            "DB_NAME": str(DB_FILE),
            "DEBUG": "False",
            "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            "THANRAK_VAR_DIR": str(ROOT / "var" / "bench"),
            "LOG_LEVEL": "ERROR",
            "DJANGO_SETTINGS_MODULE": "thanrak.settings",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    with connection.cursor() as c:
        c.execute("PRAGMA journal_mode=WAL")
        c.execute("PRAGMA synchronous=NORMAL")


def load(members: int, group: int, collection: dt.date) -> None:
    from django.db import transaction
    from django.utils import timezone

    from thanrak.accounts.models import User
    from thanrak.finance.models import BylawVersion, Fund, FundMember
    from thanrak.notify.models import Channel, CollectionDay
    from thanrak.registry.models import Organisation, Person

    if FundMember.objects.count() >= members:
        return
    now = timezone.now()
    admin = User.objects.create(username="bench_admin", role="NATIONAL_MANAGER")
    funds = (members + group - 1) // group
    started = time.perf_counter()
    with transaction.atomic():
        orgs = Organisation.objects.bulk_create(
            [
                Organisation(
                    name_th=f"กลุ่มออมทรัพย์ {i}",
                    kind="SAVINGS_GROUP",
                    area_code="560101",
                    created_at=now,
                    updated_at=now,
                )
                for i in range(funds)
            ],
            batch_size=2000,
        )
        fund_rows = Fund.objects.bulk_create(
            [
                Fund(
                    organisation=o,
                    kind="SAVINGS_GROUP",
                    name_th=f"กองทุน {o.name_th}",
                    area_code="560101",
                    opened_on=dt.date(2020, 1, 1),
                    created_at=now,
                )
                for o in orgs
            ],
            batch_size=2000,
        )
        BylawVersion.objects.bulk_create(
            [
                BylawVersion(
                    fund=f,
                    effective_from=dt.date(2020, 1, 1),
                    monthly_savings_satang=10_000,
                    created_by=admin,
                    created_at=now,
                )
                for f in fund_rows
            ],
            batch_size=2000,
        )
        CollectionDay.objects.bulk_create(
            [CollectionDay(fund=f, day=collection.day) for f in fund_rows], batch_size=2000
        )
    for start in range(0, members, 100_000):
        n = min(100_000, members - start)
        with transaction.atomic():
            people = Person.objects.bulk_create(
                [
                    Person(
                        id_kind="NONE",
                        first_name=f"สมาชิก{start + i}",
                        name_key=f"k{start + i}",
                        area_code="56010101",
                        created_at=now,
                        updated_at=now,
                    )
                    for i in range(n)
                ],
                batch_size=5000,
            )
            FundMember.objects.bulk_create(
                [
                    FundMember(
                        fund=fund_rows[(start + i) // group],
                        person=p,
                        member_no=str(start + i),
                        joined_on=dt.date(2020, 1, 1),
                        status="ACTIVE",
                        created_at=now,
                    )
                    for i, p in enumerate(people)
                ],
                batch_size=5000,
            )
            Channel.objects.bulk_create(
                [
                    Channel(
                        person=p,
                        kind="LINE" if i % 3 else "SMS",
                        address=f"U{p.pk:032d}" if i % 3 else f"08{p.pk % 100_000_000:08d}",
                        consent_at=now,
                        consent_purpose="bench",
                    )
                    for i, p in enumerate(people)
                ],
                batch_size=5000,
            )
        print(f"  loaded {start + n:,} members ({time.perf_counter() - started:.0f} s)", flush=True)


def nightly(collection: dt.date) -> None:
    from django.utils import timezone

    from thanrak.notify import actions
    from thanrak.notify.models import Message

    on = collection - dt.timedelta(days=3)
    at = timezone.now()
    for run in (1, 2):
        started = time.perf_counter()
        counts = actions.queue_due(on=on, at=at)
        took = time.perf_counter() - started
        print(f"queue_due run {run}: {took:.1f} s, queued {counts}", flush=True)
    print(f"messages in the outbox: {Message.objects.count():,}")


def send(n: int) -> None:
    from django.conf import settings
    from django.db.models import F
    from django.utils import timezone

    from thanrak.notify import actions
    from thanrak.notify.models import Message, Status
    from thanrak.notify.tests import stand_in

    state, server = stand_in.start()
    settings.LINE_API_BASE = state.base
    settings.LINE_CHANNEL_ACCESS_TOKEN = "bench"
    noon = timezone.now().replace(hour=5)  # 12:00 in Bangkok: no quiet hours for the SMS
    keep = list(Message.objects.filter(channel="LINE", status=Status.QUEUED).values_list("pk", flat=True)[:n])
    Message.objects.filter(status=Status.QUEUED).exclude(pk__in=keep).update(
        status=Status.SKIPPED, note="bench_not_sent"
    )
    Message.objects.filter(pk__in=keep).update(next_attempt_at=F("created_at"))
    started = time.perf_counter()
    counts = actions.send_due(now=noon, limit=n)
    took = time.perf_counter() - started
    server.shutdown()
    print(
        f"send_due: {len(keep):,} LINE messages in {took:.1f} s = {len(keep) / took:,.0f} messages/s {counts}"
    )
    print(f"stand-in received {len(state.requests):,} requests")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--members", type=int, default=2_900_000)
    parser.add_argument("--group", type=int, default=36)
    parser.add_argument("--send", type=int, default=20_000)
    parser.add_argument("--keep", action="store_true", help="keep the database of the last run")
    args = parser.parse_args()
    setup(args.keep)
    collection = dt.date(2026, 12, 25)
    load(args.members, args.group, collection)
    nightly(collection)
    send(args.send)


if __name__ == "__main__":
    main()
