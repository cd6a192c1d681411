"""Background work of markets (django.tasks; the database worker runs them): the nightly roll-up of
the events' POS sales, which queues itself again for the next night, so it runs by itself wherever
a worker runs (`make run`'s `manage.py serve`, the thanrak-worker service of docs/deploy.md)."""

import datetime as dt
from typing import Any

from django.conf import settings
from django.tasks import task
from django.utils import timezone

NIGHTLY_AT = dt.time(1, 30)  # Bangkok time: after the day's last sales, before anyone reads
DAYS = 7  # days rolled up again each night: a refund made within a week is counted


def next_night(now: dt.datetime) -> dt.datetime:
    """The next 01:30 in Bangkok after `now`."""
    local = timezone.localtime(now)
    at = local.replace(hour=NIGHTLY_AT.hour, minute=NIGHTLY_AT.minute, second=0, microsecond=0)
    return at if at > local else at + dt.timedelta(days=1)


def _queued() -> bool:
    """Is a nightly roll-up waiting in the database queue (not yet started)?"""
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=roll_up_nightly.module_path, status="READY").exists()


def _database_queue() -> bool:
    return settings.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"


def schedule_nightly(*, now: dt.datetime, run_now: bool = False) -> bool:
    """Queue the nightly roll-up unless one is waiting: for the next 01:30 in Bangkok, or at once
    with `run_now` (the first time, so that the past week is read from the roll-up from then on).
    Returns whether a task was queued. Without the database queue (a backend that cannot defer)
    nothing is queued: `manage.py markets_roll_up` from cron does the work then."""
    if not _database_queue() or _queued():
        return False
    roll_up_nightly.using(run_after=None if run_now else next_night(now)).enqueue()
    return True


@task()
def roll_up_nightly() -> dict[str, Any]:
    """Roll up the last week of every event's POS sales, then queue the next night's run."""
    from thanrak.markets import actions

    now = timezone.now()
    try:
        events, rows = actions.roll_up_recent(days=DAYS, at=now)
    finally:
        # Queued even when the roll-up failed: one bad night does not stop the next ones. The run
        # itself is RUNNING now, so the check finds only another waiting run.
        schedule_nightly(now=now)
    return {"events": events, "rows": rows}
