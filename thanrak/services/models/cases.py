"""One-stop cases: who is helped, what they ask, each step with who and when; referrals; consent."""

import datetime as dt
from typing import Any, Self

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.roles import AREA_ROLES, Role
from thanrak.accounts.scope import NOTHING, Scope, ScopedQuerySet, Visibility
from thanrak.registry.models import Household, HouseholdMember, Organisation, Person
from thanrak.services.models.agencies import Agency, AgencyStaff
from thanrak.services.models.helpers import Helper


class SubjectKind(models.TextChoices):
    PERSON = "PERSON", _("Person")
    HOUSEHOLD = "HOUSEHOLD", _("Household")
    ORGANISATION = "ORGANISATION", _("Enterprise or organisation")


class CaseTopic(models.TextChoices):
    FINANCE = "FINANCE", _("Finance (loans, debt)")
    MARKETING = "MARKETING", _("Marketing")
    STANDARDS = "STANDARDS", _("Standards")
    REGISTRATION = "REGISTRATION", _("Registration")
    LEGAL = "LEGAL", _("Legal")
    TECHNOLOGY = "TECHNOLOGY", _("Technology")


class CaseChannel(models.TextChoices):
    COUNTER = "COUNTER", _("At the counter")
    PHONE = "PHONE", _("By phone")
    FIELD = "FIELD", _("In the field")
    ONLINE = "ONLINE", _("Online")
    REFERRED_IN = "REFERRED_IN", _("Referred by another office")


class CaseStatus(models.TextChoices):
    INTAKE = "INTAKE", _("Intake")
    ASSESSED = "ASSESSED", _("Assessed")
    REFERRED = "REFERRED", _("Referred")
    SERVED = "SERVED", _("Served")
    CLOSED = "CLOSED", _("Closed")


class CaseOutcome(models.TextChoices):
    RESOLVED = "RESOLVED", _("Resolved")
    PARTLY = "PARTLY", _("Partly resolved")
    NOT_RESOLVED = "NOT_RESOLVED", _("Not resolved")
    WITHDRAWN = "WITHDRAWN", _("Withdrawn by the client")


def _about_themself(scope: Scope) -> Any:
    """A member's cases: about themself or about the household they live in."""
    homes = HouseholdMember.objects.filter(
        household=OuterRef("household_id"), person_id=scope.person_id, left_date__isnull=True
    )
    return Q(person_id=scope.person_id) | Exists(homes)


class CaseQuerySet(ScopedQuerySet["Case"]):
    # Area staff see their areas' cases; organisation officers, their organisations'; a member, cases
    # about themself or their household; and anyone with a role, the cases they are the adviser of.
    visibility = Visibility(
        combine=True,
        area="area_code",
        organisation="organisation_id",
        person=_about_themself,
        own="adviser__person_id",
    )

    def open(self) -> Self:
        return self.exclude(status=CaseStatus.CLOSED)


class Case(models.Model):
    """A request for help from a person, a household or an organisation, and how it went."""

    subject_kind = models.CharField(_("who is helped"), max_length=12, choices=SubjectKind.choices)
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="services_cases"
    )
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, null=True, blank=True, related_name="services_cases"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="services_cases"
    )
    # Copied from the subject: the area whose officers see the case.
    area_code = models.CharField(_("area"), max_length=8, db_index=True)
    topic = models.CharField(_("what is asked"), max_length=12, choices=CaseTopic.choices)
    channel = models.CharField(_("channel"), max_length=12, choices=CaseChannel.choices)
    intake_date = models.DateField(_("intake date"))
    summary = models.TextField(_("request"), max_length=2000)
    status = models.CharField(
        _("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.INTAKE
    )
    outcome = models.CharField(_("outcome"), max_length=12, choices=CaseOutcome.choices, blank=True)
    adviser = models.ForeignKey(
        Helper,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("adviser"),
    )
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(_("opened at"))
    updated_at = models.DateTimeField(_("updated at"))
    idempotency_key = models.CharField(max_length=80, null=True, blank=True, unique=True)  # noqa: DJ001

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-intake_date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        subject_kind="PERSON",
                        person__isnull=False,
                        household__isnull=True,
                        organisation__isnull=True,
                    )
                    | Q(
                        subject_kind="HOUSEHOLD",
                        person__isnull=True,
                        household__isnull=False,
                        organisation__isnull=True,
                    )
                    | Q(
                        subject_kind="ORGANISATION",
                        person__isnull=True,
                        household__isnull=True,
                        organisation__isnull=False,
                    )
                ),
                name="services_case_one_subject",
            ),
            models.CheckConstraint(condition=Q(status__in=CaseStatus.values), name="services_case_status"),
            models.CheckConstraint(condition=Q(topic__in=CaseTopic.values), name="services_case_topic"),
            models.CheckConstraint(
                condition=Q(status="CLOSED", outcome__in=CaseOutcome.values)
                | (~Q(status="CLOSED") & Q(outcome="")),
                name="services_case_outcome_when_closed",
            ),
        ]
        indexes = [models.Index(fields=["area_code", "status"], name="services_case_area_status")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_topic_display()}"

    @property
    def subject(self) -> Person | Household | Organisation | None:
        return self.person or self.household or self.organisation


