"""Password logins, slowed to a stop for whoever keeps guessing (issue 10 D19).

Every password check goes through `authenticate()` and so through this backend: the login page, the
admin's login and ODK Collect's HTTP Basic on /openrosa/. API tokens are random keys, not passwords,
and are looked up by their hash (accounts.apiauth.TokenAuth).
"""

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone

from thanrak.accounts import actions, queries
from thanrak.accounts.models import User
from thanrak.core.clientip import client_ip


def client_address(request: HttpRequest | None) -> str | None:
    """The address a request comes from, behind the proxies settings.THANRAK_TRUSTED_PROXIES trusts."""
    if request is None:
        return None
    return client_ip(request)


class LockoutBackend(ModelBackend):
    """Django's password check, refused while the username or the address is locked; every wrong
    password is audited and counts towards the lock (settings THANRAK_LOGIN_*)."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None:
            username = kwargs.get(User.USERNAME_FIELD)
        if username is None or password is None:
            return None
        ip = client_address(request)
        at = timezone.now()
        if queries.login_locked(username=username, ip=ip, at=at):
            _mark_locked(request)
            raise PermissionDenied  # authenticate() stops here: no other backend may let them in
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is None and actions.login_failure_record(username=username, ip=ip, at=at):
            _mark_locked(request)
        return user


def _mark_locked(request: HttpRequest | None) -> None:
    if request is not None:
        request.thanrak_login_locked = True  # type: ignore[attr-defined]


def login_is_locked(request: HttpRequest | None) -> bool:
    """Whether the last authenticate() on this request was refused (or ended) by a lock."""
    return bool(getattr(request, "thanrak_login_locked", False))
