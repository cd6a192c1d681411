"""`make run` serves the site and works the tasks queue as one command, and leaves no worker behind."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from thanrak.core.management.commands import serve

SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]


@pytest.fixture
def fake_worker(monkeypatch):  # noqa: ANN001, ANN201
    """The worker's command replaced by a sleeping process (a real worker needs a migrated database
    of its own); `started` collects the processes the command started."""
    started = []
    real_popen = subprocess.Popen

    def popen(args, **kwargs):  # noqa: ANN001, ANN003, ANN202
        process = real_popen(SLEEPER, **kwargs)
        started.append((args, process))
        return process

    monkeypatch.setattr(serve.subprocess, "Popen", popen)
    return started


def test_the_worker_runs_every_queue_while_the_server_serves_and_stops_with_it(fake_worker, monkeypatch):
    seen = {}

    def runserver(name, addrport, **options):  # noqa: ANN001, ANN003, ANN202
        seen["command"], seen["addrport"] = name, addrport
        seen["worker_alive"] = fake_worker[0][1].poll() is None

    monkeypatch.setattr(serve, "call_command", runserver)
    call_command("serve", "127.0.0.1:8007", "--noreload")

    ((args, process),) = fake_worker
    assert args[1].endswith("manage.py") and args[2:] == ["db_worker", "--queue-name", "*", "--no-reload"]
    assert seen == {"command": "runserver", "addrport": "127.0.0.1:8007", "worker_alive": True}
    assert process.poll() is not None, "the worker outlived the server"


@pytest.mark.parametrize("stopped_by", [KeyboardInterrupt, SystemExit, RuntimeError])
def test_no_worker_is_left_behind_however_the_server_stops(fake_worker, monkeypatch, stopped_by):
    def runserver(*args, **options):  # noqa: ANN002, ANN003, ANN202
        raise stopped_by

    monkeypatch.setattr(serve, "call_command", runserver)
    with pytest.raises(stopped_by):
        call_command("serve", "--noreload")
    assert fake_worker[0][1].poll() is not None


def test_the_reloaders_child_serves_without_starting_a_second_worker(fake_worker, monkeypatch):
    monkeypatch.setenv("RUN_MAIN", "true")
    monkeypatch.setattr(serve, "call_command", lambda *args, **options: None)
    call_command("serve")
    assert fake_worker == []


def test_make_run_serves_with_the_worker():
    makefile = (Path(settings.BASE_DIR) / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "manage.py serve" in recipe and "runserver" not in recipe
