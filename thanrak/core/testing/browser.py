"""Browser journeys without a live server: Chromium's requests to http://testserver are answered
in-process by Django's test client (Playwright request routing), so a journey runs inside the
test's transaction and the Thai geography the other tests share is never flushed.

    page = open_as(browser, officer)            # a logged-in phone, 360 px wide
    page.goto(f"{BASE}/shop/")

Each page gets its own test client, so two people in one test keep two sessions. The test client
does not check CSRF tokens and keeps the cookies itself (the browser's own cookies are not sent).
http://testserver is not a secure origin: service workers, the Cache API and crypto.randomUUID are
absent there, as on any plain-http deployment; a journey about the service worker needs a
live_server on localhost.
"""

import mimetypes
from collections.abc import Callable
from urllib.parse import urlsplit

from django.contrib.staticfiles import finders
from django.db import connections
from django.test import Client

BASE = "http://testserver"
PHONE = {"width": 360, "height": 780}
_NOT_FORWARDED = ("content-type", "content-length", "cookie", "host")


def in_process(client: Client) -> Callable:
    """A Playwright route handler answering every request with `client` (static files from the
    finders, as runserver does)."""
    # Playwright calls the handler in its own greenlet, whose context would open a second database
    # connection; hand it the test's connection so it sees the test's transaction.
    main = connections["default"]

    def handle(route, request):  # noqa: ANN001, ANN202
        connections["default"] = main
        parts = urlsplit(request.url)
        if parts.path.startswith("/static/"):
            found = finders.find(parts.path.removeprefix("/static/"))
            if found is None:
                return route.fulfill(status=404, body="")
            with open(found, "rb") as fh:
                return route.fulfill(
                    status=200,
                    body=fh.read(),
                    content_type=mimetypes.guess_type(found)[0] or "application/octet-stream",
                )
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        headers = {
            f"HTTP_{k.upper().replace('-', '_')}": v
            for k, v in request.headers.items()
            if k.lower() not in _NOT_FORWARDED
        }
        response = client.generic(
            request.method,
            path,
            request.post_data_buffer or b"",
            content_type=request.headers.get("content-type", ""),
            **headers,
        )
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return route.fulfill(status=response.status_code, headers=dict(response.items()), body=body)

    return handle


def serve(target, client: Client) -> None:  # noqa: ANN001
    """Answer the requests of `target` (a page or a browser context) with `client`."""
    target.route(f"{BASE}/**", in_process(client))


def open_as(browser, user=None, *, viewport: dict | None = None, language: str = "th"):  # noqa: ANN001, ANN201
    """A new page in its own browser context (its own session), logged in as `user` when given,
    on a 360 px phone unless another viewport is asked for."""
    client = Client(headers={"Accept-Language": language})
    if user is not None:
        client.force_login(user)
    context = browser.new_context(viewport=viewport or PHONE, locale="th-TH", service_workers="block")
    serve(context, client)
    return context.new_page()


def overflow(page) -> int:  # noqa: ANN001
    """How many pixels the page is wider than its window (0 when nothing scrolls sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
