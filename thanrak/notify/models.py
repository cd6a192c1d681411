"""Notify's rows: a person's channels (LINE, SMS) with their consent, the templates, the kinds turned
off, and the outbox — every message a row first, each attempt's answer kept."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.roles import AREA_READERS
from thanrak.accounts.scope import ScopedQuerySet, Visibility


class ChannelKind(models.TextChoices):
    LINE = "LINE", _("LINE")
    SMS = "SMS", _("SMS")


class Kind(models.TextChoices):
    INSTALLMENT_DUE = "installment_due", _("Loan installment due in 3 days")
    INSTALLMENT_OVERDUE = "installment_overdue", _("Loan installment overdue")
    LOAN_DECISION = "loan_decision", _("Loan decision")
    SAVINGS_DUE = "savings_due", _("Savings due on the fund's collection day")
    SAVINGS_MISSED = "savings_missed", _("Savings missed on the collection day")
    MONEY_RECEIVED = "money_received", _("Money received by the fund")
    DIVIDEND_PAID = "dividend_paid", _("Dividend paid")
    ORDER_STATUS = "order_status", _("An order's status (to the buyer)")
    ORDER_NEW = "order_new", _("A new order (to the shop)")
    SURVEY_ASSIGNMENT = "survey_assignment", _("A survey village assigned (to the volunteer)")
    VISIT_DUE = "visit_due", _("A caseload visit due (to the volunteer)")
    TRAINING_ENROLLED = "training_enrolled", _("Enrolled in a training")
    TRAINING_TOMORROW = "training_tomorrow", _("A training session tomorrow")
    BOOKING_CONFIRMED = "booking_confirmed", _("A machinery booking confirmed")


class Status(models.TextChoices):
    QUEUED = "QUEUED", _("Queued")
    SENDING = "SENDING", _("Sending")
    DEFERRED = "DEFERRED", _("Deferred")
    SENT = "SENT", _("Sent")
    FAILED = "FAILED", _("Not delivered")
    SKIPPED = "SKIPPED", _("Not sent")
    UNCERTAIN = "UNCERTAIN", _("Uncertain (check with the gateway)")


OPEN_STATUSES = (Status.QUEUED, Status.DEFERRED, Status.SENDING)


class ChannelQuerySet(ScopedQuerySet["Channel"]):
    visibility = Visibility(person="person")


class Channel(models.Model):
    """One way to reach a person, and their consent to be contacted that way (PDPA)."""

    person = models.ForeignKey(
        "registry.Person", on_delete=models.CASCADE, related_name="notify_channels", verbose_name=_("person")
    )
    kind = models.CharField(_("channel"), max_length=8, choices=ChannelKind.choices)
    # LINE: the userId the webhook gave; SMS: the mobile number (10 digits, 0…).
    address = models.CharField(_("LINE user or mobile number"), max_length=64, blank=True)
    link_code = models.CharField(_("link code"), max_length=12, blank=True)
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    consent_purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    withdrawn_at = models.DateTimeField(_("consent withdrawn"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ChannelQuerySet.as_manager()

    class Meta:
        verbose_name = _("channel")
        constraints = [
            models.UniqueConstraint(fields=["person", "kind"], name="notify_channel_one_per_kind"),
            models.UniqueConstraint(
                fields=["link_code"], condition=~Q(link_code=""), name="notify_channel_link_code_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} · {self.person_id}"

    @property
    def consented(self) -> bool:
        return bool(self.address and self.consent_at and not self.withdrawn_at)


class Template(models.Model):
    """The text of a kind of message, edited by the national manager; placeholders in {braces}."""

    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices, unique=True)
    text_th = models.TextField(_("Thai text"))
    text_en = models.TextField(_("English text"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    def __str__(self) -> str:
        return self.kind


class CollectionDay(models.Model):
    """The day of the month a fund collects its members' savings (the savings reminders' day)."""

    fund = models.OneToOneField(
        "finance.Fund", on_delete=models.CASCADE, related_name="+", verbose_name=_("fund")
    )
    day = models.PositiveSmallIntegerField(_("collection day of the month"))

    class Meta:
        verbose_name = _("collection day")
        constraints = [
            models.CheckConstraint(condition=Q(day__gte=1, day__lte=28), name="notify_collection_day_1_28")
        ]

    def __str__(self) -> str:
        return f"{self.fund_id}: {self.day}"


class SavingsQueued(models.Model):
    """A fund's savings reminders of one kind for one collection day are queued: written in the same
    transaction as its messages, so a rerun skips the fund (a fund without it gets the rest)."""

    fund = models.ForeignKey("finance.Fund", on_delete=models.CASCADE, related_name="+", db_index=False)
    day = models.DateField()
    kind = models.CharField(max_length=40, choices=Kind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["day", "kind", "fund"], name="notify_savings_queued_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.day}: {self.fund_id}"


class FundPromptPay(models.Model):
    """The fund's PromptPay ID (a mobile number, a 13-digit tax ID or an e-wallet): the member's page
    shows a QR with the due amount filled in; the treasurer still confirms the money came."""

    fund = models.OneToOneField(
        "finance.Fund", on_delete=models.CASCADE, related_name="+", verbose_name=_("fund")
    )
    account = models.CharField(_("PromptPay ID"), max_length=20)

    class Meta:
        verbose_name = _("PromptPay ID")

    def __str__(self) -> str:
        return f"{self.fund_id}: PromptPay"


class Mute(models.Model):
    """A kind of message turned off for an organisation or for one person."""

    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    person = models.ForeignKey(
        "registry.Person", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=True) ^ Q(person__isnull=True), name="notify_mute_one_owner"
            ),
            models.UniqueConstraint(fields=["kind", "organisation", "person"], name="notify_mute_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} off"


class MessageQuerySet(ScopedQuerySet["Message"]):
    visibility = Visibility(
        area="area_code", area_roles=AREA_READERS, organisation="organisation", person="person"
    )


class Language(models.TextChoices):
    TH = "th", "ไทย"
    EN = "en", "English"


class Preference(models.Model):
    """The language a person reads their messages in (Thai unless they chose English)."""

    person = models.OneToOneField(
        "registry.Person", on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.TH)

    class Meta:
        verbose_name = _("message language")

    def __str__(self) -> str:
        return f"{self.person_id}: {self.language}"


class Message(models.Model):
    """One message to one person on one channel: written with the event, sent by the worker."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # No index of its own: (person, sent_at) serves the lookups by person (fewer indexes to write
    # when the nightly run inserts millions of rows).
    person = models.ForeignKey(
        "registry.Person",
        on_delete=models.CASCADE,
        related_name="notify_messages",
        verbose_name=_("person"),
        db_index=False,
    )
    organisation = models.ForeignKey(
        "registry.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    area_code = models.CharField(_("area"), max_length=8, db_index=True)
    channel = models.CharField(_("channel"), max_length=8, choices=ChannelKind.choices)
    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    text = models.TextField(_("text"))
    reason = models.CharField(_("why"), max_length=200)
    # The event's own key ("installment_due:123"): queueing it again adds nothing (a constraint, not
    # unique=True, so PostgreSQL gets no second, pattern-matching index no query uses).
    dedupe_key = models.CharField(max_length=120)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    note = models.CharField(_("note"), max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"))
    created_at = models.DateTimeField(_("created at"))
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("message")
        constraints = [
            models.UniqueConstraint(fields=["dedupe_key"], name="notify_message_dedupe_key_unique")
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notify_message_due"),
            models.Index(fields=["person", "sent_at"], name="notify_message_person_sent"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} → {self.person_id} ({self.status})"


class Attempt(models.Model):
    """One call to the provider and what it answered."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attempt_rows")
    at = models.DateTimeField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    answer = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.message_id} @ {self.at}: {self.status_code}"
