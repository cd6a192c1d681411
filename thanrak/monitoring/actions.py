"""The only code that writes monitoring data. Keyword-only, atomic; every value change is kept.

Rules enforced here (and in the database where a constraint can say it):
- officers write values only for areas inside their own; the country ('') is the centre's;
- a value in a locked period never changes; the centre reopens a period with a reason, audited;
- a submitted or approved value changes only after it is returned for correction;
- computed indicators are written by their computation, ratio and share indicators never.
"""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.actions import audit_record
from thanrak.accounts.models import AuditEvent, User
from thanrak.accounts.scope import scope_of
from thanrak.core.access import user_may
from thanrak.core.areas import is_area_code
from thanrak.core.errors import DomainError
from thanrak.core.tabular import Issue, bound_issues
from thanrak.core.thai import format_date, from_thai_digits
from thanrak.monitoring import computed, periods
from thanrak.monitoring.formatting import InvalidNumber, parse_amount
from thanrak.monitoring.models import (
    Agency,
    ComputationRun,
    Direction,
    FigureRole,
    ImportBatch,
    ImportFormat,
    Indicator,
    IndicatorKind,
    PeriodLock,
    PolicyItem,
    Programme,
    ProgrammeKind,
    PublishedFigure,
    Qualifier,
    RevisionAction,
    RunStatus,
    Target,
    TargetBasis,
    TargetRevision,
    Temporal,
    Unit,
    Value,
    ValueRevision,
    ValueSource,
    ValueStatus,
    WorkflowAction,
    WorkflowEvent,
)
from thanrak.monitoring.periods import InvalidPeriod, Period, PeriodType


class CannotChangeProgramme(DomainError):
    """A policy item, programme or indicator definition breaks a rule."""


class CannotSetTarget(DomainError):
    """The target cannot be set (area outside the user's, locked year, bad number)."""


class CannotSetValue(DomainError):
    """The value cannot be recorded; the message names the field at fault."""


class PeriodLocked(CannotSetValue):
    """The centre has locked the period; it must be reopened first."""


class CannotChangeWorkflow(DomainError):
    """A submit, approve, return, lock or reopen step is not possible now."""


class ImportRejected(DomainError):
    """A file had problems; nothing was written. `issues` names each row and field."""

    def __init__(self, issues: Sequence[Issue]):
        self.issues = bound_issues(issues)
        super().__init__(
            _("The file was not imported: %(count)s problem(s) found; nothing was changed."),
            params={"count": len(issues)},
        )


# --- small helpers -------------------------------------------------------------------------------


def _sort_key(number: str) -> str:
    """'1.1.10(2.1)' sorts after '1.1.9': every run of digits is zero-padded."""
    out, digits = [], ""
    for ch in number + " ":
        if ch.isdigit():
            digits += ch
            continue
        if digits:
            out.append(digits.zfill(4))
            digits = ""
        if ch != " ":
            out.append(ch)
    return "".join(out)


def clean_area_code(text: str) -> str:
    """'๕๖๐๑' → '5601'; 'TH', 'ทั่วประเทศ' and '' mean the whole country ('')."""
    code = from_thai_digits(str(text or "")).replace("\x00", "").strip()
    if code.upper() in ("", "TH", "ทั่วประเทศ"):
        return ""
    return code


_AREA_EXISTS: dict[str, bool] = {}


def _area_exists(code: str) -> bool:
    if code == "":
        return True
    if not is_area_code(code):
        return False
    from thanrak.geo.queries import MODEL_BY_LENGTH

    model = MODEL_BY_LENGTH[len(code)]
    if len(code) == 8:  # villages are created at run time: never cache a miss or a hit
        return model.objects.filter(code=code).exists()
    if code not in _AREA_EXISTS:
        _AREA_EXISTS[code] = model.objects.filter(code=code).exists()
    return _AREA_EXISTS[code]


def _covers(user: User, code: str) -> bool:
    return scope_of(user).covers_area(code) if code else scope_of(user).everything


def _reporting_span(period: Period) -> tuple[dt.date, dt.date]:
    """An 'as of' figure belongs to the month of its date; other periods to their whole span."""
    if period.type == PeriodType.AS_OF:
        return period.end, period.end
    return period.start, period.end


def _active_lock(period: Period) -> PeriodLock | None:
    """The active lock whose period contains this one (a fiscal-year lock holds all its values)."""
    start, end = _reporting_span(period)
    return (
        PeriodLock.objects.filter(reopened_at__isnull=True)
        .filter(
            Q(period_type=PeriodType.FISCAL_YEAR, fiscal_year=period.fiscal_year)
            | Q(period_start__lte=start, period_end__gte=end)
        )
        .order_by("period_start")
        .first()
    )


