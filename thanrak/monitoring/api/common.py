"""What every monitoring router shares: how a broken rule is answered (409)."""

from functools import wraps
from typing import Any

from django.http import HttpRequest

from thanrak.apikit import ERRORS, Error, ImportIssueOut, issue_errors
from thanrak.core.errors import DomainError
from thanrak.core.tabular import TableError
from thanrak.monitoring import actions
from thanrak.monitoring.api.schemas import ImportErrorOut

# A body that is not JSON at all is refused by django-ninja with 400 before our code runs.
# A request that is well formed but breaks a rule (a locked period, nothing to submit, a file
# with bad rows…) is answered 409 Conflict with the reason, as DHIS2 answers its imports.
BODY_ERRORS = {**ERRORS, 409: Error}


def rules(func: Any) -> Any:
    """Turn a rule the request breaks (DomainError) into 409 with the reason and the field."""

    @wraps(func)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        try:
            return func(request, *args, **kwargs)
        except (actions.ImportRejected, TableError) as exc:
            return 409, _issues(exc)
        except DomainError as exc:
            return 409, Error(detail=str(exc), code=exc.code, field=exc.field)

    return wrapper


def _issues(exc: TableError | actions.ImportRejected) -> ImportErrorOut:
    issues = [ImportIssueOut(**i.as_dict()) for i in exc.issues]
    detail = (
        str(exc) if isinstance(exc, actions.ImportRejected) else "; ".join(i.en for i in exc.issues)[:500]
    )
    return ImportErrorOut(
        detail=detail,
        code=exc.code if isinstance(exc, DomainError) else None,
        errors=issue_errors(exc.issues),
        issues=issues,
    )
