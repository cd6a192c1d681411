"""Builders of valid registry records for tests; they go through the actions like real users do."""

import datetime as dt
import itertools
import random

from django.utils import timezone

from thanrak.accounts.models import User
from thanrak.core.citizen_id import check_digit
from thanrak.geo.models import Subdistrict, Village
from thanrak.registry import actions
from thanrak.registry.models import Household, Organisation, OrganisationKind, Person, Relation

_serial = itertools.count(1)
AT = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)


def citizen_id(seed: int | None = None) -> str:
    """A valid, unique-per-call 13-digit citizen ID."""
    n = seed if seed is not None else next(_serial) + random.randrange(10**8)
    first12 = f"1{n % 10**11:011d}"
    return first12 + str(check_digit(first12))


def village(subdistrict_code: str = "560101", number: int = 1, name: str = "บ้านทดสอบ") -> Village:
    """The village (created on first use) หมู่ที่ `number` of a subdistrict."""
    sub = Subdistrict.objects.get(code=subdistrict_code)
    found, _ = Village.objects.get_or_create(
        code=f"{subdistrict_code}{number:02d}",
        defaults={"subdistrict": sub, "number": number, "name_th": name},
    )
    return found


def person(*, by: User, area_code: str = "56010101", **fields: object) -> Person:
    if len(area_code) == 8:
        village(area_code[:6], int(area_code[6:]))
    data = {
        "citizen_id": citizen_id(),
        "title": "นาย",
        "first_name": f"สมชาย{next(_serial)}",
        "last_name": "ใจดี",
        "sex": "M",
        "birth_date": dt.date(1980, 5, 17),
        "area_code": area_code,
    }
    data.update(fields)
    return actions.person_register(by=by, at=AT, **data)


def household(
    *, by: User, village_obj: Village | None = None, members: int = 2, house_no: str | None = None
) -> Household:
    v = village_obj or village()
    head = person(by=by, area_code=v.code)
    others = [
        (person(by=by, area_code=v.code, sex="F", title="นาง"), Relation.SPOUSE) for _ in range(members - 1)
    ]
    return actions.household_register(
        by=by, at=AT, village=v, house_no=house_no or f"{next(_serial)}/1", head=head, members=others
    )


def organisation(
    *,
    by: User,
    kind: str = OrganisationKind.COMMUNITY_ENTERPRISE,
    area_code: str = "560101",
    **fields: object,
) -> Organisation:
    data = {"kind": kind, "name_th": f"วิสาหกิจชุมชนทดสอบ {next(_serial)}", "area_code": area_code}
    data.update(fields)
    return actions.organisation_register(by=by, at=AT, **data)


def now() -> dt.datetime:
    return timezone.now()
