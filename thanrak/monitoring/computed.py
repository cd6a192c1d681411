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
or 8 digits) → an integer in the unit's storage form (satang for baht). Percentages are two
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
from django.db.models import Count, Exists, OuterRef, Q
from django.utils.functional import Promise
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from thanrak.core.computing import by_area, end_of

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

    def run(self, *, start: dt.date, end: dt.date) -> dict[str, int]:
        """Call the query and check what it answers: area codes and integers only."""
        result = self.resolve()(start=start, end=end)
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


def households_registered(*, start: dt.date, end: dt.date) -> dict[str, int]:
    """Households in the registry on `end`, by subdistrict."""
    from thanrak.registry.models import Household

    return by_area(Household.objects.filter(created_at__lt=end_of(end)), "area_code", Count("id"))


def persons_registered(*, start: dt.date, end: dt.date) -> dict[str, int]:
    """Persons in the registry on `end` (a record merged into another by then counts once), by subdistrict."""
    from thanrak.registry.models import Person, PersonMerge

    cutoff = end_of(end)
    merged_by_then = PersonMerge.objects.filter(merged=OuterRef("pk"), at__lt=cutoff)
    people = Person.objects.filter(created_at__lt=cutoff).exclude(Exists(merged_by_then))
    return by_area(people, "area_code", Count("id"))


def _organisations(kind: str, end: dt.date) -> Any:
    from thanrak.registry.models import Organisation

    registered = Q(registered_date__isnull=False, registered_date__lte=end) | Q(
        registered_date__isnull=True, created_at__lt=end_of(end)
    )
    return Organisation.objects.filter(registered, kind=kind, is_active=True)


def _members(kind: str, end: dt.date) -> dict[str, int]:
    """Distinct persons with a membership current on `end` in organisations of a kind, by the
    organisation's subdistrict (a person in two such groups of one subdistrict counts once)."""
    from thanrak.registry.models import Membership

    current = Membership.objects.current(end).filter(organisation__in=_organisations(kind, end).values("pk"))
    return by_area(current, "organisation__area_code", Count("person", distinct=True))


def community_enterprises(*, start: dt.date, end: dt.date) -> dict[str, int]:
    from thanrak.registry.models import OrganisationKind

    return by_area(_organisations(OrganisationKind.COMMUNITY_ENTERPRISE, end), "area_code", Count("id"))


def community_enterprise_members(*, start: dt.date, end: dt.date) -> dict[str, int]:
    from thanrak.registry.models import OrganisationKind

    return _members(OrganisationKind.COMMUNITY_ENTERPRISE, end)


def savings_groups(*, start: dt.date, end: dt.date) -> dict[str, int]:
    from thanrak.registry.models import OrganisationKind

    return by_area(_organisations(OrganisationKind.SAVINGS_GROUP, end), "area_code", Count("id"))


def savings_group_members(*, start: dt.date, end: dt.date) -> dict[str, int]:
    from thanrak.registry.models import OrganisationKind

    return _members(OrganisationKind.SAVINGS_GROUP, end)


def womens_fund_members(*, start: dt.date, end: dt.date) -> dict[str, int]:
    from thanrak.registry.models import OrganisationKind

    return _members(OrganisationKind.WOMENS_FUND_GROUP, end)


BUILTIN: list[dict[str, Any]] = [
    {
        "name": "registry.households",
        "version": 1,
        "function": households_registered,
        "label": _("Households registered"),
        "unit": "HOUSEHOLDS",
        "temporal": "STOCK",
        "description": _("Households in the registry at the end of the period, by subdistrict."),
        "changes": {1: "first version"},
    },
    {
        "name": "registry.persons",
        "version": 1,
        "function": persons_registered,
        "label": _("Persons registered"),
        "unit": "PERSONS",
        "temporal": "STOCK",
        "description": _("Persons in the registry at the end of the period; merged duplicates count once."),
        "changes": {1: "first version"},
    },
    {
        "name": "registry.community_enterprises",
        "version": 1,
        "function": community_enterprises,
        "label": _("Community enterprises"),
        "unit": "GROUPS",
        "temporal": "STOCK",
        "description": _("Active community enterprises registered by the end of the period, by subdistrict."),
        "changes": {1: "first version"},
    },
    {
        "name": "registry.community_enterprise_members",
        "version": 1,
        "function": community_enterprise_members,
        "label": _("Members of community enterprises"),
        "unit": "PERSONS",
        "temporal": "STOCK",
        "description": _(
            "Distinct persons with a current membership of an active community enterprise, "
            "by the enterprise's subdistrict."
        ),
        "changes": {1: "first version"},
    },
    {
        "name": "registry.savings_groups",
        "version": 1,
        "function": savings_groups,
        "label": _("Savings groups for production"),
        "unit": "GROUPS",
        "temporal": "STOCK",
        "description": _("Active savings groups registered by the end of the period, by subdistrict."),
        "changes": {1: "first version"},
    },
    {
        "name": "registry.savings_group_members",
        "version": 1,
        "function": savings_group_members,
        "label": _("Members of savings groups"),
        "unit": "PERSONS",
        "temporal": "STOCK",
        "description": _(
            "Distinct persons with a current membership of an active savings group for production, "
            "by the group's subdistrict."
        ),
        "changes": {1: "first version"},
    },
    {
        "name": "registry.womens_fund_members",
        "version": 1,
        "function": womens_fund_members,
        "label": _("Members of women's development fund groups"),
        "unit": "PERSONS",
        "temporal": "STOCK",
        "description": _(
            "Distinct persons with a current membership of a women's fund group, by subdistrict."
        ),
        "changes": {1: "first version"},
    },
]


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


def choices() -> list[tuple[str, str]]:
    return [(c.name, f"{c.name} — {c.label}") for c in sorted(registry().values(), key=lambda c: c.name)]
