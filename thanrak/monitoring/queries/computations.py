"""Computations and roll-ups: what is registered and when it last ran."""

from collections import defaultdict
from dataclasses import dataclass

from thanrak.monitoring import computed
from thanrak.monitoring.models import (
    ComputationRun,
    Indicator,
    RollupRun,
)


@dataclass
class ComputationInfo:
    spec: computed.Computation
    indicators: list[Indicator]
    last_runs: list[ComputationRun]


def computation_list() -> list[ComputationInfo]:
    specs = computed.registry()
    users: dict[str, list[Indicator]] = defaultdict(list)
    for ind in Indicator.objects.exclude(computation="").select_related("programme"):
        users[ind.computation].append(ind)
    runs: dict[str, list[ComputationRun]] = defaultdict(list)
    for run in ComputationRun.objects.order_by("-started_at", "-id")[:500]:
        if len(runs[run.name]) < 5:
            runs[run.name].append(run)
    return [ComputationInfo(specs[n], users.get(n, []), runs.get(n, [])) for n in sorted(specs)]


def computation_get(*, name: str) -> ComputationInfo:
    spec = computed.get(name)
    return ComputationInfo(
        spec,
        list(Indicator.objects.filter(computation=name).select_related("programme")),
        list(ComputationRun.objects.filter(name=name).order_by("-started_at", "-id")[:20]),
    )


def rollup_runs(limit: int = 10) -> list[RollupRun]:
    return list(RollupRun.objects.order_by("-started_at", "-id")[:limit])
