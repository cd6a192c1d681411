"""The policy, agencies, programmes and indicator definitions."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.core.thai import from_thai_digits
from thanrak.monitoring import computed
from thanrak.monitoring.actions.common import number_sort_key, require_may
from thanrak.monitoring.actions.definitions import Measure, Part, check_indicator
from thanrak.monitoring.actions.errors import CannotChangeProgramme
from thanrak.monitoring.models import (
    Agency,
    Direction,
    Indicator,
    IndicatorKind,
    PolicyItem,
    Programme,
    ProgrammeKind,
    Temporal,
)


@transaction.atomic
def policy_item_ensure(
    *, code: str, title_th: str, title_en: str = "", result_number: str = ""
) -> PolicyItem:
    """Create a policy item (7, 7.1, 7.1.1 …) once; its parent is the code without the last part."""
    code = from_thai_digits(code).strip()
    parent = None
    if "." in code:
        parent_code = code.rsplit(".", 1)[0]
        parent = PolicyItem.objects.filter(code=parent_code).first()
        if parent is None:
            raise CannotChangeProgramme(
                _("Policy item %(parent)s must exist before %(code)s."),
                code="policy_item_exist",
                params={"parent": parent_code, "code": code},
            )
    item, created = PolicyItem.objects.get_or_create(
        code=code,
        defaults={
            "parent": parent,
            "title_th": title_th,
            "title_en": title_en,
            "result_number": result_number,
            "sort_key": number_sort_key(code),
        },
    )
    return item


@transaction.atomic
def agency_ensure(*, code: str, name_th: str, name_en: str = "") -> Agency:
    """An agency by its short code, created on first use."""
    agency, _created = Agency.objects.get_or_create(
        code=code, defaults={"name_th": name_th, "name_en": name_en}
    )
    return agency


@transaction.atomic
def programme_create(
    *,
    by: User,
    at: dt.datetime,
    section: str,
    policy_item: PolicyItem,
    name_th: str,
    name_en: str = "",
    kind: str = ProgrammeKind.PROGRAMME,
    parent: Programme | None = None,
    owner_agency: Agency | None = None,
    first_fiscal_year: int | None = None,
    last_fiscal_year: int | None = None,
    description: str = "",
    code: str = "",
) -> Programme:
    """Define a programme or project under a policy item; the centre does this."""
    require_may(by, "monitoring.programme", "change", CannotChangeProgramme)
    section = from_thai_digits(section).strip()
    name_th = name_th.strip()
    if not section:
        raise CannotChangeProgramme(
            _("Give the report section number, e.g. 1.1.3."),
            code="give_report_section_number",
            field="section",
        )
    if not name_th:
        raise CannotChangeProgramme(
            _("The Thai name is required."), code="thai_name_required", field="name_th"
        )
    if first_fiscal_year and last_fiscal_year and last_fiscal_year < first_fiscal_year:
        raise CannotChangeProgramme(
            _("The last fiscal year is before the first."),
            code="last_fiscal_year_first",
            field="last_fiscal_year",
        )
    code = (code or section).strip()
    if Programme.objects.filter(code=code).exists():
        raise CannotChangeProgramme(
            _("A programme with code %(code)s exists."),
            code="programme_code_exists",
            field="code",
            params={"code": code},
        )
    if parent is not None and parent.policy_item_id != policy_item.pk:
        raise CannotChangeProgramme(
            _("A project belongs to the same policy item as its programme."),
            code="project_belongs_same_policy",
            field="parent",
        )
    return Programme.objects.create(
        code=code,
        section=section,
        kind=kind,
        policy_item=policy_item,
        parent=parent,
        name_th=name_th,
        name_en=name_en.strip(),
        owner_agency=owner_agency,
        first_fiscal_year=first_fiscal_year,
        last_fiscal_year=last_fiscal_year,
        description=description,
        sort_key=number_sort_key(section) + "~" + code,
        created_at=at,
    )


@transaction.atomic
def programme_update(*, programme: Programme, by: User, **fields: Any) -> Programme:
    """Change a programme's names, agency, years or description."""
    require_may(by, "monitoring.programme", "change", CannotChangeProgramme)
    allowed = {
        "name_th",
        "name_en",
        "owner_agency",
        "first_fiscal_year",
        "last_fiscal_year",
        "description",
        "kind",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise CannotChangeProgramme(
            _("These fields cannot be changed here: %(f)s"),
            code="these_fields_changed_here",
            params={"f": ", ".join(unknown)},
        )
    for name, value in fields.items():
        setattr(programme, name, value)
    if (
        programme.first_fiscal_year
        and programme.last_fiscal_year
        and programme.last_fiscal_year < programme.first_fiscal_year
    ):
        raise CannotChangeProgramme(
            _("The last fiscal year is before the first."),
            code="last_fiscal_year_first",
            field="last_fiscal_year",
        )
    if not programme.name_th.strip():
        raise CannotChangeProgramme(
            _("The Thai name is required."), code="thai_name_required", field="name_th"
        )
    programme.save()
    return programme


def _next_indicator_code(programme: Programme) -> str:
    n = programme.indicators.count() + 1
    while True:
        code = f"{programme.code}-{n:02d}"
        if not Indicator.objects.filter(code=code).exists():
            return code
        n += 1


def _part(indicator: Indicator | None) -> Part | None:
    if indicator is None:
        return None
    return Part(pk=indicator.pk, unit=indicator.unit, derived=indicator.is_derived)


def _measure(computation: str) -> Measure | None:
    """What the named computation counts; None when none is registered by that name (or none named)."""
    if not computation:
        return None
    try:
        spec = computed.get(computation)
    except computed.UnknownComputation:
        return None
    return Measure(unit=spec.unit, temporal=spec.temporal)


@transaction.atomic
def indicator_create(
    *,
    by: User,
    at: dt.datetime,
    programme: Programme,
    name_th: str,
    unit: str,
    name_en: str = "",
    kind: str = IndicatorKind.COUNT,
    numerator: Indicator | None = None,
    denominator: Indicator | None = None,
    direction: str = Direction.UP,
    temporal: str = Temporal.FLOW,
    decimals: int | None = None,
    display_millions: bool | None = None,
    unit_label_th: str = "",
    unit_label_en: str = "",
    computation: str = "",
    dhis2_uid: str = "",
    code: str = "",
) -> Indicator:
    """Define what a programme measures. Ratio and share indicators name their two parts."""
    require_may(by, "monitoring.programme", "change", CannotChangeProgramme)
    checked = check_indicator(
        name_th=name_th,
        unit=unit,
        kind=kind,
        temporal=temporal,
        unit_label_th=unit_label_th,
        numerator=_part(numerator),
        denominator=_part(denominator),
        computation=computation,
        measure=_measure(computation),
        decimals=decimals,
        display_millions=display_millions,
    )
    code = (code or _next_indicator_code(programme)).strip()
    if Indicator.objects.filter(code=code).exists():
        raise CannotChangeProgramme(
            _("An indicator with code %(code)s exists."),
            code="indicator_code_exists",
            field="code",
            params={"code": code},
        )
    if dhis2_uid and Indicator.objects.filter(dhis2_uid=dhis2_uid).exists():
        raise CannotChangeProgramme(
            _("Another indicator uses this DHIS2 id."), code="another_indicator_uses_dhis2", field="dhis2_uid"
        )
    return Indicator.objects.create(
        code=code,
        programme=programme,
        name_th=checked.name_th,
        name_en=name_en.strip(),
        unit=checked.unit,
        unit_label_th=unit_label_th.strip(),
        unit_label_en=unit_label_en.strip(),
        kind=kind,
        numerator=numerator,
        denominator=denominator,
        direction=direction,
        temporal=checked.temporal,
        decimals=checked.decimals,
        display_millions=checked.display_millions,
        computation=computation,
        dhis2_uid=dhis2_uid,
        sort_order=programme.indicators.count() + 1,
        created_at=at,
    )
