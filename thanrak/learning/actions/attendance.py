"""Attendance: the trainer ticks a list, or checks participants in by their QR token. A check-in
counts once per session however many times it is sent (the venue's phone may sync twice)."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.learning.errors import CannotMarkAttendance
from thanrak.learning.models import Attendance, Enrolment, EnrolmentStatus, Mark, Method, Session
from thanrak.learning.rules import arrival_mark
from thanrak.learning.tokens import read_checkin_token


def _enrolled(session: Session) -> dict[int, Enrolment]:
    rows = session.batch.enrolments.filter(status=EnrolmentStatus.ENROLLED).select_related("person")
    return {e.pk: e for e in rows}


@transaction.atomic
def mark_list(
    *,
    by: User,
    session: Session,
    present: Iterable[int],
    late: Iterable[int] = (),
    at: dt.datetime | None = None,
) -> int:
    """Record the whole list: the ids ticked present or late, everyone else enrolled absent.
    Marks made by QR stay as they are. Returns how many marks were written."""
    at = at or timezone.now()
    enrolled = _enrolled(session)
    present_ids, late_ids = set(present), set(late)
    unknown = (present_ids | late_ids) - set(enrolled)
    if unknown:
        raise CannotMarkAttendance(
            _("Someone ticked is not enrolled in this batch."),
            code="attendance_not_enrolled",
            field="present",
        )
    by_qr = set(session.attendances.filter(method=Method.QR).values_list("enrolment_id", flat=True))
    written = 0
    for pk in enrolled:
        if pk in by_qr:
            continue
        mark = Mark.LATE if pk in late_ids else Mark.PRESENT if pk in present_ids else Mark.ABSENT
        Attendance.objects.update_or_create(
            enrolment_id=pk,
            session=session,
            defaults={"mark": mark, "method": Method.LIST, "at": at, "by": by},
        )
        written += 1
    return written


@dataclass(frozen=True)
class CheckIn:
    enrolment: Enrolment
    mark: str
    already: bool  # the token had been checked in before: nothing changed


def _starts(session: Session) -> dt.datetime:
    return dt.datetime.combine(session.date, session.starts_at, tzinfo=timezone.get_current_timezone())


def check_in(*, by: User, session: Session, token: str, at: dt.datetime | None = None) -> CheckIn:
    """Accept a participant's QR token once for the session; late after 15 minutes."""
    enrolment_id = read_checkin_token(token)
    if enrolment_id is None:
        raise CannotMarkAttendance(
            _("This is not a check-in code of Thanrak."), code="checkin_token_invalid", field="token"
        )
    enrolment = (
        Enrolment.objects.filter(pk=enrolment_id, batch_id=session.batch_id).select_related("person").first()
    )
    if enrolment is None:
        raise CannotMarkAttendance(
            _("This code belongs to another batch."), code="checkin_other_batch", field="token"
        )
    if enrolment.status != EnrolmentStatus.ENROLLED:
        raise CannotMarkAttendance(
            _("%(name)s is not enrolled (waiting or withdrawn)."),
            code="checkin_not_enrolled",
            field="token",
            params={"name": enrolment.person.full_name},
        )
    at = at or timezone.now()
    existing = Attendance.objects.filter(enrolment=enrolment, session=session).first()
    if existing is not None and existing.mark != Mark.ABSENT:
        return CheckIn(enrolment, existing.mark, already=True)
    mark = arrival_mark(arrived=at, starts=_starts(session))
    try:
        with transaction.atomic():
            Attendance.objects.update_or_create(
                enrolment=enrolment,
                session=session,
                defaults={"mark": mark, "method": Method.QR, "at": at, "by": by},
            )
    except IntegrityError:  # the same token synced twice at once
        return CheckIn(
            enrolment, Attendance.objects.get(enrolment=enrolment, session=session).mark, already=True
        )
    return CheckIn(enrolment, mark, already=False)


@dataclass(frozen=True)
class SyncResult:
    accepted: int
    already: int
    refused: list[tuple[str, str]]  # (token, code)


def _refusal(enrolment_id: int | None, statuses: dict[int, str]) -> str | None:
    if enrolment_id is None:
        return "checkin_token_invalid"
    if enrolment_id not in statuses:
        return "checkin_other_batch"
    if statuses[enrolment_id] != EnrolmentStatus.ENROLLED:
        return "checkin_not_enrolled"
    return None


@transaction.atomic
def check_in_many(
    *, by: User, session: Session, scans: Iterable[tuple[str, dt.datetime | None]]
) -> SyncResult:
    """A batch of scans made offline, synced once: each participant counted once (the first scan
    decides late or present), refusals listed by token with the same codes as `check_in`. Reads the
    batch's enrolments and the session's marks once and writes in bulk: 2,000 scans in one request."""
    statuses = dict(session.batch.enrolments.values_list("pk", "status"))
    marked = dict(session.attendances.values_list("enrolment_id", "mark"))
    starts, now = _starts(session), timezone.now()
    new: dict[int, tuple[str, dt.datetime]] = {}
    already = 0
    refused: list[tuple[str, str]] = []
    for token, at in scans:
        enrolment_id = read_checkin_token(token)
        code = _refusal(enrolment_id, statuses)
        if code:
            refused.append((token, code))
        elif enrolment_id in new or marked.get(enrolment_id, Mark.ABSENT) != Mark.ABSENT:
            already += 1
        else:
            new[enrolment_id] = (arrival_mark(arrived=at or now, starts=starts), at or now)
    # Those ticked absent on the list before their scan arrived: the scan wins.
    session.attendances.filter(enrolment_id__in=[pk for pk in new if pk in marked]).delete()
    Attendance.objects.bulk_create(
        [
            Attendance(enrolment_id=pk, session=session, mark=mark, method=Method.QR, at=at, by=by)
            for pk, (mark, at) in new.items()
        ],
        ignore_conflicts=True,  # a parallel sync of the same scans
    )
    return SyncResult(len(new), already, refused)
