"""Who manages a row: its organisation's officers, the officers of its area, the national manager."""

from typing import Any

from thanrak.accounts.roles import OFFICERS, Role
from thanrak.accounts.scope import OutsideScope, scope_of


def ensure_manages(by: Any, *, area_code: str, organisation_id: int | None = None) -> None:
    """Refuse (OutsideScope, a 403) unless `by` manages rows of this area or organisation."""
    scope = scope_of(by)
    if scope.everything:
        return
    if scope.role == Role.ORG_OFFICER and organisation_id in scope.organisation_ids:
        return
    if scope.role in OFFICERS and scope.covers_area(area_code):
        return
    raise OutsideScope(area_code)
