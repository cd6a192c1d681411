"""Deny-by-default access: every view and API operation names the resource and action it serves.

Apps declare their resources in their `permissions.py` with `register(...)`, giving for each action
the roles that may perform it. A view is wrapped with `@require("registry.household", "view")`
or marked `@public`; AccessMiddleware refuses any view that is neither, and a test walks every URL
to prove it. Inside a `@require` view a row that is not there or not in the viewer's scope
(ObjectDoesNotExist from a query) is a 404 and acting outside one's areas (PermissionError) is a
403, so views fetch with the queries and never catch these by hand. Row-level scoping (which households) is
    the QuerySet's `visible_to(viewer)`; this
module only answers "may this role use this resource at all".
"""

from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpRequest

F = TypeVar("F", bound=Callable[..., Any])

ACTIONS = ("view", "change", "export", "import", "reveal", "approve")

_POLICY: dict[str, dict[str, frozenset[str]]] = {}
_DESCRIPTIONS: dict[str, str] = {}


class UnknownResource(LookupError):
    """A view or check names a resource that no app registered."""


def register(resource: str, *, description: str = "", **actions: Iterable[str]) -> None:
    """Declare a resource and, for each action, the roles allowed to perform it."""
    for action in actions:
        if action not in ACTIONS:
            raise ValueError(f"{resource}: unknown action {action!r}")
    _POLICY[resource] = {action: frozenset(roles) for action, roles in actions.items()}
    _DESCRIPTIONS[resource] = description


def policy() -> dict[str, dict[str, frozenset[str]]]:
    """A copy of every registered resource → action → roles."""
    return {r: dict(a) for r, a in _POLICY.items()}


def roles_for(resource: str, action: str) -> frozenset[str]:
    try:
        return _POLICY[resource].get(action, frozenset())
    except KeyError as exc:
        raise UnknownResource(resource) from exc


def role_may(role: str | None, resource: str, action: str = "view") -> bool:
    """True when the role is listed for the action; no role (anonymous) may do nothing."""
    return bool(role) and role in roles_for(resource, action)


def user_may(user: Any, resource: str, action: str = "view") -> bool:
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return False
    return role_may(getattr(user, "role", None), resource, action)


def require(resource: str, action: str = "view") -> Callable[[F], F]:
    """Wrap a view: anonymous users go to the login page, users whose role may not get 403; rows
    not found (or not in scope) are 404 and acts outside the user's areas 403."""

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if not request.user.is_authenticated:
                from django.contrib.auth.views import redirect_to_login

                return redirect_to_login(request.get_full_path())
            if not user_may(request.user, resource, action):
                raise PermissionDenied(f"{resource}:{action}")
            try:
                return view(request, *args, **kwargs)
            except ObjectDoesNotExist as exc:
                raise Http404(str(exc)) from exc
            except PermissionError as exc:
                raise PermissionDenied(str(exc)) from exc

        wrapper.thanrak_access = (resource, action)  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]

    return decorate


def public(view: F) -> F:
    """Mark a view as open to everyone, including people who are not logged in."""
    view.thanrak_access = "public"  # type: ignore[attr-defined]
    return view


def authenticated(view: F) -> F:
    """Any logged-in user, whatever the role (own profile, own tokens, own password)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        if not request.user.is_authenticated:
            from django.contrib.auth.views import redirect_to_login

            return redirect_to_login(request.get_full_path())
        return view(request, *args, **kwargs)

    wrapper.thanrak_access = "authenticated"  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


def declared_access(view: Any) -> Any:
    """What a view declared (a (resource, action) pair, 'public', 'authenticated') or None."""
    for candidate in (view, getattr(view, "view_class", None), getattr(view, "__wrapped__", None)):
        if candidate is not None and hasattr(candidate, "thanrak_access"):
            return candidate.thanrak_access
    return None
