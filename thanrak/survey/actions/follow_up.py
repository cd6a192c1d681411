"""Follow-up: recording the help given to a household."""

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.accounts.scope import ensure_area
from thanrak.core.errors import DomainError
from thanrak.registry.models import Household
from thanrak.survey.actions._common import _require
from thanrak.survey.models import Assistance, HelpKind, TargetingRun
from thanrak.survey.queries import help_link_allowed


class CannotRecordHelp(DomainError):
    """Help cannot be recorded for this household or link."""


# What help of each kind may point at (app_label.model): the loan it was, the group or fund the
# household joined, the programme that trained or served it.
LINKABLE = {
    HelpKind.LOAN: {"finance.loan"},
    HelpKind.MEMBERSHIP: {"registry.membership", "finance.fundmember"},
    HelpKind.TRAINING: {"monitoring.programme", "registry.membership"},
    HelpKind.PROGRAMME: {"monitoring.programme"},
}


@transaction.atomic
def assistance_record(
    *,
    household: Household,
    kind: str,
    description: str,
    given_on: dt.date,
    by: User,
    at: dt.datetime,
    indicators: list[int] | None = None,
    linked: models.Model | None = None,
    run: TargetingRun | None = None,
) -> Assistance:
    """Record help given to a household, linked to its record in another module (a membership, a loan…)."""
    _require(by, "survey.assistance", "change")
    ensure_area(by, household.area_code)
    if kind not in HelpKind.values:
        raise CannotRecordHelp(_("Choose the kind of help."), code="choose_kind_help", field="kind")
    description = " ".join((description or "").split())
    if not description:
        raise CannotRecordHelp(_("Describe the help given."), code="describe_help_given", field="description")
    if given_on > timezone.localdate(at):
        raise CannotRecordHelp(
            _("The date of the help is in the future."), code="date_help_future", field="given_on"
        )
    linked_type = None
    linked_id = ""
    if linked is not None:
        if linked._meta.label_lower not in LINKABLE[HelpKind(kind)]:
            raise CannotRecordHelp(
                _(
                    "This kind of help cannot be linked to that record: a loan to a loan, a membership "
                    "to a group or fund membership, a training to a programme or a group, a programme "
                    "to a programme."
                ),
                code="help_kind_cannot_link_record",
                field="linked",
            )
        if not help_link_allowed(viewer=by, household=household, record=linked):
            raise CannotRecordHelp(
                _("The record belongs to someone outside this household or is outside your areas."),
                code="record_belongs_someone_outside",
                field="linked",
            )
        linked_type = ContentType.objects.get_for_model(linked)
        linked_id = str(linked.pk)
    return Assistance.objects.create(
        household=household,
        area_code=household.area_code,
        kind=kind,
        description=description[:300],
        given_on=given_on,
        indicators=sorted({int(i) for i in indicators or []}),
        run=run,
        linked_type=linked_type,
        linked_id=linked_id,
        recorded_by=by,
        recorded_at=at,
    )
