"""Builders for assets tests; they go through the actions like an officer does."""

import datetime as dt
from decimal import Decimal

from thanrak.accounts.models import User
from thanrak.assets import actions
from thanrak.assets.models import CommunityForest, Equipment
from thanrak.registry.models import Membership, Organisation, Person

AT = dt.datetime(2026, 12, 8, 1, 0, tzinfo=dt.UTC)  # 08:00 in Bangkok
HOUR = dt.timedelta(hours=1)


def forest(
    *, by: User, area_code: str = "560101", name: str = "ป่าชุมชนบ้านทดสอบ", **fields: object
) -> CommunityForest:
    fields.setdefault("legal_status", "APPROVED")
    fields.setdefault("approved_on", dt.date(2024, 3, 1))
    return actions.forest_register(name=name, area_code=area_code, by=by, at=AT, **fields)


def equipment(
    *,
    organisation: Organisation,
    by: User,
    fee_unit: str = "HOUR",
    fee_satang: int = 35_000,
    **fields: object,
) -> Equipment:
    return actions.equipment_list_item(
        organisation=organisation,
        name=fields.pop("name", "รถไถเดินตาม"),
        kind=fields.pop("kind", "TRACTOR"),
        fee_unit=fee_unit,
        fee_satang=fee_satang,
        by=by,
        at=AT,
        **fields,
    )


def join(person: Person, organisation: Organisation) -> Membership:
    return Membership.objects.create(person=person, organisation=organisation, start_date=dt.date(2024, 1, 1))


def meter(value: str) -> Decimal:
    return Decimal(value)
