"""The published report (seed): figures as printed, recorded as values; rollups refreshed."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.accounts.scope import scope_of
from thanrak.monitoring.actions.errors import CannotChangeProgramme, CannotSetValue
from thanrak.monitoring.actions.targets import Change
from thanrak.monitoring.actions.values import value_set
from thanrak.monitoring.models import (
    FigureRole,
    Indicator,
    PublishedFigure,
    RunStatus,
    Target,
    Value,
    ValueSource,
)


@transaction.atomic
def published_figure_record(
    *,
    document: str,
    row: int,
    section: str,
    role: str,
    indicator: Indicator,
    fiscal_year: int,
    printed_as: str,
    printed_number: str,
    value: Value | None = None,
    target: Target | None = None,
    notes: str = "",
) -> PublishedFigure:
    """Remember a figure as the report printed it, tied to the value or target that reproduces it."""
    if role not in FigureRole.values:
        raise CannotChangeProgramme(_("Unknown figure role."), code="unknown_figure_role")
    figure, _created = PublishedFigure.objects.update_or_create(
        document=document,
        row=row,
        defaults={
            "section": section,
            "role": role,
            "indicator": indicator,
            "fiscal_year": fiscal_year,
            "printed_as": printed_as,
            "printed_number": printed_number,
            "value": value,
            "target": target,
            "notes": notes,
        },
    )
    return figure


def seed_value_set(
    *,
    indicator: Indicator,
    area_code: str,
    period: str,
    fiscal_year: int | None,
    amount: Decimal,
    qualifier: str,
    comment: str,
    by: User,
    at: dt.datetime,
) -> Change:
    """A figure of a published report: recorded as approved, the centre's own data."""
    if not scope_of(by).everything:
        raise CannotSetValue(
            _("Only the centre loads published reports."), code="centre_loads_published_reports"
        )
    return value_set(
        indicator=indicator,
        area_code=area_code,
        period=period,
        amount=amount,
        by=by,
        at=at,
        fiscal_year=fiscal_year,
        comment=comment,
        qualifier=qualifier,
        source=ValueSource.SEED,
    )


def rollup_refresh(
    *,
    clock: Any,
    values_glob: str | None = None,
    targets_path: str | None = None,
    indicators_path: str | None = None,
) -> Any:
    """Rebuild the analytics store; the run (with its time and any error) is recorded.

    Without Parquet paths the approved values are exported from the database first."""
    from pathlib import Path

    from django.conf import settings

    from thanrak.monitoring import rollups
    from thanrak.monitoring.models import RollupRun

    source = values_glob or "database"
    run = RollupRun.objects.create(started_at=clock(), source=source[:200])
    try:
        if values_glob is None:
            directory = Path(settings.VAR_DIR) / "analytics" / "monitoring-export"
            v, t, i = rollups.export_values_parquet(directory)
            values_glob, targets_path, indicators_path = str(v), str(t), str(i)
        built = rollups.build_store(
            values_glob=values_glob, targets_path=str(targets_path), indicators_path=str(indicators_path)
        )
    except Exception as exc:  # noqa: BLE001 — recorded on the run for the operator
        RollupRun.objects.filter(pk=run.pk).update(
            status=RunStatus.FAILED, finished_at=clock(), error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        run.refresh_from_db()
        return run
    RollupRun.objects.filter(pk=run.pk).update(
        status=RunStatus.DONE,
        finished_at=clock(),
        rows_in=built.rows_in,
        rows_out=built.rows_out,
        seconds=built.seconds,
    )
    run.refresh_from_db()
    return run
