"""Writes for accounts: users, assignments, API tokens and the audit log."""

import datetime as dt
import secrets
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import transaction

from thanrak.accounts.models import ApiToken, AreaAssignment, AuditEvent, AuditLog, User
from thanrak.accounts.roles import Role
from thanrak.accounts.scope import forget_scope
from thanrak.core.areas import is_area_code


class CannotAssignArea(ValueError):
    """The area code is not a DOPA code of 2, 4, 6 or 8 digits."""


class CannotRevokeToken(PermissionError):
    """Only the token's owner can revoke it."""


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str,
    role: Role | str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    area_codes: Iterable[str] = (),
) -> User:
    """Create a user with a role and the areas they work in."""
    user = User.objects.create_user(
        username=username,
        password=password,
        role=Role(role),
        first_name=first_name,
        last_name=last_name,
        email=email,
    )
    for code in area_codes:
        area_assign(user=user, area_code=code)
    return user


@transaction.atomic
def area_assign(*, user: User, area_code: str) -> AreaAssignment:
    """Give a user an area to work in (idempotent)."""
    if not is_area_code(area_code):
        raise CannotAssignArea(area_code)
    assignment, _ = AreaAssignment.objects.get_or_create(user=user, area_code=area_code)
    forget_scope(user)
    return assignment


@transaction.atomic
def token_create(*, user: User, name: str, at: dt.datetime) -> tuple[ApiToken, str]:
    """Make a personal access token; the key is returned once and only its hash is kept."""
    key = ApiToken.PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name.strip()[:100] or "token",
        key_hash=ApiToken.hash(key),
        hint=key[:10],
        created_at=at,
    )
    audit_record(
        by=user,
        event=AuditEvent.TOKEN_CREATE,
        object_type="accounts.apitoken",
        object_id=str(token.pk),
        at=at,
    )
    return token, key


@transaction.atomic
def token_revoke(*, token: ApiToken, by: User, at: dt.datetime) -> ApiToken:
    """Revoke a token so it no longer authenticates; revoking twice changes nothing."""
    if token.user_id != by.pk:
        raise CannotRevokeToken(token.pk)
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = at
        token.save(update_fields=["revoked_at"])
        audit_record(
            by=by,
            event=AuditEvent.TOKEN_REVOKE,
            object_type="accounts.apitoken",
            object_id=str(token.pk),
            at=at,
        )
    return token


def token_touch(*, token: ApiToken, at: dt.datetime) -> None:
    """Note when a token was last used, at most once a minute to spare the database."""
    if token.last_used_at is None or at - token.last_used_at > dt.timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=at)


def audit_record(
    *,
    by: User | None,
    event: AuditEvent | str,
    at: dt.datetime,
    object_type: str = "",
    object_id: str = "",
    area_code: str = "",
    detail: dict[str, Any] | None = None,
    ip: str | None = None,
) -> AuditLog:
    """Append one entry to the audit log (never updated or deleted)."""
    return AuditLog.objects.create(
        at=at,
        user=by if by is not None and by.pk else None,
        role=getattr(by, "role", "") or "",
        event=AuditEvent(event),
        object_type=object_type,
        object_id=object_id,
        area_code=area_code or "",
        detail=detail or {},
        ip=ip,
    )


def login_failure_record(*, username: str, ip: str | None, at: dt.datetime) -> bool:
    """Audit a wrong password; when it reaches a limit, audit the lock too. True when the login is now "
    "locked."""
    from thanrak.accounts import queries

    key = queries.login_key(username)
    user = User.objects.filter(username=username).first()
    audit_record(
        by=user, event=AuditEvent.LOGIN_FAILED, at=at, object_type=queries.LOGIN_OBJECT, object_id=key, ip=ip
    )
    if not queries.login_locked(username=username, ip=ip, at=at):
        return False
    audit_record(
        by=user,
        event=AuditEvent.LOGIN_LOCKED,
        at=at,
        object_type=queries.LOGIN_OBJECT,
        object_id=key,
        ip=ip,
        detail={"minutes": settings.THANRAK_LOGIN_LOCKOUT_SECONDS // 60},
    )
    return True