def _period_from_value(value: Value) -> Period:
    return periods.parse(value.period, fiscal_year=value.fiscal_year)


# --- the policy, agencies, programmes, indicators -----------------------------------------------


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


def _require(user: User, resource: str, action: str, error: type[DomainError]) -> None:
    if not user_may(user, resource, action):
        raise error(_("Your role may not do this."))


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


# --- targets ---------------------------------------------------------------------------------------


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
    _require(by, "monitoring.target", "change", CannotSetTarget)
    area_code = clean_area_code(area_code)
    if not _area_exists(area_code):
        raise CannotSetTarget(
            _("There is no area with code %(code)s."),
            code="area_code",
            field="area_code",
            params={"code": area_code},
        )
    if not _covers(by, area_code):
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
    if _active_lock(periods.fiscal_year(fiscal_year)) is not None:
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


# --- values ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Prepared:
    indicator: Indicator
    area_code: str
    period: Period
    stored: int
    qualifier: str
    comment: str
    existing: Value | None


def _prepare(
    *,
    indicator: Indicator,
    area_code: str,
    period: str,
    amount: Any,
    by: User | None,
    fiscal_year: int | None = None,
    comment: str = "",
    qualifier: str = "",
    source: str = ValueSource.ENTRY,
) -> Prepared:
    """Check one value against every rule; raise CannotSetValue naming the field at fault."""
    if not indicator.is_active:
        raise CannotSetValue(
            _("The indicator %(code)s is no longer active."),
            code="indicator_longer_active",
            field="indicator",
            params={"code": indicator.code},
        )
    if indicator.is_derived:
        raise CannotSetValue(
            _("%(code)s is computed from its numerator and denominator; enter those instead."),
            code="computed_numerator_denominator_enter",
            field="indicator",
            params={"code": indicator.code},
        )
    if indicator.is_computed and source != ValueSource.COMPUTED:
        raise CannotSetValue(
            _("%(code)s is computed from Thanrak's records (%(name)s) and cannot be typed in."),
            code="computed_thanrak_records_typed",
            field="indicator",
            params={"code": indicator.code, "name": indicator.computation},
        )
    area_code = clean_area_code(area_code)
    if not _area_exists(area_code):
        raise CannotSetValue(
            _("There is no area with code %(code)s."),
            code="area_code",
            field="area_code",
            params={"code": area_code},
        )
    if by is not None and not _covers(by, area_code):
        raise CannotSetValue(
            _("The area %(code)s is outside your areas; you can record values only for your own."),
            code="area_outside_your_areas",
            field="area_code",
            params={"code": area_code or "TH"},
        )
    try:
        parsed_period = periods.parse(period, fiscal_year=fiscal_year)
    except InvalidPeriod as exc:
        raise CannotSetValue(
            _(
                "%(period)s is not a period: use FY2565, FY2565Q1, 2565-01 (a month), CY2565 or @2565-01 (as of)."
            ),
            code="period_use_fy2565_fy2565q1",
            field="period",
            params={"period": period or "—"},
        ) from exc
    try:
        amount_dec = parse_amount(amount)
    except InvalidNumber as exc:
        raise CannotSetValue(
            _("%(text)s is not a number."),
            code="not_a_number",
            field="value",
            params={"text": str(amount)[:40]},
        ) from exc
    try:
        stored = indicator.to_storage(amount_dec)
    except ValueError as exc:
        raise CannotSetValue(
            _("%(text)s has more decimals than %(code)s allows (%(n)s)."),
            code="decimals_allows",
            field="value",
            params={"text": str(amount)[:40], "code": indicator.code, "n": indicator.scale},
        ) from exc
    if stored < 0:
        raise CannotSetValue(_("A value cannot be negative."), code="value_negative", field="value")
    if abs(stored) > 10**18:
        raise CannotSetValue(_("The value is too large."), code="value_too_large", field="value")
    if qualifier not in Qualifier.values:
        raise CannotSetValue(_("Unknown qualifier."), code="unknown_qualifier", field="qualifier")
    existing = (
        Value.objects.select_for_update()
        .filter(
            indicator=indicator,
            area_code=area_code,
            fiscal_year=parsed_period.fiscal_year,
            period=parsed_period.code,
        )
        .first()
    )
    comment = comment.replace("\x00", "").strip()[:2000]
    prepared = Prepared(indicator, area_code, parsed_period, stored, qualifier, comment, existing)
    if _identical(prepared):
        return prepared
    if (lock := _active_lock(parsed_period)) is not None:
        raise PeriodLocked(
            _("The period %(period)s is locked (closed %(locked)s); the centre must reopen it first."),
            field="period",
            params={"period": lock.period, "locked": format_date(lock.locked_at)},
        )
    if (
        existing is not None
        and existing.status != ValueStatus.DRAFT
        and source not in (ValueSource.COMPUTED, ValueSource.SEED)
    ):
        raise CannotSetValue(
            _(
                "This value was already %(status)s; ask for it to be returned for correction before changing it."
            ),
            code="value_already_ask_returned",
            field="value",
            params={"status": existing.get_status_display()},
        )
    return prepared


