"""How much of the published report Thanrak computes from its records, per report section."""

from django.core.management.base import BaseCommand

from thanrak.monitoring import queries


class Command(BaseCommand):
    help = (
        "Per section of the Policy 7 report: figures computed from records, typed, or not yet mapped "
        "(monitoring/data/figure_map.csv, loaded with monitoring_load_seed)."
    )

    def handle(self, *args: object, **options: object) -> None:
        rows = queries.coverage()
        self.stdout.write(f"{'section':<8} {'computed':>8} {'typed':>6} {'unmapped':>8} {'total':>6}  title")
        for r in rows:
            self.stdout.write(
                f"{r.section:<8} {r.computed:>8} {r.typed:>6} {r.unmapped:>8} {r.total:>6}  {r.title}"
            )
        computed = sum(r.computed for r in rows)
        self.stdout.write(
            f"{'total':<8} {computed:>8} {sum(r.typed for r in rows):>6} "
            f"{sum(r.unmapped for r in rows):>8} {sum(r.total for r in rows):>6}"
        )
        self.stdout.write(f"computed from records: {computed} of 211 seed figures")
