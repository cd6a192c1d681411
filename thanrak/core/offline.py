"""The one service worker of the pages that work offline (survey, learning's attendance, services'
caseload): a single file, core/static/core/offline-sw.js, served by one view from each app's folder."""

from functools import cache
from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from thanrak.core.access import public

WORKER = Path(__file__).resolve().parent / "static" / "core" / "offline-sw.js"


@cache
def _worker_code() -> str:
    return WORKER.read_text(encoding="utf-8")


@public
@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """The worker, served from the app's folder so that it may answer for the pages there when the
    network is gone (a worker's reach is the folder it is served from). Code only, no data; it names
    its caches after that folder."""
    response = HttpResponse(_worker_code(), content_type="text/javascript")
    response["Cache-Control"] = "no-cache"
    return response
