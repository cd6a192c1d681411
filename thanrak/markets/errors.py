"""The refusals of the markets app, one class per sub-domain; every raise names its code."""

from thanrak.core.errors import DomainError


class CannotPlanEvent(DomainError):
    """An event, a market, a booth or a fee cannot be recorded as asked."""


class CannotRecordTurnover(DomainError):
    """A typed turnover figure (one, or a file) is refused."""


class CannotMatch(DomainError):
    """A buyer, an interest, a meeting or its outcome is refused."""
