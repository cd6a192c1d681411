"""/imports and /exports: importing a registry file and exporting the registry."""

from typing import Annotated, Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, File, Path, Schema, Status
from ninja.files import UploadedFile
from pydantic import StringConstraints

from thanrak.apikit import ERRORS, AppRouter, Error, ImportIssueOut, access, issue_errors
from thanrak.core.clientip import client_ip
from thanrak.registry import exports, imports

router = AppRouter("registry", tags=["registry"])

KindName_ = Literal["persons", "households", "organisations"]


class ImportOut(Schema):
    kind: str
    dry_run: bool
    skip_invalid: bool
    encoding: str = Field(description="utf-8, utf-8-sig, cp874 or xlsx")
    rows: int = Field(description="Data rows read")
    imported: int = Field(description="Records written (or that would be, on a dry run)")
    skipped: int
    skipped_rows: list[int]
    issues: list[ImportIssueOut]
    unlisted: int = Field(description="Problems found beyond those listed")


class ImportErrorOut(Error):
    report: ImportOut | None = None


@router.post(
    "/imports/{kind}",
    response={200: ImportOut, **ERRORS, 422: ImportErrorOut},
    summary="Import persons, households or organisations from CSV or XLSX (all rows or none)",
)
@access("registry.data", "import")
def registry_import(
    request: HttpRequest,
    kind: Path[KindName_],
    file: File[UploadedFile | None] = None,
    skip_invalid: bool = False,
    dry_run: bool = False,
) -> Any:
    """The layouts are in docs/import-layouts.md. A rejected file (422) lists each problem with its
    row, column and reason in Thai and English, and nothing is written; with skip_invalid the valid
    rows are written and the skipped ones listed."""
    limit = imports.max_bytes()
    # An empty upload reaches us as no file at all (Django drops empty parts): the same answer.
    data = file.read(limit + 1) if file is not None else b""
    try:
        report = imports.registry_import(
            kind=kind,
            source=data,
            by=request.user,
            at=timezone.now(),
            skip_invalid=skip_invalid,
            dry_run=dry_run,
            max_bytes=limit,
            filename=(file.name if file else "") or "",
            ip=client_ip(request),
        )
    except imports.ImportRejected as exc:
        out = exc.report.as_dict()
        first = exc.report.issues[0] if exc.report.issues else None
        errors = issue_errors(exc.report.issues)
        return Status(
            422,
            ImportErrorOut(
                detail=first.en if first else "rejected",
                field=errors[0]["field"] if errors else None,
                errors=errors,
                report=ImportOut(**out),
            ),
        )
    return ImportOut(**report.as_dict())


EXPORT_RESPONSES = {
    "200": {
        "description": "The file; citizen IDs masked unless the caller's role may see them. Audit-logged.",
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            exports.CONTENT_TYPES["xlsx"]: {"schema": {"type": "string", "format": "binary"}},
        },
    }
}


@router.get(
    "/exports/{kind}",
    response=ERRORS,
    summary="Export the persons, households or organisations in the caller's areas as CSV or XLSX",
    openapi_extra={"responses": EXPORT_RESPONSES},
)
@access("registry.data", "export")
def registry_export(
    request: HttpRequest,
    kind: Path[KindName_],
    format: Literal["csv", "xlsx"] = "csv",  # noqa: A002 — the query parameter's name
    area: Annotated[str, StringConstraints(pattern=r"^(([0-9]{2}){1,4})?$")] = "",
    lang: Literal["th", "en"] = "th",
    layout: Literal["people", "machine"] = "people",
) -> Any:
    """Columns as in the import layouts, so a file can be imported again. layout=people (default):
    labels and Buddhist-era dates under Thai names with lang=th; layout=machine: the codes, ISO dates
    and English column names documented in docs/import-layouts.md."""
    at = timezone.now()
    data, _rows = exports.registry_export(
        kind=kind,
        fmt=format,
        by=request.user,
        at=at,
        area=area,
        lang=lang,
        layout=layout,
        ip=client_ip(request),
    )
    response = HttpResponse(data, content_type=exports.CONTENT_TYPES[format])
    response["Content-Disposition"] = (
        f'attachment; filename="{exports.filename(kind, format, at, area, layout)}"'
    )
    return response
