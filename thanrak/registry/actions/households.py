"""Households: registering one with its members, changing it, members joining and leaving, a new head."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.accounts.scope import ensure_area
from thanrak.geo.models import Village
from thanrak.registry.actions.common import (
    CannotChangeHousehold,
    CannotRegisterPerson,
    _audit_changes,
    local_day,
)
from thanrak.registry.actions.persons import (
    person_register,
)
from thanrak.registry.models import (
    Household,
    HouseholdMember,
    Person,
    Relation,
    house_no_key,
)


@transaction.atomic
def household_register(
    *,
    by: User,
    at: dt.datetime,
    village: Village,
    house_no: str,
    head: Person,
    members: list[tuple[Person, str]] = (),  # type: ignore[assignment]
    house_code: str = "",
    address_detail: str = "",
    phone: str = "",
) -> Household:
    """Register a household in one of the user's villages with its head and other members."""
    ensure_area(by, village.code)
    house_no = " ".join((house_no or "").split())
    if not house_no:
        raise CannotChangeHousehold(
            _("The house number is required."), code="house_number_required", field="house_no"
        )
    if house_code and not (house_code.isdigit() and len(house_code) == 11):
        raise CannotChangeHousehold(
            _("The house registration code must be 11 digits."),
            code="house_registration_code_digits",
            field="house_code",
        )
    household = Household.objects.create(
        house_no=house_no,
        house_no_key=house_no_key(house_no),
        house_code=house_code,
        village=village,
        area_code=village.code,
        address_detail=address_detail,
        phone=phone,
        created_at=at,
        updated_at=at,
    )
    household_member_add(household=household, person=head, relation=Relation.HEAD, by=by, at=at)
    for person, relation in members:
        if relation == Relation.HEAD:
            raise CannotChangeHousehold(
                _("A household has exactly one head."), code="household_exactly_head", field="relation"
            )
        household_member_add(household=household, person=person, relation=relation, by=by, at=at)
    return household


@transaction.atomic
def household_register_new(
    *,
    by: User,
    at: dt.datetime,
    village: Village,
    house_no: str,
    head: dict[str, Any],
    members: list[tuple[dict[str, Any], str]] = (),  # type: ignore[assignment]
    house_code: str = "",
    address_detail: str = "",
    phone: str = "",
) -> Household:
    """Register a household together with its new people in one go: all of it or none of it.

    A person's error names the form it came from: field "head.citizen_id" or "members.1.birth_date".
    """
    ensure_area(by, village.code)

    def register(fields: dict[str, Any], where: str) -> Person:
        try:
            return person_register(by=by, at=at, **{**fields, "area_code": village.code})
        except CannotRegisterPerson as exc:
            raise CannotRegisterPerson(
                exc.message, field=f"{where}.{exc.field}" if exc.field else where, params=exc.params
            ) from exc

    head_person = register(head, "head")
    others = []
    for i, (fields, relation) in enumerate(members):
        if relation not in Relation.values or relation == Relation.HEAD:
            raise CannotChangeHousehold(
                _("Choose this member's relation to the head."),
                code="choose_member_relation_head",
                field=f"members.{i}.relation",
            )
        others.append((register(fields, f"members.{i}"), relation))
    return household_register(
        by=by,
        at=at,
        village=village,
        house_no=house_no,
        head=head_person,
        members=others,
        house_code=house_code,
        address_detail=address_detail,
        phone=phone,
    )


@transaction.atomic
def household_member_add_new(
    *, household: Household, relation: str, by: User, at: dt.datetime, **person_fields: Any
) -> HouseholdMember:
    """Register a new person where the household lives and add them to it, both or neither."""
    ensure_area(by, household.area_code)
    if relation not in Relation.values:
        raise CannotChangeHousehold(
            _("Unknown relation to the head."), code="unknown_relation_head", field="relation"
        )
    person = person_register(by=by, at=at, **{**person_fields, "area_code": household.area_code})
    return household_member_add(household=household, person=person, relation=relation, by=by, at=at)


_HOUSEHOLD_AUDITED = ("area_code", "house_no", "house_code", "address_detail", "phone")


