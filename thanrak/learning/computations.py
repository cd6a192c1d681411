"""Monitoring computations from the learning app's records (see thanrak/monitoring/computed.py for
the contract): people trained, batches held and certificates issued in the period, by the
batch's subdistrict (a batch recorded for a district counts under that district's code)."""

import datetime as dt
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from thanrak.core.computing import by_area


def _enrolled(start: dt.date, end: dt.date, programme: str) -> Any:
    from thanrak.learning.models import Enrolment, EnrolmentStatus

    rows = Enrolment.objects.filter(
        status=EnrolmentStatus.ENROLLED, batch__end_date__gte=start, batch__end_date__lte=end
    )
    return rows.filter(batch__course__programme_code=programme) if programme else rows


def _batches(start: dt.date, end: dt.date, programme: str) -> Any:
    from thanrak.learning.models import Batch

    rows = Batch.objects.filter(end_date__gte=start, end_date__lte=end)
    return rows.filter(course__programme_code=programme) if programme else rows


def people_trained(*, start: dt.date, end: dt.date, programme: str = "") -> dict[str, int]:
    """Distinct people enrolled in batches (of the programme's courses, when given) that ended in the
    period (a person in two batches of one area counts once)."""
    return by_area(_enrolled(start, end, programme), "batch__area_code", Count("person", distinct=True))


def batches_held(*, start: dt.date, end: dt.date, programme: str = "") -> dict[str, int]:
    return by_area(_batches(start, end, programme), "area_code", Count("id"))


def people_trained_rows(
    *, viewer: Any, start: dt.date, end: dt.date, area_code: str = "", programme: str = ""
) -> Any:
    from thanrak.learning.models import Enrolment

    ids = _enrolled(start, end, programme).filter(batch__area_code__startswith=area_code).values("pk")
    return (
        Enrolment.objects.visible_to(viewer)
        .filter(pk__in=ids)
        .select_related("person", "batch__course")
        .order_by("batch__area_code", "batch__start_date", "pk")
    )


def batches_rows(
    *, viewer: Any, start: dt.date, end: dt.date, area_code: str = "", programme: str = ""
) -> Any:
    from thanrak.learning.models import Batch

    ids = _batches(start, end, programme).filter(area_code__startswith=area_code).values("pk")
    return Batch.objects.visible_to(viewer).filter(pk__in=ids).select_related("course").order_by("start_date")


def certificates_issued(*, start: dt.date, end: dt.date) -> dict[str, int]:
    from thanrak.learning.models import Certificate

    rows = Certificate.objects.filter(issued_on__gte=start, issued_on__lte=end)
    return by_area(rows, "enrolment__batch__area_code", Count("id"))


PROGRAMME = {
    "programme": _("Code of the programme that funds the course (e.g. 2.4(2)); every course when left out")
}


def _entry(
    name: str, function: Any, label: Any, unit: str, description: Any, rows: Any = None
) -> dict[str, Any]:
    extra = {"rows": rows, "parameters": PROGRAMME} if rows else {}
    return {
        **extra,
        "name": name,
        "version": 1,
        "function": function,
        "label": label,
        "unit": unit,
        "temporal": "FLOW",
        "description": description,
        "changes": {1: "first version"},
    }


MONITORING_COMPUTATIONS: list[dict[str, Any]] = [
    _entry(
        "learning.people_trained",
        people_trained,
        _("People trained"),
        "PERSONS",
        _(
            "Distinct people enrolled in training batches (of a programme's courses, when given) that "
            "ended in the period, by the batch's area."
        ),
        people_trained_rows,
    ),
    _entry(
        "learning.batches",
        batches_held,
        _("Training batches held"),
        "TIMES",
        _("Training batches (of a programme's courses, when given) that ended in the period, by area."),
        batches_rows,
    ),
    _entry(
        "learning.certificates",
        certificates_issued,
        _("Certificates issued"),
        "PERSONS",
        _("Certificates of completion issued in the period, by the batch's area."),
    ),
]
