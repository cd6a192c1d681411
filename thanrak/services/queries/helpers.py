"""Reads on the directory of helpers: search by expertise and area, a suggested match for a case."""

from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from thanrak.core.areas import ancestors, is_area_code
from thanrak.services.models import (
    Availability,
    Case,
    CaseStatus,
    Helper,
    HelperArea,
    HelperExpertise,
    HelperKindRow,
)
from thanrak.services.rules import TOPIC_EXPERTISE, Candidate, Match, suggest_helpers


def _serves(area: str) -> Q:
    """Helpers serving the area: an area served inside it, or one that contains it."""
    wider = ancestors(area) if is_area_code(area) else []
    served = HelperArea.objects.filter(helper=OuterRef("pk")).filter(
        Q(area_code__startswith=area) | Q(area_code__in=wider)
    )
    return Q(Exists(served))


def helper_list(
    *,
    viewer: Any,
    kind: str = "",
    expertise: str = "",
    area: str = "",
    q: str = "",
    available_only: bool = False,
) -> QuerySet[Helper]:
    """Helpers the viewer sees, by kind, expertise (a listed topic or free words) and area served."""
    q = q.replace("\x00", "").strip()
    qs = (
        Helper.objects.visible_to(viewer)
        .select_related("person")
        .prefetch_related("kinds", "expertise", "areas")
    )
    if kind:
        qs = qs.filter(Exists(HelperKindRow.objects.filter(helper=OuterRef("pk"), kind=kind)))
    if expertise:
        qs = qs.filter(Exists(HelperExpertise.objects.filter(helper=OuterRef("pk"), topic=expertise)))
    if q:
        qs = qs.filter(
            Q(expertise_words__icontains=q)
            | Q(person__first_name__icontains=q)
            | Q(person__last_name__icontains=q)
        )
    if area:
        qs = qs.filter(_serves(area))
    if available_only:
        qs = qs.exclude(availability=Availability.UNAVAILABLE)
    open_cases = Count("cases", filter=~Q(cases__status=CaseStatus.CLOSED), distinct=True)
    return qs.annotate(open_cases=open_cases).order_by("person__first_name", "pk")


def helper_get(*, viewer: Any, helper_id: int) -> Helper:
    return Helper.objects.visible_to(viewer).select_related("person").get(pk=helper_id)


def helper_by_user(*, user: Any) -> Helper | None:
    """The directory entry of the logged-in person, if they are a helper."""
    return Helper.objects.filter(person__user_id=getattr(user, "pk", None)).first()


def suggest_for_case(*, viewer: Any, case: Case, limit: int = 5) -> list[tuple[Helper, Match]]:
    """Helpers to suggest for an open case: expertise that fits, nearest area, lightest load."""
    wanted = TOPIC_EXPERTISE.get(case.topic, frozenset())
    pool = (
        Helper.objects.visible_to(viewer)
        .exclude(availability=Availability.UNAVAILABLE)
        .filter(Exists(HelperExpertise.objects.filter(helper=OuterRef("pk"), topic__in=sorted(wanted))))
        .filter(_serves(case.area_code[:4]))
        .annotate(open_cases=Count("cases", filter=~Q(cases__status=CaseStatus.CLOSED), distinct=True))
        .select_related("person")
        .prefetch_related("expertise", "areas")
    )
    helpers = {h.pk: h for h in pool[:500]}
    candidates = [
        Candidate(
            helper_id=h.pk,
            expertise=frozenset(e.topic for e in h.expertise.all()),
            areas=tuple(a.area_code for a in h.areas.all()),
            open_cases=h.open_cases,
            capacity=h.capacity,
            available=h.availability != Availability.UNAVAILABLE,
        )
        for h in helpers.values()
    ]
    return [
        (helpers[m.helper_id], m)
        for m in suggest_helpers(
            topic=case.topic, area_code=case.area_code, candidates=candidates, limit=limit
        )
    ]


def helper_counts_by_kind(*, viewer: Any) -> dict[str, int]:
    """Helpers of each kind the viewer sees (one helper may count under several kinds)."""
    rows = (
        HelperKindRow.objects.filter(helper__in=Helper.objects.visible_to(viewer))
        .values("kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {r["kind"]: r["n"] for r in rows}


def helpers_for_training(*, viewer: Any, area: str, limit: int = 200) -> list[tuple[int, str]]:
    """The directory's available helpers serving an area, as (registry person id, name · kinds) for
    another module's pick list (a training's trainers); only those the viewer sees."""
    rows = helper_list(viewer=viewer, area=area, available_only=True)[:limit]
    return [
        (h.person_id, " · ".join([h.person.full_name, *(k.get_kind_display() for k in h.kinds.all())]))
        for h in rows
    ]
