"""Reads for accounts, always scoped to the viewer."""

import datetime as dt

from django.conf import settings
from django.db.models import Q, QuerySet

from thanrak.accounts.models import ApiToken, AuditEvent, AuditLog, User
from thanrak.accounts.scope import scope_of
from thanrak.core.access import user_may
from thanrak.core.areas import prefix_q


def audit_log_list(*, viewer: User, event: str = "", area_code: str = "") -> QuerySet[AuditLog]:
    """Entries about data in the viewer's areas (national entries only for national managers)."""
    if not user_may(viewer, "accounts.audit_log", "view"):
        return AuditLog.objects.none()
    scope = scope_of(viewer)
    qs = AuditLog.objects.filter(scope.area_q("area_code"))
    if not scope.everything:
        qs = qs.exclude(area_code="")
    if event:
        qs = qs.filter(event=event)
    if area_code:
        qs = qs.filter(prefix_q("area_code", area_code))
    return qs.select_related("user").order_by("-at", "-id")


PERSONAL_OBJECTS = ("registry.person", "registry.household")


def audit_entries_shown(*, viewer: User, entries: list[AuditLog]) -> list[AuditLog]:
    """The entries as the viewer may read them: the before and after values of a change to personal
    data are hidden from a role that may not see people's records (it still sees who changed which
    field, when and where)."""
    if user_may(viewer, "registry.person", "view"):
        return entries
    for entry in entries:
        if entry.event == AuditEvent.CHANGE and entry.object_type in PERSONAL_OBJECTS:
            entry.detail = dict.fromkeys(entry.detail, "•••")
    return entries


def token_list(*, viewer: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=viewer).order_by("-created_at", "-id")


def token_get(*, viewer: User, token_id: int) -> ApiToken:
    return ApiToken.objects.get(user=viewer, pk=token_id)


def user_for_token(*, key: str) -> tuple[User, ApiToken] | None:
    """The active user a live token belongs to, or None."""
    if not key.startswith(ApiToken.PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(Q(key_hash=ApiToken.hash(key)), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    return token.user, token


def login_locked(*, username: str, ip: str | None, at: dt.datetime) -> bool:
    """A login is locked while its username, or the address it comes from, has reached the limit of
    wrong passwords within the last THANRAK_LOGIN_LOCKOUT_SECONDS (docs/security.md)."""
    failures = login_failures(at=at)
    if failures.filter(object_id=login_key(username)).count() >= settings.THANRAK_LOGIN_MAX_FAILURES_PER_USER:
        return True
    return bool(ip) and failures.filter(ip=ip).count() >= settings.THANRAK_LOGIN_MAX_FAILURES_PER_ADDRESS


def login_failures(*, at: dt.datetime) -> QuerySet[AuditLog]:
    """Wrong passwords that still count towards a lock at `at`."""
    since = at - dt.timedelta(seconds=settings.THANRAK_LOGIN_LOCKOUT_SECONDS)
    return AuditLog.objects.filter(event=AuditEvent.LOGIN_FAILED, object_type=LOGIN_OBJECT, at__gt=since)


LOGIN_OBJECT = "accounts.login"


def login_key(username: str) -> str:
    """Usernames differing only in case or spaces share one count of failures."""
    return username.strip().casefold()[:60]
