"""The outbox: a message is a row first (in the caller's transaction), then the worker sends it.

Sending claims the row (SENDING, with a lease), calls the provider outside any transaction, then
records the attempt. A worker that dies after the provider accepted leaves the row SENDING: when the
lease runs out it is tried again with the same X-Line-Retry-Key (the message's UUID), and LINE
answers 409 — recorded as sent, not sent twice. The SMS gateway has no retry key, so a stale SMS
claim is marked UNCERTAIN for an officer instead of sent again.
"""

import datetime as dt
import threading
import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from itertools import islice
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from thanrak.notify import providers, rules
from thanrak.notify.models import (
    OPEN_STATUSES,
    Attempt,
    Channel,
    ChannelKind,
    Language,
    Message,
    Mute,
    Preference,
    Status,
    Template,
)
from thanrak.notify.texts import DEFAULTS
from thanrak.registry.models import Organisation, Person

LEASE = dt.timedelta(minutes=5)
BATCH = 200  # messages claimed in one transaction
SEND_THREADS = 8  # concurrent HTTP calls per worker process (NOTIFY_SEND_THREADS)


def template_text(kind: str, language: str = Language.TH) -> str:
    """The kind's text in the language (the national manager's, else the default)."""
    row = Template.objects.filter(kind=kind).first()
    th, en = DEFAULTS[kind]
    if language == Language.EN:
        return (row.text_en if row else "") or en
    return row.text_th if row else th


def _languages(person_ids: list[int]) -> dict[int, str]:
    """Who chose a language other than Thai."""
    rows = Preference.objects.filter(person_id__in=person_ids).exclude(language=Language.TH)
    return dict(rows.values_list("person_id", "language"))


def _muted(person: Person, organisation: Organisation | None, kind: str) -> bool:
    owner = Q(person=person) | (Q(organisation=organisation) if organisation else Q(pk__in=[]))
    return Mute.objects.filter(owner, kind=kind).exists()


def _best_channel(person: Person) -> Channel | None:
    """LINE when linked with consent, else SMS with consent, else none."""
    rows = {c.kind: c for c in Channel.objects.filter(person=person)}
    for kind in (ChannelKind.LINE, ChannelKind.SMS):
        row = rows.get(kind)
        if row is not None and row.consented:
            return row
    return None


def queue(
    *,
    person: Person,
    kind: str,
    params: dict[str, str],
    reason: str,
    dedupe_key: str,
    at: dt.datetime,
    organisation: Organisation | None = None,
) -> Message | None:
    """Write the message in the caller's transaction; None when the person gave no consent, turned
    the kind off (or their organisation did), or the same event was queued before."""
    channel = _best_channel(person)
    if channel is None or _muted(person, organisation, kind):
        return None
    if Message.objects.filter(dedupe_key=dedupe_key).exists():
        return None
    try:
        with transaction.atomic():
            message = Message.objects.create(
                person=person,
                organisation=organisation,
                area_code=person.area_code,
                channel=channel.kind,
                kind=kind,
                text=rules.render(template_text(kind, _languages([person.pk]).get(person.pk, "th")), params),
                reason=reason[:200],
                dedupe_key=dedupe_key,
                next_attempt_at=at,
                created_at=at,
            )
    except IntegrityError:
        return None  # queued by a concurrent run
    transaction.on_commit(lambda: _enqueue(message.pk))
    return message


@dataclass(frozen=True)
class Pending:
    """A message to queue in bulk (the nightly reminders): who, what, why, and the event's key."""

    person_id: int
    area_code: str
    organisation_id: int | None
    kind: str
    params: dict[str, str]
    reason: str
    dedupe_key: str


CHUNK = 2000


def _consented_channels(person_ids: list[int]) -> dict[int, str]:
    """Each person's channel to use (LINE before SMS), for those who gave consent."""
    best: dict[int, str] = {}
    rows = (
        Channel.objects.filter(person_id__in=person_ids, consent_at__isnull=False, withdrawn_at__isnull=True)
        .exclude(address="")
        .values_list("person_id", "kind")
    )
    for person_id, kind in rows:
        if kind == ChannelKind.LINE or person_id not in best:
            best[person_id] = kind
    return best


def _mutes(kinds: set[str], person_ids: list[int], organisation_ids: set[int]) -> set[tuple[str, str, int]]:
    rows = Mute.objects.filter(kind__in=kinds).filter(
        Q(person_id__in=person_ids) | Q(organisation_id__in=organisation_ids)
    )
    out: set[tuple[str, str, int]] = set()
    for kind, person_id, organisation_id in rows.values_list("kind", "person_id", "organisation_id"):
        out.add((kind, "p", person_id) if person_id else (kind, "o", organisation_id))
    return out


