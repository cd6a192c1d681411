"""The only code that writes registry data. Every action is keyword-only, atomic and scoped."""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.actions import audit_record
from thanrak.accounts.models import AuditEvent, User
from thanrak.accounts.scope import ensure_area, scope_of
from thanrak.core import citizen_id as cid
from thanrak.core.areas import is_area_code
from thanrak.core.errors import DomainError
from thanrak.geo.models import Subdistrict, Village
from thanrak.registry.models import (
    Household,
    HouseholdMember,
    IdKind,
    MemberRole,
    Membership,
    Organisation,
    OrganisationAssignment,
    OrganisationKind,
    Person,
    PersonMerge,
    Relation,
    Sex,
    house_no_key,
)
from thanrak.registry.names import name_key


class CannotRegisterPerson(DomainError):
    """A person's details break a registry rule (bad ID, duplicate ID, unknown area…)."""


class CannotChangeHousehold(DomainError):
    """A household change would leave it without exactly one head, or move a person twice."""


class CannotRegisterOrganisation(DomainError):
    """An organisation's details break a registry rule."""


class CannotChangeMembership(DomainError):
    """A membership change breaks a rule (dates out of order, already a member)."""


class CannotRegisterVillage(DomainError):
    """The village number is taken or the subdistrict is unknown."""


class CannotMerge(DomainError):
    """Two records cannot be merged (different citizen IDs, the same record, already merged)."""


def _day(at: dt.datetime) -> dt.date:
    """The calendar day in Thailand at a given moment (not the UTC day, which lags by 7 hours)."""
    return timezone.localtime(at).date() if timezone.is_aware(at) else at.date()


_SEXES = frozenset(("", *Sex.values))

PERSON_FIELDS = (
    "id_kind",
    "citizen_id",
    "other_id",
    "title",
    "first_name",
    "last_name",
    "first_name_en",
    "last_name_en",
    "sex",
    "birth_date",
    "phone",
    "area_code",
)


def clean_person_fields(
    data: dict[str, Any],
    *,
    today: dt.date,
    exclude_pk: int | None = None,
    check_registered: bool = True,
    area_exists: Callable[[str], bool] | None = None,
) -> dict[str, Any]:
    """Check and normalise a person's fields; raise CannotRegisterPerson naming the field at fault.

    Imports check many rows at once: they pass check_registered=False (and look the citizen IDs up
    in bulk) and an `area_exists` that answers from codes loaded once.
    """
    out = dict(data)
    kind = out.get("id_kind") or IdKind.THAI_ID
    out["id_kind"] = kind
    raw_id = (out.get("citizen_id") or "").strip()
    if kind == IdKind.THAI_ID:
        if not raw_id:
            raise CannotRegisterPerson(
                _("A citizen ID is required, or choose another identity document."),
                code="citizen_id_required_choose",
                field="citizen_id",
            )
        try:
            out["citizen_id"] = cid.clean(raw_id)
        except cid.InvalidCitizenId as exc:
            reasons = {
                "must be 13 digits": _("The citizen ID must be 13 digits."),
                "cannot start with 0": _("A citizen ID cannot start with 0."),
                "check digit does not match": _(
                    "The citizen ID's check digit is wrong: please check the number."
                ),
            }
            raise CannotRegisterPerson(reasons[str(exc)], field="citizen_id") from exc
        if check_registered:
            clash = Person.objects.filter(citizen_id=out["citizen_id"])
            if exclude_pk:
                clash = clash.exclude(pk=exclude_pk)
            if clash.exists():
                raise CannotRegisterPerson(
                    _("A person with this citizen ID is already registered."),
                    code="person_citizen_id_already",
                    field="citizen_id",
                )
    else:
        if raw_id:
            raise CannotRegisterPerson(
                _("Leave the citizen ID empty when the person has no Thai ID."),
                code="leave_citizen_id_empty",
                field="citizen_id",
            )
        out["citizen_id"] = None
    for name_field in (
        "first_name",
        "last_name",
        "title",
        "first_name_en",
        "last_name_en",
        "other_id",
        "phone",
    ):
        out[name_field] = " ".join((out.get(name_field) or "").split())
    if not out["first_name"]:
        raise CannotRegisterPerson(
            _("The first name is required."), code="first_name_required", field="first_name"
        )
    sex = out.get("sex") or ""
    if sex not in _SEXES:
        raise CannotRegisterPerson(_("Sex must be M or F."), code="sex_m_or_f", field="sex")
    out["sex"] = sex
    birth = out.get("birth_date")
    if birth is not None:
        if birth > today:
            raise CannotRegisterPerson(
                _("The birth date is in the future."), code="birth_date_future", field="birth_date"
            )
        if birth.year < today.year - 130:
            raise CannotRegisterPerson(
                _("The birth date is more than 130 years ago."),
                code="birth_date_years_ago",
                field="birth_date",
            )
    area = out.get("area_code") or ""
    if not (is_area_code(area) and len(area) in (6, 8)):
        raise CannotRegisterPerson(
            _("The area must be a subdistrict (6 digits) or village (8 digits) code."),
            code="area_subdistrict_digits_village",
            field="area_code",
        )
    if not (area_exists or _area_exists)(area):
        raise CannotRegisterPerson(
            _("The area code %(code)s does not exist."),
            code="area_code_does_exist",
            field="area_code",
            params={"code": area},
        )
    return out


