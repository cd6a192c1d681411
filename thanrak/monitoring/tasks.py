"""Background work (Django tasks, settings.TASKS): recomputing computed indicators and rebuilding
the roll-up store. A worker runs them (`manage.py db_worker`); `manage.py monitoring_refresh`
runs them at once or queues them, e.g. from cron every night."""

from typing import Any

from django.tasks import task
from django.utils import timezone

from thanrak.core.fiscal import FiscalYear


@task()
def refresh_computations(fiscal_years: list[int] | None = None, user_id: int | None = None) -> dict[str, Any]:
    """Recompute every computed indicator for the given fiscal years (the current one by default)."""
    from thanrak.accounts.models import User
    from thanrak.monitoring import actions

    today = timezone.localdate()
    years = fiscal_years or [FiscalYear.of(today).year_be]
    by = User.objects.filter(pk=user_id).first() if user_id else None
    runs = actions.computations_refresh_all(fiscal_years=years, on=today, clock=timezone.now, by=by)
    return {
        "runs": len(runs),
        "failed": sum(r.status == "FAILED" for r in runs),
        "written": sum(r.written for r in runs),
        "skipped_locked": sum(r.skipped_locked for r in runs),
    }


@task()
def refresh_rollups() -> dict[str, Any]:
    """Export the approved values to Parquet and rebuild the DuckDB roll-up store from them."""
    from thanrak.monitoring import actions

    run = actions.rollup_refresh(clock=timezone.now)
    return {"status": run.status, "rows_in": run.rows_in, "rows_out": run.rows_out, "seconds": run.seconds}
