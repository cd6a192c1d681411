"""Values: recording one figure, entering a form of rows, importing a file."""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.actions import audit_record
from thanrak.accounts.models import AuditEvent, User
from thanrak.core.access import user_may
from thanrak.core.tabular import Issue
from thanrak.core.thai import format_date
from thanrak.monitoring import periods
from thanrak.monitoring.actions.common import area_exists, clean_area_code, covers, require_may
from thanrak.monitoring.actions.errors import CannotSetValue, ImportRejected, PeriodLocked
from thanrak.monitoring.actions.targets import Change
from thanrak.monitoring.formatting import InvalidNumber, parse_amount
from thanrak.monitoring.models import (
    ImportBatch,
    ImportFormat,
    Indicator,
    Qualifier,
    RevisionAction,
    Value,
    ValueRevision,
    ValueSource,
    ValueStatus,
)
from thanrak.monitoring.periods import InvalidPeriod, Period
from thanrak.monitoring.queries import active_lock


@dataclass(frozen=True)
class Prepared:
    indicator: Indicator
    area_code: str
    period: Period
    stored: int
    qualifier: str
    comment: str
    existing: Value | None


def _check_typed_in(indicator: Indicator, source: str) -> None:
    """The indicator is active and takes values of this source (ratios never, computed ones by their
    computation only)."""
    if not indicator.is_active:
        raise CannotSetValue(
            _("The indicator %(code)s is no longer active."),
            code="indicator_inactive",
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
    # A published report's figure (SEED) is what was printed, even where Thanrak now computes it.
    if indicator.is_computed and source not in (ValueSource.COMPUTED, ValueSource.SEED):
        raise CannotSetValue(
            _("%(code)s is computed from Thanrak's records (%(name)s) and cannot be typed in."),
            code="computed_thanrak_records_typed",
            field="indicator",
            params={"code": indicator.code, "name": indicator.computation},
        )


def _checked_area(area_code: str, by: User | None) -> str:
    """The area's code, cleaned: an area that exists, inside the user's own."""
    area_code = clean_area_code(area_code)
    if not area_exists(area_code):
        raise CannotSetValue(
            _("There is no area with code %(code)s."),
            code="unknown_area",
            field="area_code",
            params={"code": area_code},
        )
    if by is not None and not covers(by, area_code):
        raise CannotSetValue(
            _("The area %(code)s is outside your areas; you can record values only for your own."),
            code="area_outside_your_areas",
            field="area_code",
            params={"code": area_code or "TH"},
        )
    return area_code


def _parsed_period(period: str, fiscal_year: int | None) -> Period:
    try:
        return periods.parse(period, fiscal_year=fiscal_year)
    except InvalidPeriod as exc:
        raise CannotSetValue(
            _(
                "%(period)s is not a period: use FY2565, FY2565Q1, 2565-01 (a month), CY2565 or @2565-01"
                " (as of)."
            ),
            code="not_a_period",
            field="period",
            params={"period": period or "—"},
        ) from exc


def _stored_amount(indicator: Indicator, amount: Any) -> int:
    """The amount typed, in the indicator's storage unit: a number, not negative, not too large."""
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
            code="too_many_decimals",
            field="value",
            params={"text": str(amount)[:40], "code": indicator.code, "n": indicator.scale},
        ) from exc
    if stored < 0:
        raise CannotSetValue(_("A value cannot be negative."), code="value_negative", field="value")
    if abs(stored) > 10**18:
        raise CannotSetValue(_("The value is too large."), code="value_too_large", field="value")
    return stored


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
    _check_typed_in(indicator, source)
    area_code = _checked_area(area_code, by)
    parsed_period = _parsed_period(period, fiscal_year)
    stored = _stored_amount(indicator, amount)
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
    if (lock := active_lock(parsed_period)) is not None:
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
                "This value was already %(status)s; ask for it to be returned for correction before"
                " changing it."
            ),
            code="value_already_ask_returned",
            field="value",
            params={"status": existing.get_status_display()},
        )
    return prepared


def _identical(p: Prepared) -> bool:
    e = p.existing
    return e is not None and e.value == p.stored and e.qualifier == p.qualifier and e.comment == p.comment


def write_prepared(
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
    require_may(by, "monitoring.value", "change", CannotSetValue)
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
    return write_prepared(p, by=by, at=at, source=source)


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
        change = write_prepared(p, by=by, at=at, source=source, batch=batch)
        result.changes.append(change)
        result.created += change.created
        result.updated += change.changed
        result.unchanged += not (change.created or change.changed)


@transaction.atomic
def values_enter(*, rows: Sequence[RowIn], by: User, at: dt.datetime) -> ImportResult:
    """Save several typed-in values together (a data-entry grid): all of them or none."""
    require_may(by, "monitoring.value", "change", CannotSetValue)
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
