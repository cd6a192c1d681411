"""Named, versioned queries that compute an indicator's values from Thanrak's own records.

Any app can contribute one without importing monitoring: it lists plain dicts in its AppConfig,

    class FinanceConfig(AppConfig):
        monitoring_computations = [
            {
                "name": "finance.loans_overdue_satang",
                "version": 1,
                "function": "thanrak.finance.queries.overdue_satang_by_area",
                "label": _("Loan principal overdue"),
                "unit": "BAHT",            # a monitoring Unit value
                "temporal": "STOCK",       # STOCK: as of `end`; FLOW: what happened from `start` to `end`
                "description": _("Principal of loans more than 30 days overdue, by the fund's subdistrict."),
                "changes": {1: "first version"},
            },
        ]

and the function answers `fn(*, start: date, end: date) -> Mapping[str, int]`: area code (2, 4, 6
or 8 digits) → an integer in the unit's storage form (satang for baht).

Two keys are optional (older entries need neither):

- `parameters`: {name: description}. One query then serves many figures (people trained *per
  programme*, products *by standard*): the function receives the indicator's parameters as keyword
  arguments (`fn(*, start, end, programme="2.4(2)")`); a parameter left out is not passed.
- `rows`: a function (or dotted path) `fn(*, viewer, start, end, area_code, **params)` answering
  the records counted, as a QuerySet scoped to `viewer` (`.visible_to(viewer)`), so a report
  reader can open the rows behind a number. Percentages are two
computations (numerator and total) joined by a RATIO or SHARE indicator, so they add up over areas.
Bump the version whenever the function counts differently: values computed by an older version
are recomputed at the next refresh, except in locked periods, which keep theirs (and show it).
"""

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.apps import apps
from django.utils.functional import Promise
from django.utils.module_loading import import_string

HOOK = "monitoring_computations"
REQUIRED_KEYS = ("name", "version", "function", "label", "unit", "temporal")
TEMPORALS = ("STOCK", "FLOW")


class UnknownComputation(LookupError):
    """No app registered a computation of this name."""


@dataclass(frozen=True)
class Computation:
    name: str
    version: int
    function: str | Callable[..., Mapping[str, int]]
    label: str | Promise
    unit: str
    temporal: str
    description: str | Promise = ""
    changes: dict[int, str] = field(default_factory=dict)
    app: str = ""
    parameters: dict[str, Any] = field(default_factory=dict)
    rows: str | Callable[..., Any] | None = None

    @property
    def path(self) -> str:
        """The dotted path of the function, for people reading where a number comes from."""
        if isinstance(self.function, str):
            return self.function
        return f"{self.function.__module__}.{self.function.__qualname__}"

    @property
    def unit_label(self) -> str:
        from thanrak.monitoring.models import Unit

        return str(Unit(self.unit).label) if self.unit in Unit.values else self.unit

    def resolve(self) -> Callable[..., Mapping[str, int]]:
        return import_string(self.function) if isinstance(self.function, str) else self.function

    def check_parameters(self, params: Mapping[str, Any]) -> None:
        unknown = sorted(set(params) - set(self.parameters))
        if unknown:
            raise ValueError(f"{self.name} takes no parameter {', '.join(unknown)}")

    def resolve_rows(self) -> Callable[..., Any] | None:
        if self.rows is None:
            return None
        return import_string(self.rows) if isinstance(self.rows, str) else self.rows

    def rows_for(
        self,
        *,
        viewer: Any,
        start: dt.date,
        end: dt.date,
        area_code: str = "",
        params: Mapping[str, Any] | None = None,
    ) -> Any:
        """The records behind the number, scoped to `viewer` (None when the computation names none)."""
        fn = self.resolve_rows()
        if fn is None:
            return None
        params = dict(params or {})
        self.check_parameters(params)
        return fn(viewer=viewer, start=start, end=end, area_code=area_code, **params)

    def run(self, *, start: dt.date, end: dt.date, params: Mapping[str, Any] | None = None) -> dict[str, int]:
        """Call the query and check what it answers: area codes and integers only."""
        params = dict(params or {})
        self.check_parameters(params)
        result = self.resolve()(start=start, end=end, **params)
        out: dict[str, int] = {}
        for code, number in dict(result).items():
            code = str(code or "")
            if code and (not code.isdigit() or len(code) not in (2, 4, 6, 8)):
                raise ValueError(f"{self.name} answered a bad area code {code!r}")
            if isinstance(number, bool) or not isinstance(number, int):
                raise ValueError(f"{self.name} answered a non-integer for {code!r}")
            out[code] = number
        return out