def _bulk_rows(chunk: list[Pending], texts: dict[tuple[str, str], str], at: dt.datetime) -> list[Message]:
    person_ids = list({p.person_id for p in chunk})
    channels = _consented_channels(person_ids)
    languages = _languages(person_ids)
    muted = _mutes(
        {p.kind for p in chunk}, person_ids, {p.organisation_id for p in chunk if p.organisation_id}
    )
    done = set(
        Message.objects.filter(dedupe_key__in=[p.dedupe_key for p in chunk]).values_list(
            "dedupe_key", flat=True
        )
    )
    rows = []
    for p in chunk:
        channel = channels.get(p.person_id)
        if channel is None or p.dedupe_key in done:
            continue
        if (p.kind, "p", p.person_id) in muted or (p.kind, "o", p.organisation_id) in muted:
            continue
        done.add(p.dedupe_key)
        rows.append(
            Message(
                person_id=p.person_id,
                organisation_id=p.organisation_id,
                area_code=p.area_code,
                channel=channel,
                kind=p.kind,
                text=rules.render(texts[p.kind, languages.get(p.person_id, Language.TH)], p.params),
                reason=p.reason[:200],
                dedupe_key=p.dedupe_key,
                next_attempt_at=at,
                created_at=at,
            )
        )
    return rows


@transaction.atomic
def queue_many(items: Iterable[Pending], *, at: dt.datetime) -> dict[str, int]:
    """Queue many messages set-wise: per chunk of 2,000 one query for the channels, one for the
    mutes, one for the keys already queued and one bulk insert (never a query per person). The same
    rules as `queue`: consent, mutes, one message per event key. Counts per kind."""
    texts: dict[tuple[str, str], str] = {}
    counts: dict[str, int] = {}
    it = iter(items)
    while chunk := list(islice(it, CHUNK)):
        for kind in {p.kind for p in chunk} - {kind for kind, _language in texts}:
            for language in Language.values:
                texts[kind, language] = template_text(kind, language)
        rows = _bulk_rows(chunk, texts, at)
        Message.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
        for row in rows:
            counts[row.kind] = counts.get(row.kind, 0) + 1
    if counts:
        transaction.on_commit(enqueue_sweep)
    return counts


def enqueue_sweep() -> None:
    from thanrak.notify import tasks

    try:
        tasks.send_due.enqueue()
    except Exception:  # noqa: BLE001 — notify_send sweeps what the worker did not
        return


def _enqueue(message_id: int) -> None:
    from thanrak.notify import tasks

    try:
        tasks.send_message.enqueue(message_id)
    except Exception:  # noqa: BLE001 — the sweep (notify_send) sends what the worker did not
        return


def _sent_today(person_ids: set[int], local_now: dt.datetime) -> dict[int, int]:
    """How many messages each person was sent since midnight Bangkok."""
    start = local_now.replace(hour=0, minute=0, second=0, microsecond=0)
    rows = (
        Message.objects.filter(person_id__in=person_ids, status=Status.SENT, sent_at__gte=start)
        .values("person_id")
        .annotate(n=Count("pk"))
        .values_list("person_id", "n")
    )
    return dict(rows)


def _update(messages: list[Message], fields: tuple[str, ...]) -> None:
    """Write the fields back, one UPDATE per set of equal values (a batch has a few: sent, deferred
    to one morning, retried at one time…) rather than a CASE per row."""
    groups: dict[tuple, list[int]] = {}
    for message in messages:
        groups.setdefault(tuple(getattr(message, f) for f in fields), []).append(message.pk)
    for values, pks in groups.items():
        Message.objects.filter(pk__in=pks).update(**dict(zip(fields, values, strict=True)))


def _due_rows(now: dt.datetime, limit: int, ids: list[int] | None) -> list[Message]:
    """Lock a batch of open messages whose time has come; on PostgreSQL other workers skip the
    locked rows (SKIP LOCKED) and take the next ones. On SQLite one worker sends."""
    rows = Message.objects.filter(status__in=OPEN_STATUSES, next_attempt_at__lte=now)
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    skip_locked = connection.features.has_select_for_update_skip_locked
    rows = rows.select_for_update(skip_locked=skip_locked, of=("self",) if skip_locked else ())
    return list(rows.order_by("next_attempt_at", "pk")[:limit])


