"""Helpers shared by the survey actions: permission checks and form version numbers."""

import datetime as dt

from thanrak.accounts.models import User
from thanrak.core.access import user_may


def _require(by: User, resource: str, action: str) -> None:
    if not user_may(by, resource, action):
        raise PermissionError(f"{resource}:{action}")


def _next_form_version(current: str, at: dt.datetime) -> str:
    """yyyymmddrr, strictly increasing (ODK Collect refetches a form when its version changes)."""
    stem = at.strftime("%Y%m%d")
    if current.startswith(stem) and len(current) == 10:
        return f"{stem}{int(current[8:]) + 1:02d}"
    return f"{stem}00" if current < f"{stem}00" else str(int(current) + 1)
