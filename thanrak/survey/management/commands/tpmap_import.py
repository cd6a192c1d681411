"""Import TPMAP's published area files as an external source for the survey maps and dashboards."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from thanrak.survey.actions import external_tpmap_import
from thanrak.survey.external import TpmapFileError


class Command(BaseCommand):
    help = "Import TPMAP area files (61_<province>_tambol_common.csv and _11111.csv pairs) from DIR."

    def add_arguments(self, parser: object) -> None:
        parser.add_argument("directory")  # type: ignore[attr-defined]
        parser.add_argument("--source", default="TPMAP 2561")  # type: ignore[attr-defined]
        parser.add_argument("--year", type=int, default=2561, help="data year (B.E.)")  # type: ignore[attr-defined]

    def handle(self, *args: object, directory: str, source: str, year: int, **options: object) -> None:
        path = Path(directory)
        if not path.is_dir():
            raise CommandError(f"{directory} is not a directory")
        try:
            result = external_tpmap_import(directory=path, source=source, year_be=year, at=timezone.now())
        except TpmapFileError as exc:
            raise CommandError(str(exc)) from exc
        n = result.national
        self.stdout.write(
            f"{source}: {result.areas:,} areas imported (country, provinces, districts, subdistricts)"
        )
        self.stdout.write(
            f"National totals: households {n.households:,} · persons {n.persons:,} · MPI-poor persons "
            f"{n.poor_persons:,} · target poor {n.target_poor:,}"
        )
        if result.unmatched:
            by_level = {
                "province": [c for c in result.unmatched if len(c) == 2],
                "district": [c for c in result.unmatched if len(c) == 4],
                "subdistrict": [c for c in result.unmatched if len(c) == 6],
            }
            self.stdout.write(
                f"{len(result.unmatched)} codes of the {year} files match no area of today's geography "
                f"(kept and shown as unmatched):"
            )
            for level, codes in by_level.items():
                if codes:
                    self.stdout.write(f"  {level}: {', '.join(codes[:50])}{' …' if len(codes) > 50 else ''}")
