from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from thanrak.core.access import declared_access

# Paths whose views enforce access themselves: the admin (staff only, scoped lists),
# the JSON API (every operation declares its resource) and OpenRosa (digest/basic auth).
SELF_GUARDED_PREFIXES = ("/admin/", "/api/", "/openrosa/")


class AccessMiddleware:
    """Deny by default: a view that declares no access rule is refused with 403."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any) -> None:
        if request.path_info.startswith(SELF_GUARDED_PREFIXES):
            return None
        if declared_access(view_func) is None:
            raise PermissionDenied("view declares no access rule")
        return None
