"""What the markets pages share: paging and the flash of a form's errors."""

from typing import Any

from django.contrib import messages
from django.core.paginator import Page
from django.http import HttpRequest

from thanrak.core.paginate import CappedPaginator


def paginate(request: HttpRequest, rows: Any, size: int = 25) -> Page:
    return CappedPaginator(rows, size).get_page(request.GET.get("page"))


def flash_errors(request: HttpRequest, form: Any) -> None:
    """A form posted from another page: its errors reach the person as messages."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        messages.error(request, f"{label}: {' '.join(errors)}" if label else " ".join(errors))
