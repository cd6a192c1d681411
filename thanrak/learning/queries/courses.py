"""Reading courses, batches and sessions, always through the viewer's scope."""

from typing import Any

from django.db.models import Count, Q, QuerySet

from thanrak.learning.models import Batch, Course, EnrolmentStatus, Session


def course_list(*, viewer: Any, fiscal_year: int | None = None, q: str = "") -> QuerySet[Course]:
    rows = (
        Course.objects.visible_to(viewer)
        .annotate(batch_count=Count("batches"))
        .order_by("-fiscal_year", "title", "pk")
    )
    if fiscal_year:
        rows = rows.filter(fiscal_year=fiscal_year)
    if q:
        rows = rows.filter(Q(title__icontains=q) | Q(programme_code__icontains=q))
    return rows


def course_get(*, viewer: Any, pk: int) -> Course:
    return Course.objects.visible_to(viewer).get(pk=pk)


def batch_list(*, viewer: Any, course_id: int | None = None, area_code: str = "") -> QuerySet[Batch]:
    rows = (
        Batch.objects.visible_to(viewer)
        .select_related("course")
        .annotate(
            enrolled=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.ENROLLED)),
            waiting=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.WAITING)),
        )
    )
    if course_id:
        rows = rows.filter(course_id=course_id)
    if area_code:
        rows = rows.filter(area_code__startswith=area_code)
    return rows


def batch_get(*, viewer: Any, pk: int) -> Batch:
    return Batch.objects.visible_to(viewer).select_related("course", "course__organisation").get(pk=pk)


def session_get(*, viewer: Any, pk: int) -> Session:
    return Session.objects.visible_to(viewer).select_related("batch", "batch__course").get(pk=pk)


def trained_by_programme(*, viewer: Any, fiscal_year: int | None = None) -> list[dict[str, Any]]:
    """Per funding programme (code) and fiscal year: batches and distinct people enrolled, in the
    viewer's scope (the seed's "people trained per programme")."""
    rows = Batch.objects.visible_to(viewer)
    if fiscal_year:
        rows = rows.filter(course__fiscal_year=fiscal_year)
    return list(
        rows.values("course__programme_code", "course__fiscal_year")
        .annotate(
            batches=Count("id", distinct=True),
            people=Count(
                "enrolments__person", distinct=True, filter=Q(enrolments__status=EnrolmentStatus.ENROLLED)
            ),
        )
        .order_by("-course__fiscal_year", "course__programme_code")
    )
