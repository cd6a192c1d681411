"""The areas and fiscal years a viewer works on."""

import datetime as dt
from collections.abc import Iterable

from django.db.models import Max

from thanrak.accounts.models import User
from thanrak.accounts.scope import OutsideScope, scope_of
from thanrak.core.areas import is_area_code
from thanrak.core.fiscal import FiscalYear
from thanrak.monitoring.models import (
    Target,
    Value,
)


def default_area(viewer: User) -> str:
    """Where a person's dashboard opens: the country for the centre, else their (first) area."""
    scope = scope_of(viewer)
    if scope.everything:
        return ""
    return scope.area_codes[0] if scope.area_codes else "-"


def ensure_area(viewer: User, area_code: str) -> str:
    """The area if the viewer may look at it (their areas and below); OutsideScope otherwise."""
    scope = scope_of(viewer)
    if area_code == "" and scope.everything:
        return ""
    if area_code and is_area_code(area_code) and scope.covers_area(area_code):
        return area_code
    raise OutsideScope(area_code or "TH")


def area_name(code: str, lang: str = "th") -> str:
    from thanrak.geo.queries import area_names

    if not code:
        return "ทั่วประเทศ" if lang.startswith("th") else "Whole country"
    return area_names(codes={code}).get(code, code)


def area_names(codes: Iterable[str]) -> dict[str, str]:
    from thanrak.geo.queries import area_names as names

    codes = set(codes)
    found = names(codes={c for c in codes if c})
    if "" in codes:
        found[""] = "ทั่วประเทศ"
    return found


def fiscal_year_choices(viewer: User, *, today: dt.date) -> list[int]:
    """Fiscal years with figures the viewer may see, plus the current one, newest first."""
    current = FiscalYear.of(today).year_be
    years = set(Value.objects.visible_to(viewer).values_list("fiscal_year", flat=True).distinct())
    years |= set(Target.objects.visible_to(viewer).values_list("fiscal_year", flat=True).distinct())
    years.add(current)
    return sorted(years, reverse=True)


def default_fiscal_year(viewer: User, area_code: str, *, today: dt.date) -> int:
    """The latest fiscal year (not in the future) with values in the area, else the current one."""
    current = FiscalYear.of(today).year_be
    latest = (
        Value.objects.visible_to(viewer)
        .filter(area_code__startswith=area_code, fiscal_year__lte=current)
        .aggregate(m=Max("fiscal_year"))["m"]
    )
    return latest or current
