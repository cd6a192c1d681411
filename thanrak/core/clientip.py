"""The address of the person at the other end, as far as the configured proxies let us know it."""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The client's IP address: REMOTE_ADDR, or behind THANRAK_TRUSTED_PROXIES proxies the entry of
    X-Forwarded-For that the outermost trusted proxy wrote (entries left of it are the client's own
    say and are not believed)."""
    remote = _valid(request.META.get("REMOTE_ADDR", ""))
    proxies = getattr(settings, "THANRAK_TRUSTED_PROXIES", 0)
    if proxies <= 0:
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    if not hops:
        return remote
    return _valid(hops[-min(proxies, len(hops))]) or remote


def _valid(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None
