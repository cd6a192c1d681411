"""Load the published Policy 7 report's figures (data/seed-report/figures.csv) as monitoring data."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from tqdm import tqdm

from thanrak.accounts.models import User
from thanrak.accounts.roles import Role
from thanrak.monitoring import seed
from thanrak.monitoring.figure_map import MapError


class Command(BaseCommand):
    help = (
        "Load all 211 figures of the Policy 7 progress report (idempotent: running it again changes nothing)."
    )

    def add_arguments(self, parser: object) -> None:
        parser.add_argument(
            "--file", type=Path, default=None, help="figures.csv (default: data/seed-report/)"
        )  # type: ignore[attr-defined]
        parser.add_argument("--username", default="", help="the national manager recorded as loading it")  # type: ignore[attr-defined]

    def handle(self, *args: object, file: Path | None, username: str, **options: object) -> None:
        users = User.objects.filter(role=Role.NATIONAL_MANAGER, is_active=True)
        user = users.filter(username=username).first() if username else users.order_by("pk").first()
        if user is None:
            raise CommandError(
                "No active national manager" + (f" named {username}" if username else "") + "."
            )
        path = file or seed.seed_path()
        if not path.exists():
            raise CommandError(f"{path} does not exist.")
        with tqdm(total=211, unit="row", disable=None) as bar:
            try:
                result = seed.seed_load(by=user, at=timezone.now(), path=path, progress=bar.update)
            except (seed.SeedError, MapError) as exc:
                raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{result.rows} rows: {result.programmes} new programmes, {result.indicators} new indicators, "
            f"{result.values_created} new values, {result.targets} new targets, {result.figures} figures "
            f"({', '.join(f'{k} {v}' for k, v in sorted(result.by_role.items()))})."
        )
        if result.mapping is not None:
            m = result.mapping
            self.stdout.write(
                f"figure map: {m.written} rows loaded, {m.kept} changed on the page kept, "
                f"{m.indicators} indicators changed (manage.py monitoring_coverage for the totals)."
            )
