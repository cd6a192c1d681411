"""Writes on household caseloads: the district assigns target households, the volunteer visits."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

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


@dataclass(frozen=True)
class VisitRow:
    """A visit as the phone kept it: its own key, the household of the caseload, what was done."""

    client_key: str
    assignment_id: int
    on: dt.date
    what: str
    next_step: str = ""


@dataclass(frozen=True)
class VisitSynced:
    """What became of one row: the visit (created now or recorded before), or why it was refused."""

    client_key: str
    visit: Visit | None = None
    created: bool = False
    error: DomainError | None = None


def visits_sync(*, rows: list[VisitRow], by: User, at: dt.datetime, today: dt.date) -> list[VisitSynced]:
    """Record the visits a phone kept while offline, each on its own: a key already recorded gives
    back its visit (created=False), a refused row says why and names its field, the others are kept.
    The same key twice in one batch is one visit."""
    ids = {r.assignment_id for r in rows}
    reachable = {
        a.pk: a
        for a in CaseloadAssignment.objects.visible_to(by).filter(pk__in=ids).select_related("helper__person")
    }
    known = {v.client_key: v for v in Visit.objects.filter(client_key__in=[r.client_key for r in rows])}
    out = []
    for r in rows:
        if (prior := known.get(r.client_key)) is not None:
            out.append(VisitSynced(r.client_key, visit=prior))
            continue
        assignment = reachable.get(r.assignment_id)
        try:
            if assignment is None:
                raise CannotRecordVisit(
                    _("This household is not in a caseload you may see."),
                    code="assignment_unknown",
                    field="assignment_id",
                )
            visit = visit_record(
                assignment=assignment,
                on=r.on,
                what=r.what,
                next_step=r.next_step,
                by=by,
                at=at,
                today=today,
                key=r.client_key,
            )
        except (DomainError, OutsideScope) as exc:
            error = (
                exc
                if isinstance(exc, DomainError)
                else CannotRecordVisit(
                    _("You may not record visits for this household."),
                    code="outside_scope",
                    field="assignment_id",
                )
            )
            out.append(VisitSynced(r.client_key, error=error))
        else:
            known[r.client_key] = visit
            out.append(VisitSynced(r.client_key, visit=visit, created=True))
    return out
