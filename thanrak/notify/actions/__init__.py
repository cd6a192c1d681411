"""Notify's writes: channels and consent, the outbox and its sender, templates, reminders."""

from thanrak.notify.actions import events
from thanrak.notify.actions.channels import (
    give_consent,
    link_line,
    new_link_code,
    set_collection_day,
    set_fund_promptpay,
    set_language,
    set_mobile,
    set_organisation_kind,
    set_person_kind,
    withdraw_consent,
    withdraw_line_user,
)
from thanrak.notify.actions.outbox import Pending, queue, queue_many, send_due, send_one
from thanrak.notify.actions.reminders import on_loan_decided, queue_due
from thanrak.notify.actions.templates import template_update

__all__ = [
    "Pending",
    "events",
    "give_consent",
    "link_line",
    "new_link_code",
    "on_loan_decided",
    "queue",
    "queue_due",
    "queue_many",
    "send_due",
    "send_one",
    "set_collection_day",
    "set_fund_promptpay",
    "set_language",
    "set_mobile",
    "set_organisation_kind",
    "set_person_kind",
    "template_update",
    "withdraw_consent",
    "withdraw_line_user",
]
