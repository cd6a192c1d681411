import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from thanrak.notify import actions


class Command(BaseCommand):
    help = (
        "Queue the reminders due on a day (installments due in 3 days, overdue 1/30/60 days). "
        "Running it twice for one day queues nothing new. Prints how many per kind."
    )

    def add_arguments(self, parser: object) -> None:
        parser.add_argument("--date", help="YYYY-MM-DD (Christian era); today in Bangkok by default")  # type: ignore[attr-defined]

    def handle(self, *args: object, date: str | None = None, **options: object) -> None:
        try:
            on = dt.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError as error:
            raise CommandError(f"--date: {error}") from error
        counts = actions.queue_due(on=on)
        for kind, n in counts.items():
            self.stdout.write(f"{kind}: {n}")
