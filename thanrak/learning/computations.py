"""Monitoring computations from the learning app's records (see thanrak/monitoring/computed.py for
the contract): people trained, batches held and certificates issued in the period, by the
batch's subdistrict (a batch recorded for a district counts under that district's code)."""

import datetime as dt
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from thanrak.core.computing import by_area


def people_trained(*, start: dt.date, end: dt.date) -> dict[str, int]:
    """Distinct people enrolled in batches that ended in the period (a person in two batches of one
    area counts once)."""
    from thanrak.learning.models import Enrolment, EnrolmentStatus

    rows = Enrolment.objects.filter(
        status=EnrolmentStatus.ENROLLED, batch__end_date__gte=start, batch__end_date__lte=end
    )
    return by_area(rows, "batch__area_code", Count("person", distinct=True))


def batches_held(*, start: dt.date, end: dt.date) -> dict[str, int]:
    from thanrak.learning.models import Batch

    return by_area(Batch.objects.filter(end_date__gte=start, end_date__lte=end), "area_code", Count("id"))


def certificates_issued(*, start: dt.date, end: dt.date) -> dict[str, int]:
    from thanrak.learning.models import Certificate

    rows = Certificate.objects.filter(issued_on__gte=start, issued_on__lte=end)
    return by_area(rows, "enrolment__batch__area_code", Count("id"))


def _entry(name: str, function: Any, label: Any, unit: str, description: Any) -> dict[str, Any]:
    return {
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
        _("Distinct people enrolled in training batches that ended in the period, by the batch's area."),
    ),
    _entry(
        "learning.batches",
        batches_held,
        _("Training batches held"),
        "TIMES",
        _("Training batches that ended in the period, by the batch's area."),
    ),
    _entry(
        "learning.certificates",
        certificates_issued,
        _("Certificates issued"),
        "PERSONS",
        _("Certificates of completion issued in the period, by the batch's area."),
    ),
]
