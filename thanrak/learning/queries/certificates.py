"""Completion under the course's rules, certificates, and the public verification of a number."""

from dataclasses import dataclass

from django.db.models import Count, Q

from thanrak.learning.models import Batch, Certificate, EnrolmentStatus, Mark
from thanrak.learning.rules import Completion, completion, mask_name


def completions(batch: Batch) -> dict[int, Completion]:
    """Each enrolled participant's completion under the course's rules, by enrolment id."""
    sessions = batch.sessions.count()
    course = batch.course
    rows = batch.enrolments.filter(status=EnrolmentStatus.ENROLLED).annotate(
        came=Count("attendances", filter=Q(attendances__mark__in=[Mark.PRESENT, Mark.LATE]))
    )
    return {
        e.pk: completion(
            sessions=sessions,
            attended=e.came,
            min_percent=course.min_attendance_percent,
            score=e.score,
            pass_score=course.pass_score,
        )
        for e in rows
    }


def batch_certificates(batch: Batch) -> list[Certificate]:
    return list(
        Certificate.objects.filter(enrolment__batch=batch)
        .select_related("enrolment__person", "enrolment__batch__course__organisation")
        .order_by("enrolment__person__first_name", "pk")
    )


@dataclass(frozen=True)
class Verification:
    """What anyone may read about a certificate: no citizen ID, the family name masked."""

    number: str
    course: str
    hours: int
    issued_on: object
    batch_start: object
    batch_end: object
    name: str


def certificate_verify(number: str) -> Verification:
    """The public facts of a certificate (DoesNotExist for a number never issued)."""
    cert = Certificate.objects.select_related("enrolment__person", "enrolment__batch__course").get(
        number=number.strip().upper()
    )
    person = cert.enrolment.person
    batch = cert.enrolment.batch
    return Verification(
        number=cert.number,
        course=batch.course.title,
        hours=cert.hours,
        issued_on=cert.issued_on,
        batch_start=batch.start_date,
        batch_end=batch.end_date,
        name=mask_name(person.first_name, person.last_name),
    )
