"""What the registry's actions share: their refusals, the local day of a moment, audit-logging a change."""

import datetime as dt
from typing import Any

from django.utils import timezone

from thanrak.accounts.actions import audit_record
from thanrak.accounts.models import AuditEvent, User
from thanrak.core import citizen_id as cid
from thanrak.core.errors import DomainError


class CannotRegisterPerson(DomainError):
    """A person's details break a registry rule (bad ID, duplicate ID, unknown area…)."""


class CannotChangeHousehold(DomainError):
    """A household change would leave it without exactly one head, or move a person twice."""


class CannotRegisterOrganisation(DomainError):
    """An organisation's details break a registry rule."""


class CannotChangeMembership(DomainError):
    """A membership change breaks a rule (dates out of order, already a member)."""


class CannotRegisterVillage(DomainError):
    """The village number is taken or the subdistrict is unknown."""


class CannotMerge(DomainError):
    """Two records cannot be merged (different citizen IDs, the same record, already merged)."""


def local_day(at: dt.datetime) -> dt.date:
    """The calendar day in Thailand at a given moment (not the UTC day, which lags by 7 hours)."""
    return timezone.localtime(at).date() if timezone.is_aware(at) else at.date()


def _shown(field: str, value: Any) -> str:
    """A value as the audit log keeps it: a citizen ID masked (the full one only by a logged reveal)."""
    if value is None or value == "":
        return "—"
    if field == "citizen_id":
        return cid.mask(str(value))
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _audit_changes(
    *,
    by: User,
    at: dt.datetime,
    object_type: str,
    object_id: int,
    area_code: str,
    before: dict[str, Any],
    after: dict[str, Any],
    ip: str | None,
) -> None:
    """Write who changed which personal details from what to what (nothing when nothing changed)."""
    changes = {
        k: f"{_shown(k, before[k])} → {_shown(k, after[k])}" for k in after if before.get(k) != after[k]
    }
    if changes:
        audit_record(
            by=by,
            event=AuditEvent.CHANGE,
            at=at,
            object_type=object_type,
            object_id=str(object_id),
            area_code=area_code,
            detail=changes,
            ip=ip,
        )
