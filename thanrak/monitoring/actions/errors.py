"""The refusals monitoring's actions raise."""

from collections.abc import Sequence

from django.utils.translation import gettext_lazy as _

from thanrak.core.errors import DomainError
from thanrak.core.tabular import Issue, bound_issues


class CannotChangeProgramme(DomainError):
    """A policy item, programme or indicator definition breaks a rule."""


class CannotSetTarget(DomainError):
    """The target cannot be set (area outside the user's, locked year, bad number)."""


class CannotSetValue(DomainError):
    """The value cannot be recorded; the message names the field at fault."""


class PeriodLocked(CannotSetValue):
    """The centre has locked the period; it must be reopened first."""


class CannotChangeWorkflow(DomainError):
    """A submit, approve, return, lock or reopen step is not possible now."""


class ImportRejected(DomainError):
    """A file had problems; nothing was written. `issues` names each row and field."""

    def __init__(self, issues: Sequence[Issue]):
        self.issues = bound_issues(issues)
        super().__init__(
            _("The file was not imported: %(count)s problem(s) found; nothing was changed."),
            params={"count": len(issues)},
        )
