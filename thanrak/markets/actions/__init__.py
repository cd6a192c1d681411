"""The markets app's writes, one module per sub-domain; the public names are re-exported here."""

from thanrak.markets.actions.events import booth_assign, booth_fee_paid, event_create, manages
from thanrak.markets.actions.matching import (
    buyer_interests_set,
    buyer_register,
    meeting_outcome,
    meeting_schedule,
)
from thanrak.markets.actions.rollup import pos_roll_up, roll_up_recent
from thanrak.markets.actions.turnover import TurnoverFileRefused, turnover_import, turnover_type

__all__ = [
    "TurnoverFileRefused",
    "booth_assign",
    "booth_fee_paid",
    "buyer_interests_set",
    "buyer_register",
    "event_create",
    "manages",
    "meeting_outcome",
    "meeting_schedule",
    "pos_roll_up",
    "roll_up_recent",
    "turnover_import",
    "turnover_type",
]
