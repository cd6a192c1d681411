"""The import page: uploads kept with their status, run now or by the task worker, confirmed row by row."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.core.access import user_may
from thanrak.core.errors import DomainError
from thanrak.core.tabular import Issue
from thanrak.registry.imports.entry import estimate_rows, max_bytes, registry_import
from thanrak.registry.imports.layouts import (
    columns,
)
from thanrak.registry.imports.report import ImportRejected, ImportReport
from thanrak.registry.models import (
    ImportStatus,
    RegistryImport,
)

SYNC_ROWS = 5_000  # files up to about this many rows are imported while the page waits


def upload(
    *, kind: str, data: bytes, filename: str, by: User, at: dt.datetime, skip_invalid: bool = False
) -> RegistryImport:
    """Keep an uploaded file and import it: now when it is small, else through the task worker.

    The size limit and the role are checked before anything is kept.
    """
    columns(kind)
    if not user_may(by, "registry.data", "import"):
        raise PermissionError("registry.data:import")
    job = RegistryImport.objects.create(
        kind=kind,
        filename=filename[:200],
        by=by,
        at=at,
        skip_invalid=skip_invalid,
        data=data,
        rows_estimated=estimate_rows(data) if len(data) <= max_bytes() else 0,
    )
    _start(job)
    return job


def _start(job: RegistryImport) -> None:
    if job.rows_estimated <= SYNC_ROWS:
        run(job_id=job.pk)
    else:
        from thanrak.registry.tasks import import_run

        transaction.on_commit(lambda: import_run.enqueue(job.pk))


def run(*, job_id: int, ip: str | None = None) -> RegistryImport:
    """Run a kept import (from the page or the task worker) and store its report."""
    with transaction.atomic():
        job = RegistryImport.objects.select_for_update().get(pk=job_id)
        if job.status != ImportStatus.QUEUED:
            return job
        job.status = ImportStatus.RUNNING
        job.save(update_fields=["status"])
    data = bytes(job.data or b"")
    try:
        report = registry_import(
            kind=job.kind,
            source=data,
            by=job.by,
            at=timezone_now(),
            skip_invalid=job.skip_invalid,
            max_bytes=max_bytes(),
            filename=job.filename,
            ip=ip,
        )
        job.status, job.data = ImportStatus.DONE, None
    except ImportRejected as exc:
        report = exc.report
        job.status = ImportStatus.REJECTED
    except PermissionError:  # the uploader lost the right to import while the file waited
        report = ImportReport(kind=job.kind)
        report.add(Issue(None, None, _("You may no longer import registry files.")))
        job.status = ImportStatus.REJECTED
    job.report = report.as_dict()
    job.finished_at = timezone_now()
    job.save(update_fields=["status", "data", "report", "finished_at"])
    return job


def confirm_skipping(*, job: RegistryImport, by: User) -> RegistryImport:
    """Import the valid rows of a rejected file, skipping the rest. Twice is once: a second confirm
    finds the import no longer rejected and changes nothing."""
    with transaction.atomic():
        job = RegistryImport.objects.select_for_update().get(pk=job.pk, by=by)
        if job.status != ImportStatus.REJECTED or job.skip_invalid or job.data is None:
            raise CannotConfirm(
                _("This file was already imported, or cannot be imported row by row."),
                code="file_already_imported",
            )
        job.status, job.skip_invalid = ImportStatus.QUEUED, True
        job.save(update_fields=["status", "skip_invalid"])
    _start(job)
    job.refresh_from_db()
    return job


class CannotConfirm(DomainError):
    """The import is not waiting for a decision (already imported, running or confirmed)."""


def timezone_now() -> dt.datetime:
    from django.utils import timezone

    return timezone.now()
