"""The markets app's reads, scoped to the viewer; one module per sub-domain."""

from thanrak.markets.queries.events import (
    booth_get,
    booth_list,
    booth_list_brief,
    event_get,
    event_list,
    may_manage,
    my_booths,
)
from thanrak.markets.queries.matching import (
    buyer_get,
    buyer_list,
    deals_summary,
    meeting_get,
    meeting_list,
    producer_profiles,
)
from thanrak.markets.queries.turnover import (
    BoothTurnover,
    EventTurnover,
    corrections,
    event_turnover,
    turnover_rows,
    typed_total,
)

__all__ = [
    "BoothTurnover",
    "EventTurnover",
    "booth_get",
    "booth_list",
    "booth_list_brief",
    "buyer_get",
    "buyer_list",
    "corrections",
    "deals_summary",
    "event_get",
    "event_list",
    "event_turnover",
    "may_manage",
    "meeting_get",
    "meeting_list",
    "my_booths",
    "producer_profiles",
    "turnover_rows",
    "typed_total",
]
