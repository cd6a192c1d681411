"""Reads of the registry. Every function takes the viewer and sees only what they may."""

from dataclasses import dataclass

from django.db.models import Case, Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, Substr

from thanrak.accounts.models import User
from thanrak.core import citizen_id as cid
from thanrak.core.areas import prefix_q
from thanrak.core.thai import from_thai_digits
from thanrak.geo.models import Village
from thanrak.registry.models import (
    Household,
    HouseholdMember,
    Membership,
    Organisation,
    OrganisationAssignment,
    Person,
    PersonMerge,
    ProgrammeParticipation,
    RegistryImport,
    Relation,
)
from thanrak.registry.names import name_key, without_title


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
        # A title typed with the name ('นายเชิดชัย', 'นาย เชิดชัย') is not part of the stored name.
        bare = without_title(word)
        if not bare:
            continue
        cond &= _name_q(bare) | (_name_q(word) if bare != word else Q(pk__in=[]))
    return cond


def _name_q(word: str) -> Q:
    return (
        Q(first_name__icontains=word)
        | Q(last_name__icontains=word)
        | Q(first_name_en__icontains=word)
        | Q(last_name_en__icontains=word)
    )


def person_list(*, viewer: User, q: str = "", area_code: str = "", sex: str = "") -> QuerySet[Person]:
    """People the viewer may see, newest last, with optional name/ID search and area filter."""
    qs = Person.objects.visible_to(viewer).active()
    if q:
        qs = qs.filter(_text_filter(q))
    if area_code:
        qs = qs.filter(prefix_q("area_code", area_code))
    if sex:
        qs = qs.filter(sex=sex)
    return qs.order_by("last_name", "first_name", "id")


def person_get(*, viewer: User, person_id: int) -> Person:
    """One person the viewer may see (Person.DoesNotExist otherwise, shown as 404)."""
    return Person.objects.visible_to(viewer).get(pk=person_id)


def person_ids_visible(*, viewer: User, person_ids: list[int]) -> set[int]:
    """Which of these persons the viewer may open: a page links only to those (the others are 404)."""
    return set(Person.objects.visible_to(viewer).filter(pk__in=set(person_ids)).values_list("pk", flat=True))


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


def household_memberships(*, viewer: User, household: Household) -> QuerySet[Membership]:
    """The current members' open memberships of groups and enterprises the viewer may see, by person."""
    visible = Organisation.objects.visible_to(viewer).values("pk")
    return (
        Membership.objects.filter(
            person__household_memberships__household=household,
            person__household_memberships__left_date__isnull=True,
            end_date__isnull=True,
            organisation__in=visible,
        )
        .select_related("person", "organisation")
        .order_by("person__first_name", "organisation__name_th", "id")
    )


