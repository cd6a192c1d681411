"""Benchmark: journal entries per second through the finance actions on PostgreSQL, against plain INSERTs.

    .venv/bin/python bench/finance_journal.py                  # defaults: 3,000 single, 10 × 1,000 batched
    .venv/bin/python bench/finance_journal.py --single 5000 --batches 20 --batch-size 1000 --threads 2

What it does:
1. Creates the PostgreSQL database (DB_NAME, default thanrak_bench_finance_journal; DB_HOST, DB_PORT,
   DB_USER, DB_PASSWORD as for the project), migrates it (with the deferred balance trigger and the
   immutability triggers), loads Thai geography and, through the actions, opens two savings groups
   with --batch-size members each and a national manager who keeps their books.
2. Posts entries through the actions and times them (every entry: the fund row locked, the
   idempotency key checked, the entry and its two lines inserted, the cached balances moved, the
   deferred trigger checking the balance at commit):
   - single: `savings_deposit`, one transaction per entry, as one web request or API call records one
     payment (with an idempotency key);
   - batched: `savings_collect`, one meeting of --batch-size members per transaction (the treasurer's
     meeting page and the API's /savings/collect);
   - threads: --threads threads each posting single deposits to its own fund at the same time.
3. Inserts the same rows with plain SQL (no locking, no checks, the same triggers) in the same
   transaction shape: one transaction per entry (INSERT … RETURNING id, then the two lines), and one
   transaction per batch (multi-row INSERTs); prints entries/s for each and the ratio actions / plain.
4. Checks the books: every entry balanced, cached balances equal to the sums of the lines.

Figures are measured on the machine it runs on (cores shared with PostgreSQL). Not part of `make test`.
"""

import argparse
import datetime as dt
import os
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import _db  # noqa: E402


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--db-name", default=os.getenv("DB_NAME", "thanrak_bench_finance_journal"))
    p.add_argument("--single", type=int, default=3000, help="entries posted one per transaction")
    p.add_argument("--batches", type=int, default=10)
    p.add_argument("--batch-size", type=int, default=1000)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--reset", action="store_true", help="drop and recreate the bench database")
    p.add_argument(
        "--async-commit",
        action="store_true",
        help="SET synchronous_commit = off for this run: shows the code's cost without the disk's flush "
        "(production keeps it on: a recorded payment must survive a power cut)",
    )
    return p.parse_args()


def setup(members: int):  # noqa: ANN201
    """Two savings groups of `members` members, made through the actions (reused when present)."""
    from django.core.management import call_command
    from django.utils import timezone

    from thanrak.accounts.actions import user_create
    from thanrak.accounts.models import User
    from thanrak.core.citizen_id import check_digit
    from thanrak.finance import actions
    from thanrak.finance.models import Fund
    from thanrak.geo.actions import geography_load
    from thanrak.registry import actions as registry

    call_command("migrate", verbosity=0)
    geography_load()
    at = timezone.now()
    by = User.objects.filter(username="bench_finance").first() or user_create(
        username="bench_finance", password="bench-password-2569", role="NATIONAL_MANAGER"
    )
    funds = list(Fund.objects.filter(name_th__startswith="กลุ่มออมทรัพย์ทดสอบความเร็ว").order_by("pk"))
    serial = 0
    while len(funds) < 2:
        n = len(funds) + 1
        org = registry.organisation_register(
            by=by, at=at, kind="SAVINGS_GROUP", name_th=f"กลุ่มออมทรัพย์ทดสอบความเร็ว {n}", area_code="560101"
        )
        fund = actions.fund_open(
            organisation=org,
            kind="SAVINGS_GROUP",
            name_th=org.name_th,
            opened_on=dt.date(2025, 1, 1),
            by=by,
            at=at,
        )
        for _ in range(members):
            serial += 1
            first12 = f"1{n}{serial:010d}"  # valid and unique in this bench database
            person = registry.person_register(
                by=by,
                at=at,
                citizen_id=first12 + str(check_digit(first12)),
                first_name=f"สมาชิก{serial}",
                last_name="ทดสอบ",
                area_code="560101",
            )
            actions.fund_member_enrol(fund=fund, person=person, joined_on=dt.date(2025, 1, 1), by=by, at=at)
        funds.append(fund)
    return by, funds


