"""Reads on household caseloads: a volunteer's households with their failed dimensions, last visit
and improvement at the next round; the figures per volunteer and per dimension."""

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, QuerySet, Window
from django.db.models.functions import RowNumber

from thanrak.services.models import CaseloadAssignment, Visit
from thanrak.services.rules import Improvement, improvement
from thanrak.survey.models import HouseholdResult, RunHousehold, TargetingRun


@dataclass(frozen=True)
class CaseloadRow:
    assignment: CaseloadAssignment
    failed: frozenset[str]
    last_visit: Visit | None
    visits: int
    change: Improvement
    # Dimension code → its name in the run's survey version, in the reader's language.
    labels: dict[str, str]

    @property
    def failed_named(self) -> list[str]:
        return sorted(self.labels.get(d, d) for d in self.failed)

    @property
    def improved_named(self) -> list[str]:
        return sorted(self.labels.get(d, d) for d in self.change.improved)


def dimension_map(run: TargetingRun) -> dict[int, str]:
    """Indicator number → TPMAP dimension, as the run evaluated them."""
    return {
        int(i["number"]): i.get("tpmap_dimension") or ""
        for i in (run.rules_snapshot or {}).get("indicators", [])
    }


def caseload_list(
    *, viewer: Any, helper_id: int | None = None, active_only: bool = True
) -> QuerySet[CaseloadAssignment]:
    # Not the run: its rules snapshot is large, and caseload_rows reads each run once.
    qs = CaseloadAssignment.objects.visible_to(viewer).select_related("household", "helper__person")
    if helper_id is not None:
        qs = qs.filter(helper_id=helper_id)
    if active_only:
        qs = qs.active()
    return qs.order_by("area_code", "household__house_no_key", "pk")


def caseload_get(*, viewer: Any, assignment_id: int) -> CaseloadAssignment:
    return (
        CaseloadAssignment.objects.visible_to(viewer)
        .select_related("household", "helper__person", "run__round__version")
        .get(pk=assignment_id)
    )


def caseload_rows(*, assignments: list[CaseloadAssignment]) -> list[CaseloadRow]:
    """Each household with its failed dimensions at assignment, its visits and its next round's
    change, in a fixed number of queries (the volunteer's phone page)."""
    if not assignments:
        return []
    households = [a.household_id for a in assignments]
    # Each run once (its rules snapshot is parsed once, not once per household).
    runs = TargetingRun.objects.select_related("round__version").in_bulk({a.run_id for a in assignments})
    maps = {pk: dimension_map(run) for pk, run in runs.items()}
    labels = {pk: dict(run.round.version.dimension_choices()) for pk, run in runs.items()}
    before = {
        (r.run_id, r.household_id): r.failed
        for r in RunHousehold.objects.filter(run_id__in=list(runs), household_id__in=households).only(
            "run_id", "household_id", "failed"
        )
    }
    later: dict[int, list[int]] = {}
    first_year = min(run.round.year_be for run in runs.values())
    results = HouseholdResult.objects.filter(
        household_id__in=households, round__year_be__gt=first_year
    ).order_by("round__year_be")
    for r in results.select_related("round").only("household_id", "failed", "round__year_be"):
        later[r.household_id] = r.failed  # the latest round wins
    last: dict[int, Visit] = {}
    counts: Counter[int] = Counter()
    # The last visit of each household with the number of its visits, one row per household.
    by_household = {"partition_by": [F("assignment_id")]}
    latest = (
        Visit.objects.filter(assignment_id__in=[a.pk for a in assignments])
        .annotate(
            rank=Window(RowNumber(), order_by=[F("on").desc(), F("pk").desc()], **by_household),
            n=Window(Count("pk"), **by_household),
        )
        .filter(rank=1)
        .only("pk", "assignment_id", "on", "what", "next_step")
    )
    for v in latest:
        last[v.assignment_id] = v
        counts[v.assignment_id] = v.n
    rows = []
    for a in assignments:
        failed_then = before.get((a.run_id, a.household_id), [])
        change = improvement(before=failed_then, after=later.get(a.household_id), dimension_of=maps[a.run_id])
        rows.append(
            CaseloadRow(
                assignment=a,
                failed=change.still_failed | change.improved,
                last_visit=last.get(a.pk),
                visits=counts[a.pk],
                change=change,
                labels=labels[a.run_id],
            )
        )
    return rows


@dataclass(frozen=True)
class CaseloadFigures:
    households: int
    visited: int
    compared: int
    improved: int
    by_dimension: dict[str, int]


def caseload_figures(rows: list[CaseloadRow]) -> CaseloadFigures:
    """Households, visited, compared at a later round, improved in at least one dimension, and
    improvements per dimension."""
    per_dimension: Counter[str] = Counter()
    for r in rows:
        per_dimension.update(r.improved_named)
    return CaseloadFigures(
        households=len(rows),
        visited=sum(1 for r in rows if r.visits),
        compared=sum(1 for r in rows if r.change.compared),
        improved=sum(1 for r in rows if r.change.improved),
        by_dimension=dict(sorted(per_dimension.items())),
    )


def visits_of(*, assignment: CaseloadAssignment) -> list[Visit]:
    return list(assignment.visits.select_related("by"))