class CaseStep(models.Model):
    """One move of a case from a state to the next, with who and when (the step log)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="steps")
    from_status = models.CharField(_("from status"), max_length=10, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(_("to status"), max_length=10, choices=CaseStatus.choices)
    on = models.DateField(_("date"))
    note = models.TextField(_("note"), max_length=2000, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class ReferralStatus(models.TextChoices):
    SENT = "SENT", _("Waiting for an answer")
    ACCEPTED = "ACCEPTED", _("Accepted")
    DECLINED = "DECLINED", _("Declined")
    REPORTED = "REPORTED", _("Reported back")


def _queue_and_advised(scope: Scope) -> Q:
    """The referrals in the queue of an agency the user works for, and (area staff) those of the
    cases they advise: plain conditions on the referral's own columns (agency, the adviser's cases
    by id), so that a province's list reads its area index instead of joining every case."""
    agencies = list(AgencyStaff.objects.filter(user_id=scope.user_id).values_list("agency_id", flat=True))
    q = Q(agency_id__in=agencies) if agencies else NOTHING
    if scope.role in AREA_ROLES and scope.person_id:
        helpers = list(Helper.objects.filter(person_id=scope.person_id).values_list("pk", flat=True))
        if helpers:
            q |= Q(case__adviser_id__in=helpers)
    return q


class ReferralQuerySet(ScopedQuerySet["Referral"]):
    # The sender's side sees referrals of the cases it sees (area staff by the area copied onto the
    # referral, so a province's list needs no join); an agency's staff, their queue.
    visibility = Visibility(
        combine=True,
        area="area_code",
        own=_queue_and_advised,
        own_roles=(Role.ORG_OFFICER, *AREA_ROLES),
        via="case",
        via_roles=tuple(r for r in Role if r != Role.ORG_OFFICER and r not in AREA_ROLES),
    )

    def waiting(self) -> Self:
        return self.filter(status__in=[ReferralStatus.SENT, ReferralStatus.ACCEPTED])

    def overdue(self, today: dt.date) -> Self:
        """Past their agency's time on `today` (the rule of rules.referral_waiting, in the database):
        unanswered after the agency's days, or accepted and unreported after three times as many."""
        q = Q(pk__in=[])
        groups: dict[int, list[int]] = {}
        for pk, days in Agency.objects.values_list("pk", "answer_days").order_by():
            groups.setdefault(days, []).append(pk)
        for days, ids in groups.items():
            q |= Q(agency_id__in=ids, status=ReferralStatus.SENT, sent_on__lt=today - dt.timedelta(days=days))
            q |= Q(
                agency_id__in=ids,
                status=ReferralStatus.ACCEPTED,
                answered_on__lt=today - dt.timedelta(days=3 * days),
            )
        return self.filter(q)


class Referral(models.Model):
    """A case passed to a partner agency: accepted, declined with a reason, or reported back."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="referrals")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="referrals")
    # What the agency reads: the sender writes it for them (the case's own notes stay with the case).
    request = models.TextField(_("what is asked of the agency"), max_length=2000)
    status = models.CharField(_("status"), max_length=10, choices=ReferralStatus.choices, default="SENT")
    sent_on = models.DateField(_("sent on"))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    decline_reason = models.CharField(_("reason for declining"), max_length=500, blank=True)
    reported_on = models.DateField(_("reported on"), null=True, blank=True)
    report = models.TextField(_("report"), max_length=2000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Copied from the case so that a province's overdue list needs no join.
    area_code = models.CharField(max_length=8, db_index=True, editable=False)
    created_at = models.DateTimeField(_("created at"))

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["sent_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ReferralStatus.values), name="services_referral_status"
            ),
            models.CheckConstraint(
                condition=~Q(status="DECLINED") | ~Q(decline_reason=""), name="services_decline_has_reason"
            ),
        ]
        indexes = [models.Index(fields=["area_code", "status", "sent_on"], name="services_ref_area_waiting")]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.agency}"


class ConsentPurpose(models.TextChoices):
    SHARE_WITH_PARTNERS = (
        "SHARE_WITH_PARTNERS",
        _("Share my details with the agencies my case is referred to"),
    )


class Consent(models.Model):
    """A person's consent (PDPA) with its date and purpose; withdrawn consent keeps its row."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="services_consents")
    purpose = models.CharField(_("purpose"), max_length=24, choices=ConsentPurpose.choices)
    given_on = models.DateField(_("given on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"))

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "purpose"],
                condition=Q(withdrawn_on__isnull=True),
                name="services_one_live_consent",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person_id} {self.purpose} {self.given_on}"