def _identical(p: Prepared) -> bool:
    e = p.existing
    return e is not None and e.value == p.stored and e.qualifier == p.qualifier and e.comment == p.comment


def _write(
    p: Prepared,
    *,
    by: User | None,
    at: dt.datetime,
    source: str,
    batch: ImportBatch | None = None,
    computation: str = "",
    computation_version: int | None = None,
) -> Change:
    if _identical(p):
        return Change(p.existing)
    status = ValueStatus.APPROVED if source in (ValueSource.COMPUTED, ValueSource.SEED) else ValueStatus.DRAFT
    if p.existing is None:
        try:
            with transaction.atomic():
                value = Value.objects.create(
                    indicator=p.indicator,
                    area_code=p.area_code,
                    period=p.period.code,
                    period_type=p.period.type,
                    period_start=p.period.start,
                    period_end=p.period.end,
                    fiscal_year=p.period.fiscal_year,
                    value=p.stored,
                    qualifier=p.qualifier,
                    status=status,
                    source=source,
                    comment=p.comment,
                    computation=computation,
                    computation_version=computation_version,
                    created_at=at,
                    created_by=by,
                    updated_at=at,
                    updated_by=by,
                )
        except IntegrityError as exc:
            raise CannotSetValue(
                _("Someone recorded this value at the same moment; try again."),
                code="someone_recorded_value_same",
            ) from exc
        old_value, old_status, action = None, "", RevisionAction.CREATE
    else:
        value = p.existing
        old_value, old_status, action = value.value, value.status, RevisionAction.UPDATE
        value.value, value.qualifier, value.comment = p.stored, p.qualifier, p.comment
        value.status, value.source = status, source
        value.computation, value.computation_version = computation, computation_version
        value.updated_at, value.updated_by = at, by
        value.save()
    ValueRevision.objects.create(
        value=value,
        at=at,
        by=by,
        action=action,
        old_value=old_value,
        new_value=p.stored,
        old_status=old_status,
        new_status=status,
        source=source,
        comment=p.comment,
        batch=batch,
        computation=computation,
        computation_version=computation_version,
    )
    return Change(value, created=p.existing is None, changed=p.existing is not None)


@transaction.atomic
def value_set(
    *,
    indicator: Indicator,
    area_code: str,
    period: str,
    amount: Any,
    by: User,
    at: dt.datetime,
    fiscal_year: int | None = None,
    comment: str = "",
    qualifier: str = "",
    source: str = ValueSource.ENTRY,
) -> Change:
    """Record an achieved value (an officer's entry); the same value again changes nothing."""
    if source not in (ValueSource.ENTRY, ValueSource.SEED):
        raise CannotSetValue(
            _("Use the import or the computation for this source."), code="use_import_computation_source"
        )
    _require(by, "monitoring.value", "change", CannotSetValue)
    p = _prepare(
        indicator=indicator,
        area_code=area_code,
        period=period,
        amount=amount,
        by=by,
        fiscal_year=fiscal_year,
        comment=comment,
        qualifier=qualifier,
        source=source,
    )
    return _write(p, by=by, at=at, source=source)


@dataclass
class RowIn:
    """One row of a file, before checking: where it came from and what it says."""

    row: int
    indicator_code: str
    area_code: str
    period: str
    amount: Any
    comment: str = ""
    qualifier: str = ""
    fiscal_year: int | None = None


@dataclass
class ImportResult:
    batch: ImportBatch | None
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    changes: list[Change] = field(default_factory=list)


def _indicator_lookup(codes: Iterable[str]) -> dict[str, Indicator]:
    codes = {c for c in codes if c and "\x00" not in c}
    found = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    for i in Indicator.objects.filter(dhis2_uid__in=codes):
        found.setdefault(i.dhis2_uid, i)
    return found


