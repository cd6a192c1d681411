"""The savings reminders for millions of members, written by the database: one INSERT … SELECT per
kind and collection day, the event key computed in SQL, ON CONFLICT DO NOTHING (SQLite ≥ 3.24 and
PostgreSQL), so a second run for the same day inserts nothing — and does not even look: each fund
done is marked (SavingsQueued) in the same transaction as its messages, and skipped next time.

Python computes only what is per fund (the text, with the fund's name and monthly amount, in Thai
and English), into a temporary table; the database joins it with the members, their consented
channel (LINE before SMS), their language, the person's mutes and the month's payments.
"""

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import connection, transaction
from django.db.models import OuterRef, Subquery

from thanrak.core.money import format_baht
from thanrak.core.thai import format_date
from thanrak.finance.models import BylawVersion, Fund, FundMember, MemberStatus, SavingsKind, SavingsMovement
from thanrak.notify import rules
from thanrak.notify.actions.outbox import template_text
from thanrak.notify.models import (
    Channel,
    ChannelKind,
    CollectionDay,
    Language,
    Message,
    Mute,
    Preference,
    SavingsQueued,
    Status,
)
from thanrak.registry.models import Person

FUND_TEXTS = "notify_tmp_fund_text"


def _fund_texts(kind: str, collection: dt.date) -> list[tuple[int, int, str, str]]:
    """(fund, organisation, Thai text, English text) for each fund collecting on the day whose bylaw
    asks monthly savings and whose organisation has not turned the kind off."""
    monthly = (
        BylawVersion.objects.filter(fund=OuterRef("pk"), effective_from__lte=collection)
        .order_by("-effective_from")
        .values("monthly_savings_satang")[:1]
    )
    muted = Mute.objects.filter(kind=kind, organisation__isnull=False).values("organisation_id")
    funds = (
        Fund.objects.filter(pk__in=CollectionDay.objects.filter(day=collection.day).values("fund_id"))
        .exclude(organisation_id__in=muted)
        .exclude(pk__in=SavingsQueued.objects.filter(day=collection, kind=kind).values("fund_id"))
        .annotate(monthly=Subquery(monthly))
        .filter(monthly__gt=0)
        .order_by("pk")
        .values_list("pk", "organisation_id", "name_th", "monthly")
    )
    th, en = template_text(kind, Language.TH), template_text(kind, Language.EN)
    date = format_date(collection)
    rows = []
    for pk, organisation_id, name, satang in funds.iterator(chunk_size=5000):
        params = {"fund": name, "date": date, "amount": format_baht(satang)}
        rows.append((pk, organisation_id, rules.render(th, params), rules.render(en, params)))
    return rows


def _uuid_sql() -> str:
    if connection.vendor == "postgresql":
        return "gen_random_uuid()"
    # Django keeps a UUID as 32 hex digits on SQLite; this is a version-4 UUID (random, variant 10).
    return (
        "lower(hex(randomblob(6))) || '4' || substr(lower(hex(randomblob(2))), 2)"
        " || substr('89ab', 1 + (abs(random()) %% 4), 1) || substr(lower(hex(randomblob(2))), 2)"
        " || lower(hex(randomblob(6)))"
    )


def _table(model: type) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _insert_sql() -> str:
    consented = "{c}.consent_at IS NOT NULL AND {c}.withdrawn_at IS NULL AND {c}.address <> ''"
    line, sms = consented.format(c="lc"), consented.format(c="sc")
    return f"""
        INSERT INTO {_table(Message)} (uuid, person_id, organisation_id, area_code, channel, kind, text,
            reason, dedupe_key, status, note, attempts, next_attempt_at, created_at, sent_at)
        SELECT {_uuid_sql()}, fm.person_id, t.organisation_id, p.area_code,
            CASE WHEN lc.id IS NOT NULL THEN %(line)s ELSE %(sms)s END,
            %(kind)s,
            CASE WHEN pr.language = %(en)s THEN t.text_en ELSE t.text_th END,
            %(kind)s || ' member ' || CAST(fm.id AS TEXT) || %(reason_tail)s,
            %(kind)s || ':' || CAST(fm.id AS TEXT) || %(key_tail)s,
            %(queued)s, '', 0, %(at)s, %(at)s, NULL
        FROM {_table(FundMember)} fm
        JOIN {FUND_TEXTS} t ON t.fund_id = fm.fund_id
        JOIN {_table(Person)} p ON p.id = fm.person_id
        LEFT JOIN {_table(Channel)} lc ON lc.person_id = fm.person_id AND lc.kind = %(line)s AND {line}
        LEFT JOIN {_table(Channel)} sc ON sc.person_id = fm.person_id AND sc.kind = %(sms)s AND {sms}
        LEFT JOIN {_table(Preference)} pr ON pr.person_id = fm.person_id
        WHERE fm.fund_id BETWEEN %(lo)s AND %(hi)s
            AND fm.status = %(active)s AND fm.joined_on <= %(collection)s
            AND (lc.id IS NOT NULL OR sc.id IS NOT NULL)
            AND NOT EXISTS (SELECT 1 FROM {_table(Mute)} m
                WHERE m.person_id = fm.person_id AND m.kind = %(kind)s)
            AND NOT EXISTS (SELECT 1 FROM {_table(SavingsMovement)} s
                WHERE s.member_id = fm.id AND s.kind = %(sajja)s AND s.for_month = %(month)s)
        ON CONFLICT DO NOTHING
    """


