"""Load the demo: Thai geography, Phayao's registry, then each module's demo data. Idempotent."""

import importlib
import random
import time

from django.core.management.base import BaseCommand
from django.utils import timezone

from thanrak.demo.logins import merged

# Each step is a module with `seed(*, rng, today, stdout) -> list[Login]`, run in this order.
STEPS = (
    "thanrak.demo.registry",
    "thanrak.finance.demo",
    "thanrak.commerce.demo",
    "thanrak.survey.demo",
    "thanrak.monitoring.demo",
    "thanrak.services.demo",
    "thanrak.assets.demo",
    "thanrak.notify.demo",
    "thanrak.learning.demo",
    "thanrak.markets.demo",
    "thanrak.demo.report_records",  # records behind the Policy 7 report's computed figures (last)
)


class Command(BaseCommand):
    help = "Load demo data for Phayao (56) and print a login for each persona. Safe to run again."

    def add_arguments(self, parser: object) -> None:
        parser.add_argument("--seed", type=int, default=2569)  # type: ignore[attr-defined]

    def handle(self, *args: object, seed: int, **options: object) -> None:
        today = timezone.localdate()
        logins = []
        for name in STEPS:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError as exc:
                if exc.name != name:
                    raise
                continue  # that module has no demo yet
            started = time.monotonic()
            self.stdout.write(
                f"· {name.removeprefix('thanrak.').removesuffix('.demo').removeprefix('demo.')} …"
            )
            logins.extend(module.seed(rng=random.Random(seed), today=today, stdout=self.stdout))
            self.stdout.write(f"  done in {time.monotonic() - started:.1f} s")
        logins = merged(logins)
        if logins:
            self.stdout.write("")
            self.stdout.write("Demo logins (username / password — role):")
            name_width = max(len(login.username) for login in logins)
            password_width = max(len(login.password) for login in logins)
            for login in logins:
                self.stdout.write(
                    f"  {login.username:<{name_width}}  {login.password:<{password_width}}  "
                    f"{login.description}"
                )