def _check_rows(
    rows: Sequence[RowIn], *, by: User, source: str, names: dict[str, str], issues: Sequence[Issue] = ()
) -> list[Prepared]:
    """Check every row; raise ImportRejected naming each row and column at fault."""
    found = list(issues)
    indicators = _indicator_lookup(r.indicator_code.strip() for r in rows)
    prepared: list[Prepared] = []
    seen: dict[tuple[int, str, int, str], int] = {}
    for r in rows:
        indicator = indicators.get(r.indicator_code.strip())
        if indicator is None:
            found.append(
                Issue(
                    r.row,
                    names["indicator"],
                    _("Unknown indicator code %(code)s."),
                    {"code": r.indicator_code or "—"},
                )
            )
            continue
        try:
            p = _prepare(
                indicator=indicator,
                area_code=r.area_code,
                period=r.period,
                amount=r.amount,
                by=by,
                fiscal_year=r.fiscal_year,
                comment=r.comment,
                qualifier=r.qualifier,
                source=source,
            )
        except CannotSetValue as exc:
            found.append(Issue(r.row, names.get(exc.field or "", exc.field), exc.message, exc.params))
            continue
        key = (indicator.pk, p.area_code, p.period.fiscal_year, p.period.code)
        if key in seen:
            found.append(
                Issue(
                    r.row,
                    names["indicator"],
                    _("The same indicator, area and period as row %(other)s."),
                    {"other": seen[key]},
                )
            )
            continue
        seen[key] = r.row
        prepared.append(p)
    if found:
        raise ImportRejected(sorted(found, key=lambda i: (i.row or 0, i.column or "")))
    return prepared


COLUMNS = {
    "indicator": "indicator",
    "area_code": "area",
    "period": "period",
    "value": "value",
    "qualifier": "qualifier",
}


@transaction.atomic
def values_import(
    *,
    rows: Sequence[RowIn],
    by: User,
    at: dt.datetime,
    format: str,
    filename: str = "",
    dry_run: bool = False,
    column_names: dict[str, str] | None = None,
    issues: Sequence[Issue] = (),
) -> ImportResult:
    """Check every row first; if any row is wrong raise ImportRejected naming each, else write all.

    Nothing is half-written: the rows are written in one transaction after all of them passed.
    """
    if not user_may(by, "monitoring.value", "import"):
        raise ImportRejected([Issue(None, None, _("Your role may not import values."))])
    source = ValueSource.DHIS2 if format == ImportFormat.DHIS2 else ValueSource.IMPORT
    prepared = _check_rows(
        rows, by=by, source=source, names={**COLUMNS, **(column_names or {})}, issues=issues
    )
    result = ImportResult(batch=None, dry_run=dry_run)
    if dry_run:
        for p in prepared:
            if p.existing is None:
                result.created += 1
            elif _identical(p):
                result.unchanged += 1
            else:
                result.updated += 1
        return result
    batch = ImportBatch.objects.create(format=format, filename=filename[:200], by=by, at=at, rows=len(rows))
    _write_all(prepared, result, by=by, at=at, source=source, batch=batch)
    batch.created, batch.updated, batch.unchanged = result.created, result.updated, result.unchanged
    batch.save(update_fields=["created", "updated", "unchanged"])
    result.batch = batch
    audit_record(
        by=by,
        event=AuditEvent.IMPORT,
        at=at,
        object_type="monitoring.importbatch",
        object_id=str(batch.pk),
        area_code=_common_area(p.area_code for p in prepared),
        detail={
            "format": format,
            "file": filename[:200],
            "rows": len(rows),
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        },
    )
    return result


def _write_all(
    prepared: Sequence[Prepared],
    result: ImportResult,
    *,
    by: User,
    at: dt.datetime,
    source: str,
    batch: ImportBatch | None = None,
) -> None:
    for p in prepared:
        change = _write(p, by=by, at=at, source=source, batch=batch)
        result.changes.append(change)
        result.created += change.created
        result.updated += change.changed
        result.unchanged += not (change.created or change.changed)


@transaction.atomic
def values_enter(*, rows: Sequence[RowIn], by: User, at: dt.datetime) -> ImportResult:
    """Save several typed-in values together (a data-entry grid): all of them or none."""
    _require(by, "monitoring.value", "change", CannotSetValue)
    prepared = _check_rows(rows, by=by, source=ValueSource.ENTRY, names=COLUMNS)
    result = ImportResult(batch=None)
    _write_all(prepared, result, by=by, at=at, source=ValueSource.ENTRY)
    return result


def _common_area(codes: Iterable[str]) -> str:
    codes = list(codes)
    if not codes:
        return ""
    prefix = codes[0]
    for c in codes[1:]:
        while not c.startswith(prefix):
            prefix = prefix[:-2]
    return prefix


# --- workflow: submit, approve, return, lock, reopen ---------------------------------------------


def _workflow_period(text: str) -> Period:
    try:
        period = periods.parse(text)
    except InvalidPeriod as exc:
        raise CannotChangeWorkflow(
            _("%(p)s is not a period."), code="not_a_period", field="period", params={"p": text or "—"}
        ) from exc
    if period.type not in (PeriodType.FISCAL_YEAR, PeriodType.QUARTER, PeriodType.MONTH):
        raise CannotChangeWorkflow(
            _("Submit, approve and lock by fiscal year, quarter or month."),
            code="submit_approve_lock_fiscal",
            field="period",
        )
    return period


def _values_in(area_code: str, period: Period) -> QuerySet[Value]:
    """Values of an area (and below) reported in a period; 'as of' figures by their date."""
    qs = Value.objects.filter(area_code__startswith=area_code)
    if period.type == PeriodType.FISCAL_YEAR:
        return qs.filter(fiscal_year=period.fiscal_year)
    inside = Q(period_start__gte=period.start, period_end__lte=period.end) & ~Q(period_type=PeriodType.AS_OF)
    as_of = Q(period_type=PeriodType.AS_OF, period_end__gte=period.start, period_end__lte=period.end)
    return qs.filter(inside | as_of)


def _move(values: QuerySet[Value], *, to: str, action: str, by: User, at: dt.datetime, comment: str) -> int:
    rows = list(values.select_for_update().order_by("pk"))
    revisions = [
        ValueRevision(
            value=v,
            at=at,
            by=by,
            action=action,
            old_value=v.value,
            new_value=v.value,
            old_status=v.status,
            new_status=to,
            source=v.source,
            comment=comment,
            computation=v.computation,
            computation_version=v.computation_version,
        )
        for v in rows
    ]
    Value.objects.filter(pk__in=[v.pk for v in rows]).update(status=to, updated_at=at, updated_by=by)
    ValueRevision.objects.bulk_create(revisions)
    return len(rows)


def _workflow_area(by: User, area_code: str) -> str:
    area_code = clean_area_code(area_code)
    if not _area_exists(area_code):
        raise CannotChangeWorkflow(
            _("There is no area with code %(code)s."),
            code="area_code",
            field="area_code",
            params={"code": area_code},
        )
    if not _covers(by, area_code):
        raise CannotChangeWorkflow(
            _("The area %(code)s is outside your areas."),
            code="area_outside_your_areas",
            field="area_code",
            params={"code": area_code or "TH"},
        )
    return area_code


def _not_locked(period: Period) -> None:
    if (lock := _active_lock(period)) is not None:
        raise CannotChangeWorkflow(
            _("The period %(period)s is locked; the centre must reopen it first."),
            code="period_locked_centre_reopen",
            field="period",
            params={"period": lock.period},
        )


@transaction.atomic
def workflow_submit(
    *, area_code: str, period: str, by: User, at: dt.datetime, comment: str = ""
) -> WorkflowEvent:
    """An officer sends the draft values of an area and period for approval."""
    _require(by, "monitoring.workflow", "change", CannotChangeWorkflow)
    area_code = _workflow_area(by, area_code)
    p = _workflow_period(period)
    _not_locked(p)
    drafts = _values_in(area_code, p).filter(status=ValueStatus.DRAFT)
    n = _move(drafts, to=ValueStatus.SUBMITTED, action=RevisionAction.SUBMIT, by=by, at=at, comment=comment)
    if not n:
        raise CannotChangeWorkflow(
            _("There are no draft values for %(area)s in %(period)s to submit."),
            code="draft_values_submit",
            params={"area": area_code or "TH", "period": p.code},
        )
    return WorkflowEvent.objects.create(
        action=WorkflowAction.SUBMIT,
        area_code=area_code,
        period=p.code,
        fiscal_year=p.fiscal_year,
        by=by,
        at=at,
        comment=comment,
        value_count=n,
    )


def _approvable(values: QuerySet[Value], by: User) -> QuerySet[Value]:
    """A provincial officer approves what districts below sent, never figures of the province
    itself or the country; the centre approves everything."""
    if scope_of(by).everything:
        return values
    return values.exclude(area_code__regex=r"^([0-9]{2})?$")


@transaction.atomic
def workflow_approve(
    *, area_code: str, period: str, by: User, at: dt.datetime, comment: str = ""
) -> WorkflowEvent:
    """The province (or the centre) approves the submitted values of an area and period."""
    _require(by, "monitoring.workflow", "approve", CannotChangeWorkflow)
    area_code = _workflow_area(by, area_code)
    p = _workflow_period(period)
    _not_locked(p)
    submitted = _approvable(_values_in(area_code, p).filter(status=ValueStatus.SUBMITTED), by)
    n = _move(
        submitted, to=ValueStatus.APPROVED, action=RevisionAction.APPROVE, by=by, at=at, comment=comment
    )
    if not n:
        raise CannotChangeWorkflow(
            _("There are no submitted values for %(area)s in %(period)s that you may approve."),
            code="submitted_values_you_may",
            params={"area": area_code or "TH", "period": p.code},
        )
    return WorkflowEvent.objects.create(
        action=WorkflowAction.APPROVE,
        area_code=area_code,
        period=p.code,
        fiscal_year=p.fiscal_year,
        by=by,
        at=at,
        comment=comment,
        value_count=n,
    )


@transaction.atomic
def workflow_return(*, area_code: str, period: str, by: User, at: dt.datetime, comment: str) -> WorkflowEvent:
    """Send submitted or approved values back to draft for correction, with the reason."""
    _require(by, "monitoring.workflow", "approve", CannotChangeWorkflow)
    if not comment.strip():
        raise CannotChangeWorkflow(
            _("Say what needs correcting."), code="say_what_needs_correcting", field="comment"
        )
    area_code = _workflow_area(by, area_code)
    p = _workflow_period(period)
    _not_locked(p)
    sent = _approvable(
        _values_in(area_code, p)
        .filter(status__in=[ValueStatus.SUBMITTED, ValueStatus.APPROVED])
        .exclude(source__in=[ValueSource.COMPUTED]),
        by,
    )
    n = _move(sent, to=ValueStatus.DRAFT, action=RevisionAction.RETURN, by=by, at=at, comment=comment.strip())
    if not n:
        raise CannotChangeWorkflow(
            _("There are no submitted or approved values for %(area)s in %(period)s to return."),
            code="submitted_approved_values_return",
            params={"area": area_code or "TH", "period": p.code},
        )
    return WorkflowEvent.objects.create(
        action=WorkflowAction.RETURN,
        area_code=area_code,
        period=p.code,
        fiscal_year=p.fiscal_year,
        by=by,
        at=at,
        comment=comment.strip(),
        value_count=n,
    )


@transaction.atomic
def period_lock(*, period: str, by: User, at: dt.datetime, include_unapproved: bool = False) -> PeriodLock:
    """The centre closes a period: from now on its values and targets do not change."""
    if not scope_of(by).everything or not user_may(by, "monitoring.lock", "change"):
        raise CannotChangeWorkflow(_("Only the centre locks periods."), code="centre_locks_periods")
    p = _workflow_period(period)
    if PeriodLock.objects.filter(period=p.code, reopened_at__isnull=True).exists():
        raise CannotChangeWorkflow(
            _("%(p)s is already locked."), code="already_locked", field="period", params={"p": p.code}
        )
    pending = _values_in("", p).exclude(status=ValueStatus.APPROVED).count()
    if pending and not include_unapproved:
        raise CannotChangeWorkflow(
            _(
                "%(n)s value(s) in %(p)s are not approved yet; approve or return them first, or lock anyway "
                "(the report counts approved values only)."
            ),
            code="value_approved_yet_approve",
            field="period",
            params={"n": pending, "p": p.code},
        )
    lock = PeriodLock.objects.create(
        period=p.code,
        period_type=p.type,
        period_start=p.start,
        period_end=p.end,
        fiscal_year=p.fiscal_year,
        locked_by=by,
        locked_at=at,
    )
    WorkflowEvent.objects.create(
        action=WorkflowAction.LOCK,
        area_code="",
        period=p.code,
        fiscal_year=p.fiscal_year,
        by=by,
        at=at,
        value_count=_values_in("", p).count(),
        comment=f"{pending} not approved" if pending else "",
    )
    return lock


@transaction.atomic
def period_reopen(
    *, lock: PeriodLock, by: User, at: dt.datetime, reason: str, ip: str | None = None
) -> PeriodLock:
    """Reopen a locked period; the reason goes to the audit log and the workflow history."""
    if not scope_of(by).everything or not user_may(by, "monitoring.lock", "change"):
        raise CannotChangeWorkflow(_("Only the centre reopens periods."), code="centre_reopens_periods")
    reason = reason.strip()
    if not reason:
        raise CannotChangeWorkflow(
            _("Give the reason for reopening; it is kept in the audit log."),
            code="give_reason_reopening_kept",
            field="reason",
        )
    lock = PeriodLock.objects.select_for_update().get(pk=lock.pk)
    if lock.reopened_at is not None:
        raise CannotChangeWorkflow(
            _("%(p)s was already reopened."), code="already_reopened", params={"p": lock.period}
        )
    lock.reopened_by, lock.reopened_at, lock.reopen_reason = by, at, reason
    lock.save(update_fields=["reopened_by", "reopened_at", "reopen_reason"])
    audit_record(
        by=by,
        event=AuditEvent.REOPEN,
        at=at,
        object_type="monitoring.periodlock",
        object_id=str(lock.pk),
        detail={"period": lock.period, "reason": reason, "locked_at": lock.locked_at.isoformat()},
        ip=ip,
    )
    WorkflowEvent.objects.create(
        action=WorkflowAction.REOPEN,
        area_code="",
        period=lock.period,
        fiscal_year=lock.fiscal_year,
        by=by,
        at=at,
        comment=reason,
    )
    return lock


# --- computed values -------------------------------------------------------------------------------


def _computation_periods(temporal: str, fiscal_year: int, on: dt.date) -> list[Period]:
    """The months of a fiscal year up to `on`: 'as of' month ends for stocks, months for flows."""
    out = []
    for month in periods.months_of(fiscal_year):
        if month.start > on:
            break
        code = f"@{month.code}" if temporal == Temporal.STOCK else month.code
        out.append(periods.parse(code))
    return out


@transaction.atomic
def computation_refresh(
    *, name: str, fiscal_year: int, on: dt.date, at: dt.datetime, by: User | None = None
) -> ComputationRun:
    """Recompute one computation's values for a fiscal year, month by month up to `on`.

    Months whose values came from the current version are kept, except the month of `on` (still
    moving); locked months keep their values whatever version made them. Areas that no longer
    appear are set to zero, so a roll-up never keeps a stale figure.
    """
    spec = computed.get(name)
    run = ComputationRun.objects.create(
        name=name, version=spec.version, fiscal_year=fiscal_year, started_at=at, triggered_by=by
    )
    indicators = list(Indicator.objects.filter(computation=name, is_active=True))
    for indicator in indicators:
        for period in _computation_periods(spec.temporal, fiscal_year, on):
            existing = {
                v.area_code: v
                for v in Value.objects.select_for_update().filter(
                    indicator=indicator, fiscal_year=period.fiscal_year, period=period.code
                )
            }
            current_month = period.start <= on <= period.end
            up_to_date = existing and all(v.computation_version == spec.version for v in existing.values())
            if up_to_date and not current_month:
                run.unchanged += len(existing)
                continue
            if _active_lock(period) is not None:
                run.skipped_locked += len(existing) or 1
                continue
            end = min(period.end, on)
            answer = spec.run(
                start=period.start if spec.temporal == Temporal.FLOW else fiscal_start(fiscal_year), end=end
            )
            for code in existing.keys() - answer.keys():
                answer[code] = 0
            for code, number in sorted(answer.items()):
                if not _area_exists(code):
                    continue
                p = Prepared(indicator, code, period, number, "", "", existing.get(code))
                if (
                    p.existing is not None
                    and p.existing.value == number
                    and p.existing.computation_version == spec.version
                ):
                    run.unchanged += 1
                    continue
                _write_computed(p, at=at, name=name, version=spec.version)
                run.written += 1
    run.status, run.finished_at = RunStatus.DONE, at
    run.save()
    return run


def fiscal_start(fiscal_year: int) -> dt.date:
    return periods.fiscal_year(fiscal_year).start


def _write_computed(p: Prepared, *, at: dt.datetime, name: str, version: int) -> None:
    if p.existing is not None and p.existing.value == p.stored:
        # Same number from a newer version: note the version without a new number.
        Value.objects.filter(pk=p.existing.pk).update(computation_version=version, updated_at=at)
        ValueRevision.objects.create(
            value=p.existing,
            at=at,
            by=None,
            action=RevisionAction.UPDATE,
            old_value=p.stored,
            new_value=p.stored,
            old_status=p.existing.status,
            new_status=ValueStatus.APPROVED,
            source=ValueSource.COMPUTED,
            computation=name,
            computation_version=version,
        )
        return
    _write(p, by=None, at=at, source=ValueSource.COMPUTED, computation=name, computation_version=version)


