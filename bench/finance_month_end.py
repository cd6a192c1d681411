"""Benchmark: the month-end run (days past due, aging bucket, interest accrual) over 1,000,000 loans.

    .venv/bin/python bench/finance_month_end.py                 # load once (≈ a few minutes), then measure
    .venv/bin/python bench/finance_month_end.py --loans 200000  # a smaller portfolio
    .venv/bin/python bench/finance_month_end.py --reset         # drop the bench database first

What it does:
1. Creates the PostgreSQL database (DB_NAME, default thanrak_bench_finance_month_end; DB_HOST, DB_PORT,
   DB_USER, DB_PASSWORD as for the project), migrates it and loads Thai geography.
2. Loads, set-based in SQL (INSERT … SELECT generate_series), --funds savings groups spread over the
   country's subdistricts with their book, bylaw and Bank of Thailand aging buckets, one member per
   loan, and --loans active loans of 10,000–25,000 baht at 12 % a year over 12 monthly installments
   (declining principal), paid out between Nov 2025 and Oct 2026, with their 12 installments each:
   80 % of borrowers have paid every installment due, 12 % are one to three installments behind,
   8 % stopped paying after zero to three. Skipped when the loans are there.
3. Times `thanrak.finance.actions.month_end_run(as_of=31 Oct 2026)`: one INSERT … SELECT with the
   overdue installments grouped per loan, the bucket joined, the month's interest accrued, written
   to finance_loanmonthend (ON CONFLICT … DO UPDATE, so a second run replaces the figures). It runs
   twice (the first from a cold table, the second replacing its rows) and prints rows and seconds.
4. Checks the result against the arrears report computed loan by loan in Python for a sample of funds,
   prints the bucket totals and the seed report's line (outstanding, not yet due %, overdue %), and
   times the national roll-up query over the same portfolio.

Target: the month-end within 60 s on this machine. Not part of `make test`.
"""

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import _db  # noqa: E402

AS_OF = dt.date(2026, 10, 31)


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--db-name", default=os.getenv("DB_NAME", "thanrak_bench_finance_month_end"))
    p.add_argument("--loans", type=int, default=1_000_000)
    p.add_argument("--funds", type=int, default=10_000)
    p.add_argument("--reset", action="store_true", help="drop and recreate the bench database")
    return p.parse_args()


def _defaults(model: object, skip: set[str]) -> tuple[list[str], list[object]]:
    """Columns of a model whose default is a constant, and those defaults."""
    columns, values = [], []
    for f in model._meta.concrete_fields:  # type: ignore[attr-defined]
        if f.attname in skip or f.primary_key:
            continue
        if f.has_default():
            columns.append(f.column)
            values.append(f.get_default())
        elif f.get_internal_type() in ("CharField", "TextField") and not f.null:
            columns.append(f.column)
            values.append("")
    return columns, values


