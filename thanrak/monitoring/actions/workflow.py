"""Workflow: submit, approve, return, lock and reopen a period's values."""

import datetime as dt

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.actions import audit_record
from thanrak.accounts.models import AuditEvent, User
from thanrak.accounts.scope import scope_of
from thanrak.core.access import user_may
from thanrak.monitoring import periods
from thanrak.monitoring.actions.common import area_exists, clean_area_code, covers, require_may
from thanrak.monitoring.actions.errors import CannotChangeWorkflow
from thanrak.monitoring.models import (
    PeriodLock,
    RevisionAction,
    Value,
    ValueRevision,
    ValueSource,
    ValueStatus,
    WorkflowAction,
    WorkflowEvent,
)
from thanrak.monitoring.periods import InvalidPeriod, Period, PeriodType
from thanrak.monitoring.queries import active_lock


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
    if not area_exists(area_code):
        raise CannotChangeWorkflow(
            _("There is no area with code %(code)s."),
            code="unknown_area",
            field="area_code",
            params={"code": area_code},
        )
    if not covers(by, area_code):
        raise CannotChangeWorkflow(
            _("The area %(code)s is outside your areas."),
            code="area_outside_your_areas",
            field="area_code",
            params={"code": area_code or "TH"},
        )
    return area_code


def _not_locked(period: Period) -> None:
    if (lock := active_lock(period)) is not None:
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
    require_may(by, "monitoring.workflow", "change", CannotChangeWorkflow)
    area_code = _workflow_area(by, area_code)
    p = _workflow_period(period)
    _not_locked(p)
    drafts = _values_in(area_code, p).filter(status=ValueStatus.DRAFT)
    n = _move(drafts, to=ValueStatus.SUBMITTED, action=RevisionAction.SUBMIT, by=by, at=at, comment=comment)
    if not n:
        raise CannotChangeWorkflow(
            _("There are no draft values for %(area)s in %(period)s to submit."),
            code="no_drafts_to_submit",
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
    require_may(by, "monitoring.workflow", "approve", CannotChangeWorkflow)
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
            code="nothing_you_may_approve",
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
    require_may(by, "monitoring.workflow", "approve", CannotChangeWorkflow)
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
            code="nothing_to_return",
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
            code="values_not_approved",
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
