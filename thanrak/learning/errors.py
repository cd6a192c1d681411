"""The refusals of the learning app, one class per sub-domain; every raise names its code."""

from thanrak.core.errors import DomainError


class CannotPlanCourse(DomainError):
    """A course, batch or session cannot be recorded as asked."""


class CannotEnrol(DomainError):
    """An enrolment (one, a list or a file) is refused."""


class CannotMarkAttendance(DomainError):
    """An attendance mark or a check-in is refused."""


class CannotCertify(DomainError):
    """A score or a certificate is refused."""