def load(args: argparse.Namespace) -> None:
    from django.core.management import call_command
    from django.db import connection, transaction

    from thanrak.accounts.actions import user_create
    from thanrak.accounts.models import User
    from thanrak.finance.actions import AGING_PRESETS
    from thanrak.finance.models import BylawVersion, Loan
    from thanrak.geo.actions import geography_load

    call_command("migrate", verbosity=0)
    if not User.objects.filter(username="bench_month_end").exists():
        geography_load()
        user_create(username="bench_month_end", password="bench-password-2569", role="NATIONAL_MANAGER")
    present = Loan.objects.count()
    if present >= args.loans:
        print(f"database {args.db_name} already holds {present:,} loans: not loading")
        return
    if present:
        sys.exit(f"{args.db_name} holds {present:,} loans, fewer than asked: run with --reset")
    user_id = User.objects.get(username="bench_month_end").pk
    per_fund = max(1, args.loans // args.funds)
    started = time.monotonic()
    with transaction.atomic(), connection.cursor() as c:

        def step(label: str, sql: str, params: list | None = None) -> None:
            t = time.monotonic()
            c.execute(sql, params or [])
            print(f"  {label:<40} {c.rowcount:>12,} rows {time.monotonic() - t:>7.1f} s")

        step(
            "organisations",
            """INSERT INTO registry_organisation (kind, name_th, name_en, registration_no, tax_id,
                vat_registered,
                   area_code, address, phone, email, line_id, description, is_active, created_at, updated_at)
               SELECT 'SAVINGS_GROUP', 'กลุ่มออมทรัพย์ทดสอบ ' || g, '', '', '', false,
                      s.codes[1 + (g * 7919) %% array_length(s.codes, 1)], '', '', '', '', '', true, now(),
                          now()
                 FROM generate_series(1, %s) g,
                      (SELECT array_agg(code ORDER BY code) AS codes FROM geo_subdistrict) s""",
            [args.funds],
        )
        step(
            "funds",
            """INSERT INTO finance_fund (organisation_id, kind, name_th, name_en, area_code, can_lend,
                   fiscal_year_start_month, opened_on, aging_preset, loan_seq, is_active, created_at)
               SELECT id, 'SAVINGS_GROUP', name_th, '', area_code, true, 1, DATE '2020-01-01', 'BOT', 0,
                   true, now()
                 FROM registry_organisation WHERE name_th LIKE 'กลุ่มออมทรัพย์ทดสอบ %%'""",
        )
        step(
            "books",
            """INSERT INTO finance_book (fund_id, code, name_th, name_en, source, is_default)
               SELECT id, 'main', 'บัญชีหลัก', 'Main book', 'GENERAL', true FROM finance_fund""",
        )
        columns, values = _defaults(
            BylawVersion, {"fund_id", "effective_from", "created_by_id", "created_at"}
        )
        step(
            "bylaws",
            f"""INSERT INTO finance_bylawversion (fund_id, effective_from, created_by_id, created_at,
                {", ".join(columns)})
                SELECT id, DATE '2020-01-01', %s, now(), {", ".join(["%s"] * len(columns))} FROM
                    finance_fund""",
            [user_id, *values],
        )
        bands = AGING_PRESETS["BOT"]
        step(
            "aging buckets (Bank of Thailand tiers)",
            f"""INSERT INTO finance_agingbucket (fund_id, position, label_th, label_en, min_days, max_days)
                SELECT f.id, b.position, b.th, b.en, b.lo, b.hi FROM finance_fund f,
                (VALUES {", ".join(["(%s, %s, %s, %s, %s::int)"] * len(bands))}) AS b(position, th, en, lo,
                    hi)""",
            [v for i, (th, en, lo, hi) in enumerate(bands) for v in (i, th, en, lo, hi)],
        )
        step(
            "persons (one borrower each)",
            """INSERT INTO registry_person (id_kind, citizen_id, other_id, title, first_name, last_name,
                first_name_en,
                   last_name_en, name_key, sex, phone, area_code, created_at, updated_at)
               SELECT 'NONE', NULL, '', '', 'สมาชิก' || g, 'ทดสอบ', '', '', 'สมาชิก' || g || 'ทดสอบ', '', '',
                      '560101', now(), now()
                 FROM generate_series(1, %s) g""",
            [args.loans],
        )
        step(
            "fund members",
            """INSERT INTO finance_fundmember (fund_id, person_id, member_no, joined_on, status, created_at)
               SELECT f.id, p.id, p.rn::text, DATE '2020-01-01', 'ACTIVE', now()
                 FROM (SELECT id, row_number() OVER (ORDER BY id) AS rn FROM registry_person
                        WHERE first_name LIKE 'สมาชิก%%') p
                 JOIN (SELECT id, row_number() OVER (ORDER BY id) AS fn FROM finance_fund) f
                   ON f.fn = 1 + (p.rn - 1) / %s""",
            [per_fund],
        )
        # Each loan: principal 12 × p (p = 10,000–25,000 baht / 12), paid out on a day between Nov 2025
        # and Oct 2026; due = installments due before 31 Oct 2026; paid = what the borrower's profile
        # paid of them.
        step(
            "loan plan (temporary)",
            """CREATE TEMP TABLE bench_plan ON COMMIT DROP AS
               SELECT m.id AS member_id, m.fund_id, 12 * (83300 + (m.id * 7919) %% 125000) AS principal,
                      d.disbursed, (d.disbursed + INTERVAL '1 month')::date AS first_due,
                      CASE WHEN (d.disbursed + INTERVAL '1 month')::date > DATE '2026-10-30' THEN 0
                           ELSE LEAST(12, (EXTRACT(YEAR FROM age(DATE '2026-10-30', (d.disbursed + INTERVAL
                               '1 month')::date)) * 12
                                + EXTRACT(MONTH FROM age(DATE '2026-10-30', (d.disbursed + INTERVAL
                                    '1 month')::date)))::int + 1)
                      END AS due,
                      m.id %% 100 AS profile
                 FROM finance_fundmember m,
                      LATERAL (SELECT DATE '2025-11-01' + ((m.id * 104729) %% 334)::int AS disbursed) d""",
        )
        step("loan plan: a column for what was paid", "ALTER TABLE bench_plan ADD COLUMN paid int")
        step(
            "loan plan: what was paid",
            """UPDATE bench_plan SET paid = CASE WHEN due <= 0 THEN 0
                                                 WHEN profile < 80 THEN due
                                                 WHEN profile < 92 THEN GREATEST(0, due - 1 - member_id %% 3)
                                                 ELSE LEAST(due, member_id %% 4) END""",
        )
        step(
            "loan plan: a column for interest paid", "ALTER TABLE bench_plan ADD COLUMN interest_paid bigint"
        )
        step(
            "loan plan: interest paid",
            """UPDATE bench_plan SET interest_paid = COALESCE((
                   SELECT SUM(ROUND((principal - (k - 1) * (principal / 12)) * 0.01))
                     FROM generate_series(1, paid) k), 0)""",
        )
        step(
            "loans",
            """INSERT INTO finance_loan (fund_id, book_id, borrower_id, number, purpose, principal_satang,
                annual_rate_bp,
                   periods, method, frequency, status, bylaw_id, applied_on, recorded_by_id, decided_on,
                       first_due_date,
                   disbursed_on, principal_repaid_satang, interest_paid_satang, penalty_paid_satang,
                       schedule_version,
                   imported, created_at)
               SELECT p.fund_id, b.id, p.member_id, 'B' || p.member_id, '', p.principal, 1200, 12,
                   'declining_principal',
                      'monthly', 'ACTIVE', y.id, p.disbursed, %s, p.disbursed, p.first_due, p.disbursed,
                      p.paid * (p.principal / 12), p.interest_paid, 0, 1, false, now()
                 FROM bench_plan p JOIN finance_book b ON b.fund_id = p.fund_id
                 JOIN finance_bylawversion y ON y.fund_id = p.fund_id""",
            [user_id],
        )
        step(
            "installments (12 per loan)",
            """INSERT INTO finance_installment (loan_id, version, number, starts_on, due_date,
                principal_satang,
                   interest_satang, principal_paid_satang, interest_paid_satang, penalty_paid_satang,
                       status, paid_on)
               SELECT l.id, 1, k,
                      (p.disbursed + (k - 1) * INTERVAL '1 month')::date,
                      (p.disbursed + k * INTERVAL '1 month')::date,
                      p.principal / 12,
                      ROUND((p.principal - (k - 1) * (p.principal / 12)) * 0.01),
                      CASE WHEN k <= p.paid THEN p.principal / 12 ELSE 0 END,
                      CASE WHEN k <= p.paid THEN ROUND((p.principal - (k - 1) * (p.principal / 12)) * 0.01)
                          ELSE 0 END,
                      0,
                      CASE WHEN k <= p.paid THEN 'PAID' ELSE 'OPEN' END,
                      CASE WHEN k <= p.paid THEN (p.disbursed + k * INTERVAL '1 month')::date END
                 FROM bench_plan p JOIN finance_loan l ON l.borrower_id = p.member_id,
                      generate_series(1, 12) k""",
        )
    with connection.cursor() as c:
        t = time.monotonic()
        c.execute("VACUUM ANALYZE")
        print(f"  {'VACUUM ANALYZE':<40} {'':>12} {time.monotonic() - t:>12.1f} s")
    print(f"loaded in {time.monotonic() - started:.0f} s")


def main() -> None:
    args = parse_args()
    _db.configure(args.db_name, FAST_PASSWORD_HASHER="True")
    _db.ensure_database(args.db_name, reset=args.reset)
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count, Sum

    from thanrak.accounts.models import User
    from thanrak.core.money import format_million_baht, percent
    from thanrak.finance import actions, queries
    from thanrak.finance.models import Fund, Installment, Loan, LoanMonthEnd

    load(args)
    with connection.cursor() as c:
        c.execute(
            "SELECT pg_size_pretty(pg_total_relation_size('finance_installment')), "
            "pg_size_pretty(pg_total_relation_size('finance_loan'))"
        )
        sizes = c.fetchone()
    loans = Loan.objects.count()
    installments = Installment.objects.count()
    print(
        f"PostgreSQL {connection.cursor().connection.info.server_version}, {os.cpu_count()} cores, "
        f"load {os.getloadavg()[0]:.2f}; {loans:,} loans ({sizes[1]}), {installments:,} installments "
        f"({sizes[0]})"
    )

    for attempt in ("first run", "second run (replaces)"):
        started = time.perf_counter()
        rows = actions.month_end_run(as_of=AS_OF)
        seconds = time.perf_counter() - started
        print(
            f"month_end_run {attempt:<22} {rows:>10,} loans {seconds:>7.1f} s "
            f"{'within' if seconds <= 60 else 'OVER'} the 60 s target"
        )

    by = User.objects.get(username="bench_month_end")
    sample = list(Fund.objects.order_by("pk")[:: max(1, Fund.objects.count() // 20)][:20])
    mismatches = 0
    for fund in sample:
        report = {a.loan.pk: a for a in queries.arrears_report(viewer=by, fund=fund, on=AS_OF).loans}
        for row in LoanMonthEnd.objects.filter(fund=fund, as_of=AS_OF):
            a = report[row.loan_id]
            if (
                row.days_past_due,
                row.overdue_principal_satang,
                row.outstanding_satang,
                row.bucket_position,
            ) != (
                a.days_past_due,
                a.overdue_principal_satang,
                a.outstanding_satang,
                a.bucket.position if a.bucket else None,
            ):
                mismatches += 1
    print(f"check against the arrears report, loan by loan, {len(sample)} funds: {mismatches} differences")

    labels = dict(enumerate(label for _th, label, _lo, _hi in actions.AGING_PRESETS["BOT"]))
    buckets = (
        LoanMonthEnd.objects.filter(as_of=AS_OF)
        .values("bucket_position")
        .annotate(n=Count("id"), out=Sum("outstanding_satang"))
        .order_by("bucket_position")
    )
    total = LoanMonthEnd.objects.filter(as_of=AS_OF).aggregate(
        out=Sum("outstanding_satang"),
        over=Sum("overdue_principal_satang"),
        acc=Sum("accrued_interest_satang"),
    )
    for b in buckets:
        print(
            f"  {labels.get(b['bucket_position'], '?'):<20} {b['n']:>9,} loans "
            f"{format_million_baht(b['out']):>10} M baht"
        )
    print(
        f"seed report's line: outstanding {format_million_baht(total['out'])} M baht, "
        f"not yet due {percent(total['out'] - total['over'], total['out'])} %, "
        f"overdue {percent(total['over'], total['out'])} %; interest accrued in October "
        f"{format_million_baht(total['acc'])} M baht"
    )
    started = time.perf_counter()
    national, provinces = queries.rollup(viewer=by, area_code="", on=AS_OF)
    print(
        f"national roll-up (5 grouped queries over {loans:,} loans): {time.perf_counter() - started:.1f} s, "
        f"{len(provinces)} provinces, overdue {national.overdue_percent} %"
    )


if __name__ == "__main__":
    main()