def computations_refresh_all(
    *, fiscal_years: Sequence[int], on: dt.date, clock: Any, by: User | None = None
) -> list[ComputationRun]:
    """Refresh every computation some indicator uses, each in its own transaction; a failure is
    recorded on its run and does not stop the others. `clock()` gives each run its timestamp."""
    names = sorted(set(Indicator.objects.exclude(computation="").values_list("computation", flat=True)))
    runs = []
    for name in names:
        for fy in fiscal_years:
            try:
                runs.append(computation_refresh(name=name, fiscal_year=fy, on=on, at=clock(), by=by))
            except Exception as exc:  # noqa: BLE001 — kept on the run for the operator to read
                version = computed.registry()[name].version if name in computed.registry() else 0
                runs.append(
                    ComputationRun.objects.create(
                        name=name,
                        version=version,
                        fiscal_year=fy,
                        started_at=clock(),
                        finished_at=clock(),
                        status=RunStatus.FAILED,
                        error=f"{type(exc).__name__}: {exc}"[:2000],
                        triggered_by=by,
                    )
                )
    return runs


# --- the published report (seed) -------------------------------------------------------------------


@transaction.atomic
def published_figure_record(
    *,
    document: str,
    row: int,
    section: str,
    role: str,
    indicator: Indicator,
    fiscal_year: int,
    printed_as: str,
    printed_number: str,
    value: Value | None = None,
    target: Target | None = None,
    notes: str = "",
) -> PublishedFigure:
    """Remember a figure as the report printed it, tied to the value or target that reproduces it."""
    if role not in FigureRole.values:
        raise CannotChangeProgramme(_("Unknown figure role."), code="unknown_figure_role")
    figure, _created = PublishedFigure.objects.update_or_create(
        document=document,
        row=row,
        defaults={
            "section": section,
            "role": role,
            "indicator": indicator,
            "fiscal_year": fiscal_year,
            "printed_as": printed_as,
            "printed_number": printed_number,
            "value": value,
            "target": target,
            "notes": notes,
        },
    )
    return figure


def seed_value_set(
    *,
    indicator: Indicator,
    area_code: str,
    period: str,
    fiscal_year: int | None,
    amount: Decimal,
    qualifier: str,
    comment: str,
    by: User,
    at: dt.datetime,
) -> Change:
    """A figure of a published report: recorded as approved, the centre's own data."""
    if not scope_of(by).everything:
        raise CannotSetValue(
            _("Only the centre loads published reports."), code="centre_loads_published_reports"
        )
    return value_set(
        indicator=indicator,
        area_code=area_code,
        period=period,
        amount=amount,
        by=by,
        at=at,
        fiscal_year=fiscal_year,
        comment=comment,
        qualifier=qualifier,
        source=ValueSource.SEED,
    )


def rollup_refresh(
    *,
    clock: Any,
    values_glob: str | None = None,
    targets_path: str | None = None,
    indicators_path: str | None = None,
) -> Any:
    """Rebuild the analytics store; the run (with its time and any error) is recorded.

    Without Parquet paths the approved values are exported from the database first."""
    from pathlib import Path

    from django.conf import settings

    from thanrak.monitoring import rollups
    from thanrak.monitoring.models import RollupRun

    source = values_glob or "database"
    run = RollupRun.objects.create(started_at=clock(), source=source[:200])
    try:
        if values_glob is None:
            directory = Path(settings.VAR_DIR) / "analytics" / "monitoring-export"
            v, t, i = rollups.export_values_parquet(directory)
            values_glob, targets_path, indicators_path = str(v), str(t), str(i)
        built = rollups.build_store(
            values_glob=values_glob, targets_path=str(targets_path), indicators_path=str(indicators_path)
        )
    except Exception as exc:  # noqa: BLE001 — recorded on the run for the operator
        RollupRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, finished_at=clock(), error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        run.refresh_from_db()
        return run
    RollupRun.objects.filter(pk=run.pk).update(
        status=RunStatus.DONE,
        finished_at=clock(),
        rows_in=built.rows_in,
        rows_out=built.rows_out,
        seconds=built.seconds,
    )
    run.refresh_from_db()
    return run
