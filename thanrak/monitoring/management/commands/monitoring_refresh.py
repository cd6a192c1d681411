"""Recompute computed indicators (and optionally rebuild the roll-up store), now or in the background."""

from django.core.management.base import BaseCommand
from django.utils import timezone
from tqdm import tqdm

from thanrak.core.fiscal import FiscalYear
from thanrak.monitoring import actions, tasks
from thanrak.monitoring.models import Indicator


class Command(BaseCommand):
    help = (
        "Refresh computed indicators for fiscal years (default: the current one); --rollups "
        "rebuilds the store."
    )

    def add_arguments(self, parser: object) -> None:
        parser.add_argument("--fiscal-year", type=int, action="append", dest="years", help="repeatable; B.E.")  # type: ignore[attr-defined]
        parser.add_argument("--rollups", action="store_true", help="also rebuild the DuckDB roll-up store")  # type: ignore[attr-defined]
        parser.add_argument(
            "--enqueue", action="store_true", help="queue the tasks for a worker instead of running now"
        )  # type: ignore[attr-defined]

    def handle(
        self, *args: object, years: list[int] | None, rollups: bool, enqueue: bool, **options: object
    ) -> None:
        today = timezone.localdate()
        years = years or [FiscalYear.of(today).year_be]
        if enqueue:
            result = tasks.refresh_computations.enqueue(fiscal_years=years)
            self.stdout.write(f"queued computations for {years}: {result.id}")
            if rollups:
                self.stdout.write(f"queued roll-up store rebuild: {tasks.refresh_rollups.enqueue().id}")
            return
        names = sorted(set(Indicator.objects.exclude(computation="").values_list("computation", flat=True)))
        failed = 0
        with tqdm(total=len(names) * len(years), unit="run", disable=None) as bar:
            for name in names:
                for fy in years:
                    try:
                        run = actions.computation_refresh(
                            name=name, fiscal_year=fy, on=today, at=timezone.now()
                        )
                    except Exception as exc:  # noqa: BLE001 — reported, the others still run
                        failed += 1
                        self.stderr.write(f"{name} {fy}: {type(exc).__name__}: {exc}")
                    else:
                        bar.write(
                            f"{name} v{run.version} FY{fy}: {run.written} written, {run.unchanged} "
                            f"unchanged, "
                            f"{run.skipped_locked} locked"
                        )
                    bar.update(1)
        if rollups:
            run = actions.rollup_refresh(clock=timezone.now)
            self.stdout.write(
                f"roll-up store: {run.status} {run.rows_in} → {run.rows_out} rows in {run.seconds or 0:.1f} "
                f"s {run.error}"
            )
        if failed:
            self.stderr.write(f"{failed} computation(s) failed")
