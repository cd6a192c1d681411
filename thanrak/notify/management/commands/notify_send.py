from django.core.management.base import BaseCommand

from thanrak.notify import actions


class Command(BaseCommand):
    help = "Work the outbox once (what is due now: queued, deferred, waiting for a retry) and exit."

    def handle(self, *args: object, **options: object) -> None:
        counts = actions.send_due()
        if not counts:
            self.stdout.write("nothing to send")
        for status, n in sorted(counts.items()):
            self.stdout.write(f"{status}: {n}")
