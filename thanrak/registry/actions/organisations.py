"""Organisations, their memberships and officers, and linking a person to a login."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.accounts.scope import ensure_area, scope_of
from thanrak.core import citizen_id as cid
from thanrak.core.areas import is_area_code
from thanrak.registry.actions.common import (
    CannotChangeMembership,
    CannotRegisterOrganisation,
    CannotRegisterPerson,
)
from thanrak.registry.actions.persons import (
    _area_exists,
)
from thanrak.registry.models import (
    MemberRole,
    Membership,
    Organisation,
    OrganisationAssignment,
    OrganisationKind,
    Person,
    ProgrammeParticipation,
)

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


@transaction.atomic
def programme_participation_add(
    *,
    organisation: Organisation,
    programme_code: str,
    since: dt.date,
    by: User,
    at: dt.datetime,
    until: dt.date | None = None,
    note: str = "",
) -> ProgrammeParticipation:
    """Record that an organisation took part in a programme (by its monitoring code) from a date."""
    _ensure_manages(by, organisation)
    code = " ".join((programme_code or "").split())
    if not code:
        raise CannotChangeMembership(
            _("Give the code of the programme."), code="programme_code_required", field="programme_code"
        )
    if until is not None and until < since:
        raise CannotChangeMembership(
            _("The end date is before the start date."), code="end_date_start_date", field="until"
        )
    if (
        until is None
        and ProgrammeParticipation.objects.filter(
            organisation=organisation, programme_code=code, until__isnull=True
        ).exists()
    ):
        raise CannotChangeMembership(
            _("This organisation already takes part in this programme."),
            code="already_in_programme",
            field="programme_code",
        )
    return ProgrammeParticipation.objects.create(
        organisation=organisation,
        programme_code=code,
        since=since,
        until=until,
        note=note.strip(),
        created_by=by,
        created_at=at,
    )
