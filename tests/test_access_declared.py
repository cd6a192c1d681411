"""Deny by default: every page and API operation declares who may use it."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from ninja.constants import NOT_SET

from thanrak.api import api
from thanrak.core.access import declared_access, policy

SELF_GUARDED = ("admin/", "api/v1/", "openrosa/")


def _walk(patterns, prefix=""):  # noqa: ANN001
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p.callback


def _operations():
    """Every operation of every router, those of routers mounted inside another (an app's package of
    routers) too."""

    def walk(prefix, router):  # noqa: ANN001, ANN202
        for path, path_view in router.path_operations.items():
            for op in path_view.operations:
                yield prefix + path, op
        for child_prefix, child, *_mount in router._routers:
            yield from walk(prefix + child_prefix, child)

    for prefix, router in api._routers:
        yield from walk(prefix, router)


def _needs_login(op, router_auth=NOT_SET):  # noqa: ANN001
    """The operation's own auth, else its router's, else the API's default (token or session)."""
    auth = op.auth_param
    if auth is NOT_SET:
        auth = router_auth if router_auth is not NOT_SET else api.auth
    return auth is not None


class TestEveryView:
    def test_declares_an_access_rule(self):
        undeclared = [
            route
            for route, view in _walk(get_resolver().url_patterns)
            if not route.startswith(SELF_GUARDED) and declared_access(view) is None
        ]

        assert undeclared == []

    def test_names_a_registered_resource(self):
        known = policy()
        unknown = [
            (route, access)
            for route, view in _walk(get_resolver().url_patterns)
            if isinstance(access := declared_access(view), tuple)
            and (access[0] not in known or access[1] not in known[access[0]])
        ]

        assert unknown == []


class TestEveryApiOperation:
    def test_declares_an_access_rule(self):
        undeclared = [
            f"{op.methods} {path}" for path, op in _operations() if declared_access(op.view_func) is None
        ]

        assert undeclared == []

    def test_is_public_only_when_it_needs_no_login(self):
        wrong = [
            f"{op.methods} {path}"
            for path, op in _operations()
            if (declared_access(op.view_func) == "public") == _needs_login(op)
        ]

        assert wrong == []


@pytest.mark.django_db
class TestAnUndeclaredView:
    def test_is_refused_by_the_middleware(self, rf, national_manager):
        from django.core.exceptions import PermissionDenied
        from django.http import HttpResponse

        from thanrak.accounts.middleware import AccessMiddleware

        request = rf.get("/somewhere/")
        request.user = national_manager
        middleware = AccessMiddleware(lambda r: HttpResponse())

        with pytest.raises(PermissionDenied):
            middleware.process_view(request, lambda r: HttpResponse(), (), {})
