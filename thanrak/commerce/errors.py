"""The refusals of the commerce module (each a DomainError with a stable code)."""

from thanrak.core.errors import DomainError


class CannotChangeShop(DomainError):
    pass


class CannotChangeProduct(DomainError):
    pass


class CannotMoveStock(DomainError):
    pass


class OutOfStock(CannotMoveStock):
    pass


class CannotCertify(DomainError):
    pass


class CannotCheckout(DomainError):
    pass


class CannotChangeOrder(DomainError):
    pass


class CannotUsePos(DomainError):
    pass


class CannotImport(DomainError):
    pass


class CannotPayOut(DomainError):
    pass
