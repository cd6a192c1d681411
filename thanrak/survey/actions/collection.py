"""Collecting a household's answers: drafts, submission, the frozen revision."""

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.accounts.roles import Role
from thanrak.accounts.scope import ensure_area
from thanrak.core.errors import DomainError
from thanrak.registry.models import Household, HouseholdMember, Person
from thanrak.survey.actions._common import _require
from thanrak.survey.models import (
    Assignment,
    MemberAnswer,
    Response,
    ResponseRevision,
    ResponseStatus,
    Round,
    RoundStatus,
    Source,
)
from thanrak.survey.validation import Checked, Instrument, check


class CannotCollect(DomainError):
    """Answers cannot be stored (wrong round, village, member or value)."""

    def __init__(
        self,
        message: Any,
        *,
        code: str | None = None,
        field: str | None = None,
        params: dict[str, Any] | None = None,
        problems: list[Any] | None = None,
    ):
        super().__init__(message, code=code, field=field, params=params)
        self.problems = problems or []


def _ensure_may_collect(*, round_: Round, household: Household, by: User) -> None:
    _require(by, "survey.response", "change")
    if not household.area_code.startswith(round_.area_code):
        raise CannotCollect(
            _("This household is outside the round's area."),
            code="household_outside_round_area",
            field="household",
        )
    try:
        ensure_area(by, household.area_code)
    except PermissionError as exc:
        raise CannotCollect(
            _("Village %(village)s is outside your area."),
            code="village_outside_your_area",
            field="household",
            params={"village": household.area_code},
        ) from exc
    if by.role == Role.VOLUNTEER:
        assigned = Assignment.objects.filter(
            round=round_, village_id=household.area_code, collector=by
        ).exists()
        if not assigned:
            raise CannotCollect(
                _("Village %(village)s is not assigned to you in this round."),
                code="village_not_assigned_to_you",
                field="household",
                params={"village": household.area_code},
            )


def _current_members(household: Household, round_: Round) -> dict[int, Person]:
    """The household's members in the registry who were born by the round's reference date."""
    born = models.Q(person__birth_date__isnull=True) | models.Q(person__birth_date__lte=round_.reference_date)
    return {
        m.person_id: m.person
        for m in HouseholdMember.objects.filter(
            born, household=household, left_date__isnull=True
        ).select_related("person")
    }


@transaction.atomic
def response_save_draft(
    *,
    round_: Round,
    household: Household,
    household_raw: Mapping[str, Any],
    members_raw: Mapping[int, Mapping[str, Any]],
    by: User,
    at: dt.datetime,
) -> Response:
    """Keep whatever the collector typed, as typed, so that no draft is ever lost (checked on submit)."""
    _ensure_may_collect(round_=round_, household=household, by=by)
    response, _created = Response.objects.select_for_update().get_or_create(
        round=round_,
        household=household,
        defaults={"area_code": household.area_code, "collector": by, "started_at": at, "updated_at": at},
    )
    if response.status == ResponseStatus.SUBMITTED:
        raise CannotCollect(
            _("This household's answers were already submitted."),
            code="household_answers_already_submitted",
            field="household",
        )
    members = _current_members(household, round_)
    response.answers = {k: v for k, v in household_raw.items() if v not in (None, "")}
    response.answers["_members"] = {
        str(pid): {
            "age": raw.get("age"),
            "answers": {k: v for k, v in raw.get("answers", {}).items() if v not in (None, "")},
        }
        for pid, raw in members_raw.items()
        if pid in members
    }
    response.updated_at = at
    response.save(update_fields=["answers", "updated_at"])
    return response


def draft_values(response: Response | None) -> tuple[dict[str, Any], dict[int, dict[str, Any]]]:
    """A draft's raw household answers and members (for filling the form again)."""
    if response is None:
        return {}, {}
    answers = dict(response.answers)
    members = answers.pop("_members", None)
    if members is None:  # a submitted response: members are in MemberAnswer
        return answers, {m.person_id: {"age": m.age, "answers": m.answers} for m in response.members.all()}
    return answers, {int(pid): raw for pid, raw in members.items()}


