"""Shared pieces for every app's API router: authentication, access declarations, error bodies."""

from collections.abc import Callable
from functools import wraps
from typing import Annotated, Any, Literal, TypeVar

from django.db.models import Choices
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Path, Schema
from ninja.security import APIKeyCookie, HttpBearer
from pydantic import create_model

from thanrak.core.access import user_may

F = TypeVar("F", bound=Callable[..., Any])


class FieldError(Schema):
    field: str
    message: str


class Error(Schema):
    detail: str
    code: str | None = None
    field: str | None = None
    errors: list[FieldError] | None = None


# Declare these on every operation: schemathesis checks that answers match the document.
ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 422: Error}

# The largest key a BigAutoField holds on PostgreSQL and SQLite: a larger id in a path is a 422, not
# an overflow in the database.
MAX_ID = 2**63 - 1
Id = Annotated[int, Path(ge=1, le=MAX_ID)]


def choice_literal(choices: type[Choices], *extra: str) -> Any:
    """The Literal of a TextChoices' values (plus `extra`, e.g. "" for "any"), so an API parameter
    lists exactly what the model accepts and follows it when a choice is added."""
    return Literal[(*extra, *choices.values)]  # type: ignore[valid-type]


def page_schema(name: str, item: type[Schema], *, numbered: bool = False) -> type[Schema]:
    """A page of `item` rows as the API returns lists: {count, limit, offset, items}, or
    {count, page, items} for a catalogue browsed by page number. `name` is the schema's name in the
    OpenAPI document."""
    window: dict[str, Any] = {"page": (int, ...)} if numbered else {"limit": (int, ...), "offset": (int, ...)}
    return create_model(name, __base__=Schema, count=(int, ...), **window, items=(list[item], ...))  # type: ignore[call-overload]


class TokenAuth(HttpBearer):
    """Authorization: Bearer thr_… — a personal access token."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        from thanrak.accounts.actions import token_touch
        from thanrak.accounts.queries import user_for_token

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


def access(resource: str, action: str = "view") -> Callable[[F], F]:
    """Declare and enforce the resource an API operation serves (403 when the role may not)."""

    def decorate(func: F) -> F:
        @wraps(func)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if not user_may(request.user, resource, action):
                raise PermissionError(f"{resource}:{action}")
            return func(request, *args, **kwargs)

        wrapper.thanrak_access = (resource, action)  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


def public_operation(func: F) -> F:
    """Mark an API operation as open to anyone (it must also be declared with auth=None)."""
    func.thanrak_access = "public"  # type: ignore[attr-defined]
    return func


def error_response(
    api: Any,
    request: HttpRequest,
    status: int,
    detail: str,
    *,
    field: str | None = None,
    errors: list[dict[str, str]] | None = None,
    code: str | None = None,
) -> HttpResponse:
    body = {"detail": detail, "code": code, "field": field, "errors": errors}
    return api.create_response(request, body, status=status)
