"""Notify's refusals, one class per sub-domain; every raise names a stable code."""

from thanrak.core.errors import DomainError


class CannotLinkChannel(DomainError):
    pass


class CannotChangeConsent(DomainError):
    pass


class CannotEditTemplate(DomainError):
    pass
