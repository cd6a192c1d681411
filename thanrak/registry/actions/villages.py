"""Registering a village (หมู่บ้าน) in a subdistrict."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.accounts.scope import ensure_area
from thanrak.geo.models import Subdistrict, Village
from thanrak.registry.actions.common import (
    CannotRegisterVillage,
)


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