def _area_exists(code: str) -> bool:
    if len(code) == 8:
        return Village.objects.filter(code=code).exists()
    return Subdistrict.objects.filter(code=code).exists()


@transaction.atomic
def person_register(*, by: User, at: dt.datetime, **fields: Any) -> Person:
    """Register a person in an area the user works in; one citizen ID is one person."""
    data = clean_person_fields({k: fields.get(k) for k in PERSON_FIELDS}, today=_day(at))
    ensure_area(by, data["area_code"])
    person = Person(
        **data, name_key=name_key(data["first_name"], data["last_name"]), created_at=at, updated_at=at
    )
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError as exc:  # a parallel request registered the same ID
        raise CannotRegisterPerson(
            _("A person with this citizen ID is already registered."),
            code="person_citizen_id_already",
            field="citizen_id",
        ) from exc
    return person


def _shown(field: str, value: Any) -> str:
    """A value as the audit log keeps it: a citizen ID masked (the full one only by a logged reveal)."""
    if value is None or value == "":
        return "—"
    if field == "citizen_id":
        return cid.mask(str(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _audit_changes(
    *,
    by: User,
    at: dt.datetime,
    object_type: str,
    object_id: int,
    area_code: str,
    before: dict[str, Any],
    after: dict[str, Any],
    ip: str | None,
) -> None:
    """Write who changed which personal details from what to what (nothing when nothing changed)."""
    changes = {
        k: f"{_shown(k, before[k])} → {_shown(k, after[k])}" for k in after if before.get(k) != after[k]
    }
    if changes:
        audit_record(
            by=by,
            event=AuditEvent.CHANGE,
            at=at,
            object_type=object_type,
            object_id=str(object_id),
            area_code=area_code,
            detail=changes,
            ip=ip,
        )


@transaction.atomic
def person_update(
    *, person: Person, by: User, at: dt.datetime, ip: str | None = None, **fields: Any
) -> Person:
    """Change a person's details; both the old and the new area must be the user's; the change is
    audit-logged with the values before and after."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    ensure_area(by, person.area_code)
    current = {k: getattr(person, k) for k in PERSON_FIELDS}
    before = dict(current)
    current.update({k: v for k, v in fields.items() if k in PERSON_FIELDS})
    data = clean_person_fields(current, today=_day(at), exclude_pk=person.pk)
    ensure_area(by, data["area_code"])
    for key, value in data.items():
        setattr(person, key, value)
    person.name_key = name_key(person.first_name, person.last_name)
    person.updated_at = at
    person.save()
    _audit_changes(
        by=by,
        at=at,
        object_type="registry.person",
        object_id=person.pk,
        area_code=person.area_code,
        before=before,
        after={k: getattr(person, k) for k in PERSON_FIELDS},
        ip=ip,
    )
    return person


# --- households ----------------------------------------------------------------------------------


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
        household=household, person=person, relation=relation, joined_date=_day(at)
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
    member.left_date = _day(at)
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


# --- organisations -------------------------------------------------------------------------------

ORGANISATION_FIELDS = (
    "kind",
    "name_th",
    "name_en",
    "registration_no",
    "registered_date",
    "tax_id",
    "vat_registered",
    "area_code",
    "address",
    "phone",
    "email",
    "line_id",
    "description",
    "network",
    "is_active",
)


def clean_organisation_fields(data: dict[str, Any], *, exclude_pk: int | None = None) -> dict[str, Any]:
    """Check and normalise an organisation's fields; raise CannotRegisterOrganisation naming the field."""
    out = dict(data)
    if out.get("kind") not in OrganisationKind.values:
        raise CannotRegisterOrganisation(
            _("Choose the kind of organisation."), code="choose_kind_organisation", field="kind"
        )
    out["name_th"] = " ".join((out.get("name_th") or "").split())
    if not out["name_th"]:
        raise CannotRegisterOrganisation(
            _("The Thai name is required."), code="thai_name_required", field="name_th"
        )
    area = out.get("area_code") or ""
    if not (is_area_code(area) and len(area) in (6, 8)) or not _area_exists(area):
        raise CannotRegisterOrganisation(
            _("The area must be an existing subdistrict or village."),
            code="area_existing_subdistrict_village",
            field="area_code",
        )
    reg = (out.get("registration_no") or "").strip()
    out["registration_no"] = reg
    if reg:
        clash = Organisation.objects.filter(kind=out["kind"], registration_no=reg)
        if exclude_pk:
            clash = clash.exclude(pk=exclude_pk)
        if clash.exists():
            raise CannotRegisterOrganisation(
                _("Another organisation of this kind has this registration number."),
                code="another_organisation_kind_registration",
                field="registration_no",
            )
    tax = (out.get("tax_id") or "").strip().replace("-", "")
    if tax and not cid.is_valid_tax_id(tax):
        raise CannotRegisterOrganisation(
            _("The tax ID must be 13 digits with a correct check digit."),
            code="tax_id_digits_correct",
            field="tax_id",
        )
    out["tax_id"] = tax
    for text_field in ("name_en", "address", "phone", "email", "line_id", "description"):
        out[text_field] = (out.get(text_field) or "").strip()
    out["vat_registered"] = bool(out.get("vat_registered"))
    out["is_active"] = True if out.get("is_active") is None else bool(out["is_active"])
    return out


@transaction.atomic
def organisation_register(*, by: User, at: dt.datetime, **fields: Any) -> Organisation:
    """Register an organisation in one of the user's areas."""
    data = clean_organisation_fields({k: fields.get(k) for k in ORGANISATION_FIELDS})
    ensure_area(by, data["area_code"])
    return Organisation.objects.create(**data, created_at=at, updated_at=at)


@transaction.atomic
def organisation_update(
    *, organisation: Organisation, by: User, at: dt.datetime, **fields: Any
) -> Organisation:
    """Change an organisation; its own officers may, as may officers of its area."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    _ensure_manages(by, organisation)
    current = {k: getattr(organisation, k) for k in ORGANISATION_FIELDS}
    current.update({k: v for k, v in fields.items() if k in ORGANISATION_FIELDS})
    data = clean_organisation_fields(current, exclude_pk=organisation.pk)
    if data["area_code"] != organisation.area_code:
        ensure_area(by, data["area_code"])
    for key, value in data.items():
        setattr(organisation, key, value)
    organisation.updated_at = at
    organisation.save()
    return organisation


def _ensure_manages(user: User, organisation: Organisation) -> None:
    scope = scope_of(user)
    if organisation.pk in scope.organisation_ids:
        return
    ensure_area(user, organisation.area_code)


@transaction.atomic
def membership_add(
    *,
    organisation: Organisation,
    person: Person,
    by: User,
    start_date: dt.date,
    role: str = MemberRole.MEMBER,
) -> Membership:
    """Enrol a person in an organisation with a role from a date."""
    _ensure_manages(by, organisation)
    if role not in MemberRole.values:
        raise CannotChangeMembership(_("Unknown member role."), code="unknown_member_role", field="role")
    if person.merged_into_id:
        raise CannotChangeMembership(
            _("This person was merged into another record."),
            code="person_merged_another_record",
            field="person",
        )
    if Membership.objects.filter(
        person=person, organisation=organisation, role=role, end_date__isnull=True
    ).exists():
        raise CannotChangeMembership(
            _("%(name)s already holds this role here."),
            code="already_holds_role_here",
            field="person",
            params={"name": person.full_name},
        )
    return Membership.objects.create(
        person=person, organisation=organisation, role=role, start_date=start_date
    )


@transaction.atomic
def membership_end(*, membership: Membership, by: User, end_date: dt.date) -> Membership:
    """End a membership on a date; the record stays as history."""
    membership = Membership.objects.select_for_update().select_related("organisation").get(pk=membership.pk)
    _ensure_manages(by, membership.organisation)
    if membership.end_date is not None:
        raise CannotChangeMembership(_("This membership has already ended."), code="membership_already_ended")
    if end_date < membership.start_date:
        raise CannotChangeMembership(
            _("The end date is before the start date."), code="end_date_start_date", field="end_date"
        )
    membership.end_date = end_date
    membership.save(update_fields=["end_date"])
    return membership


@transaction.atomic
def organisation_officer_assign(
    *, user: User, organisation: Organisation, title: str = MemberRole.TREASURER, by: User
) -> OrganisationAssignment:
    """Let a user account manage an organisation (idempotent)."""
    ensure_area(by, organisation.area_code)
    assignment, _created = OrganisationAssignment.objects.get_or_create(
        user=user, organisation=organisation, defaults={"title": title}
    )
    from thanrak.accounts.scope import forget_scope

    forget_scope(user)
    return assignment


@transaction.atomic
def person_account_link(*, person: Person, user: User, by: User, at: dt.datetime) -> Person:
    """Link a user account to the person it belongs to (idempotent); one account per person and back."""
    from thanrak.accounts.scope import forget_scope

    person = Person.objects.select_for_update().get(pk=person.pk)
    ensure_area(by, person.area_code)
    if person.user_id == user.pk:
        return person
    if person.merged_into_id:
        raise CannotRegisterPerson(
            _("This person was merged into another record."),
            code="person_merged_another_record",
            field="person",
        )
    if person.user_id is not None:
        raise CannotRegisterPerson(
            _("This person already has another user account."),
            code="person_already_another_user",
            field="user",
        )
    if Person.objects.filter(user=user).exists():
        raise CannotRegisterPerson(
            _("This user account belongs to another person."),
            code="user_account_belongs_another",
            field="user",
        )
    person.user = user
    person.updated_at = at
    person.save(update_fields=["user", "updated_at"])
    forget_scope(user)
    return person


# --- villages ------------------------------------------------------------------------------------


@transaction.atomic
def village_register(
    *, by: User, subdistrict: Subdistrict, number: int, name_th: str, name_en: str = ""
) -> Village:
    """Add หมู่ที่ `number` to a subdistrict in the user's area; its code is subdistrict + 2 digits."""
    ensure_area(by, subdistrict.code)
    if not 1 <= int(number) <= 99:
        raise CannotRegisterVillage(
            _("The village number must be between 1 and 99."), code="village_number_between", field="number"
        )
    name_th = " ".join((name_th or "").split())
    if not name_th:
        raise CannotRegisterVillage(
            _("The village name is required."), code="village_name_required", field="name_th"
        )
    code = f"{subdistrict.code}{int(number):02d}"
    if Village.objects.filter(code=code).exists():
        raise CannotRegisterVillage(
            _("Village number %(number)s already exists in this subdistrict."),
            code="village_number_already_exists",
            field="number",
            params={"number": number},
        )
    return Village.objects.create(
        code=code, subdistrict=subdistrict, number=int(number), name_th=name_th, name_en=name_en.strip()
    )


# --- personal data -------------------------------------------------------------------------------


@transaction.atomic
def citizen_id_reveal(*, person: Person, by: User, at: dt.datetime, ip: str | None = None) -> str:
    """Show a person's full citizen ID to a user allowed to see it, and write it to the audit log."""
    from thanrak.core.access import user_may

    if not user_may(by, "registry.citizen_id", "reveal"):
        raise PermissionError("registry.citizen_id:reveal")
    ensure_area(by, person.area_code)
    audit_record(
        by=by,
        event=AuditEvent.REVEAL_CITIZEN_ID,
        at=at,
        object_type="registry.person",
        object_id=str(person.pk),
        area_code=person.area_code,
        ip=ip,
    )
    return person.citizen_id or ""


def citizen_id_search_record(*, q: str, by: User, at: dt.datetime, ip: str | None = None) -> None:
    """A search by a full citizen ID is a look-up of someone: audit-log it (the ID masked, in the area
    of the person found, else the searcher's); a search by name records nothing, not even a savepoint
    (one INSERT needs no transaction of its own)."""
    from thanrak.core.thai import from_thai_digits

    digits = cid.normalise(" ".join(from_thai_digits(q or "").split()))
    if not (len(digits) == 13 and digits.isdigit()):
        return
    found = Person.objects.visible_to(by).filter(citizen_id=digits).first()
    scope = scope_of(by)
    audit_record(
        by=by,
        event=AuditEvent.LOOKUP_CITIZEN_ID,
        at=at,
        object_type="registry.person",
        object_id=str(found.pk) if found else "",
        area_code=found.area_code if found else (scope.area_codes[0] if scope.area_codes else ""),
        detail={"search": cid.mask(digits), "found": found is not None},
        ip=ip,
    )


# --- merging duplicates --------------------------------------------------------------------------


@transaction.atomic
def person_merge(*, survivor: Person, duplicate: Person, by: User, at: dt.datetime) -> PersonMerge:
    """Fold a duplicate record into the survivor: every link moves, the duplicate stays as history."""
    if survivor.pk == duplicate.pk:
        raise CannotMerge(_("A record cannot be merged with itself."), code="record_merged_itself")
    survivor, duplicate = (Person.objects.select_for_update().get(pk=p.pk) for p in (survivor, duplicate))
    ensure_area(by, survivor.area_code)
    ensure_area(by, duplicate.area_code)
    if survivor.merged_into_id or duplicate.merged_into_id:
        raise CannotMerge(_("One of these records was already merged."), code="these_records_already_merged")
    if survivor.citizen_id and duplicate.citizen_id and survivor.citizen_id != duplicate.citizen_id:
        raise CannotMerge(
            _("These records have different citizen IDs, so they are different people."),
            code="these_records_different_citizen",
        )
    before = {
        "survivor": {k: str(getattr(survivor, k) or "") for k in PERSON_FIELDS},
        "duplicate": {k: str(getattr(duplicate, k) or "") for k in PERSON_FIELDS},
    }
    moved: dict[str, list[int]] = {}
    # A household membership that would give the person two homes is closed rather than moved.
    if HouseholdMember.objects.filter(person=survivor, left_date__isnull=True).exists():
        closed = HouseholdMember.objects.filter(person=duplicate, left_date__isnull=True)
        if closed.filter(relation=Relation.HEAD).exists():
            raise CannotMerge(
                _("The duplicate heads another household: name a new head there first."),
                code="duplicate_heads_another_household",
            )
        closed_ids = list(closed.values_list("pk", flat=True))
        closed.update(left_date=_day(at))
        if closed_ids:
            moved["registry.householdmember:closed"] = closed_ids
    # Memberships the survivor already holds are ended on the duplicate instead of duplicated.
    for m in Membership.objects.filter(person=duplicate, end_date__isnull=True):
        if Membership.objects.filter(
            person=survivor, organisation_id=m.organisation_id, role=m.role, end_date__isnull=True
        ).exists():
            m.end_date = max(_day(at), m.start_date)
            m.save(update_fields=["end_date"])
            moved.setdefault("registry.membership:closed", []).append(m.pk)
    # Every other link to the duplicate, in any app, moves to the survivor.
    for rel in Person._meta.related_objects:
        if (
            rel.remote_field.name == "merged_into"
            or rel.related_model is PersonMerge
            or rel.one_to_one
            or rel.many_to_many
        ):
            continue
        model: type[models.Model] = rel.related_model  # type: ignore[assignment]
        field = rel.field.name
        ids = list(model._base_manager.filter(**{field: duplicate}).values_list("pk", flat=True))
        if not ids:
            continue
        try:
            with transaction.atomic():
                model._base_manager.filter(pk__in=ids).update(**{field: survivor})
        except IntegrityError as exc:
            raise CannotMerge(
                _("The records are both linked to the same %(what)s; resolve that first."),
                code="records_both_linked_same",
                params={"what": model._meta.verbose_name},
            ) from exc
        moved[f"{model._meta.label_lower}.{field}"] = ids
    if not survivor.citizen_id and duplicate.citizen_id:
        survivor.citizen_id, survivor.id_kind = duplicate.citizen_id, IdKind.THAI_ID
        duplicate.citizen_id, duplicate.id_kind = None, IdKind.NONE
        duplicate.save(update_fields=["citizen_id", "id_kind"])
    for attr in ("birth_date", "sex", "phone", "first_name_en", "last_name_en"):
        if not getattr(survivor, attr) and getattr(duplicate, attr):
            setattr(survivor, attr, getattr(duplicate, attr))
    if duplicate.user_id and not survivor.user_id:
        survivor.user_id, duplicate.user_id = duplicate.user_id, None
        duplicate.save(update_fields=["user"])
    survivor.updated_at = at
    survivor.save()
    duplicate.merged_into = survivor
    duplicate.updated_at = at
    duplicate.save(update_fields=["merged_into", "updated_at"])
    record = PersonMerge.objects.create(
        survivor=survivor, merged=duplicate, by=by, at=at, moved=moved, before=before
    )
    audit_record(
        by=by,
        event=AuditEvent.MERGE,
        at=at,
        object_type="registry.person",
        object_id=str(survivor.pk),
        area_code=survivor.area_code,
        detail={"merged": duplicate.pk},
    )
    return record
