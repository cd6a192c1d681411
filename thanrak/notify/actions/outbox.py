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
from dataclasses import dataclass
from itertools import islice
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from thanrak.notify import providers, rules
from thanrak.notify.models import (
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


def _sent_today(person_id: int, local_now: dt.datetime) -> int:
    start = local_now.replace(hour=0, minute=0, second=0, microsecond=0)
    return Message.objects.filter(person_id=person_id, status=Status.SENT, sent_at__gte=start).count()


def _claim(message_id: int, now: dt.datetime) -> tuple[Message, Channel] | None:
    """Lock the row, apply the rules; the message and its channel when it should go out now."""
    with transaction.atomic():
        message = Message.objects.select_for_update().filter(pk=message_id).first()
        if message is None or message.status not in (Status.QUEUED, Status.DEFERRED, Status.SENDING):
            return None
        if message.next_attempt_at > now:
            return None
        if message.status == Status.SENDING and message.channel == ChannelKind.SMS:
            message.status, message.note = Status.UNCERTAIN, "worker_stopped"
            message.save(update_fields=["status", "note"])
            return None
        channel = Channel.objects.filter(person_id=message.person_id, kind=message.channel).first()
        local_now = timezone.localtime(now)
        decision = rules.decide(
            channel=message.channel,
            local_now=local_now,
            consented=bool(channel and channel.consented),
            sent_today=_sent_today(message.person_id, local_now),
        )
        if decision.action == "skip":
            message.status, message.note = Status.SKIPPED, decision.reason
        elif decision.action == "defer":
            message.status, message.note, message.next_attempt_at = (
                Status.DEFERRED,
                decision.reason,
                decision.until,
            )
        else:
            message.status, message.attempts = Status.SENDING, message.attempts + 1
            message.next_attempt_at = now + LEASE
        message.save(update_fields=["status", "note", "attempts", "next_attempt_at"])
        return (message, channel) if decision.action == "send" else None


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


def send_one(*, message_id: int, now: dt.datetime | None = None) -> str:
    """Try one message now; its status afterwards."""
    now = now or timezone.now()
    claimed = _claim(message_id, now)
    if claimed is None:
        return Message.objects.filter(pk=message_id).values_list("status", flat=True).first() or ""
    message, channel = claimed
    answer = _call(message, channel)
    done = rules.outcome(channel=message.channel, status_code=answer.status_code, attempts=message.attempts)
    with transaction.atomic():
        Attempt.objects.create(message=message, at=now, status_code=answer.status_code, answer=answer.body)
        message.note = done.note
        if done.state == "sent":
            message.status, message.sent_at = Status.SENT, now
        elif done.state == "failed":
            message.status = Status.FAILED
        else:
            message.status, message.next_attempt_at = Status.QUEUED, now + rules.backoff(message.attempts)
        message.save(update_fields=["status", "note", "sent_at", "next_attempt_at"])
    return message.status


def send_due(*, now: dt.datetime | None = None, limit: int = 10_000) -> dict[str, Any]:
    """Work the queue once: every open message whose time has come. Returns counts by status."""
    now = now or timezone.now()
    ids = list(
        Message.objects.filter(
            status__in=[Status.QUEUED, Status.DEFERRED, Status.SENDING], next_attempt_at__lte=now
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    counts: dict[str, Any] = {}
    for pk in ids:
        status = send_one(message_id=pk, now=now)
        counts[status] = counts.get(status, 0) + 1
    return counts
