"""Monitoring computations from the survey's records (registered in SurveyConfig; see
thanrak/monitoring/computed.py for the contract)."""

import datetime as dt

from django.db.models import Count, Exists, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from thanrak.core.computing import by_area, end_of, start_of


def households_surveyed(*, start: dt.date, end: dt.date) -> dict[str, int]:
    """Households whose answers were submitted from `start` to `end` (Bangkok days), each once, by
    village. As a stock, `start` is the fiscal year's first day: the households surveyed so far."""
    from thanrak.survey.models import Response, ResponseStatus

    submitted = Response.objects.filter(
        status=ResponseStatus.SUBMITTED, submitted_at__gte=start_of(start), submitted_at__lt=end_of(end)
    )
    return by_area(submitted, "area_code", Count("household", distinct=True), length=8)


def households_surveyed_rows(*, viewer: object, start: dt.date, end: dt.date, area_code: str = "") -> object:
    """The submitted answers behind `households_surveyed`, scoped to the reader."""
    from thanrak.survey.models import Response, ResponseStatus

    ids = Response.objects.filter(
        status=ResponseStatus.SUBMITTED,
        submitted_at__gte=start_of(start),
        submitted_at__lt=end_of(end),
        area_code__startswith=area_code,
    ).values("pk")
    return Response.objects.visible_to(viewer).filter(pk__in=ids).order_by("area_code", "pk")


def target_poor_households(*, start: dt.date, end: dt.date) -> dict[str, int]:
    """Target households of the latest TPMAP run made by `end` of each round, by village.

    A household in the runs of two rounds counts in the later round's run only; a household is a
    target when at least one of its members is a target poor person (poor, with a validated
    welfare card) in that run.
    """
    from thanrak.survey.models import Method, RunHousehold, TargetingRun

    made = TargetingRun.objects.filter(method=Method.TPMAP, created_at__lt=end_of(end))
    latest_of_round = made.filter(round=OuterRef("round")).order_by("-created_at", "-pk").values("pk")[:1]
    runs = made.filter(pk=Subquery(latest_of_round))
    in_later_round = RunHousehold.objects.filter(
        run__in=runs, household=OuterRef("household"), run__round__year_be__gt=OuterRef("run__round__year_be")
    )
    targets = RunHousehold.objects.filter(run__in=runs, target_persons__gt=0).exclude(Exists(in_later_round))
    return by_area(targets, "area_code", Count("household", distinct=True), length=8)


MONITORING_COMPUTATIONS = [
    {
        "name": "survey.households_surveyed",
        "version": 1,
        "function": households_surveyed,
        "rows": households_surveyed_rows,
        "label": _("Households surveyed (basic-needs survey)"),
        "unit": "HOUSEHOLDS",
        "temporal": "STOCK",
        "description": _(
            "Households whose basic-needs survey answers were submitted from the start of the fiscal "
            "year to the end of the period, each counted once, by village."
        ),
        "changes": {1: "first version"},
    },
    {
        "name": "survey.target_poor",
        "version": 1,
        "function": target_poor_households,
        "label": _("Target poor households (TPMAP)"),
        "unit": "HOUSEHOLDS",
        "temporal": "STOCK",
        "description": _(
            "Households with a target poor member in the latest TPMAP run of each survey round made "
            "by the end of the period, by village; a later round replaces an earlier one."
        ),
        "changes": {1: "first version"},
    },
]
