"""Targets: an indicator's amount for an area and fiscal year, every change kept."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.monitoring import periods
from thanrak.monitoring.actions.common import area_exists, clean_area_code, covers, require_may
from thanrak.monitoring.actions.errors import CannotSetTarget
from thanrak.monitoring.formatting import InvalidNumber, parse_amount
from thanrak.monitoring.models import (
    Indicator,
    Target,
    TargetBasis,
    TargetRevision,
)
from thanrak.monitoring.queries import active_lock


@dataclass
class Change:
    """What a write did: the row, and whether it was new or changed (False, False = identical)."""

    obj: Any
    created: bool = False
    changed: bool = False


@transaction.atomic
def target_set(
    *,
    indicator: Indicator,
    area_code: str,
    fiscal_year: int,
    amount: Any,
    by: User,
    at: dt.datetime,
    basis: str = TargetBasis.STATED,
    note: str = "",
) -> Change:
    """Set what an indicator should reach in a fiscal year and area; setting it again is a no-op."""
    require_may(by, "monitoring.target", "change", CannotSetTarget)
    area_code = clean_area_code(area_code)
    if not area_exists(area_code):
        raise CannotSetTarget(
            _("There is no area with code %(code)s."),
            code="unknown_area",
            field="area_code",
            params={"code": area_code},
        )
    if not covers(by, area_code):
        raise CannotSetTarget(
            _("The area %(code)s is outside your areas."),
            code="area_outside_your_areas",
            field="area_code",
            params={"code": area_code or "TH"},
        )
    try:
        amount_dec = parse_amount(amount)
        stored = indicator.to_storage(amount_dec)
    except InvalidNumber as exc:
        raise CannotSetTarget(_("The target is not a number."), code="target_number", field="value") from exc
    except ValueError as exc:
        raise CannotSetTarget(
            _("The target has more decimals than the indicator allows (%(n)s)."),
            code="target_decimals_indicator_allows",
            field="value",
            params={"n": indicator.scale},
        ) from exc
    if stored < 0:
        raise CannotSetTarget(_("A target cannot be negative."), code="target_negative", field="value")
    if basis not in TargetBasis.values:
        raise CannotSetTarget(_("Unknown basis."), code="unknown_basis", field="basis")
    existing = (
        Target.objects.select_for_update()
        .filter(indicator=indicator, area_code=area_code, fiscal_year=fiscal_year)
        .first()
    )
    if (
        existing is not None
        and existing.value == stored
        and existing.basis == basis
        and existing.note == note
    ):
        return Change(existing)
    if active_lock(periods.fiscal_year(fiscal_year)) is not None:
        raise CannotSetTarget(
            _("Fiscal year %(fy)s is locked; the centre must reopen it first."),
            code="fiscal_year_locked_centre",
            field="fiscal_year",
            params={"fy": fiscal_year},
        )
    if existing is None:
        target = Target.objects.create(
            indicator=indicator,
            area_code=area_code,
            fiscal_year=fiscal_year,
            value=stored,
            basis=basis,
            note=note,
            set_by=by,
            set_at=at,
        )
        old = None
    else:
        target, old = existing, existing.value
        target.value, target.basis, target.note, target.set_by, target.set_at = stored, basis, note, by, at
        target.save()
    TargetRevision.objects.create(
        target=target, at=at, by=by, old_value=old, new_value=stored, basis=basis, note=note
    )
    return Change(target, created=existing is None, changed=existing is not None)
