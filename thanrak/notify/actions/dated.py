"""The date-driven reminders beyond loans, read set-wise from the apps below notify: savings due and
missed (the fund's collection day, `CollectionDay`), caseload visits due, trainings tomorrow. Each
yields `Pending` messages for `queue_many`; one query per kind and day, never one per person."""

import datetime as dt
from collections.abc import Iterator

from django.db.models import Exists, F, Max, OuterRef, Subquery
from django.db.models.functions import Coalesce

from thanrak.core.money import format_baht
from thanrak.core.thai import format_date
from thanrak.finance.models import BylawVersion, FundMember, MemberStatus, SavingsKind, SavingsMovement
from thanrak.learning.models import Enrolment, EnrolmentStatus, Session
from thanrak.notify.actions.outbox import Pending
from thanrak.notify.models import CollectionDay, Kind
from thanrak.services.models import CaseloadAssignment

SAVINGS_AHEAD = 3
VISIT_EVERY = dt.timedelta(days=30)


def _savers(collection: dt.date):  # noqa: ANN202 — a values() QuerySet
    """Active members of the funds collecting on `collection` whose bylaw asks monthly savings and
    who have not paid that month's sajja yet."""
    month = collection.replace(day=1)
    monthly = (
        BylawVersion.objects.filter(fund=OuterRef("fund_id"), effective_from__lte=collection)
        .order_by("-effective_from")
        .values("monthly_savings_satang")[:1]
    )
    paid = SavingsMovement.objects.filter(member=OuterRef("pk"), kind=SavingsKind.SAJJA, for_month=month)
    funds = CollectionDay.objects.filter(day=collection.day).values("fund_id")
    return (
        FundMember.objects.filter(fund_id__in=funds, status=MemberStatus.ACTIVE, joined_on__lte=collection)
        .annotate(monthly=Subquery(monthly))
        .filter(monthly__gt=0)
        .exclude(Exists(paid))
        .values("pk", "person_id", "person__area_code", "fund__name_th", "fund__organisation_id", "monthly")
        .order_by("pk")
    )


def _savings(collection: dt.date, kind: str) -> Iterator[Pending]:
    date = format_date(collection)
    for row in _savers(collection).iterator(chunk_size=2000):
        params = {"fund": row["fund__name_th"], "date": date, "amount": format_baht(row["monthly"])}
        yield Pending(
            row["person_id"],
            row["person__area_code"],
            row["fund__organisation_id"],
            kind,
            params,
            f"{kind} member {row['pk']} collection {collection}",
            f"{kind}:{row['pk']}:{collection}",
        )


def savings_due(on: dt.date) -> Iterator[Pending]:
    """Three days before the fund's collection day."""
    return _savings(on + dt.timedelta(days=SAVINGS_AHEAD), Kind.SAVINGS_DUE)


def savings_missed(on: dt.date) -> Iterator[Pending]:
    """The day after the collection day, to those whose month is still unpaid."""
    return _savings(on - dt.timedelta(days=1), Kind.SAVINGS_MISSED)


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
