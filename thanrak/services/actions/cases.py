"""Writes on cases: open (once per key), move through the states, assign an adviser; consent."""

import datetime as dt
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.core.errors import DomainError
from thanrak.registry.models import Household, Organisation, Person
from thanrak.services.actions._common import ensure_reach, long_text
from thanrak.services.models import (
    Case,
    CaseChannel,
    CaseOutcome,
    CaseStatus,
    CaseStep,
    CaseTopic,
    Consent,
    ConsentPurpose,
    Helper,
    SubjectKind,
)
from thanrak.services.rules import may_move


class CannotOpenCase(DomainError):
    """The case could not be opened."""


class CannotMoveCase(DomainError):
    """The case cannot take that step."""


class CannotRecordConsent(DomainError):
    """The consent could not be recorded."""


def _subject(kind: str, subject: Any) -> dict[str, Any]:
    expected = {
        SubjectKind.PERSON: Person,
        SubjectKind.HOUSEHOLD: Household,
        SubjectKind.ORGANISATION: Organisation,
    }
    if kind not in expected:
        raise CannotOpenCase(_("Choose who is helped."), code="subject_kind_unknown", field="subject_kind")
    if not isinstance(subject, expected[kind]):
        raise CannotOpenCase(
            _("Choose the person, household or organisation the case is for."),
            code="subject_missing",
            field="subject",
        )
    return {kind.lower(): subject}


def _check_intake(*, topic: str, channel: str, intake_date: dt.date, summary: str, on: dt.date) -> None:
    if topic not in CaseTopic.values:
        raise CannotOpenCase(_("Choose what is asked."), code="topic_unknown", field="topic")
    if channel not in CaseChannel.values:
        raise CannotOpenCase(_("Choose how the request came in."), code="channel_unknown", field="channel")
    if intake_date > on:
        raise CannotOpenCase(
            _("The intake date cannot be after today."), code="intake_in_future", field="intake_date"
        )
    if not summary:
        raise CannotOpenCase(_("Write what the client asks for."), code="summary_missing", field="summary")


@transaction.atomic
def case_open(
    *,
    by: User,
    at: dt.datetime,
    on: dt.date,
    subject_kind: str,
    subject: Any,
    topic: str,
    channel: str,
    intake_date: dt.date,
    summary: str,
    adviser: Helper | None = None,
    key: str | None = None,
) -> Case:
    """Open a case in intake; the same key twice gives the first case back (double submits)."""
    if key and (prior := Case.objects.filter(idempotency_key=key).first()) is not None:
        return prior
    links = _subject(subject_kind, subject)
    summary = long_text(summary, 2000)
    _check_intake(topic=topic, channel=channel, intake_date=intake_date, summary=summary, on=on)
    ensure_reach(by, subject.area_code)
    try:
        with transaction.atomic():
            case = Case.objects.create(
                subject_kind=subject_kind,
                area_code=subject.area_code,
                topic=topic,
                channel=channel,
                intake_date=intake_date,
                summary=summary,
                adviser=adviser,
                opened_by=by,
                opened_at=at,
                updated_at=at,
                idempotency_key=key or None,
                **links,
            )
    except IntegrityError:  # the same key sent twice at once: the other request made the case
        return Case.objects.get(idempotency_key=key)
    CaseStep.objects.create(
        case=case, from_status="", to_status=CaseStatus.INTAKE, on=intake_date, by=by, at=at
    )
    return case


def _adviser_user(case: Case) -> int | None:
    return case.adviser.person.user_id if case.adviser_id else None


@transaction.atomic
def case_move(
    *,
    case: Case,
    to_status: str,
    by: User,
    at: dt.datetime,
    on: dt.date,
    note: str = "",
    outcome: str = "",
    today: dt.date | None = None,
) -> Case:
    """Move the case to its next state with who and when; closing needs an outcome. A case goes to
    "referred" by sending a referral (referral_send), not by this step."""
    case = Case.objects.select_for_update(of=("self",)).select_related("adviser__person").get(pk=case.pk)
    ensure_reach(by, case.area_code, adviser_user_id=_adviser_user(case))
    if to_status == CaseStatus.REFERRED:
        raise CannotMoveCase(
            _("Refer the case to an agency to mark it referred."), code="refer_instead", field="to_status"
        )
    if not may_move(case.status, to_status):
        raise CannotMoveCase(
            _("A case that is %(now)s cannot become %(next)s."),
            code="step_not_allowed",
            field="to_status",
            params={
                "now": case.get_status_display(),
                "next": CaseStatus(to_status).label if to_status in CaseStatus.values else to_status,
            },
        )
    if on < case.intake_date:
        raise CannotMoveCase(
            _("The step cannot be before the intake date."), code="step_before_intake", field="on"
        )
    if today is not None and on > today:
        raise CannotMoveCase(_("The step cannot be after today."), code="step_in_future", field="on")
    if to_status == CaseStatus.CLOSED:
        if outcome not in CaseOutcome.values:
            raise CannotMoveCase(
                _("Choose the outcome to close the case."), code="outcome_missing", field="outcome"
            )
        case.outcome = outcome
    _step(case, to_status, by=by, at=at, on=on, note=note)
    return case


def _step(case: Case, to_status: str, *, by: User, at: dt.datetime, on: dt.date, note: str) -> None:
    CaseStep.objects.create(
        case=case,
        from_status=case.status,
        to_status=to_status,
        on=on,
        note=long_text(note, 2000),
        by=by,
        at=at,
    )
    case.status = to_status
    case.updated_at = at
    case.save(update_fields=["status", "outcome", "updated_at"])


@transaction.atomic
def case_assign(*, case: Case, adviser: Helper | None, by: User, at: dt.datetime) -> Case:
    """Give the case an adviser from the directory (or none); a closed case keeps the one it had."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    ensure_reach(by, case.area_code)
    if case.status == CaseStatus.CLOSED:
        raise CannotMoveCase(_("The case is closed."), code="case_closed", field="adviser")
    case.adviser = adviser
    case.updated_at = at
    case.save(update_fields=["adviser", "updated_at"])
    return case


@transaction.atomic
def consent_record(
    *, person: Person, purpose: str, given_on: dt.date, by: User, at: dt.datetime, on: dt.date
) -> Consent:
    """Record the person's consent with its date and purpose (once: a live consent is kept)."""
    if purpose not in ConsentPurpose.values:
        raise CannotRecordConsent(
            _("Choose the purpose of the consent."), code="purpose_unknown", field="purpose"
        )
    if given_on > on:
        raise CannotRecordConsent(
            _("Consent cannot be dated after today."), code="consent_in_future", field="given_on"
        )
    ensure_reach(by, person.area_code)
    live = Consent.objects.filter(person=person, purpose=purpose, withdrawn_on__isnull=True).first()
    if live is not None:
        return live
    return Consent.objects.create(
        person=person, purpose=purpose, given_on=given_on, recorded_by=by, recorded_at=at
    )


@transaction.atomic
def consent_withdraw(*, person: Person, purpose: str, on: dt.date, by: User, at: dt.datetime) -> int:
    """The person withdraws consent from `on`: partners see masked details again. Returns rows changed."""
    ensure_reach(by, person.area_code)
    return Consent.objects.filter(person=person, purpose=purpose, withdrawn_on__isnull=True).update(
        withdrawn_on=on
    )
