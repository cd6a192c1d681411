"""Reads of targeting runs: an area's figures, target households, comparing two runs."""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.db.models.functions import Length
from django.utils.translation import get_language

from thanrak.accounts.models import User
from thanrak.accounts.scope import scope_of
from thanrak.geo.queries import area_names
from thanrak.registry.models import Household, HouseholdMember, Relation
from thanrak.survey.models import Assistance, HouseholdResult, Round, RunArea, RunHousehold, TargetingRun
from thanrak.survey.queries.rounds import _child_length


def run_list(*, viewer: User, round_: Round | None = None) -> QuerySet[TargetingRun]:
    qs = TargetingRun.objects.visible_to(viewer).select_related("round", "created_by")
    if round_ is not None:
        qs = qs.filter(round=round_)
    # Latest round first and, within a round, TPMAP's rule before Alkire–Foster variants.
    return qs.order_by("-round__year_be", "-method", "-created_at", "-id")


def run_get(*, viewer: User, run_id: int) -> TargetingRun:
    return (
        TargetingRun.objects.visible_to(viewer).select_related("round__version", "created_by").get(pk=run_id)
    )


def _default_area(viewer: User, round_area: str) -> str:
    scope = scope_of(viewer)
    if scope.everything:
        return ""
    inside = [c for c in scope.area_codes if c.startswith(round_area)]
    return min(inside, key=len) if inside else round_area


def run_areas(
    *, viewer: User, run: TargetingRun, area_code: str | None = None, subgroup: str = "all"
) -> tuple[RunArea | None, list[RunArea], dict[str, str]]:
    """An area's figures in a run and those of the areas one level down (within the viewer's scope)."""
    scope = scope_of(viewer)
    area = _default_area(viewer, run.round.area_code) if area_code is None else area_code
    if not scope.everything and not scope.covers_area(area):
        area = _default_area(viewer, run.round.area_code)
    width = _child_length(area)
    top = RunArea.objects.filter(run=run, area_code=area, subgroup=subgroup).first()
    children = list(
        RunArea.objects.filter(run=run, subgroup=subgroup, area_code__startswith=area)
        .annotate(code_len=Length("area_code"))
        .filter(code_len=width)
        .order_by("area_code")
    )
    names = area_names(codes={a.area_code for a in children} | {area})
    return top, children, names


def run_subgroups(*, viewer: User, run: TargetingRun, area_code: str) -> list[RunArea]:
    return list(
        RunArea.objects.filter(run=run, area_code=area_code).exclude(subgroup="all").order_by("subgroup")
    )


def indicator_names(*, snapshot: dict[str, Any]) -> dict[int, str]:
    en = (get_language() or "th").startswith("en")
    return {
        i["number"]: (i["text_en"] if en and i["text_en"] else i["text_th"]) for i in snapshot["indicators"]
    }


@dataclass
class TargetRow:
    household: Household
    head: Any
    failed: list[int]
    target_persons: int
    members: int
    assistance: list[Assistance] = field(default_factory=list)


def target_list(
    *, viewer: User, run: TargetingRun, area_code: str = "", only_target: bool = False
) -> list[TargetRow]:
    """Poor households of a run, with needs failed, head and help given: those the viewer may see
    now (by the household's current village, not the one it had at the run: a household that
    moved away leaves its old village's list)."""
    scope = scope_of(viewer)
    qs = (
        RunHousehold.objects.filter(run=run, is_poor=True)
        .filter(scope.area_q("household__area_code"))
        .select_related("household")
    )
    if area_code:
        qs = qs.filter(area_code__startswith=area_code)
    if only_target:
        qs = qs.filter(target_persons__gt=0)
    rows = list(qs.order_by("area_code", "household__house_no_key", "household_id")[:2000])
    ids = [r.household_id for r in rows]
    heads = {
        m.household_id: m.person
        for m in HouseholdMember.objects.filter(
            household_id__in=ids, relation=Relation.HEAD, left_date__isnull=True
        ).select_related("person")
    }
    help_by: dict[int, list[Assistance]] = {}
    for a in Assistance.objects.visible_to(viewer).filter(household_id__in=ids).order_by("-given_on"):
        help_by.setdefault(a.household_id, []).append(a)
    return [
        TargetRow(
            r.household,
            heads.get(r.household_id),
            r.failed,
            r.target_persons,
            r.members,
            help_by.get(r.household_id, []),
        )
        for r in rows
    ]


def latest_run(*, viewer: User) -> TargetingRun | None:
    return run_list(viewer=viewer).first()


@dataclass
class Comparison:
    came_out: list[int]
    fell_in: list[int]
    stayed: list[int]
    resolved: Counter
    income_rose: int
    income_compared: int
    helped_came_out: int
    helped: int


def runs_compare(*, viewer: User, before: TargetingRun, after: TargetingRun) -> Comparison:
    """Round against round: who came out of poverty, who fell in, which needs were resolved, whose
    income rose."""
    scope = scope_of(viewer)
    a = dict(
        RunHousehold.objects.filter(run=before)
        .filter(scope.area_q("area_code"))
        .values_list("household_id", "is_poor")
    )
    b = dict(
        RunHousehold.objects.filter(run=after)
        .filter(scope.area_q("area_code"))
        .values_list("household_id", "is_poor")
    )
    both = set(a) & set(b)
    came_out = sorted(h for h in both if a[h] and not b[h])
    fell_in = sorted(h for h in both if not a[h] and b[h])
    stayed = sorted(h for h in both if a[h] and b[h])
    ra = dict(
        HouseholdResult.objects.filter(round=before.round, household_id__in=both).values_list(
            "household_id", "failed"
        )
    )
    rb = dict(
        HouseholdResult.objects.filter(round=after.round, household_id__in=both).values_list(
            "household_id", "failed"
        )
    )
    resolved: Counter[int] = Counter()
    for h in both:
        for n in set(ra.get(h, [])) - set(rb.get(h, [])):
            resolved[n] += 1
    ia = dict(
        HouseholdResult.objects.filter(
            round=before.round, household_id__in=both, income_per_person_satang__isnull=False
        ).values_list("household_id", "income_per_person_satang")
    )
    ib = dict(
        HouseholdResult.objects.filter(
            round=after.round, household_id__in=both, income_per_person_satang__isnull=False
        ).values_list("household_id", "income_per_person_satang")
    )
    compared = set(ia) & set(ib)
    helped = set(
        Assistance.objects.filter(household_id__in=[h for h in both if a[h]]).values_list(
            "household_id", flat=True
        )
    )
    return Comparison(
        came_out=came_out,
        fell_in=fell_in,
        stayed=stayed,
        resolved=resolved,
        income_rose=sum(1 for h in compared if ib[h] > ia[h]),
        income_compared=len(compared),
        helped_came_out=len(helped & set(came_out)),
        helped=len(helped),
    )


def households_named(*, viewer: User, ids: list[int]) -> list[Household]:
    return list(
        Household.objects.visible_to(viewer)
        .filter(pk__in=ids)
        .order_by("area_code", "house_no_key", "id")[:500]
    )