def household_list(*, viewer: User, q: str = "", area_code: str = "") -> QuerySet[Household]:
    """Households the viewer may see with their current head, in a fixed number of queries.

    No join or GROUP BY in the filtered query, so the page count stays a plain indexed count.
    """
    qs = Household.objects.visible_to(viewer)
    if area_code:
        qs = qs.filter(prefix_q("area_code", area_code))
    if q:
        text = " ".join(from_thai_digits(q).split())
        person_match = Person.objects.filter(_text_filter(text)).values("pk")
        homes = HouseholdMember.objects.filter(person__in=person_match, left_date__isnull=True).values(
            "household_id"
        )
        qs = qs.filter(Q(house_no=text) | Q(house_code=text) | Q(pk__in=homes))
    heads = HouseholdMember.objects.filter(relation=Relation.HEAD, left_date__isnull=True).select_related(
        "person"
    )
    living = (
        HouseholdMember.objects.filter(household=OuterRef("pk"), left_date__isnull=True)
        .order_by()
        .values("household")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        qs.select_related("village", "village__subdistrict", "village__subdistrict__district")
        .prefetch_related(Prefetch("members", queryset=heads, to_attr="current_heads"))
        .annotate(member_count=Coalesce(Subquery(living), 0))
        .order_by("area_code", "house_no_key", "id")
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
    # Current members before those who left, the head first, then by birth date (oldest first).
    head_first = Case(When(relation=Relation.HEAD, then=Value(0)), default=Value(1))
    return qs.order_by(
        F("left_date").asc(nulls_first=True),
        head_first,
        F("person__birth_date").asc(nulls_last=True),
        "id",
    )


def organisation_list(
    *, viewer: User, q: str = "", kind: str = "", area_code: str = "", active_only: bool = True
) -> QuerySet[Organisation]:
    qs = Organisation.objects.visible_to(viewer)
    if active_only:
        qs = qs.filter(is_active=True)
    if kind:
        qs = qs.filter(kind=kind)
    if area_code:
        qs = qs.filter(prefix_q("area_code", area_code))
    if q:
        words = " ".join(q.split())
        qs = qs.filter(
            Q(name_th__icontains=words) | Q(name_en__icontains=words) | Q(registration_no__icontains=words)
        )
    members = (
        Membership.objects.filter(organisation=OuterRef("pk"), end_date__isnull=True, role="MEMBER")
        .order_by()
        .values("organisation")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.annotate(member_count=Coalesce(Subquery(members), 0)).order_by("name_th", "id")


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
    return (
        qs.select_related("subdistrict__district")
        .annotate(household_count=Count("households", distinct=True))
        .order_by("code")
    )


@dataclass(frozen=True)
class DuplicateGroup:
    name_key: str
    birth_date: object
    subdistrict_code: str
    persons: list[Person]


def duplicate_groups(*, viewer: User, area_code: str = "", limit: int = 200) -> list[DuplicateGroup]:
    """Likely duplicates: the same normalised Thai name and birth date in one subdistrict (two queries)."""
    base = Person.objects.visible_to(viewer).active().filter(birth_date__isnull=False)
    if area_code:
        base = base.filter(prefix_q("area_code", area_code))
    keys = list(
        base.annotate(sub=Substr("area_code", 1, 6))
        .values("name_key", "birth_date", "sub")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .order_by("sub", "name_key", "birth_date")[:limit]
    )
    if not keys:
        return []
    wanted = {(k["name_key"], k["birth_date"], k["sub"]) for k in keys}
    found: dict[tuple, list[Person]] = {}
    candidates = base.filter(
        name_key__in={k["name_key"] for k in keys}, birth_date__in={k["birth_date"] for k in keys}
    ).order_by("id")
    for person in candidates:
        key = (person.name_key, person.birth_date, person.area_code[:6])
        if key in wanted:
            found.setdefault(key, []).append(person)
    return [
        DuplicateGroup(
            k["name_key"], k["birth_date"], k["sub"], found[(k["name_key"], k["birth_date"], k["sub"])]
        )
        for k in keys
        if len(found.get((k["name_key"], k["birth_date"], k["sub"]), ())) > 1
    ]


def person_find_by_name(*, viewer: User, first_name: str, last_name: str) -> QuerySet[Person]:
    """Registered persons with this normalised name, to warn before a duplicate is created."""
    return (
        Person.objects.visible_to(viewer)
        .active()
        .filter(name_key=name_key(first_name, last_name))
        .order_by("id")
    )


def household_member_get(*, household: Household, member_id: int) -> HouseholdMember:
    """A member row of a household the viewer already holds (HouseholdMember.DoesNotExist otherwise)."""
    return HouseholdMember.objects.select_related("person", "household").get(
        household=household, pk=member_id
    )


def membership_get(*, viewer: User, membership_id: int) -> Membership:
    """A membership in an organisation the viewer may see (Membership.DoesNotExist otherwise)."""
    visible = Organisation.objects.visible_to(viewer).values("pk")
    return Membership.objects.select_related("person", "organisation").get(
        pk=membership_id, organisation__in=visible
    )


def person_merges(*, person: Person) -> QuerySet[PersonMerge]:
    """Records folded into this person, and the record this one was folded into, newest first."""
    return (
        PersonMerge.objects.filter(Q(survivor=person) | Q(merged=person))
        .select_related("survivor", "merged", "by")
        .order_by("-at", "-id")
    )


def organisation_officers(*, organisation: Organisation) -> QuerySet[OrganisationAssignment]:
    """The user accounts that manage an organisation (its chair, treasurer or secretary)."""
    return (
        OrganisationAssignment.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("title", "user__username")
    )


@dataclass(frozen=True)
class RegistrySummary:
    households: int
    persons: int
    organisations: int
    villages: int


def registry_summary(*, viewer: User) -> RegistrySummary:
    """How many households, persons, organisations and villages lie in the viewer's areas."""
    from thanrak.accounts.scope import scope_of

    return RegistrySummary(
        households=Household.objects.visible_to(viewer).count(),
        persons=Person.objects.visible_to(viewer).active().count(),
        organisations=Organisation.objects.visible_to(viewer).filter(is_active=True).count(),
        villages=Village.objects.filter(scope_of(viewer).area_q("code")).count(),
    )


def import_list(*, viewer: User, limit: int = 10) -> list[RegistryImport]:
    """The viewer's own recent uploads, newest first (without the files)."""
    return list(RegistryImport.objects.filter(by=viewer).defer("data").order_by("-at", "-pk")[:limit])


def import_get(*, viewer: User, import_id: int) -> RegistryImport:
    """One of the viewer's own uploads; someone else's is not found."""
    return RegistryImport.objects.defer("data").get(pk=import_id, by=viewer)


def organisation_programmes(*, organisation: Organisation) -> QuerySet[ProgrammeParticipation]:
    """The programmes an organisation took part in (the organisation is already one the viewer sees)."""
    return ProgrammeParticipation.objects.filter(organisation=organisation).order_by("-since", "pk")
