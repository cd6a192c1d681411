"""Writes on household caseloads: the district assigns target households, the volunteer visits."""

import datetime as dt
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.accounts.scope import OutsideScope, scope_of
from thanrak.core.errors import DomainError
from thanrak.services.actions._common import ensure_reach, text
from thanrak.services.models import Availability, CaseloadAssignment, Helper, Visit
from thanrak.survey.models import RunHousehold, TargetingRun


class CannotAssignCaseload(DomainError):
    """The households could not be assigned."""


class CannotRecordVisit(DomainError):
    """The visit could not be recorded."""


@transaction.atomic
def caseload_assign(
    *, run: TargetingRun, helper: Helper, household_ids: Iterable[int], by: User, on: dt.date
) -> int:
    """Give the volunteer the run's poor households among `household_ids` that are in the user's
    areas and nobody's caseload yet; returns how many were assigned."""
    if helper.availability == Availability.UNAVAILABLE:
        raise CannotAssignCaseload(
            _("This volunteer is not available."), code="helper_unavailable", field="helper"
        )
    scope = scope_of(by)
    poor = RunHousehold.objects.filter(run=run, is_poor=True, household_id__in=list(household_ids))
    taken = set(
        CaseloadAssignment.objects.active()
        .filter(household_id__in=poor.values("household_id"))
        .values_list("household_id", flat=True)
    )
    rows = [
        CaseloadAssignment(
            household_id=r.household_id,
            helper=helper,
            run=run,
            area_code=r.area_code,
            assigned_on=on,
            assigned_by=by,
        )
        for r in poor
        if r.household_id not in taken and scope.covers_area(r.area_code)
    ]
    if not rows:
        raise CannotAssignCaseload(
            _("No target household of this run is left to assign in your areas."),
            code="nothing_to_assign",
            field="household_ids",
        )
    CaseloadAssignment.objects.bulk_create(rows)
    return len(rows)


@transaction.atomic
def caseload_end(*, assignment: CaseloadAssignment, by: User, on: dt.date) -> CaseloadAssignment:
    """Take the household out of the volunteer's caseload (it can then be given to another)."""
    ensure_reach(by, assignment.area_code)
    if assignment.ended_on is None:
        assignment.ended_on = max(on, assignment.assigned_on)
        assignment.save(update_fields=["ended_on"])
    return assignment


def _ensure_visitor(user: User, assignment: CaseloadAssignment) -> None:
    """The volunteer of the caseload, or area staff of the household's area."""
    if assignment.helper.person.user_id == user.pk:
        return
    if not scope_of(user).covers_area(assignment.area_code):
        raise OutsideScope(assignment.area_code)


def visit_record(
    *,
    assignment: CaseloadAssignment,
    on: dt.date,
    what: str,
    by: User,
    at: dt.datetime,
    today: dt.date,
    next_step: str = "",
    key: str | None = None,
) -> Visit:
    """Record a visit; the phone's key makes a visit sent twice (offline, then again) one visit."""
    if key and (prior := Visit.objects.filter(client_key=key).first()) is not None:
        return prior
    _ensure_visitor(by, assignment)
    if assignment.ended_on is not None:
        raise CannotRecordVisit(_("This household is no longer in the caseload."), code="caseload_ended")
    what = text(what, 500)
    if not what:
        raise CannotRecordVisit(_("Write what was done at the visit."), code="visit_missing", field="what")
    if on < assignment.assigned_on or on > today:
        raise CannotRecordVisit(
            _("The visit date must be between the assignment and today."),
            code="visit_date_invalid",
            field="on",
        )
    try:
        with transaction.atomic():
            return Visit.objects.create(
                assignment=assignment,
                on=on,
                what=what,
                next_step=text(next_step, 300),
                by=by,
                at=at,
                client_key=key or None,
            )
    except IntegrityError:  # the same key at the same moment: the other request recorded it
        return Visit.objects.get(client_key=key)
