"""Channels and consent: link LINE with a one-time code, give a mobile number, consent and withdraw."""

import datetime as dt
import secrets

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from thanrak.notify.errors import CannotChangeConsent, CannotLinkChannel
from thanrak.notify.models import (
    Channel,
    ChannelKind,
    CollectionDay,
    FundPromptPay,
    Kind,
    Language,
    Mute,
    Preference,
)
from thanrak.notify.rules import normalise_mobile
from thanrak.registry.models import Organisation, Person

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
LINE_PURPOSE = "แจ้งเตือนงวดเงินกู้ เงินออม และผลคำขอ ทาง LINE"
SMS_PURPOSE = "แจ้งเตือนงวดเงินกู้ เงินออม และผลคำขอ ทาง SMS"
STOP_WORDS = {"หยุด", "stop", "STOP"}


def _channel(person: Person, kind: str) -> Channel:
    channel, _created = Channel.objects.select_for_update().get_or_create(person=person, kind=kind)
    return channel


@transaction.atomic
def new_link_code(*, person: Person) -> str:
    """A fresh one-time code for the person's LINE link (the old one stops working)."""
    channel = _channel(person, ChannelKind.LINE)
    for _try in range(5):
        channel.link_code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))
        try:
            with transaction.atomic():
                channel.save(update_fields=["link_code", "updated_at"])
            return channel.link_code
        except IntegrityError:
            continue
    raise CannotLinkChannel(_("Try again."), code="link_code_clash")  # pragma: no cover


@transaction.atomic
def link_line(*, code: str, user_id: str, at: dt.datetime) -> Channel:
    """The webhook saw the code in a message from `user_id`: link it (sending the code is the
    person's consent to LINE messages, as the member page says) and spend the code."""
    code = (code or "").strip().upper()
    if not code or not user_id:
        raise CannotLinkChannel(_("No link code."), code="no_link_code", field="code")
    channel = Channel.objects.select_for_update().filter(kind=ChannelKind.LINE, link_code=code).first()
    if channel is None:
        raise CannotLinkChannel(_("This link code is not known."), code="unknown_link_code", field="code")
    Channel.objects.filter(kind=ChannelKind.LINE, address=user_id).exclude(pk=channel.pk).update(address="")
    channel.address = user_id
    channel.link_code = ""
    channel.consent_at, channel.consent_purpose, channel.withdrawn_at = at, LINE_PURPOSE, None
    channel.save()
    return channel


@transaction.atomic
def withdraw_line_user(*, user_id: str, at: dt.datetime) -> int:
    """The person replied "หยุด" (or blocked the account): withdraw LINE consent for that userId."""
    return Channel.objects.filter(kind=ChannelKind.LINE, address=user_id, withdrawn_at__isnull=True).update(
        withdrawn_at=at
    )


@transaction.atomic
def set_mobile(*, person: Person, mobile: str, at: dt.datetime, consent: bool) -> Channel:
    number = normalise_mobile(mobile)
    if number is None:
        raise CannotLinkChannel(
            _("Give a Thai mobile number of 10 digits, like 081 234 5678."), code="bad_mobile", field="mobile"
        )
    channel = _channel(person, ChannelKind.SMS)
    channel.address = number
    if consent:
        channel.consent_at, channel.consent_purpose, channel.withdrawn_at = at, SMS_PURPOSE, None
    channel.save()
    return channel


@transaction.atomic
def give_consent(*, person: Person, channel: str, at: dt.datetime) -> Channel:
    row = _channel(person, channel)
    if not row.address:
        raise CannotChangeConsent(_("Link this channel first."), code="channel_not_linked", field="channel")
    row.consent_at = at
    row.consent_purpose = LINE_PURPOSE if channel == ChannelKind.LINE else SMS_PURPOSE
    row.withdrawn_at = None
    row.save()
    return row


@transaction.atomic
def withdraw_consent(*, person: Person, channel: str, at: dt.datetime) -> Channel:
    """One tap: no more messages on this channel (what is queued is not sent)."""
    row = _channel(person, channel)
    row.withdrawn_at = at
    row.save()
    return row


def _check_kind(kind: str) -> None:
    if kind not in Kind.values:
        raise CannotChangeConsent(_("Choose a kind of message."), code="unknown_kind", field="kind")


@transaction.atomic
def set_person_kind(*, person: Person, kind: str, enabled: bool) -> None:
    _check_kind(kind)
    if enabled:
        Mute.objects.filter(person=person, kind=kind).delete()
    else:
        Mute.objects.get_or_create(person=person, kind=kind)


@transaction.atomic
def set_collection_day(*, fund_id: int, day: int | None, promptpay: str | None = None) -> None:
    """The day of the month the fund collects savings (1–28); None stops the savings reminders.
    With `promptpay`, the fund's PromptPay ID too (empty removes it)."""
    if promptpay is not None:
        set_fund_promptpay(fund_id=fund_id, account=promptpay)
    if day is None:
        CollectionDay.objects.filter(fund_id=fund_id).delete()
        return
    if not 1 <= day <= 28:
        raise CannotChangeConsent(_("Choose a day from 1 to 28."), code="bad_collection_day", field="day")
    CollectionDay.objects.update_or_create(fund_id=fund_id, defaults={"day": day})


@transaction.atomic
def set_fund_promptpay(*, fund_id: int, account: str) -> None:
    """The fund's PromptPay ID for the members' QR codes; empty removes it."""
    from thanrak.commerce.promptpay import is_valid_account

    account = "".join(ch for ch in (account or "") if ch.isdigit())
    if not account:
        FundPromptPay.objects.filter(fund_id=fund_id).delete()
        return
    if not is_valid_account(account):
        raise CannotChangeConsent(
            _("Give a mobile number, a 13-digit tax ID or a 15-digit e-wallet ID."),
            code="bad_promptpay",
            field="promptpay",
        )
    FundPromptPay.objects.update_or_create(fund_id=fund_id, defaults={"account": account})


@transaction.atomic
def set_organisation_kind(*, organisation: Organisation, kind: str, enabled: bool) -> None:
    _check_kind(kind)
    if enabled:
        Mute.objects.filter(organisation=organisation, kind=kind).delete()
    else:
        Mute.objects.get_or_create(organisation=organisation, kind=kind)


@transaction.atomic
def set_language(*, person: Person, language: str) -> Preference:
    """The person's messages are rendered in the language they chose (Thai or English)."""
    if language not in Language.values:
        raise CannotChangeConsent(_("Choose Thai or English."), code="unknown_language", field="language")
    row, _created = Preference.objects.select_for_update().get_or_create(person=person)
    row.language = language
    row.save(update_fields=["language"])
    return row
