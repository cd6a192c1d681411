from django.core.management.base import BaseCommand
from tqdm import tqdm

from thanrak.geo.actions import geography_load


class Command(BaseCommand):
    help = "Load or refresh all provinces, districts and subdistricts from the geothai package (idempotent)."

    def handle(self, *args: object, **options: object) -> None:
        with tqdm(total=3, desc="geography", unit="level", disable=options["verbosity"] == 0) as bar:
            counts = geography_load(progress=lambda n: bar.update(1))
        self.stdout.write(
            f"{counts['provinces']} provinces, {counts['districts']} districts, {counts['subdistricts']} "
            f"subdistricts"
        )