@transaction.atomic
def household_update(
    *, household: Household, by: User, at: dt.datetime, ip: str | None = None, **fields: Any
) -> Household:
    """Change a household's address details (moving to another village updates its members' area);
    the change is audit-logged with the values before and after."""
    household = Household.objects.select_for_update().get(pk=household.pk)
    ensure_area(by, household.area_code)
    before = {k: getattr(household, k) for k in _HOUSEHOLD_AUDITED}
    village = fields.get("village", household.village)
    ensure_area(by, village.code)
    house_no = " ".join((fields.get("house_no", household.house_no) or "").split())
    if not house_no:
        raise CannotChangeHousehold(
            _("The house number is required."), code="house_number_required", field="house_no"
        )
    house_code = fields.get("house_code", household.house_code) or ""
    if house_code and not (house_code.isdigit() and len(house_code) == 11):
        raise CannotChangeHousehold(
            _("The house registration code must be 11 digits."),
            code="house_registration_code_digits",
            field="house_code",
        )
    household.house_no, household.house_code = house_no, house_code
    household.house_no_key = house_no_key(house_no)
    household.address_detail = fields.get("address_detail", household.address_detail)
    household.phone = fields.get("phone", household.phone)
    if village.code != household.area_code:
        household.village, household.area_code = village, village.code
        Person.objects.filter(
            household_memberships__household=household, household_memberships__left_date__isnull=True
        ).update(area_code=village.code, updated_at=at)
    household.updated_at = at
    household.save()
    _audit_changes(
        by=by,
        at=at,
        object_type="registry.household",
        object_id=household.pk,
        area_code=household.area_code,
        before=before,
        after={k: getattr(household, k) for k in _HOUSEHOLD_AUDITED},
        ip=ip,
    )
    return household


@transaction.atomic
def household_member_add(
    *, household: Household, person: Person, relation: str, by: User, at: dt.datetime
) -> HouseholdMember:
    """Add a person to a household; a person lives in one household, a household has one head."""
    ensure_area(by, household.area_code)
    if relation not in Relation.values:
        raise CannotChangeHousehold(
            _("Unknown relation to the head."), code="unknown_relation_head", field="relation"
        )
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.merged_into_id:
        raise CannotChangeHousehold(
            _("This person was merged into another record."),
            code="person_merged_another_record",
            field="person",
        )
    if HouseholdMember.objects.filter(person=person, left_date__isnull=True).exists():
        raise CannotChangeHousehold(
            _("%(name)s is already a member of another household."),
            code="already_member_another_household",
            field="person",
            params={"name": person.full_name},
        )
    if (
        relation == Relation.HEAD
        and household.members.filter(relation=Relation.HEAD, left_date__isnull=True).exists()
    ):
        raise CannotChangeHousehold(
            _("This household already has a head."), code="household_already_head", field="relation"
        )
    member = HouseholdMember.objects.create(
        household=household, person=person, relation=relation, joined_date=local_day(at)
    )
    if person.area_code != household.area_code:
        person.area_code = household.area_code
        person.updated_at = at
        person.save(update_fields=["area_code", "updated_at"])
    return member


@transaction.atomic
def household_member_leave(*, member: HouseholdMember, by: User, at: dt.datetime) -> HouseholdMember:
    """Record that a member left (the history stays); the head can only leave after a new head is named."""
    member = HouseholdMember.objects.select_for_update().get(pk=member.pk)
    ensure_area(by, member.household.area_code)
    if member.left_date is not None:
        raise CannotChangeHousehold(
            _("This person has already left the household."), code="person_already_left_household"
        )
    if member.relation == Relation.HEAD:
        raise CannotChangeHousehold(
            _("Name a new head before the head leaves."), code="name_new_head_leaves", field="relation"
        )
    member.left_date = local_day(at)
    member.save(update_fields=["left_date"])
    return member


@transaction.atomic
def household_head_change(
    *, household: Household, new_head: HouseholdMember, old_head_relation: str, by: User, at: dt.datetime
) -> Household:
    """Make another member the head; the old head takes the given relation. Exactly one head remains."""
    ensure_area(by, household.area_code)
    members = {
        m.pk: m
        for m in HouseholdMember.objects.select_for_update().filter(
            household=household, left_date__isnull=True
        )
    }
    if new_head.pk not in members:
        raise CannotChangeHousehold(
            _("The new head must be a current member of this household."),
            code="new_head_current_member",
            field="person",
        )
    if old_head_relation not in Relation.values or old_head_relation == Relation.HEAD:
        raise CannotChangeHousehold(
            _("Choose the former head's new relation."), code="choose_former_head_new", field="relation"
        )
    old = next((m for m in members.values() if m.relation == Relation.HEAD), None)
    if old is not None and old.pk != new_head.pk:
        old.relation = old_head_relation
        old.save(update_fields=["relation"])
    target = members[new_head.pk]
    target.relation = Relation.HEAD
    target.save(update_fields=["relation"])
    household.updated_at = at
    household.save(update_fields=["updated_at"])
    return household
