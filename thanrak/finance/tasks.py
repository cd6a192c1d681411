"""Background work of the finance module (django.tasks; the database worker runs them)."""

import datetime as dt
from typing import Any

from django.tasks import task

from thanrak.finance import actions


@task()
def month_end(as_of: str, fund_ids: list[int] | None = None) -> dict[str, Any]:
    """The month-end run for a day (ISO date): days past due, aging and accrued interest of every
    active loan, set-based; safe to run again for the same day. Returns what it did (loans, in
    arrears, accrued-interest entries posted)."""
    return actions.month_end_close(as_of=dt.date.fromisoformat(as_of), fund_ids=fund_ids).as_dict()
