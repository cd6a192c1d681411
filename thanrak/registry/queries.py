"""Reads of the registry. Every function takes the viewer and sees only what they may."""

from dataclasses import dataclass

from django.db.models import Case, Count, Prefetch, Q, QuerySet, Value, When
from django.db.models.functions import Substr

from thanrak.accounts.models import User
from thanrak.core import citizen_id as cid
from thanrak.core.thai import from_thai_digits
from thanrak.geo.models import Village
from thanrak.registry.models import Household, HouseholdMember, Membership, Organisation, Person, Relation
from thanrak.registry.names import name_key


def _text_filter(q: str, *, id_field: str = "citizen_id") -> Q:
    """Search by name (Thai or English, any part) or by a full citizen ID."""
    q = " ".join(from_thai_digits(q).split())
    if not q:
        return Q()
    digits = cid.normalise(q)
    if len(digits) == 13 and digits.isdigit():
        return Q(**{id_field: digits})
    cond = Q()
    for word in q.split():
        cond &= (
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(first_name_en__icontains=word)
            | Q(last_name_en__icontains=word)
        )
    return cond


def person_list(*, viewer: User, q: str = "", area_code: str = "", sex: str = "") -> QuerySet[Person]:
    """People the viewer may see, newest last, with optional name/ID search and area filter."""
    qs = Person.objects.visible_to(viewer).active()
    if q:
        qs = qs.filter(_text_filter(q))
    if area_code:
        qs = qs.filter(area_code__startswith=area_code)
    if sex:
        qs = qs.filter(sex=sex)
    return qs.order_by("last_name", "first_name", "id")


def person_get(*, viewer: User, person_id: int) -> Person:
    """One person the viewer may see (Person.DoesNotExist otherwise, shown as 404)."""
    return Person.objects.visible_to(viewer).get(pk=person_id)


def person_households(*, person: Person) -> QuerySet[HouseholdMember]:
    return (
        HouseholdMember.objects.filter(person=person)
        .select_related("household")
        .order_by("-joined_date", "-id")
    )


def person_memberships(*, viewer: User, person: Person) -> QuerySet[Membership]:
    visible = Organisation.objects.visible_to(viewer).values("pk")
    return (
        Membership.objects.filter(person=person, organisation__in=visible)
        .select_related("organisation")
        .order_by("end_date", "-start_date", "id")
    )


def household_list(*, viewer: User, q: str = "", area_code: str = "") -> QuerySet[Household]:
    """Households the viewer may see with their current head, in a fixed number of queries."""
    qs = Household.objects.visible_to(viewer)
    if area_code:
        qs = qs.filter(area_code__startswith=area_code)
    if q:
        text = " ".join(from_thai_digits(q).split())
        person_match = Person.objects.filter(_text_filter(text)).values("pk")
        qs = qs.filter(
            Q(house_no=text)
            | Q(house_code=text)
            | Q(members__person__in=person_match, members__left_date__isnull=True)
        ).distinct()
    heads = HouseholdMember.objects.filter(relation=Relation.HEAD, left_date__isnull=True).select_related(
        "person"
    )
    return (
        qs.select_related("village", "village__subdistrict", "village__subdistrict__district")
        .prefetch_related(Prefetch("members", queryset=heads, to_attr="current_heads"))
        .annotate(member_count=Count("members", filter=Q(members__left_date__isnull=True), distinct=True))
        .order_by("area_code", "house_no", "id")
    )


def household_get(*, viewer: User, household_id: int) -> Household:
    return (
        Household.objects.visible_to(viewer)
        .select_related("village__subdistrict__district__province")
        .get(pk=household_id)
    )


def household_members(*, household: Household, include_left: bool = False) -> QuerySet[HouseholdMember]:
    qs = HouseholdMember.objects.filter(household=household).select_related("person")
    if not include_left:
        qs = qs.filter(left_date__isnull=True)
    # Head first, then by birth date (oldest first).
    head_first = Case(When(relation=Relation.HEAD, then=Value(0)), default=Value(1))
    return qs.order_by(head_first, "left_date", "person__birth_date", "id")


def organisation_list(
    *, viewer: User, q: str = "", kind: str = "", area_code: str = "", active_only: bool = True
) -> QuerySet[Organisation]:
    qs = Organisation.objects.visible_to(viewer)
    if active_only:
        qs = qs.filter(is_active=True)
    if kind:
        qs = qs.filter(kind=kind)
    if area_code:
        qs = qs.filter(area_code__startswith=area_code)
    if q:
        words = " ".join(q.split())
        qs = qs.filter(
            Q(name_th__icontains=words) | Q(name_en__icontains=words) | Q(registration_no__icontains=words)
        )
    return qs.annotate(
        member_count=Count(
            "memberships",
            filter=Q(memberships__end_date__isnull=True, memberships__role="MEMBER"),
            distinct=True,
        )
    ).order_by("name_th", "id")


def organisation_get(*, viewer: User, organisation_id: int) -> Organisation:
    return Organisation.objects.visible_to(viewer).get(pk=organisation_id)


def organisation_members(*, organisation: Organisation, include_ended: bool = False) -> QuerySet[Membership]:
    qs = Membership.objects.filter(organisation=organisation).select_related("person")
    if not include_ended:
        qs = qs.filter(end_date__isnull=True)
    return qs.order_by("role", "person__last_name", "person__first_name", "id")


def village_list(*, viewer: User, subdistrict_code: str = "") -> QuerySet[Village]:
    """Villages inside the viewer's areas (national managers: all)."""
    from thanrak.accounts.scope import scope_of

    qs = Village.objects.filter(scope_of(viewer).area_q("code"))
    if subdistrict_code:
        qs = qs.filter(subdistrict_id=subdistrict_code)
    return qs.select_related("subdistrict").order_by("code")


@dataclass(frozen=True)
class DuplicateGroup:
    name_key: str
    birth_date: object
    subdistrict_code: str
    persons: list[Person]


def duplicate_groups(*, viewer: User, area_code: str = "", limit: int = 200) -> list[DuplicateGroup]:
    """Likely duplicates: the same normalised Thai name and birth date in one subdistrict."""
    base = Person.objects.visible_to(viewer).active().filter(birth_date__isnull=False)
    if area_code:
        base = base.filter(area_code__startswith=area_code)
    keys = (
        base.annotate(sub=Substr("area_code", 1, 6))
        .values("name_key", "birth_date", "sub")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .order_by("sub", "name_key", "birth_date")[:limit]
    )
    groups = []
    for key in keys:
        persons = list(
            base.filter(
                name_key=key["name_key"], birth_date=key["birth_date"], area_code__startswith=key["sub"]
            ).order_by("id")
        )
        groups.append(DuplicateGroup(key["name_key"], key["birth_date"], key["sub"], persons))
    return groups


def person_find_by_name(*, viewer: User, first_name: str, last_name: str) -> QuerySet[Person]:
    """Registered persons with this normalised name, to warn before a duplicate is created."""
    return (
        Person.objects.visible_to(viewer)
        .active()
        .filter(name_key=name_key(first_name, last_name))
        .order_by("id")
    )
