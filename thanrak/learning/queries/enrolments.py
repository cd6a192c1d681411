"""Who is enrolled, who waits, and a person's own trainings."""

from typing import Any

from django.db.models import QuerySet

from thanrak.learning.models import Attendance, Batch, Enrolment, EnrolmentStatus, Session


def enrolment_list(*, viewer: Any, batch: Batch, status: str = "") -> QuerySet[Enrolment]:
    rows = Enrolment.objects.visible_to(viewer).filter(batch=batch).select_related("person")
    return rows.filter(status=status) if status else rows


def enrolment_get(*, viewer: Any, pk: int) -> Enrolment:
    return Enrolment.objects.visible_to(viewer).select_related("batch", "batch__course", "person").get(pk=pk)


def person_enrolments(*, viewer: Any, person_id: int) -> QuerySet[Enrolment]:
    """A person's trainings as the viewer may see them (the person's page panel, "my trainings")."""
    return (
        Enrolment.objects.visible_to(viewer)
        .filter(person_id=person_id)
        .select_related("batch", "batch__course", "certificate")
        .order_by("-batch__start_date")
    )


def attendance_sheet(*, session: Session) -> list[tuple[Enrolment, Attendance | None]]:
    """The enrolled participants of a session's batch with their mark so far (None: not marked)."""
    marks = {a.enrolment_id: a for a in session.attendances.all()}
    rows = session.batch.enrolments.filter(status=EnrolmentStatus.ENROLLED).select_related("person")
    return [(e, marks.get(e.pk)) for e in rows.order_by("person__first_name", "pk")]
