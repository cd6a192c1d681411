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
from urllib.parse import urlsplit

from django.contrib.staticfiles import finders
from django.db import connections
from django.http import HttpResponse
from django.test import Client

BASE = "http://testserver"
PHONE = {"width": 360, "height": 780}
_NOT_FORWARDED = ("content-type", "content-length", "cookie", "host")


class InProcess:
    """A Playwright route handler answering every request with a Django test client (static files
    from the finders, as runserver does). Make it in the test itself, not in a route handler."""

    def __init__(self, client: Client):
        self.client = client
        # Playwright calls handlers in its own greenlet, whose context would open a second database
        # connection; hand them the test's connection so they see the test's transaction.
        self.connection = connections["default"]

    def respond(self, request) -> HttpResponse:  # noqa: ANN001
        """Django's answer to a Playwright request."""
        connections["default"] = self.connection
        parts = urlsplit(request.url)
        headers = {
            f"HTTP_{k.upper().replace('-', '_')}": v
            for k, v in request.headers.items()
            if k.lower() not in _NOT_FORWARDED
        }
        return self.client.generic(
            request.method,
            parts.path + (f"?{parts.query}" if parts.query else ""),
            request.post_data_buffer or b"",
            content_type=request.headers.get("content-type", ""),
            **headers,
        )

    def __call__(self, route, request) -> None:  # noqa: ANN001
        path = urlsplit(request.url).path
        if path.startswith("/static/"):
            found = finders.find(path.removeprefix("/static/"))
            if found is None:
                return route.fulfill(status=404, body="")
            with open(found, "rb") as fh:
                return route.fulfill(
                    status=200,
                    body=fh.read(),
                    content_type=mimetypes.guess_type(found)[0] or "application/octet-stream",
                )
        response = self.respond(request)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return route.fulfill(status=response.status_code, headers=dict(response.items()), body=body)


def serve(target, client: Client) -> None:  # noqa: ANN001
    """Answer the requests of `target` (a page or a browser context) with `client`."""
    target.route(f"{BASE}/**", InProcess(client))


def open_as(browser, user=None, *, viewport: dict | None = None, client: Client | None = None):  # noqa: ANN001, ANN201
    """A new page in its own browser context (its own session), logged in as `user` when given,
    on a 360 px phone unless another viewport is asked for. Pass `client` to reach the same
    session from the test (to answer a request by hand in a route of the test's own)."""
    client = client or Client(headers={"Accept-Language": "th"})
    if user is not None:
        client.force_login(user)
    context = browser.new_context(viewport=viewport or PHONE, locale="th-TH", service_workers="block")
    serve(context, client)
    return context.new_page()


def overflow(page) -> int:  # noqa: ANN001
    """How many pixels the page is wider than its window (0 when nothing scrolls sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def log_in(page, username: str, password: str = "pw-for-tests-123") -> None:  # noqa: ANN001
    """Log in through the login form, as a person would, and land on the home page."""
    from playwright.sync_api import expect

    page.goto(f"{BASE}/login/")
    page.get_by_label("ชื่อผู้ใช้").fill(username)
    page.get_by_label("รหัสผ่าน").fill(password)
    page.locator("main").get_by_role("button", name="เข้าสู่ระบบ").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("สวัสดี")
