"""The entry point: read a file, check every row, write through registry.actions, all or nothing."""

import datetime as dt
from collections.abc import Callable
from typing import IO

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.actions import audit_record
from thanrak.accounts.models import AuditEvent, User
from thanrak.accounts.scope import Scope, scope_of
from thanrak.core.access import user_may
from thanrak.core.tabular import XLSX_MAGIC, Issue, TableError, stream_table
from thanrak.registry.imports.households import (
    import_households,
)
from thanrak.registry.imports.layouts import (
    aliases,
    columns,
)
from thanrak.registry.imports.organisations import import_organisations
from thanrak.registry.imports.persons import import_persons
from thanrak.registry.imports.report import ImportRejected, ImportReport, Rollback
from thanrak.registry.imports.values import (
    Areas,
)


def estimate_rows(data: bytes) -> int:
    """About how many data rows a file holds (for a progress bar): lines of a CSV, rows of a sheet."""
    if data.startswith(XLSX_MAGIC):
        import io

        from openpyxl import load_workbook

        from thanrak.core.tabular import check_xlsx

        try:
            check_xlsx(
                data,
                max_rows=settings.THANRAK_MAX_REGISTRY_IMPORT_ROWS,
                max_columns=settings.THANRAK_IMPORT_MAX_COLUMNS,
            )
        except TableError:
            return 0  # refused unread when imported
        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True).worksheets[0]
            return max((sheet.max_row or 1) - 1, 0)
        except Exception:  # noqa: BLE001 — an estimate only; reading reports the real problem
            return 0
    return max(data.count(b"\n") - 1 + (not data.endswith(b"\n")), 0)


def max_bytes() -> int:
    return settings.THANRAK_MAX_REGISTRY_IMPORT_BYTES


def registry_import(
    *,
    kind: str,
    source: IO[bytes] | bytes,
    by: User | None,
    at: dt.datetime,
    skip_invalid: bool = False,
    dry_run: bool = False,
    max_bytes: int | None = None,
    progress: Callable[[int], None] | None = None,
    filename: str = "",
    ip: str | None = None,
) -> ImportReport:
    """Import a file of `kind` (persons, households, organisations) as `by`, into their areas only.

    by=None is the operator at the command line, with every area. Raises ImportRejected (nothing
    written) when the file cannot be read or, unless skip_invalid, when any row is wrong. Returns
    the report; on a dry run nothing is written either way.
    """
    layout = columns(kind)
    if by is not None and not user_may(by, "registry.data", "import"):
        raise PermissionError("registry.data:import")
    scope = Scope(everything=True) if by is None else scope_of(by)
    report = ImportReport(kind=kind, dry_run=dry_run, skip_invalid=skip_invalid)
    try:
        stream = stream_table(
            source,
            required=[c.name for c in layout if c.required],
            optional=[c.name for c in layout if not c.required],
            max_bytes=max_bytes,
            aliases=aliases(kind),
            max_rows=settings.THANRAK_MAX_REGISTRY_IMPORT_ROWS,
        )
    except TableError as exc:
        for issue in exc.issues:
            report.add(issue)
        raise ImportRejected(report) from exc
    report.encoding = stream.encoding
    report.given = stream.given
    runner = {
        "persons": import_persons,
        "households": import_households,
        "organisations": import_organisations,
    }
    tick = progress or (lambda n: None)
    rejected = False
    outermost = not connection.in_atomic_block
    try:
        with transaction.atomic():
            more = {"outermost": outermost} if kind == "persons" else {}
            runner[kind](stream.headers, stream.rows, report, Areas(scope), at=at, tick=tick, **more)
            if report.rows == 0 and not report.issues:
                report.add(Issue(None, None, _("The file has a header but no data rows.")))
            rejected = bool(report.issues) and (not skip_invalid or report.imported == 0)
            if rejected or dry_run:
                raise Rollback
            audit_record(
                by=by,
                event=AuditEvent.IMPORT,
                at=at,
                object_type=f"registry.{kind}",
                area_code=scope.area_codes[0] if len(scope.area_codes) == 1 else "",
                detail={
                    "rows": report.rows,
                    "imported": report.imported,
                    "skipped": len(report.skipped),
                    "file": filename[:200],
                },
                ip=ip,
            )
    except Rollback:
        pass
    except IntegrityError as exc:  # someone registered the same ID while the file was read
        report.add(
            Issue(
                None,
                None,
                _(
                    "Another import or a person at the same time registered some of these "
                    "records; nothing was written. Please import the file again."
                ),
            )
        )
        raise ImportRejected(report) from exc
    if rejected:
        raise ImportRejected(report)
    return report