def _store_submitted(
    *,
    round_: Round,
    household: Household,
    checked: Checked,
    by: User,
    at: dt.datetime,
    source: str,
    instance_id: str | None = None,
) -> Response:
    response, _created = Response.objects.select_for_update().get_or_create(
        round=round_,
        household=household,
        defaults={"area_code": household.area_code, "collector": by, "started_at": at, "updated_at": at},
    )
    if response.status == ResponseStatus.SUBMITTED:
        raise CannotCollect(
            _("This household's answers were already submitted."),
            code="household_answers_already_submitted",
            field="household",
        )
    clash = (
        MemberAnswer.objects.filter(round=round_, person_id__in=list(checked.members))
        .exclude(response=response)
        .select_related("person", "response__household")
        .first()
    )
    if clash is not None:
        raise CannotCollect(
            _("%(name)s is already listed in household %(house)s in this round."),
            code="already_listed_household_round",
            field=f"m{clash.person_id}-age",
            params={"name": clash.person.full_name, "house": clash.response.household.house_no},
        )
    response.members.all().delete()
    try:
        MemberAnswer.objects.bulk_create(
            MemberAnswer(response=response, round=round_, person_id=pid, age=m["age"], answers=m["answers"])
            for pid, m in checked.members.items()
        )
    except IntegrityError as exc:  # a concurrent submission took the same person
        raise CannotCollect(
            _("A member is already listed in another household in this round."),
            code="member_already_listed_another",
        ) from exc
    sexes = dict(Person.objects.filter(pk__in=list(checked.members)).values_list("pk", "sex"))
    response.revision = ResponseRevision.objects.create(
        response=response,
        round=round_,
        household=household,
        area_code=response.area_code,
        answers=checked.household,
        members=[
            [pid, m["age"], sexes.get(pid) or "", m["answers"]] for pid, m in sorted(checked.members.items())
        ],
        source=source,
        submitted_by=by,
        submitted_at=at,
    )
    response.answers = checked.household
    response.status = ResponseStatus.SUBMITTED
    response.source = source
    response.collector = by
    response.instance_id = instance_id
    response.submitted_at = at
    response.updated_at = at
    response.save()
    return response


def _check_or_refuse(
    inst: Instrument,
    round_: Round,
    household_raw: Mapping[str, Any],
    members_raw: Mapping[int, Any],
    persons: Mapping[int, Person],
) -> Checked:
    checked = check(
        inst,
        reference_date=round_.reference_date,
        household_raw=household_raw,
        members_raw=members_raw,
        persons=persons,
        complete=True,
    )
    if not checked.ok:
        first = checked.problems[0]
        raise CannotCollect(first.text, field=first.field, problems=checked.problems)
    return checked


@transaction.atomic
def response_submit(*, response: Response, by: User, at: dt.datetime) -> Response:
    """Check a draft completely and submit it; on any problem the draft stays as it was."""
    response = (
        Response.objects.select_for_update().select_related("round__version", "household").get(pk=response.pk)
    )
    round_ = response.round
    _ensure_may_collect(round_=round_, household=response.household, by=by)
    if round_.status != RoundStatus.OPEN:
        raise CannotCollect(_("This round is closed."), code="round_closed")
    if response.status == ResponseStatus.SUBMITTED:
        return response
    household_raw, members_raw = draft_values(response)
    members = _current_members(response.household, round_)
    if not members:
        raise CannotCollect(
            _("The household has no members in the registry."),
            code="household_members_registry",
            field="household",
        )
    missing = set(members) - set(members_raw)
    members_raw = {
        **{pid: {} for pid in missing},
        **{pid: v for pid, v in members_raw.items() if pid in members},
    }
    checked = _check_or_refuse(Instrument.of(round_.version), round_, household_raw, members_raw, members)
    return _store_submitted(
        round_=round_, household=response.household, checked=checked, by=by, at=at, source=Source.WEB
    )