# --- computations the foundation's records support (registry, read-only) ----------------------
# They live in thanrak/registry/computations.py and are registered in RegistryConfig like every
# other app's; monitoring itself contributes none.

BUILTIN: list[dict[str, Any]] = []


def _spec(entry: Mapping[str, Any], app: str) -> Computation:
    missing = [k for k in REQUIRED_KEYS if k not in entry]
    if missing:
        raise ValueError(f"{app}: computation {entry.get('name', '?')} lacks {', '.join(missing)}")
    if entry["temporal"] not in TEMPORALS:
        raise ValueError(f"{app}: computation {entry['name']} temporal must be STOCK or FLOW")
    if not isinstance(entry["version"], int) or entry["version"] < 1:
        raise ValueError(f"{app}: computation {entry['name']} version must be a positive integer")
    return Computation(
        name=entry["name"],
        version=entry["version"],
        function=entry["function"],
        label=entry["label"],
        unit=entry["unit"],
        temporal=entry["temporal"],
        description=entry.get("description", ""),
        changes=dict(entry.get("changes", {})),
        app=app,
        parameters=dict(entry.get("parameters", {})),
        rows=entry.get("rows"),
    )


@cache
def registry() -> dict[str, Computation]:
    """Every computation: monitoring's own, then each app's `monitoring_computations`."""
    found: dict[str, Computation] = {}
    entries: list[tuple[str, Mapping[str, Any]]] = [("monitoring", e) for e in BUILTIN]
    for config in apps.get_app_configs():
        for entry in getattr(config, HOOK, ()) or ():
            entries.append((config.label, entry))
    for app, entry in entries:
        spec = _spec(entry, app)
        if spec.name in found:
            raise ValueError(f"computation {spec.name} is registered twice ({found[spec.name].app}, {app})")
        found[spec.name] = spec
    return found


def get(name: str) -> Computation:
    try:
        return registry()[name]
    except KeyError as exc:
        raise UnknownComputation(name) from exc


AGGREGATES = ("sum", "provinces", "districts", "subdistricts", "villages")
_LEVEL = {"provinces": 2, "districts": 4, "subdistricts": 6, "villages": 8}


def aggregate(answer: Mapping[str, int], how: str, *, area: str = "") -> dict[str, int]:
    """Shape a computation's answer for one figure: keep the areas under `area` (a figure about one
    province), then either keep the numbers (`sum`: the roll-up adds them up) or count the distinct
    areas of a level with a non-zero number, as 1 per area, so that adding up over areas counts
    them (`provinces`: 1 for each province where something was counted). Codes coarser than the
    level cannot be placed in one of its areas and are left out."""
    if how not in AGGREGATES:
        raise ValueError(f"unknown aggregate {how!r}")
    kept = {c: n for c, n in answer.items() if c.startswith(area)}
    if how == "sum":
        return kept
    level = _LEVEL[how]
    return {code: 1 for code in sorted({c[:level] for c, n in kept.items() if n and len(c) >= level})}


def choices() -> list[tuple[str, str]]:
    return [(c.name, f"{c.name} — {c.label}") for c in sorted(registry().values(), key=lambda c: c.name)]
