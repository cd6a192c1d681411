"""`manage.py serve`: the development server and the tasks worker as one command (`make run`).

Computed indicators, large imports and report builds are Django tasks; without a worker they only
wait in the queue. This command starts `db_worker` beside `runserver` and stops it when the server
stops (Ctrl-C, SIGTERM, SIGHUP or an error), so `make run` leaves no worker behind. Production runs
the worker as its own service (docs/deploy.md, "The tasks worker").
"""

import os
import signal
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.utils.autoreload import DJANGO_AUTORELOAD_ENV

STOP_TIMEOUT_SECONDS = 10


def worker_command() -> list[str]:
    """The worker's command line: every queue, no reloader of its own (its reloader would fork a
    child that outlives a stopped parent)."""
    manage = Path(settings.BASE_DIR) / "manage.py"
    return [sys.executable, str(manage), "db_worker", "--queue-name", "*", "--no-reload"]


def stop(worker: subprocess.Popen) -> None:
    """Ask the worker to finish its current task and exit; kill it if it does not."""
    if worker.poll() is not None:
        return
    worker.terminate()
    try:
        worker.wait(timeout=STOP_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def _exit_on_signal(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


class Command(BaseCommand):
    help = "Serve the site (runserver) and work the tasks queue (db_worker) together; Ctrl-C stops both."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--noreload", action="store_false", dest="use_reloader")

    def handle(self, *args: object, addrport: str, use_reloader: bool, **options: object) -> None:
        if os.environ.get(DJANGO_AUTORELOAD_ENV) == "true":
            # The reloader's child, started again on each code change: the parent runs the worker.
            call_command("runserver", addrport, use_reloader=use_reloader)
            return
        for signum in (signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, _exit_on_signal)
        worker = subprocess.Popen(worker_command())
        self.stdout.write(f"Tasks worker started (process {worker.pid}); it stops with the server.")
        try:
            call_command("runserver", addrport, use_reloader=use_reloader)
        finally:
            stop(worker)
            self.stdout.write("Tasks worker stopped.")
