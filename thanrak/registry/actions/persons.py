"""Registering and changing persons: the rules every person's details follow (clean_person_fields)."""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.accounts.scope import ensure_area
from thanrak.core import citizen_id as cid
from thanrak.core.areas import is_area_code
from thanrak.geo.models import Subdistrict, Village
from thanrak.registry.actions.common import (
    CannotRegisterPerson,
    _audit_changes,
    local_day,
)
from thanrak.registry.models import (
    IdKind,
    Person,
    Sex,
)
from thanrak.registry.names import name_key

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
    out["citizen_id"] = _clean_citizen_id(out, kind, check_registered=check_registered, exclude_pk=exclude_pk)
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
    _check_birth_date(out.get("birth_date"), today)
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
            code="area_code_does_not_exist",
            field="area_code",
            params={"code": area},
        )
    return out


def _clean_citizen_id(
    out: dict[str, Any], kind: str, *, check_registered: bool, exclude_pk: int | None
) -> str | None:
    """The citizen ID as stored: 13 clean digits for a Thai ID (registered once), None otherwise."""
    raw_id = (out.get("citizen_id") or "").strip()
    if kind != IdKind.THAI_ID:
        if raw_id:
            raise CannotRegisterPerson(
                _("Leave the citizen ID empty when the person has no Thai ID."),
                code="leave_citizen_id_empty",
                field="citizen_id",
            )
        return None
    if not raw_id:
        raise CannotRegisterPerson(
            _("A citizen ID is required, or choose another identity document."),
            code="citizen_id_required_choose",
            field="citizen_id",
        )
    try:
        digits = cid.clean(raw_id)
    except cid.InvalidCitizenId as exc:
        reasons = {
            "must be 13 digits": (_("The citizen ID must be 13 digits."), "citizen_id_13_digits"),
            "cannot start with 0": (_("A citizen ID cannot start with 0."), "citizen_id_starts_with_0"),
            "check digit does not match": (
                _("The citizen ID's check digit is wrong: please check the number."),
                "citizen_id_check_digit_wrong",
            ),
        }
        message, code = reasons[str(exc)]
        raise CannotRegisterPerson(message, code=code, field="citizen_id") from exc
    if check_registered:
        clash = Person.objects.filter(citizen_id=digits)
        if exclude_pk:
            clash = clash.exclude(pk=exclude_pk)
        if clash.exists():
            raise CannotRegisterPerson(
                _("A person with this citizen ID is already registered."),
                code="person_citizen_id_already",
                field="citizen_id",
            )
    return digits


def _check_birth_date(birth: dt.date | None, today: dt.date) -> None:
    """Refuse a birth date in the future or more than 130 years ago."""
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


def _area_exists(code: str) -> bool:
    if len(code) == 8:
        return Village.objects.filter(code=code).exists()
    return Subdistrict.objects.filter(code=code).exists()


@transaction.atomic
def person_register(*, by: User, at: dt.datetime, **fields: Any) -> Person:
    """Register a person in an area the user works in; one citizen ID is one person."""
    data = clean_person_fields({k: fields.get(k) for k in PERSON_FIELDS}, today=local_day(at))
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
    data = clean_person_fields(current, today=local_day(at), exclude_pk=person.pk)
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
