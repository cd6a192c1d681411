"""Computed values: refreshing the indicators other apps compute from their records."""

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction

from thanrak.accounts.models import User
from thanrak.monitoring import computed, periods
from thanrak.monitoring.actions.common import area_exists
from thanrak.monitoring.actions.values import Prepared, write_prepared
from thanrak.monitoring.models import (
    ComputationRun,
    Indicator,
    RevisionAction,
    RunStatus,
    Temporal,
    Value,
    ValueRevision,
    ValueSource,
    ValueStatus,
)
from thanrak.monitoring.periods import Period
from thanrak.monitoring.queries import active_lock


def _computation_periods(temporal: str, fiscal_year: int, on: dt.date) -> list[Period]:
    """The months of a fiscal year up to `on`: 'as of' month ends for stocks, months for flows."""
    out = []
    for month in periods.months_of(fiscal_year):
        if month.start > on:
            break
        code = f"@{month.code}" if temporal == Temporal.STOCK else month.code
        out.append(periods.parse(code))
    return out


@transaction.atomic
def computation_refresh(
    *,
    name: str,
    fiscal_year: int,
    on: dt.date,
    at: dt.datetime,
    by: User | None = None,
    locks: dict[str, bool] | None = None,
) -> ComputationRun:
    """Recompute one computation's values for a fiscal year, month by month up to `on`.

    Months whose values came from the current version are kept, except the month of `on` (still
    moving); locked months keep their values whatever version made them. Areas that no longer
    appear are set to zero, so a roll-up never keeps a stale figure.
    """
    spec = computed.get(name)
    run = ComputationRun.objects.create(
        name=name, version=spec.version, fiscal_year=fiscal_year, started_at=at, triggered_by=by
    )
    indicators = list(Indicator.objects.filter(computation=name, is_active=True))
    months = _computation_periods(spec.temporal, fiscal_year, on)
    answers: dict[Any, dict[str, int]] = {}  # one query per parameters and window, whatever the aggregate
    locked: dict[str, bool] = {} if locks is None else locks  # period → locked, shared by a refresh of all
    areas = _Areas()
    same_number: list[Value] = []  # a newer version found the same number: noted in one go at the end
    for indicator in indicators:
        stored = _computed_values(indicator, months)
        for period in months:
            # Only what a computation wrote: a published or typed figure of the same period stays.
            existing = stored.get((period.fiscal_year, period.code), {})
            current_month = period.start <= on <= period.end
            up_to_date = existing and all(v.computation_version == spec.version for v in existing.values())
            if up_to_date and not current_month:
                run.unchanged += len(existing)
                continue
            if period.code not in locked:
                locked[period.code] = active_lock(period) is not None
            if locked[period.code]:
                run.skipped_locked += len(existing) or 1
                continue
            end = min(period.end, on)
            answer = _answer(spec, indicator, period, fiscal_year, end, answers)
            for code in existing.keys() - answer.keys():
                answer[code] = 0
            for code, number in sorted(answer.items()):
                if areas.exist(code):
                    p = Prepared(indicator, code, period, number, "", "", existing.get(code))
                    _keep(p, run=run, spec=spec, at=at, same_number=same_number)
    _note_new_version(same_number, at=at, name=spec.name, version=spec.version)
    run.status, run.finished_at = RunStatus.DONE, at
    run.save()
    return run


def _keep(
    p: Prepared, *, run: ComputationRun, spec: computed.Computation, at: dt.datetime, same_number: list[Value]
) -> None:
    """Write one area's number unless the current version already wrote it; a number a newer
    version finds the same is noted with the others at the end of the run."""
    if (
        p.existing is not None
        and p.existing.value == p.stored
        and p.existing.computation_version == spec.version
    ):
        run.unchanged += 1
        return
    if p.existing is not None and p.existing.value == p.stored:
        same_number.append(p.existing)
    else:
        write_prepared(
            p,
            by=None,
            at=at,
            source=ValueSource.COMPUTED,
            computation=spec.name,
            computation_version=spec.version,
        )
    run.written += 1


