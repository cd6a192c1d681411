"""How an API caller is authenticated: a personal access token or the browser session."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer

from thanrak.accounts.actions import token_touch
from thanrak.accounts.queries import user_for_token


class TokenAuth(HttpBearer):
    """Authorization: Bearer thr_… — a personal access token."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = user_for_token(key=token)
        if found is None:
            return None
        user, api_token = found
        token_touch(token=api_token, at=timezone.now())
        request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The browser session of a logged-in user (CSRF checked on unsafe methods)."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            return user
        return None
