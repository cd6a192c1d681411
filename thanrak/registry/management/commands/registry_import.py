"""manage.py registry_import persons|households|organisations FILE [--user U] [--skip-invalid] [--dry-run]"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import get_language
from tqdm import tqdm

from thanrak.accounts.models import User
from thanrak.registry.imports import (
    KINDS,
    ImportRejected,
    ImportReport,
    estimate_rows,
    max_bytes,
    registry_import,
)


class Command(BaseCommand):
    help = (
        "Import persons, households or organisations from a CSV (UTF-8, UTF-8 with BOM, TIS-620) or XLSX "
        "file in the layouts of docs/import-layouts.md. All rows or none, unless --skip-invalid. Exits "
        "with status 1 when the file is rejected."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", help="import as this user, into their areas only (default: every area)")
        parser.add_argument(
            "--skip-invalid", action="store_true", help="import the valid rows, report the rest"
        )
        parser.add_argument("--dry-run", action="store_true", help="check the file, write nothing")
        parser.add_argument(
            "--max-mb",
            type=int,
            default=None,
            help="largest file accepted, in MB (default: the page's limit, "
            "THANRAK_MAX_REGISTRY_IMPORT_BYTES; 0: none)",
        )
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(
        self,
        *args: object,
        kind: str,
        file: Path,
        user: str | None,
        skip_invalid: bool,
        dry_run: bool,
        max_mb: int | None,
        no_progress: bool,
        **options: object,
    ) -> None:
        by = None
        if user:
            try:
                by = User.objects.get(username=user, is_active=True)
            except User.DoesNotExist as exc:
                raise CommandError(f"no active user {user!r}") from exc
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc}") from exc
        limit = max_bytes() if max_mb is None else (max_mb * 1024 * 1024 or None)
        bar = tqdm(total=estimate_rows(data), unit=" rows", disable=no_progress, file=self.stderr._out)
        try:
            report = registry_import(
                kind=kind,
                source=data,
                by=by,
                at=timezone.now(),
                skip_invalid=skip_invalid,
                dry_run=dry_run,
                max_bytes=limit,
                progress=bar.update,
                filename=file.name,
            )
        except ImportRejected as exc:
            bar.close()
            self._print(exc.report)
            self.stderr.write(self.style.ERROR("Rejected: nothing was imported."))
            raise SystemExit(1) from exc
        except PermissionError as exc:
            bar.close()
            raise CommandError(f"{user} may not import registry data") from exc
        bar.close()
        self._print(report)
        verb = "would import" if dry_run else "imported"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {report.imported:,} {kind} from {report.rows:,} rows"
                f" ({len(report.skipped):,} rows skipped)"
            )
        )

    def _print(self, report: ImportReport) -> None:
        lang = "en" if (get_language() or "").startswith("en") else "th"
        for issue in report.issues:
            where = ", ".join(p for p in (f"row {issue.row}" if issue.row else "", issue.column or "") if p)
            self.stdout.write(
                f"{where or 'file'}: {issue.text(lang)} / {issue.text('en' if lang == 'th' else 'th')}"
            )
        if report.unlisted:
            self.stdout.write(f"… and {report.unlisted:,} more problems")
