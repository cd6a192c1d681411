"""Notify's reads, every one scoped to the viewer."""

from thanrak.notify.queries.mine import Due, Mine, mine
from thanrak.notify.queries.outbox import (
    collection_days,
    masked_to,
    message_get,
    organisation_for,
    organisation_mutes,
    outbox_list,
    templates_list,
)
from thanrak.notify.queries.own import Own, own_person, own_settings

__all__ = [
    "Due",
    "Mine",
    "Own",
    "collection_days",
    "masked_to",
    "mine",
    "message_get",
    "organisation_for",
    "organisation_mutes",
    "outbox_list",
    "own_person",
    "own_settings",
    "templates_list",
]
