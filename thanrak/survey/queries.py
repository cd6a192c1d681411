"""Reads of the survey module; every function takes the viewer and sees only their areas."""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.db.models.functions import Length

from thanrak.accounts.models import User
from thanrak.accounts.roles import Role
from thanrak.accounts.scope import scope_of
from thanrak.geo.models import District, Province, Subdistrict, Village
from thanrak.geo.queries import area_names
from thanrak.registry.models import Household, HouseholdMember, Relation
from thanrak.survey.models import (
    Assignment,
    Assistance,
    ExternalAreaStat,
    HouseholdResult,
    Indicator,
    Response,
    ResponseStatus,
    Round,
    RunArea,
    RunHousehold,
    SurveyVersion,
    TargetingRun,
)


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
    from thanrak.accounts.models import User as U

    scope = scope_of(viewer)
    qs = U.objects.filter(
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
    response = Response.objects.filter(round=round_, household=household).prefetch_related("members").first()
    return household, members, response


def response_get(*, viewer: User, round_: Round, household_id: int) -> Response:
    return Response.objects.visible_to(viewer).get(round=round_, household_id=household_id)


# --- runs ----------------------------------------------------------------------------------------


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
    from django.utils.translation import get_language

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
    for a in Assistance.objects.filter(household_id__in=ids).order_by("-given_on"):
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
    """Round against round: who came out of poverty, who fell in, which needs were resolved, whose income rose."""
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


# --- dashboards and external data ----------------------------------------------------------------


def map_values(
    *, viewer: User, run: TargetingRun | None, level: int, measure: str, source: str = ""
) -> dict[str, dict[str, Any]]:
    """Values per province (2) or district (4) for a choropleth: a run's figures or an external source's."""
    scope = scope_of(viewer)
    out: dict[str, dict[str, Any]] = {}
    if source:
        rows = (
            ExternalAreaStat.objects.filter(source=source)
            .annotate(code_len=Length("area_code"))
            .filter(code_len=level)
            .filter(scope.area_q("area_code") if not scope.everything else Q())
        )
        for r in rows:
            value = {
                "target_rate": 100.0 * r.target_poor / r.persons if r.persons else 0.0,
                "poor_rate": 100.0 * r.poor_persons / r.persons if r.persons else 0.0,
            }
            out[r.area_code] = {
                "value": value.get(measure, value["target_rate"]),
                "persons": r.persons,
                "poor": r.poor_persons,
                "target": r.target_poor,
            }
        return out
    if run is None:
        return out
    rows = (
        RunArea.objects.filter(run=run, subgroup="all")
        .annotate(code_len=Length("area_code"))
        .filter(code_len=level)
    )
    if not scope.everything:
        rows = rows.filter(
            Q(scope.area_q("area_code")) | Q(area_code__in=[c[:level] for c in scope.area_codes])
        )
    for r in rows:
        value = {
            "h": 100 * r.h,
            "m0": r.m0,
            "target_rate": 100.0 * r.target_poor / r.persons if r.persons else 0.0,
        }
        out[r.area_code] = {
            "value": value.get(measure, value["h"]),
            "persons": r.persons,
            "poor": r.poor_persons,
            "target": r.target_poor,
        }
    return out


def external_sources() -> list[str]:
    return list(ExternalAreaStat.objects.values_list("source", flat=True).distinct().order_by("source"))


def external_totals(
    *, viewer: User, source: str, area_code: str = ""
) -> tuple[ExternalAreaStat | None, list[ExternalAreaStat], list[ExternalAreaStat]]:
    """An external source's totals for an area, its children, and the codes that match no area today."""
    scope = scope_of(viewer)
    base = ExternalAreaStat.objects.filter(source=source)
    if not scope.everything:
        base = base.filter(
            scope.area_q("area_code")
            | Q(area_code__in=[c[:n] for c in scope.area_codes for n in (2, 4) if n <= len(c)])
        )
    top = base.filter(area_code=area_code).first()
    width = _child_length(area_code)
    children = list(
        base.filter(area_code__startswith=area_code)
        .annotate(code_len=Length("area_code"))
        .filter(code_len=width)
        .order_by("area_code")
    )
    unmatched = list(base.filter(matched=False, area_code__startswith=area_code).order_by("area_code")[:200])
    return top, children, unmatched


def area_exists(code: str) -> bool:
    model = {2: Province, 4: District, 6: Subdistrict, 8: Village}.get(len(code))
    return bool(model and model.objects.filter(code=code).exists())


# --- follow-up: what help can be linked to -------------------------------------------------------


@dataclass(frozen=True)
class HelpLink:
    """A record of another module that help given to a household can point at."""

    key: str  # "app_label.model:pk", what the follow-up form posts
    group: str
    label: str
    record: Any


def _link_kinds() -> list[tuple[str, str, Any, Any, Any]]:
    """(group, resource the role must read, all records with what their label needs, label, rows of
    the household's people) for each kind of record help can be linked to."""
    from django.utils.translation import gettext as _

    from thanrak.finance.models import FundMember, Loan, LoanStatus, MemberStatus
    from thanrak.monitoring.models import Programme
    from thanrak.registry.models import Membership

    return [
        (
            _("Loans"),
            "finance.loan",
            Loan.objects.select_related("fund", "borrower__person"),
            lambda x: f"{x.number} · {x.fund.name_th} · {x.borrower.person.full_name}",
            lambda qs, people: (
                qs.filter(borrower__person_id__in=people)
                .exclude(status=LoanStatus.REJECTED)
                .order_by("-applied_on", "-pk")
            ),
        ),
        (
            _("Fund memberships"),
            "finance.member",
            FundMember.objects.select_related("fund", "person"),
            lambda x: f"{x.person.full_name} · {x.fund.name_th}",
            lambda qs, people: qs.filter(person_id__in=people, status=MemberStatus.ACTIVE).order_by(
                "fund__name_th", "pk"
            ),
        ),
        (
            _("Group memberships"),
            "registry.organisation",
            Membership.objects.select_related("person", "organisation"),
            lambda x: f"{x.person.full_name} · {x.organisation.name_th}",
            lambda qs, people: qs.filter(person_id__in=people, end_date__isnull=True).order_by(
                "organisation__name_th", "pk"
            ),
        ),
        (
            _("Programmes"),
            "monitoring.programme",
            Programme.objects.all(),
            lambda x: f"{x.section} {x.name}",
            lambda qs, people: qs.order_by("sort_key", "pk"),
        ),
    ]


def _visible(viewer: User, resource: str, records: Any) -> Any:
    """Records of a kind the viewer may read: none unless the role may view the resource, then
    the rows its scope reaches."""
    from thanrak.core.access import user_may

    if not user_may(viewer, resource, "view"):
        return records.none()
    return records.visible_to(viewer) if hasattr(records, "visible_to") else records


def _link_sources(viewer: User, household: Household) -> list[tuple[str, Any, Any]]:
    """(group, scoped queryset, label) for each kind of record help can be linked to: the loans and
    fund memberships of the household's current members in the funds the viewer sees, their open
    group memberships, and the programmes, each only where the viewer's role may read it."""
    from thanrak.core.access import user_may

    people = HouseholdMember.objects.filter(household=household, left_date__isnull=True).values("person_id")
    return [
        (group, of_household(_visible(viewer, resource, records), people), label)
        for group, resource, records, label, of_household in _link_kinds()
        if user_may(viewer, resource, "view")
    ]


def help_link_label(record: Any) -> str:
    """How a linked record reads in a list of help given (loan number and fund, person and group…)."""
    label = record._meta.label_lower
    for _group, _resource, records, describe, _of in _link_kinds():
        if records.model._meta.label_lower == label:
            return describe(record)
    return str(record)


def prefetch_links(assistance: Any, *, viewer: User) -> Any:
    """Help given with each linked record the viewer may read fetched in one query per kind (labels
    need no more); a record the viewer may not read is left as None."""
    from django.contrib.contenttypes.prefetch import GenericPrefetch

    return assistance.prefetch_related(
        GenericPrefetch("linked", [_visible(viewer, r, records) for _g, r, records, _d, _o in _link_kinds()])
    )


def help_links(*, viewer: User, household: Household) -> list[HelpLink]:
    """The household's own loans and memberships, and the programmes, that the viewer may link help to."""
    return [
        HelpLink(f"{record._meta.label_lower}:{record.pk}", group, label(record), record)
        for group, queryset, label in _link_sources(viewer, household)
        for record in queryset
    ]


def help_link_allowed(*, viewer: User, household: Household, record: Any) -> bool:
    """True when the record is one of the household's links the viewer may make (see help_links)."""
    label = record._meta.label_lower
    return any(
        qs.model._meta.label_lower == label and qs.filter(pk=record.pk).exists()
        for _group, qs, _label in _link_sources(viewer, household)
    )


def help_link_get(*, viewer: User, household: Household, key: str) -> Any:
    """The record a follow-up form's choice names, or None when the viewer may not link it here."""
    label, _sep, pk = key.partition(":")
    for _group, qs, _label in _link_sources(viewer, household):
        if qs.model._meta.label_lower == label and pk.isdigit():
            return qs.filter(pk=int(pk)).first()
    return None
