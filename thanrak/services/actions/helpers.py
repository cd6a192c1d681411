"""Writes on the directory of helpers."""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.core.areas import is_area_code
from thanrak.core.errors import DomainError
from thanrak.registry.models import Person
from thanrak.services.actions._common import ensure_reach, text
from thanrak.services.models import (
    Availability,
    Expertise,
    Helper,
    HelperArea,
    HelperExpertise,
    HelperKind,
    HelperKindRow,
)


class CannotListHelper(DomainError):
    """The helper's entry was refused."""


def _check(
    kinds: list[str], expertise: list[str], areas: list[str], availability: str, capacity: int
) -> None:
    if not kinds or any(k not in HelperKind.values for k in kinds):
        raise CannotListHelper(_("Choose at least one kind of helper."), code="kind_missing", field="kinds")
    if any(e not in Expertise.values for e in expertise):
        raise CannotListHelper(
            _("Choose expertise from the list."), code="expertise_unknown", field="expertise"
        )
    bad = [a for a in areas if not is_area_code(a)]
    if bad:
        raise CannotListHelper(
            _("%(code)s is not an area code."), code="area_invalid", field="areas", params={"code": bad[0]}
        )
    if availability not in Availability.values:
        raise CannotListHelper(
            _("Choose the availability."), code="availability_unknown", field="availability"
        )
    if not 1 <= capacity <= 500:
        raise CannotListHelper(
            _("Open cases at once is a number from 1 to 500."), code="capacity_invalid", field="capacity"
        )


@transaction.atomic
def helper_save(
    *,
    person: Person,
    kinds: Iterable[str],
    expertise: Iterable[str],
    areas: Iterable[str],
    by: User,
    at: dt.datetime,
    expertise_words: str = "",
    availability: str = Availability.AVAILABLE,
    capacity: int = 5,
    note: str = "",
) -> Helper:
    """List a registry person as a helper, or change their entry (kinds, expertise, areas replaced)."""
    kinds, expertise = sorted(set(kinds)), sorted(set(expertise))
    areas = sorted({a.strip() for a in areas if a and a.strip()}) or [person.area_code]
    _check(kinds, expertise, areas, availability, capacity)
    ensure_reach(by, person.area_code)
    helper, _created = Helper.objects.update_or_create(
        person=person,
        defaults={
            "area_code": person.area_code,
            "expertise_words": text(expertise_words, 300),
            "availability": availability,
            "capacity": capacity,
            "note": text(note, 300),
            "updated_at": at,
        },
        create_defaults={
            "area_code": person.area_code,
            "expertise_words": text(expertise_words, 300),
            "availability": availability,
            "capacity": capacity,
            "note": text(note, 300),
            "created_by": by,
            "created_at": at,
            "updated_at": at,
        },
    )
    helper.kinds.all().delete()
    helper.expertise.all().delete()
    helper.areas.all().delete()
    HelperKindRow.objects.bulk_create(HelperKindRow(helper=helper, kind=k) for k in kinds)
    HelperExpertise.objects.bulk_create(HelperExpertise(helper=helper, topic=e) for e in expertise)
    HelperArea.objects.bulk_create(HelperArea(helper=helper, area_code=a) for a in areas)
    return helper
