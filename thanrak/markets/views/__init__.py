"""The markets pages, one module per sub-domain."""

from thanrak.markets.views.events import booth_assign, booth_fee_paid, event_create, event_detail, event_list
from thanrak.markets.views.matching import (
    buyer_register,
    event_meetings,
    matching,
    meeting_outcome,
    meeting_schedule,
    producers,
)
from thanrak.markets.views.turnover import turnover, turnover_export, turnover_import, turnover_type

__all__ = [
    "booth_assign",
    "booth_fee_paid",
    "buyer_register",
    "event_create",
    "event_detail",
    "event_list",
    "event_meetings",
    "matching",
    "meeting_outcome",
    "meeting_schedule",
    "producers",
    "turnover",
    "turnover_export",
    "turnover_import",
    "turnover_type",
]
