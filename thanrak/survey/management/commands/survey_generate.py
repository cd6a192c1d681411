"""Write a synthetic national round (12.9 M households, 36.6 M persons) as Parquet for benchmarks."""

import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from tqdm import tqdm

from thanrak.survey.synthetic import generate


class Command(BaseCommand):
    help = "Generate a synthetic national จปฐ. round with TPMAP 2561 failure rates per subdistrict (Parquet)."

    def add_arguments(self, parser: object) -> None:
        parser.add_argument("out_dir")  # type: ignore[attr-defined]
        parser.add_argument(
            "--scale", type=float, default=1.0, help="fraction of the real counts (1.0 = national)"
        )  # type: ignore[attr-defined]
        parser.add_argument("--seed", type=int, default=2561)  # type: ignore[attr-defined]
        parser.add_argument("--tpmap-dir", default=str(settings.REFERENCE_DATA_DIR / "tpmap2561"))  # type: ignore[attr-defined]

    def handle(
        self, *args: object, out_dir: str, scale: float, seed: int, tpmap_dir: str, **options: object
    ) -> None:
        started = time.monotonic()
        with tqdm(total=76, unit="province", disable=options.get("verbosity", 1) == 0) as bar:  # type: ignore[union-attr]
            households, persons = generate(
                Path(tpmap_dir), Path(out_dir), scale=scale, seed=seed, progress=bar
            )
        self.stdout.write(
            f"{households:,} households and {persons:,} persons written to {out_dir} in "
            f"{time.monotonic() - started:.0f} s"
        )
