"""The date-driven reminders beyond loans and savings (those are `setwise`), read set-wise from the
apps below notify: caseload visits due, trainings tomorrow. Each yields `Pending` messages for
`queue_many`; one query per kind and day, never one per person."""

import datetime as dt
from collections.abc import Iterator

from django.db.models import F, Max
from django.db.models.functions import Coalesce

from thanrak.core.thai import format_date
from thanrak.learning.models import Enrolment, EnrolmentStatus, Session
from thanrak.notify.actions.outbox import Pending
from thanrak.notify.models import Kind
from thanrak.services.models import CaseloadAssignment

SAVINGS_AHEAD = 3
VISIT_EVERY = dt.timedelta(days=30)


def visits_due(on: dt.date) -> Iterator[Pending]:
    """A household of a volunteer's caseload last visited (or assigned) 30 days ago."""
    since = on - VISIT_EVERY
    rows = (
        CaseloadAssignment.objects.filter(ended_on__isnull=True)
        .annotate(last=Coalesce(Max("visits__on"), F("assigned_on")))
        .filter(last=since)
        .values("pk", "helper__person_id", "helper__person__area_code", "household__house_no")
        .order_by("pk")
    )
    for row in rows.iterator(chunk_size=2000):
        yield Pending(
            row["helper__person_id"],
            row["helper__person__area_code"],
            None,
            Kind.VISIT_DUE,
            {"household": row["household__house_no"], "date": format_date(since)},
            f"caseload {row['pk']} last visit {since}",
            f"visit_due:{row['pk']}:{since}",
        )


def trainings(on: dt.date) -> Iterator[Pending]:
    """The day before a training session, to those enrolled (one message a day, the first session)."""
    tomorrow = on + dt.timedelta(days=1)
    sessions = (
        Session.objects.filter(date=tomorrow)
        .select_related("batch__course")
        .order_by("batch_id", "starts_at")
    )
    first: dict[int, Session] = {}
    for session in sessions:
        first.setdefault(session.batch_id, session)
    enrolled = (
        Enrolment.objects.filter(batch_id__in=list(first), status=EnrolmentStatus.ENROLLED)
        .values("pk", "batch_id", "person_id", "person__area_code")
        .order_by("pk")
    )
    for row in enrolled.iterator(chunk_size=2000):
        session = first[row["batch_id"]]
        course = session.batch.course
        yield Pending(
            row["person_id"],
            row["person__area_code"],
            course.organisation_id,
            Kind.TRAINING_TOMORROW,
            {
                "course": course.title,
                "place": session.batch.place,
                "date": format_date(tomorrow),
                "time": session.starts_at.strftime("%H:%M"),
            },
            f"training {course.pk} batch {row['batch_id']} on {tomorrow}",
            f"training_tomorrow:{row['pk']}:{tomorrow}",
        )
