"""manage.py registry_export persons|households|organisations --format csv|xlsx --out FILE --user U [--area "
"CODE]"""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import get_language

from thanrak.accounts.models import User
from thanrak.accounts.scope import OutsideScope
from thanrak.registry.exports import FORMATS, CannotExport, registry_export
from thanrak.registry.imports import KINDS


class Command(BaseCommand):
    help = (
        "Export the persons, households or organisations USER may see (optionally one area inside theirs) "
        "to CSV or XLSX; citizen IDs masked unless the user's role may see them. Written to the audit log."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("kind", choices=KINDS)
        parser.add_argument("--format", choices=FORMATS, default="csv", dest="fmt")
        parser.add_argument("--out", type=Path, required=True)
        parser.add_argument("--user", required=True)
        parser.add_argument("--area", default="", help="only this area (inside the user's areas)")
        parser.add_argument(
            "--layout",
            choices=("people", "machine"),
            default="people",
            help="people: labels and Buddhist-era dates; machine: codes and ISO dates "
            "(docs/import-layouts.md)",
        )

    def handle(
        self,
        *args: object,
        kind: str,
        fmt: str,
        out: Path,
        user: str,
        area: str,
        layout: str,
        **options: object,
    ) -> None:
        try:
            by = User.objects.get(username=user, is_active=True)
        except User.DoesNotExist as exc:
            raise CommandError(f"no active user {user!r}") from exc
        try:
            data, rows = registry_export(
                kind=kind,
                fmt=fmt,
                by=by,
                at=timezone.now(),
                area=area,
                lang=get_language() or "th",
                layout=layout,
            )
        except OutsideScope as exc:
            raise CommandError(f"the area {area} is outside {user}'s areas") from exc
        except PermissionError as exc:
            raise CommandError(f"{user} may not export registry data") from exc
        except CannotExport as exc:
            raise CommandError(str(exc)) from exc
        out.write_bytes(data)
        self.stdout.write(self.style.SUCCESS(f"wrote {rows:,} {kind} to {out}"))
