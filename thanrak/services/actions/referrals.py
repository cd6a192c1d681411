"""Writes on referrals: the sender sends; the agency accepts, declines with a reason, reports back."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.accounts.scope import OutsideScope, scope_of
from thanrak.core.errors import DomainError
from thanrak.services.actions._common import ensure_reach, long_text, text
from thanrak.services.models import Agency, Case, CaseStatus, CaseStep, Referral, ReferralStatus


class CannotRefer(DomainError):
    """The case cannot be referred."""


class CannotAnswerReferral(DomainError):
    """The referral cannot take that answer."""


@transaction.atomic
def referral_send(
    *, case: Case, agency: Agency | None, request: str, by: User, at: dt.datetime, on: dt.date
) -> Referral:
    """Refer an assessed (or already referred) case to an active agency; the case becomes referred."""
    case = Case.objects.select_for_update(of=("self",)).select_related("adviser__person").get(pk=case.pk)
    ensure_reach(by, case.area_code, adviser_user_id=case.adviser.person.user_id if case.adviser_id else None)
    if agency is None or not Agency.objects.filter(pk=agency.pk, is_active=True).exists():
        raise CannotRefer(
            _("This agency no longer takes referrals: choose another."),
            code="agency_inactive",
            field="agency",
        )
    if case.status not in (CaseStatus.ASSESSED, CaseStatus.REFERRED):
        raise CannotRefer(_("Assess the case before referring it."), code="case_not_assessed", field="agency")
    if case.referrals.filter(
        agency=agency, status__in=[ReferralStatus.SENT, ReferralStatus.ACCEPTED]
    ).exists():
        raise CannotRefer(
            _("The case is already waiting at this agency."), code="already_referred", field="agency"
        )
    request = long_text(request, 2000)
    if not request:
        raise CannotRefer(_("Write what the agency is asked to do."), code="request_missing", field="request")
    if on < case.intake_date:
        raise CannotRefer(
            _("The referral cannot be before the intake date."), code="sent_before_intake", field="sent_on"
        )
    referral = Referral.objects.create(
        case=case,
        agency=agency,
        request=request,
        sent_on=on,
        sent_by=by,
        area_code=case.area_code,
        created_at=at,
    )
    if case.status != CaseStatus.REFERRED:
        CaseStep.objects.create(
            case=case,
            from_status=case.status,
            to_status=CaseStatus.REFERRED,
            on=on,
            note=str(agency),
            by=by,
            at=at,
        )
        case.status = CaseStatus.REFERRED
        case.updated_at = at
        case.save(update_fields=["status", "updated_at"])
    return referral


def _ensure_agency_staff(user: User, referral: Referral) -> None:
    """Only the agency's own staff (and the national manager) answer its referrals."""
    if scope_of(user).everything:
        return
    staff = getattr(user, "services_agency_staff", None)
    if staff is None or staff.agency_id != referral.agency_id:
        raise OutsideScope(f"agency {referral.agency_id}")


def _lock(referral: Referral, user: User) -> Referral:
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    _ensure_agency_staff(user, referral)
    return referral


def _check_date(referral: Referral, on: dt.date, today: dt.date) -> None:
    if on < referral.sent_on or on > today:
        raise CannotAnswerReferral(
            _("The date must be between the day it was sent and today."),
            code="answer_date_invalid",
            field="on",
        )


@transaction.atomic
def referral_accept(
    *, referral: Referral, by: User, at: dt.datetime, on: dt.date, today: dt.date
) -> Referral:
    """The agency takes the referral on."""
    referral = _lock(referral, by)
    if referral.status != ReferralStatus.SENT:
        raise CannotAnswerReferral(_("This referral has been answered already."), code="already_answered")
    _check_date(referral, on, today)
    referral.status, referral.answered_on, referral.answered_by = ReferralStatus.ACCEPTED, on, by
    referral.save(update_fields=["status", "answered_on", "answered_by"])
    return referral


@transaction.atomic
def referral_decline(
    *, referral: Referral, reason: str, by: User, at: dt.datetime, on: dt.date, today: dt.date
) -> Referral:
    """The agency declines, saying why (the sender reads the reason)."""
    referral = _lock(referral, by)
    if referral.status != ReferralStatus.SENT:
        raise CannotAnswerReferral(_("This referral has been answered already."), code="already_answered")
    reason = text(reason, 500)
    if not reason:
        raise CannotAnswerReferral(_("Say why the agency declines."), code="reason_missing", field="reason")
    _check_date(referral, on, today)
    referral.status, referral.answered_on, referral.answered_by = ReferralStatus.DECLINED, on, by
    referral.decline_reason = reason
    referral.save(update_fields=["status", "answered_on", "answered_by", "decline_reason"])
    return referral


@transaction.atomic
def referral_report(
    *, referral: Referral, report: str, by: User, at: dt.datetime, on: dt.date, today: dt.date
) -> Referral:
    """The agency reports what it did for an accepted referral."""
    referral = _lock(referral, by)
    if referral.status != ReferralStatus.ACCEPTED:
        raise CannotAnswerReferral(_("Accept the referral before reporting on it."), code="not_accepted")
    report = long_text(report, 2000)
    if not report:
        raise CannotAnswerReferral(_("Write what the agency did."), code="report_missing", field="report")
    _check_date(referral, on, today)
    if referral.answered_on and on < referral.answered_on:
        raise CannotAnswerReferral(
            _("The report cannot be before the acceptance."), code="report_before_accept", field="on"
        )
    referral.status, referral.reported_on, referral.report = ReferralStatus.REPORTED, on, report
    referral.save(update_fields=["status", "reported_on", "report"])
    return referral