def _computed_values(indicator: Indicator, months: list[Period]) -> dict[tuple[int, str], dict[str, Value]]:
    """What the computation wrote for the indicator in these months, locked for the run, in one
    query: (fiscal year, period) → area → value."""
    out: dict[tuple[int, str], dict[str, Value]] = {}
    if not months:
        return out
    for v in Value.objects.select_for_update().filter(
        indicator=indicator,
        fiscal_year__in={m.fiscal_year for m in months},
        period__in=[m.code for m in months],
        source=ValueSource.COMPUTED,
    ):
        out.setdefault((v.fiscal_year, v.period), {})[v.area_code] = v
    return out


class _Areas:
    """Whether an area code names a known area, looked up once per run (villages included, which
    `area_exists` does not cache across runs because they are created at run time)."""

    def __init__(self) -> None:
        self.known: dict[str, bool] = {}

    def exist(self, code: str) -> bool:
        if code not in self.known:
            self.known[code] = area_exists(code)
        return self.known[code]


def _note_new_version(values: list[Value], *, at: dt.datetime, name: str, version: int) -> None:
    """Same number from a newer version: note the version on each value and in its history,
    without a new number (two statements for the whole run instead of two per value)."""
    for i in range(0, len(values), 500):
        chunk = values[i : i + 500]
        Value.objects.filter(pk__in=[v.pk for v in chunk]).update(computation_version=version, updated_at=at)
        ValueRevision.objects.bulk_create(
            [
                ValueRevision(
                    value=v,
                    at=at,
                    by=None,
                    action=RevisionAction.UPDATE,
                    old_value=v.value,
                    new_value=v.value,
                    old_status=v.status,
                    new_status=ValueStatus.APPROVED,
                    source=ValueSource.COMPUTED,
                    computation=name,
                    computation_version=version,
                )
                for v in chunk
            ]
        )


def _answer(
    spec: computed.Computation, indicator: Indicator, period: Period, fy: int, end: dt.date, answers: dict
) -> dict:
    """The computation's answer for one indicator: with its parameters, aggregated as it says
    (a sum over areas, or the distinct areas of a level) and kept to its area."""
    start = period.start if spec.temporal == Temporal.FLOW else fiscal_start(fy)
    params = indicator.computation_params or {}
    key = (tuple(sorted(params.items())), start, end)
    if key not in answers:
        answers[key] = spec.run(start=start, end=end, params=params)
    answer = answers[key]
    return computed.aggregate(
        answer, indicator.computation_aggregate or "sum", area=indicator.computation_area or ""
    )


def fiscal_start(fiscal_year: int) -> dt.date:
    return periods.fiscal_year(fiscal_year).start


def computations_refresh_all(
    *, fiscal_years: Sequence[int], on: dt.date, clock: Any, by: User | None = None
) -> list[ComputationRun]:
    """Refresh every computation some indicator uses, each in its own transaction; a failure is
    recorded on its run and does not stop the others. `clock()` gives each run its timestamp."""
    names = sorted(set(Indicator.objects.exclude(computation="").values_list("computation", flat=True)))
    runs = []
    locks: dict[str, bool] = {}  # whether each period is locked, read once for every computation
    for name in names:
        for fy in fiscal_years:
            try:
                runs.append(
                    computation_refresh(name=name, fiscal_year=fy, on=on, at=clock(), by=by, locks=locks)
                )
            except Exception as exc:  # noqa: BLE001 — kept on the run for the operator to read
                version = computed.registry()[name].version if name in computed.registry() else 0
                runs.append(
                    ComputationRun.objects.create(
                        name=name,
                        version=version,
                        fiscal_year=fy,
                        started_at=clock(),
                        finished_at=clock(),
                        status=RunStatus.FAILED,
                        error=f"{type(exc).__name__}: {exc}"[:2000],
                        triggered_by=by,
                    )
                )
    return runs
