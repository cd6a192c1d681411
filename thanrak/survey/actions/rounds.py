"""Rounds and the assignment of villages to collectors."""

import datetime as dt

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.accounts.roles import Role
from thanrak.accounts.scope import ensure_area, scope_of
from thanrak.core.errors import DomainError
from thanrak.core.events import emit
from thanrak.geo.models import Village
from thanrak.survey.actions._common import _require
from thanrak.survey.models import Assignment, Round, RoundStatus, SurveyVersion


class CannotManageRound(DomainError):
    """A round or assignment cannot be created or changed this way."""


@transaction.atomic
def round_create(
    *,
    version: SurveyVersion,
    year_be: int,
    area_code: str,
    title: str,
    reference_date: dt.date,
    by: User,
    at: dt.datetime,
) -> Round:
    """Open a round for a year and an area inside the officer's areas (one per year and area)."""
    _require(by, "survey.round", "change")
    ensure_area(by, area_code)
    if not version.year_from_be <= year_be <= version.year_to_be:
        raise CannotManageRound(
            _("The version %(version)s covers %(start)s–%(end)s, not %(year)s."),
            code="version_covers",
            field="year_be",
            params={
                "version": version.title_th,
                "start": version.year_from_be,
                "end": version.year_to_be,
                "year": year_be,
            },
        )
    overlapping = Round.objects.filter(year_be=year_be).filter(
        models.Q(area_code__startswith=area_code)
        | models.Q(area_code__in=[area_code[:n] for n in (2, 4, 6) if n < len(area_code)])
    )
    if overlapping.exists():
        raise CannotManageRound(
            _("A round for %(year)s already covers this area."),
            code="round_already_covers_area",
            field="area_code",
            params={"year": year_be},
        )
    return Round.objects.create(
        version=version,
        year_be=year_be,
        area_code=area_code,
        title=title.strip() or f"{version.title_th} {year_be}",
        reference_date=reference_date,
        created_by=by,
        created_at=at,
    )


@transaction.atomic
def round_close(*, round_: Round, by: User, at: dt.datetime) -> Round:
    """Stop collection; drafts stay but can no longer be submitted."""
    _require(by, "survey.round", "change")
    ensure_area(by, round_.area_code)
    Round.objects.filter(pk=round_.pk).update(status=RoundStatus.CLOSED)
    round_.refresh_from_db()
    return round_


@transaction.atomic
def assignment_set(
    *, round_: Round, village: Village, collector: User, by: User, at: dt.datetime
) -> Assignment:
    """Give a village of the round to a volunteer working there (replaces the previous collector)."""
    _require(by, "survey.round", "change")
    ensure_area(by, village.code)
    if not village.code.startswith(round_.area_code):
        raise CannotManageRound(
            _("This village is outside the round's area."), code="village_outside_round_area", field="village"
        )
    if collector.role != Role.VOLUNTEER:
        raise CannotManageRound(
            _("Villages are assigned to volunteers (collectors)."),
            code="villages_assigned_volunteers_collectors",
            field="collector",
        )
    if not scope_of(collector).covers_area(village.code):
        raise CannotManageRound(
            _("%(name)s does not work in this village; give them the area first."),
            code="does_work_village_give",
            field="collector",
            params={"name": str(collector)},
        )
    assignment, created = Assignment.objects.get_or_create(
        round=round_, village=village, defaults={"collector": collector, "assigned_at": at}
    )
    if not created and assignment.collector_id != collector.pk:
        assignment.collector = collector
        assignment.assigned_at = at
        assignment.save(update_fields=["collector", "assigned_at"])
    emit("survey.village_assigned", assignment=assignment)
    return assignment
