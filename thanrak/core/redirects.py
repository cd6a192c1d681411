"""Where a page may send a person back to: only a path on this site, never another host."""

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request: HttpRequest, fallback: str, *, field: str = "next") -> str:
    """The request's `next` (POST, then GET) when it leads to this site, else `fallback`.

    `//evil.example/x`, `https://evil.example/`, `/\\evil.example` and `javascript:` all fall back.
    """
    target = request.POST.get(field) or request.GET.get(field) or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback
