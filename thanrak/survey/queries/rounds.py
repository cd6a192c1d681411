"""Reads of versions, rounds, assignments, progress and the collection form."""

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Count, Q, QuerySet, Value, When

from thanrak.accounts.models import User
from thanrak.accounts.roles import Role
from thanrak.accounts.scope import scope_of
from thanrak.geo.models import Village
from thanrak.geo.queries import area_names
from thanrak.registry.models import Household, HouseholdMember, Relation
from thanrak.survey.models import Assignment, Indicator, Response, ResponseStatus, Round, SurveyVersion


def version_list(*, viewer: User) -> QuerySet[SurveyVersion]:
    return SurveyVersion.objects.annotate(n_indicators=Count("indicators", distinct=True)).order_by(
        "-year_from_be", "code"
    )


def version_get(*, viewer: User, version_id: int) -> SurveyVersion:
    return SurveyVersion.objects.get(pk=version_id)


def indicator_get(*, viewer: User, indicator_id: int) -> Indicator:
    return Indicator.objects.select_related("version").get(pk=indicator_id)


def round_list(*, viewer: User) -> QuerySet[Round]:
    return Round.objects.visible_to(viewer).select_related("version").order_by("-year_be", "area_code")


def round_get(*, viewer: User, round_id: int) -> Round:
    return Round.objects.visible_to(viewer).select_related("version").get(pk=round_id)


@dataclass
class ProgressRow:
    code: str
    name: str
    households: int
    surveyed: int
    drafts: int

    @property
    def percent(self) -> float:
        return 100.0 * self.surveyed / self.households if self.households else 0.0


def _child_length(code: str) -> int:
    return {0: 2, 2: 4, 4: 6, 6: 8}.get(len(code), 8)


def round_progress(
    *, viewer: User, round_: Round, area_code: str = ""
) -> tuple[ProgressRow, list[ProgressRow]]:
    """Households surveyed of households in the registry, for an area and each area one level down."""
    scope = scope_of(viewer)
    area = area_code if area_code.startswith(round_.area_code) else round_.area_code
    if not scope.everything and not scope.covers_area(area):
        covering = [c for c in scope.area_codes if c.startswith(area)]
        area = covering[0] if len(covering) == 1 else area
    households = Household.objects.visible_to(viewer).filter(area_code__startswith=area)
    responses = Response.objects.visible_to(viewer).filter(round=round_, area_code__startswith=area)
    width = _child_length(area)
    h_counts: Counter[str] = Counter()
    for code, n in households.values_list("area_code").annotate(n=Count("id")):
        h_counts[code[:width]] += n
    s_counts: Counter[str] = Counter()
    d_counts: Counter[str] = Counter()
    for code, status, n in responses.values_list("area_code", "status").annotate(n=Count("id")):
        (s_counts if status == ResponseStatus.SUBMITTED else d_counts)[code[:width]] += n
    codes = sorted(set(h_counts) | set(s_counts))
    names = area_names(codes=set(codes) | {area})
    rows = [ProgressRow(c, names.get(c, c), h_counts[c], s_counts[c], d_counts[c]) for c in codes]
    total = ProgressRow(
        area, names.get(area, area), sum(h_counts.values()), sum(s_counts.values()), sum(d_counts.values())
    )
    return total, rows


def assignment_list(*, viewer: User, round_: Round) -> QuerySet[Assignment]:
    qs = Assignment.objects.filter(round=round_).select_related("village__subdistrict", "collector")
    scope = scope_of(viewer)
    if viewer.role == Role.VOLUNTEER:
        qs = qs.filter(collector=viewer)
    elif not scope.everything:
        qs = qs.filter(scope.area_q("village__code"))
    return qs.order_by("village_id")


def volunteer_choices(*, viewer: User, round_: Round) -> QuerySet[User]:
    scope = scope_of(viewer)
    qs = User.objects.filter(
        role=Role.VOLUNTEER, is_active=True, area_assignments__area_code__startswith=round_.area_code
    )
    if not scope.everything:
        qs = qs.filter(scope.area_q("area_assignments__area_code"))
    return qs.distinct().order_by("username")


def village_choices(*, viewer: User, round_: Round) -> QuerySet[Village]:
    return Village.objects.filter(
        scope_of(viewer).area_q("code"), code__startswith=round_.area_code
    ).order_by("code")


def village_households(*, viewer: User, round_: Round, village_code: str) -> list[dict[str, Any]]:
    """Households of a village with their head and the state of their answers in the round."""
    households = list(
        Household.objects.visible_to(viewer).filter(area_code=village_code).order_by("house_no_key", "id")
    )
    heads = {
        m.household_id: m.person
        for m in HouseholdMember.objects.filter(
            household__in=households, relation=Relation.HEAD, left_date__isnull=True
        ).select_related("person")
    }
    states = dict(
        Response.objects.filter(round=round_, household__in=households).values_list("household_id", "status")
    )
    return [{"household": h, "head": heads.get(h.pk), "status": states.get(h.pk)} for h in households]


def household_for_form(
    *, viewer: User, round_: Round, household_id: int
) -> tuple[Household, list[HouseholdMember], Response | None]:
    household = (
        Household.objects.visible_to(viewer)
        .select_related("village")
        .get(pk=household_id, area_code__startswith=round_.area_code)
    )
    members = list(
        HouseholdMember.objects.filter(household=household, left_date__isnull=True)
        .filter(Q(person__birth_date__isnull=True) | Q(person__birth_date__lte=round_.reference_date))
        .select_related("person")
        .annotate(not_head=Case(When(relation=Relation.HEAD, then=Value(0)), default=Value(1)))
        .order_by("not_head", "person__birth_date", "id")
    )
    # The household's own response (one per household and round), reached through the visible round and
    # household: not narrowed by the village it was started in, or a household that moved would show
    # its new collector an empty form while saving still writes the draft.
    response = Response.objects.filter(round=round_, household=household).prefetch_related("members").first()
    return household, members, response


def response_get(*, viewer: User, round_: Round, household_id: int) -> Response:
    return Response.objects.visible_to(viewer).get(round=round_, household_id=household_id)
