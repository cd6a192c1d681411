"""Files through the API: import the helpers directory or cases (all rows or none) and export them,
in the layouts of docs/import-layouts.md, so that an export imports back."""

from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, File, Query, Router, Schema, Status
from ninja.files import UploadedFile

from thanrak.accounts.actions import audit_record
from thanrak.accounts.models import AuditEvent
from thanrak.apikit import ERRORS, Error, ImportIssueOut, access, choice_literal, issue_errors
from thanrak.core.clientip import client_ip
from thanrak.services import actions, exports, layouts, queries
from thanrak.services.api.schemas import AreaCode, Words
from thanrak.services.models import CaseStatus, CaseTopic, Expertise, HelperKind

router = Router(tags=["services"])


class ImportRowOut(Schema):
    row: int
    record: str = Field(description="The helper's or the case subject's name")


class ImportOut(Schema):
    kind: str
    dry_run: bool
    encoding: str = Field(description="utf-8, utf-8-sig, cp874 or xlsx")
    imported: int = Field(description="Rows written (or that would be, on a dry run)")
    rows: list[ImportRowOut]


class ImportErrorOut(Error):
    issues: list[ImportIssueOut] = Field(default_factory=list, description="Every problem by row and column")


def _import(request: HttpRequest, kind: str, file: UploadedFile | None, dry_run: bool) -> Any:
    data = file.read(actions.imports.MAX_BYTES + 1) if file is not None else b""
    try:
        result = actions.services_import(
            kind=kind,
            source=data,
            by=request.user,
            at=timezone.now(),
            on=timezone.localdate(),
            dry_run=dry_run,
        )
    except actions.ImportRefused as exc:
        issues = [i.as_dict() for i in exc.issues]
        first = exc.issues[0] if exc.issues else None
        errors = issue_errors(exc.issues)
        return Status(
            422,
            ImportErrorOut(
                detail=first.en if first else str(exc.message),
                code=exc.code,
                field=errors[0]["field"] if errors else None,
                errors=errors,
                issues=[ImportIssueOut(**i) for i in issues],
            ),
        )
    return ImportOut(
        kind=kind,
        dry_run=dry_run,
        encoding=result.encoding,
        imported=len(result.written),
        rows=[ImportRowOut(row=row, record=what) for row, what in result.written],
    )


IMPORT_RESPONSES = {200: ImportOut, **ERRORS, 422: ImportErrorOut}


@router.post(
    "/helpers/import",
    response=IMPORT_RESPONSES,
    summary="Import the helpers directory from CSV or XLSX (all rows or none; dry_run to check)",
)
@access("services.helper", "import")
def helper_import(request: HttpRequest, file: File[UploadedFile | None] = None, dry_run: bool = False) -> Any:
    """A person is found by person_id, else citizen_id, else name with phone; their entry is replaced."""
    return _import(request, "helpers", file, dry_run)


@router.post(
    "/cases/import",
    response=IMPORT_RESPONSES,
    summary="Import cases from CSV or XLSX (all rows or none; dry_run to check)",
)
@access("services.case", "import")
def case_import(request: HttpRequest, file: File[UploadedFile | None] = None, dry_run: bool = False) -> Any:
    """Each row opens a case and moves it to its state (steps dated the intake date); a row sent
    again gives back the case it made."""
    return _import(request, "cases", file, dry_run)


EXPORT_RESPONSES = {
    "200": {
        "description": "The file, in the import layout; no citizen ID. Audit-logged.",
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            exports.FORMATS["xlsx"]: {"schema": {"type": "string", "format": "binary"}},
        },
    }
}


class HelperExportFilters(Schema):
    format: Literal["csv", "xlsx"] = "csv"
    kind: choice_literal(HelperKind, "") = ""  # type: ignore[valid-type]
    expertise: choice_literal(Expertise, "") = ""  # type: ignore[valid-type]
    area: AreaCode = ""
    q: Words = ""


class CaseExportFilters(Schema):
    format: Literal["csv", "xlsx"] = "csv"
    status: choice_literal(CaseStatus, "") = ""  # type: ignore[valid-type]
    topic: choice_literal(CaseTopic, "") = ""  # type: ignore[valid-type]
    area: AreaCode = ""
    q: Words = ""


def _file(request: HttpRequest, name: str, fmt: str, rows: Any, detail: dict[str, str]) -> HttpResponse:
    audit_record(
        by=request.user,
        event=AuditEvent.EXPORT,
        at=timezone.now(),
        object_type=f"services.{name}",
        detail={**detail, "format": fmt, "via": "api"},
        ip=client_ip(request),
    )
    data = exports.table(fmt, layouts.headers(name), rows, sheet=name)
    response = HttpResponse(data, content_type=exports.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@router.get(
    "/helpers/export",
    response=ERRORS,
    summary="Export the helpers directory in the caller's areas as CSV or XLSX",
    openapi_extra={"responses": EXPORT_RESPONSES},
)
@access("services.helper", "export")
def helper_export(request: HttpRequest, filters: Query[HelperExportFilters]) -> Any:
    chosen = {k: v for k, v in filters.dict().items() if v and k != "format"}
    rows = queries.helper_list(viewer=request.user, **chosen)
    return _file(request, "helpers", filters.format, exports.helper_rows(rows), chosen)


@router.get(
    "/cases/export",
    response=ERRORS,
    summary="Export the caller's cases as CSV or XLSX",
    openapi_extra={"responses": EXPORT_RESPONSES},
)
@access("services.case", "export")
def case_export(request: HttpRequest, filters: Query[CaseExportFilters]) -> Any:
    chosen = {k: v for k, v in filters.dict().items() if v and k != "format"}
    rows = queries.case_list(viewer=request.user, **chosen)[:50_000]
    return _file(request, "cases", filters.format, exports.case_rows(rows), chosen)
