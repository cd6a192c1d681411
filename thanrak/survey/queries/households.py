"""A household's results round by round and the help it was given."""

from dataclasses import dataclass, field
from typing import Any

from thanrak.accounts.models import User
from thanrak.registry.models import Household
from thanrak.survey.models import Assistance, HouseholdResult, Indicator
from thanrak.survey.queries.follow_up import prefetch_links


@dataclass
class HouseholdHistory:
    household: Household
    rounds: list[dict[str, Any]]
    assistance: list[Assistance]
    # Indicator wording by number, as each round's version words it (the latest round's last).
    names: dict[int, str] = field(default_factory=dict)


def household_history(*, viewer: User, household_id: int) -> HouseholdHistory:
    """Indicator results round by round (what was resolved, what is new, with the indicators'
    wording) and the help given with what it is linked to, in a fixed number of queries."""
    household = Household.objects.visible_to(viewer).get(pk=household_id)
    results = list(
        HouseholdResult.objects.filter(household=household).select_related("round").order_by("round__year_be")
    )
    wording = {
        (i.version_id, i.number): i.text
        for i in Indicator.objects.filter(version_id__in={r.round.version_id for r in results})
    }
    rounds = []
    names: dict[int, str] = {}
    previous: set[int] | None = None
    for r in results:
        failed = set(r.failed)
        named = {n: wording.get((r.round.version_id, n), "") for n in (failed | (previous or set()))}
        names.update(named)
        rounds.append(
            {
                "round": r.round,
                "failed": sorted(failed),
                "failed_named": [(n, named[n]) for n in sorted(failed)],
                "resolved": sorted(previous - failed) if previous is not None else [],
                "resolved_named": [(n, named[n]) for n in sorted(previous - failed)]
                if previous is not None
                else [],
                "new": sorted(failed - previous) if previous is not None else [],
                "income_per_person_satang": r.income_per_person_satang,
            }
        )
        previous = failed
    assistance = list(
        prefetch_links(
            Assistance.objects.visible_to(viewer)
            .filter(household=household)
            .select_related("linked_type", "recorded_by")
            .order_by("-given_on"),
            viewer=viewer,
        )
    )
    return HouseholdHistory(household, rounds, assistance, names)
