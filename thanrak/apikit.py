"""Shared pieces for every app's API router: access declarations, error bodies, the id, page and
choice types. (How a caller is authenticated is accounts' business: thanrak/accounts/apiauth.py.)"""

from collections.abc import Callable, Iterable
from enum import Enum
from functools import wraps
from typing import Annotated, Any, Literal, TypeVar

from django.http import HttpRequest, HttpResponse
from ninja import Field, Path, Router, Schema
from pydantic import create_model

from thanrak.core.access import user_may
from thanrak.core.tabular import Issue

F = TypeVar("F", bound=Callable[..., Any])


class FieldError(Schema):
    field: str
    message: str


class Error(Schema):
    detail: str
    code: str | None = None
    field: str | None = None
    errors: list[FieldError] | None = None


class ImportIssueOut(Schema):
    row: int | None = Field(description="Spreadsheet row (1 is the header); null for the whole file")
    column: str | None = Field(description="The column at fault, by its layout name")
    reason_th: str
    reason_en: str


def issue_errors(issues: Iterable[Issue]) -> list[dict[str, str]]:
    """Each problem of a refused file as a field error: "row:column" (or "file") and its English reason."""
    return [
        {"field": ":".join(str(p) for p in (i.row, i.column) if p is not None) or "file", "message": i.en}
        for i in issues
    ]


# Declare these on every operation: schemathesis checks that answers match the document.
ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 422: Error}

# The largest key a BigAutoField holds on PostgreSQL and SQLite: a larger id in a path is a 422, not
# an overflow in the database.
MAX_ID = 2**63 - 1
Id = Annotated[int, Path(ge=1, le=MAX_ID)]


def choice_literal(choices: type[Enum], *extra: str, only: Iterable[Enum] = ()) -> Any:
    """The Literal of a TextChoices' (or StrEnum's) values, plus `extra` first (e.g. "" for "any"),
    so an API parameter lists exactly what the model accepts and follows it when a choice is added.
    `only` narrows it to the members an operation takes (checkout takes PromptPay or COD)."""
    members = list(only) or list(choices)
    return Literal[(*extra, *(str(m.value) for m in members))]  # type: ignore[valid-type]


def page_schema(name: str, item: type[Schema], *, numbered: bool = False) -> type[Schema]:
    """A page of `item` rows as the API returns lists: {count, limit, offset, items}, or
    {count, page, items} for a catalogue browsed by page number. `name` is the schema's name in the
    OpenAPI document."""
    window: dict[str, Any] = {"page": (int, ...)} if numbered else {"limit": (int, ...), "offset": (int, ...)}
    return create_model(name, __base__=Schema, count=(int, ...), **window, items=(list[item], ...))  # type: ignore[call-overload]


class AppRouter(Router):
    """A router of one sub-domain of an app's API (`finance/api/loans.py`…). Its operationIds stay
    `thanrak_<app>_api_<function>`, the names published when each app's API was one module, in
    whichever module of the package the function now lives."""

    def __init__(self, app: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.operation_prefix = f"thanrak_{app}_api_"

    def add_api_operation(self, path: str, methods: list[str], view_func: Any, **kwargs: Any) -> None:
        kwargs["operation_id"] = kwargs.get("operation_id") or self.operation_prefix + view_func.__name__
        super().add_api_operation(path, methods, view_func, **kwargs)


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
