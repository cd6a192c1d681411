"""Write the Policy 7 report for a fiscal year as HTML or PDF."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from thanrak.core.areas import is_area_code
from thanrak.monitoring import report


class Command(BaseCommand):
    help = "Write 'ผลการดำเนินงานตามนโยบายข้อ ๗' for a fiscal year (approved figures only) as HTML or PDF."

    def add_arguments(self, parser: object) -> None:
        parser.add_argument(
            "--fiscal-year", type=int, required=True, help="Buddhist-era fiscal year, e.g. 2565"
        )  # type: ignore[attr-defined]
        parser.add_argument("--format", choices=("html", "pdf"), default="pdf")  # type: ignore[attr-defined]
        parser.add_argument("--out", type=Path, required=True, help="file to write")  # type: ignore[attr-defined]
        parser.add_argument(
            "--area", default="", help="a province or district code; the whole country by default"
        )  # type: ignore[attr-defined]
        parser.add_argument("--digits", choices=("thai", "arabic"), default="thai")  # type: ignore[attr-defined]
        parser.add_argument("--lang", choices=("th", "en"), default="th")  # type: ignore[attr-defined]
        parser.add_argument(
            "--no-recompute",
            action="store_true",
            help="print the values as they are, without recomputing the computed figures from records first",
        )  # type: ignore[attr-defined]

    def handle(
        self,
        *args: object,
        fiscal_year: int,
        format: str,
        out: Path,
        area: str,
        digits: str,
        lang: str,
        no_recompute: bool = False,
        **options: object,
    ) -> None:
        if not 2400 <= fiscal_year <= 2700:
            raise CommandError("Give the fiscal year in the Buddhist era, e.g. 2565.")
        if area and not is_area_code(area):
            raise CommandError(f"{area} is not an area code (2, 4, 6 or 8 digits).")
        started = time.monotonic()
        if not no_recompute:
            # The computed figures are recomputed from the records as they were at the end of each
            # month of that fiscal year (locked months keep theirs).
            runs = report.recompute(fiscal_year=fiscal_year, today=timezone.localdate(), clock=timezone.now)
            failed = [r for r in runs if r.status == "FAILED"]
            self.stdout.write(
                f"recomputed {len(runs) - len(failed)} computations in {time.monotonic() - started:.1f} s"
                + (f"; FAILED: {', '.join(r.name for r in failed)}" if failed else "")
            )
        built = report.build(
            fiscal_year=fiscal_year,
            area_code=area,
            at=timezone.now(),
            thai_digits=digits == "thai",
            lang=lang,
        )
        data = report.render_pdf(built) if format == "pdf" else report.render_html(built).encode("utf-8")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        self.stdout.write(
            f"{out}: {len(data):,} bytes, {built.summary['indicators']} indicators in "
            f"{built.summary['programmes']} programmes, {time.monotonic() - started:.1f} s"
        )
