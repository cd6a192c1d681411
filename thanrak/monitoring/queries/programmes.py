"""The policy, programmes, indicators and targets, as the viewer may see them."""

from django.db.models import Count, Q, QuerySet

from thanrak.accounts.models import User
from thanrak.monitoring.models import (
    Indicator,
    PolicyItem,
    Programme,
    Target,
    TargetRevision,
)


def policy_items() -> QuerySet[PolicyItem]:
    return PolicyItem.objects.order_by("sort_key")


def programme_list(*, viewer: User, policy_item: str = "", q: str = "") -> QuerySet[Programme]:
    """Programmes (public definitions for everyone who may read monitoring)."""
    qs = Programme.objects.select_related("policy_item", "owner_agency", "parent")
    if policy_item:
        qs = qs.filter(Q(policy_item__code=policy_item) | Q(policy_item__code__startswith=policy_item + "."))
    if q:
        qs = qs.filter(Q(name_th__icontains=q) | Q(name_en__icontains=q) | Q(section__startswith=q))
    return qs.annotate(indicator_count=Count("indicators")).order_by("sort_key", "id")


def programme_get(*, viewer: User, programme_id: int) -> Programme:
    return Programme.objects.select_related("policy_item", "owner_agency", "parent").get(pk=programme_id)


def indicator_list(
    *, viewer: User, programme: Programme | None = None, q: str = "", active_only: bool = True
) -> QuerySet[Indicator]:
    qs = Indicator.objects.select_related("programme", "programme__policy_item", "numerator", "denominator")
    if active_only:
        qs = qs.filter(is_active=True)
    if programme is not None:
        qs = qs.filter(programme=programme)
    if q:
        qs = qs.filter(Q(name_th__icontains=q) | Q(name_en__icontains=q) | Q(code__iexact=q))
    return qs.order_by("programme__sort_key", "sort_order", "id")


def indicator_get(*, viewer: User, indicator_id: int) -> Indicator:
    return Indicator.objects.select_related(
        "programme__policy_item", "programme__owner_agency", "numerator", "denominator"
    ).get(pk=indicator_id)


def indicator_by_code(*, code: str) -> Indicator:
    return Indicator.objects.get(code=code)


def target_list(
    *, viewer: User, indicator: Indicator | None = None, fiscal_year: int | None = None
) -> QuerySet[Target]:
    qs = Target.objects.visible_to(viewer).select_related("indicator", "set_by")
    if indicator is not None:
        qs = qs.filter(indicator=indicator)
    if fiscal_year:
        qs = qs.filter(fiscal_year=fiscal_year)
    return qs.order_by("-fiscal_year", "area_code")


def target_history(*, target: Target) -> QuerySet[TargetRevision]:
    return target.revisions.select_related("by").order_by("-at", "-id")
