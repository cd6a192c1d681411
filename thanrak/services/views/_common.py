"""What the services pages share."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from thanrak.core.paginate import CappedPaginator


def now() -> Any:
    return timezone.now()


def today() -> Any:
    return timezone.localdate()


def paginate(request: HttpRequest, rows: Any, per_page: int = 30) -> Any:
    return CappedPaginator(rows, per_page).get_page(request.GET.get("page"))
