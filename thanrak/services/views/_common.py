"""What the services pages share."""

from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from thanrak.accounts.actions import audit_record
from thanrak.accounts.models import AuditEvent
from thanrak.core.clientip import client_ip
from thanrak.core.paginate import CappedPaginator
from thanrak.services.exports import FORMATS, table


def now() -> Any:
    return timezone.now()


def today() -> Any:
    return timezone.localdate()


def paginate(request: HttpRequest, rows: Any, per_page: int = 30) -> Any:
    return CappedPaginator(rows, per_page).get_page(request.GET.get("page"))


def export_format(request: HttpRequest) -> str:
    """ "csv" or "xlsx" when the page is asked for as a file, else ""."""
    fmt = request.GET.get("format", "")
    return fmt if fmt in FORMATS else ""


def export(
    request: HttpRequest,
    *,
    fmt: str,
    name: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    detail: dict,
) -> HttpResponse:
    """The list as a file; the export of personal data is written to the audit log."""
    audit_record(
        by=request.user,
        event=AuditEvent.EXPORT,
        at=now(),
        object_type=f"services.{name}",
        detail={**detail, "format": fmt},
        ip=client_ip(request),
    )
    response = HttpResponse(table(fmt, headers, rows, sheet=name), content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
