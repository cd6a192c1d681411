"""The policy, agencies, programmes and indicator definitions."""

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.core.thai import from_thai_digits
from thanrak.monitoring import computed
from thanrak.monitoring.actions.common import _require, _sort_key
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
    Unit,
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
            "sort_key": _sort_key(code),
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
    _require(by, "monitoring.programme", "change", CannotChangeProgramme)
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
        sort_key=_sort_key(section) + "~" + code,
        created_at=at,
    )


@transaction.atomic
def programme_update(*, programme: Programme, by: User, **fields: Any) -> Programme:
    """Change a programme's names, agency, years or description."""
    _require(by, "monitoring.programme", "change", CannotChangeProgramme)
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
    _require(by, "monitoring.programme", "change", CannotChangeProgramme)
    name_th = name_th.strip()
    if not name_th:
        raise CannotChangeProgramme(
            _("The Thai name is required."), code="thai_name_required", field="name_th"
        )
    if unit not in Unit.values:
        raise CannotChangeProgramme(_("Choose a unit from the list."), code="choose_unit_list", field="unit")
    if unit == Unit.OTHER and not unit_label_th.strip():
        raise CannotChangeProgramme(
            _("Name the unit (its Thai counting word)."),
            code="name_unit_thai_counting",
            field="unit_label_th",
        )
    if kind in (IndicatorKind.RATIO, IndicatorKind.SHARE):
        if numerator is None or denominator is None:
            raise CannotChangeProgramme(
                _("A ratio or share needs a numerator and a denominator."),
                code="ratio_share_needs_numerator",
                field="numerator",
            )
        if numerator.pk == denominator.pk:
            raise CannotChangeProgramme(
                _("The numerator and denominator must differ."),
                code="numerator_denominator_differ",
                field="denominator",
            )
        if numerator.is_derived or denominator.is_derived:
            raise CannotChangeProgramme(
                _("A ratio is built from counts or sums, not from other ratios."),
                code="ratio_built_counts_sums",
                field="numerator",
            )
        if numerator.unit != denominator.unit:
            raise CannotChangeProgramme(
                _("The numerator and denominator must have the same unit."),
                code="numerator_denominator_same_unit",
                field="denominator",
            )
        if computation:
            raise CannotChangeProgramme(
                _("A ratio is computed from its parts, not by a query."),
                code="ratio_computed_parts_query",
                field="computation",
            )
        unit = Unit.PERCENT
        decimals = 2
    elif numerator is not None or denominator is not None:
        raise CannotChangeProgramme(
            _("Only ratio and share indicators have a numerator and denominator."),
            code="ratio_share_indicators_numerator",
            field="kind",
        )
    if computation:
        try:
            spec = computed.get(computation)
        except computed.UnknownComputation as exc:
            raise CannotChangeProgramme(
                _("No computation is registered as %(name)s."),
                code="computation_registered",
                field="computation",
                params={"name": computation},
            ) from exc
        if spec.unit != unit:
            raise CannotChangeProgramme(
                _("The computation counts %(unit)s; give the indicator that unit."),
                code="computation_counts_give_indicator",
                field="unit",
                params={"unit": Unit(spec.unit).label},
            )
        temporal = spec.temporal
    if unit == Unit.BAHT:
        decimals = 2
    if decimals is None:
        decimals = 2 if unit == Unit.PERCENT else 0
    if not 0 <= decimals <= 4:
        raise CannotChangeProgramme(_("Use 0 to 4 decimals."), code="use_decimals", field="decimals")
    if display_millions is None:
        display_millions = unit == Unit.BAHT
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
        name_th=name_th,
        name_en=name_en.strip(),
        unit=unit,
        unit_label_th=unit_label_th.strip(),
        unit_label_en=unit_label_en.strip(),
        kind=kind,
        numerator=numerator,
        denominator=denominator,
        direction=direction,
        temporal=temporal,
        decimals=decimals,
        display_millions=display_millions,
        computation=computation,
        dhis2_uid=dhis2_uid,
        sort_order=programme.indicators.count() + 1,
        created_at=at,
    )