def _params(kind: str, collection: dt.date, at: dt.datetime) -> dict:
    ops = connection.ops
    return {
        "line": ChannelKind.LINE.value,
        "sms": ChannelKind.SMS.value,
        "kind": kind,
        "en": Language.EN.value,
        "reason_tail": f" collection {collection}",
        "key_tail": f":{collection}",
        "queued": Status.QUEUED.value,
        "at": ops.adapt_datetimefield_value(at),
        "active": MemberStatus.ACTIVE.value,
        "collection": ops.adapt_datefield_value(collection),
        "sajja": SavingsKind.SAJJA.value,
        "month": ops.adapt_datefield_value(collection.replace(day=1)),
    }


def _queue_part(rows: list[tuple[int, int, str, str]], params: dict) -> int:
    """One part (a range of funds): its messages and its funds' markers, all or nothing."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {FUND_TEXTS}")
        cursor.execute(
            f"CREATE TEMPORARY TABLE {FUND_TEXTS} (fund_id bigint PRIMARY KEY, organisation_id bigint,"
            " text_th text NOT NULL, text_en text NOT NULL)"
        )
        cursor.executemany(f"INSERT INTO {FUND_TEXTS} VALUES (%s, %s, %s, %s)", rows)
        if connection.vendor == "postgresql":
            cursor.execute(f"ANALYZE {FUND_TEXTS}")
        cursor.execute(_insert_sql(), {**params, "lo": rows[0][0], "hi": rows[-1][0]})
        queued = max(cursor.rowcount, 0)
        cursor.execute(
            f"INSERT INTO {_table(SavingsQueued)} (fund_id, day, kind)"
            f" SELECT fund_id, %(collection)s, %(kind)s FROM {FUND_TEXTS} WHERE 1 = 1 ON CONFLICT DO NOTHING",
            params,
        )
        cursor.execute(f"DROP TABLE {FUND_TEXTS}")
    return queued


def _queue_part_alone(rows: list[tuple[int, int, str, str]], params: dict) -> int:
    """A part on this thread's own connection and transaction, closed after."""
    try:
        return _queue_part(rows, params)
    finally:
        connection.close()


def queue_savings(*, kind: str, collection: dt.date, at: dt.datetime) -> int:
    """Queue `kind` (savings due or missed) for the collection day to every active member of the
    funds collecting that day whose month is unpaid, who consented on a channel and did not turn the
    kind off (nor did their organisation); once per member, kind and day. How many were queued.

    Funds already marked queued for the kind and day are skipped; the others are split by fund
    ranges into parts, each its own transaction (messages and markers together). On PostgreSQL
    outside a transaction the parts run concurrently, NOTIFY_QUEUE_WORKERS connections; on SQLite
    (one writer) or inside the caller's transaction they run one after the other."""
    rows = _fund_texts(kind, collection)
    if not rows:
        return 0
    params = _params(kind, collection, at)
    workers = max(1, settings.NOTIFY_QUEUE_WORKERS)
    concurrent = connection.vendor == "postgresql" and workers > 1 and not connection.in_atomic_block
    n = min(len(rows), workers * 2) if concurrent else 1
    size = -(-len(rows) // n)
    parts = [rows[i : i + size] for i in range(0, len(rows), size)]
    if not concurrent:
        return sum(_queue_part(part, params) for part in parts)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        return sum(pool.map(_queue_part_alone, parts, [params] * len(parts)))
