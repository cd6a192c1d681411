"""Background work of the finance module (django.tasks; the database worker runs them)."""

import datetime as dt

from django.tasks import task

from thanrak.finance import actions


@task()
def month_end(as_of: str, fund_ids: list[int] | None = None) -> int:
    """The month-end run for a day (ISO date): days past due, aging and accrued interest of every
    active loan, set-based; safe to run again for the same day. Returns the number of loans."""
    return actions.month_end_run(as_of=dt.date.fromisoformat(as_of), fund_ids=fund_ids)
