"""The refusals of community assets, one kind per sub-domain; each raise names its code."""

from thanrak.assets.photos import CannotUsePhoto
from thanrak.assets.shapes import ShapeRefused
from thanrak.core.errors import DomainError


class CannotRecordForest(DomainError):
    """A community forest, its committee, members, plan, subsidy or incident cannot be recorded."""


class CannotBook(DomainError):
    """Equipment cannot be listed, booked, checked out or checked in as asked."""


class CannotRecordLand(DomainError):
    """A land plot or housing unit cannot be recorded as asked."""


class CannotRecordSite(DomainError):
    """A โคก หนอง นา site cannot be recorded as asked."""


__all__ = [
    "CannotBook",
    "CannotRecordForest",
    "CannotRecordLand",
    "CannotRecordSite",
    "CannotUsePhoto",
    "ShapeRefused",
]