def _claim(
    now: dt.datetime, limit: int, ids: list[int] | None = None
) -> tuple[list[Message], list[tuple[Message, Channel]]]:
    """Claim a batch: lock the rows, apply the rules to each (consent, the daily cap, quiet hours),
    mark those to send SENDING with a lease. The batch, and the messages to send now with their
    channels."""
    with transaction.atomic():
        messages = _due_rows(now, limit, ids)
        if not messages:
            return [], []
        people = {m.person_id for m in messages}
        channels = {(c.person_id, c.kind): c for c in Channel.objects.filter(person_id__in=people)}
        local_now = timezone.localtime(now)
        sent_today = _sent_today(people, local_now)
        claimed = []
        for message in messages:
            if message.status == Status.SENDING and message.channel == ChannelKind.SMS:
                message.status, message.note = Status.UNCERTAIN, "worker_stopped"
                continue
            channel = channels.get((message.person_id, message.channel))
            decision = rules.decide(
                channel=message.channel,
                local_now=local_now,
                consented=bool(channel and channel.consented),
                sent_today=sent_today.get(message.person_id, 0),
            )
            if decision.action == "skip":
                message.status, message.note = Status.SKIPPED, decision.reason
            elif decision.action == "defer":
                message.status, message.note = Status.DEFERRED, decision.reason
                message.next_attempt_at = decision.until
            else:
                message.status, message.attempts = Status.SENDING, message.attempts + 1
                message.next_attempt_at = now + LEASE
                sent_today[message.person_id] = sent_today.get(message.person_id, 0) + 1
                claimed.append((message, channel))
        _update(messages, ("status", "note", "attempts", "next_attempt_at"))
    return messages, claimed


_LINE_PACER = rules.Pacer(rules.LINE_RATE_PER_SECOND)
_PACER_LOCK = threading.Lock()


def _line_slot() -> None:
    """Wait for a slot under LINE's per-channel rate limit (LINE_RATE_PER_SECOND, per process: with
    several workers, give each its share)."""
    with _PACER_LOCK:
        _LINE_PACER.per_second = getattr(settings, "LINE_RATE_PER_SECOND", rules.LINE_RATE_PER_SECOND)
        wait = _LINE_PACER.delay(time.monotonic())
    if wait > 0:
        time.sleep(wait)


def _call(message: Message, channel: Channel) -> providers.Answer:
    if message.channel == ChannelKind.LINE:
        _line_slot()
        return providers.line_push(to=channel.address, text=message.text, retry_key=str(message.uuid))
    return providers.sms_send(to=channel.address, text=message.text)


def _record(sent: list[tuple[Message, providers.Answer]], now: dt.datetime) -> None:
    """Keep each attempt's answer and what it means for its message (one transaction a batch)."""
    with transaction.atomic():
        Attempt.objects.bulk_create(
            [Attempt(message=m, at=now, status_code=a.status_code, answer=a.body) for m, a in sent]
        )
        for message, answer in sent:
            done = rules.outcome(
                channel=message.channel, status_code=answer.status_code, attempts=message.attempts
            )
            message.note = done.note
            if done.state == "sent":
                message.status, message.sent_at = Status.SENT, now
            elif done.state == "failed":
                message.status = Status.FAILED
            else:
                message.status, message.next_attempt_at = Status.QUEUED, now + rules.backoff(message.attempts)
        _update([m for m, _a in sent], ("status", "note", "sent_at", "next_attempt_at"))


def _threads() -> int:
    return max(1, int(getattr(settings, "NOTIFY_SEND_THREADS", SEND_THREADS)))


def _send_batch(
    claimed: list[tuple[Message, Channel]], now: dt.datetime, pool: ThreadPoolExecutor | None
) -> None:
    """Call the provider for each claimed message (concurrently, outside any transaction), then
    record the answers."""
    if pool is None or len(claimed) == 1:
        answers = [_call(m, c) for m, c in claimed]
    else:
        answers = list(pool.map(lambda mc: _call(*mc), claimed))
    _record([(m, a) for (m, _c), a in zip(claimed, answers, strict=True)], now)


def send_one(*, message_id: int, now: dt.datetime | None = None) -> str:
    """Try one message now; its status afterwards."""
    now = now or timezone.now()
    _batch, claimed = _claim(now, 1, ids=[message_id])
    if claimed:
        _send_batch(claimed, now, None)
    return Message.objects.filter(pk=message_id).values_list("status", flat=True).first() or ""


def send_due(*, now: dt.datetime | None = None, limit: int = 10_000, batch: int = BATCH) -> dict[str, Any]:
    """Work the queue once: every open message whose time has come, claimed `batch` at a time and
    sent by a pool of threads (NOTIFY_SEND_THREADS), LINE paced under its per-channel limit.
    Returns counts by status."""
    now = now or timezone.now()
    counts: dict[str, Any] = {}
    done = 0
    with ThreadPoolExecutor(max_workers=_threads(), thread_name_prefix="notify-send") as pool:
        while done < limit:
            messages, claimed = _claim(now, min(batch, limit - done))
            if not messages:
                break
            _send_batch(claimed, now, pool)
            for message in messages:
                counts[message.status] = counts.get(message.status, 0) + 1
            done += len(messages)
    return counts
