"""Personal data: revealing a full citizen ID and searching by one, both audit-logged."""

import datetime as dt

from django.db import transaction

from thanrak.accounts.actions import audit_record
from thanrak.accounts.models import AuditEvent, User
from thanrak.accounts.scope import ensure_area, scope_of
from thanrak.core import citizen_id as cid
from thanrak.registry.models import (
    Person,
)


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