def timed(label: str, n: int, fn) -> float:  # noqa: ANN001
    started = time.perf_counter()
    fn()
    seconds = time.perf_counter() - started
    print(f"  {label:<58} {n:>7,} entries {seconds:>7.2f} s {n / seconds:>9,.0f} /s")
    return n / seconds


def main() -> None:  # noqa: C901
    args = parse_args()
    _db.configure(
        args.db_name, ALLOWED_HOSTS="127.0.0.1,localhost", FAST_PASSWORD_HASHER="True", DB_CONN_MAX_AGE="0"
    )
    _db.ensure_database(args.db_name, reset=args.reset)
    import django

    django.setup()
    from django.db import connection, connections, transaction
    from django.utils import timezone

    from thanrak.finance import actions, posting
    from thanrak.finance.models import FundMember, JournalEntry, LedgerAccount

    if args.async_commit:
        from django.db.backends.signals import connection_created

        def no_flush_wait(sender, connection, **kwargs) -> None:  # noqa: ANN001
            with connection.cursor() as c:
                c.execute("SET synchronous_commit TO off")

        connection_created.connect(no_flush_wait)
        connection.close()
    by, funds = setup(args.batch_size)
    day = dt.date(2026, 1, 5)
    members = {
        f.pk: list(FundMember.objects.filter(fund=f).select_related("person").order_by("pk")) for f in funds
    }
    run = uuid.uuid4().hex[:8]
    with connection.cursor() as c:
        c.execute("SHOW synchronous_commit")
        sync = c.fetchone()[0]
    print(
        f"PostgreSQL {connection.cursor().connection.info.server_version}, {os.cpu_count()} cores, "
        f"load {os.getloadavg()[0]:.2f}, synchronous_commit {sync}"
    )
    print("through the actions:")

    def single() -> None:
        fund_members = members[funds[0].pk]
        for i in range(args.single):
            actions.savings_deposit(
                member=fund_members[i % len(fund_members)],
                kind="DEPOSIT",
                amount_satang=100 + i,
                on=day,
                by=by,
                at=timezone.now(),
                key=f"{run}:single:{i}",
            )

    single_rate = timed("savings_deposit, one transaction per entry", args.single, single)

    def batched() -> None:
        fund_members = members[funds[0].pk][: args.batch_size]  # a meeting: one row per member
        for b in range(args.batches):
            items = [actions.CollectItem(m.pk, "DEPOSIT", 100 + i) for i, m in enumerate(fund_members)]
            actions.savings_collect(
                fund=funds[0], items=items, on=day, by=by, at=timezone.now(), key=f"{run}:batch:{b}"
            )

    batch_rate = timed(
        f"savings_collect, {args.batch_size} entries per transaction", args.batches * args.batch_size, batched
    )

    def threaded() -> None:
        def work(fund) -> None:  # noqa: ANN001
            try:
                fund_members = members[fund.pk]
                for i in range(args.single // args.threads):
                    actions.savings_deposit(
                        member=fund_members[i % len(fund_members)],
                        kind="DEPOSIT",
                        amount_satang=100 + i,
                        on=day,
                        by=by,
                        at=timezone.now(),
                        key=f"{run}:thread:{fund.pk}:{i}",
                    )
            finally:
                connections.close_all()

        threads = [threading.Thread(target=work, args=(funds[i % len(funds)],)) for i in range(args.threads)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()

    thread_rate = timed(
        f"savings_deposit, {args.threads} threads, one fund each",
        (args.single // args.threads) * args.threads,
        threaded,
    )

    print("plain INSERTs of the same rows (same triggers, no lock, no checks):")
    book = funds[1].books.get()
    cash = LedgerAccount.objects.get(book=book, role="cash")
    deposits = LedgerAccount.objects.get(book=book, role="deposits")
    fund_members = members[funds[1].pk]
    now = timezone.now()
    entry_sql = (
        "INSERT INTO finance_journalentry (fund_id, book_id, entry_date, kind, memo, idempotency_key, "
        "member_id, "
        "created_by_id, created_at) VALUES (%s, %s, %s, 'SAVINGS', %s, %s, %s, %s, %s) RETURNING id"
    )
    line_sql = (
        "INSERT INTO finance_journalline (entry_id, account_id, member_id, debit_satang, credit_satang) "
        "VALUES (%s, %s, NULL, %s, 0), (%s, %s, %s, 0, %s)"
    )

    def plain_single() -> None:
        for i in range(args.single):
            m = fund_members[i % len(fund_members)]
            with transaction.atomic(), connection.cursor() as c:
                c.execute(
                    entry_sql, [funds[1].pk, book.pk, day, "เงินฝาก", f"{run}:plain:{i}", m.pk, by.pk, now]
                )
                eid = c.fetchone()[0]
                c.execute(line_sql, [eid, cash.pk, 100 + i, eid, deposits.pk, m.pk, 100 + i])

    plain_single_rate = timed("INSERT entry + 2 lines, one transaction per entry", args.single, plain_single)

    def plain_batched() -> None:
        for b in range(args.batches):
            with transaction.atomic(), connection.cursor() as c:
                rows = []
                for i in range(args.batch_size):
                    m = fund_members[i % len(fund_members)]
                    rows += [funds[1].pk, book.pk, day, "เงินฝาก", f"{run}:plainb:{b}:{i}", m.pk, by.pk, now]
                values = ", ".join(["(%s, %s, %s, 'SAVINGS', %s, %s, %s, %s, %s)"] * args.batch_size)
                c.execute(
                    "INSERT INTO finance_journalentry (fund_id, book_id, entry_date, kind, memo, "
                    "idempotency_key, "
                    f"member_id, created_by_id, created_at) VALUES {values} RETURNING id",
                    rows,
                )
                ids = [r[0] for r in c.fetchall()]
                params = []
                for i, eid in enumerate(ids):
                    m = fund_members[i % len(fund_members)]
                    params += [eid, cash.pk, None, 100 + i, 0, eid, deposits.pk, m.pk, 0, 100 + i]
                values = ", ".join(["(%s, %s, %s, %s, %s)"] * (2 * len(ids)))
                c.execute(
                    "INSERT INTO finance_journalline (entry_id, account_id, member_id, debit_satang, "
                    "credit_satang) "
                    f"VALUES {values}",
                    params,
                )

    plain_batch_rate = timed(
        f"multi-row INSERTs, {args.batch_size} entries per transaction",
        args.batches * args.batch_size,
        plain_batched,
    )

    print("ratios (actions ÷ plain INSERTs):")
    print(
        f"  one per transaction: {single_rate / plain_single_rate:.2f}   batched: "
        f"{batch_rate / plain_batch_rate:.2f}"
    )
    print(f"  threads vs one thread (single): {thread_rate / single_rate:.2f}")

    with connection.cursor() as c:
        c.execute(
            "SELECT count(*) FROM (SELECT entry_id FROM finance_journalline GROUP BY entry_id "
            "HAVING sum(debit_satang) <> sum(credit_satang)) x"
        )
        unbalanced = c.fetchone()[0]
    wrong = 0
    for a in LedgerAccount.objects.filter(fund__in=funds[:1]):
        if posting.balances_from_lines([a.pk]).get(a.pk, 0) != a.balance_satang:
            wrong += 1
    total = JournalEntry.objects.count()
    print(
        f"check: {total:,} entries in the database, {unbalanced} unbalanced, "
        f"{wrong} cached balances differing from their lines (fund 1; fund 2 took plain INSERTs)"
    )


if __name__ == "__main__":
    main()
