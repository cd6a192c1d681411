"""Monitoring computations from the registry's records (registered in RegistryConfig; see
thanrak/monitoring/computed.py for the contract). All are stocks as of the period's last day, by
subdistrict: households, persons (a merged duplicate counts once), active community enterprises and
savings groups, and the distinct current members of those groups and of women's fund groups."""

import datetime as dt
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from thanrak.core.computing import by_area, end_of


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


# --- generic, parameterised: organisations of a kind and/or in a programme, their members and
# their members' households (one query serves every "groups / members / households of programme X")


def _in_programme(kind: str, programme: str, start: dt.date, end: dt.date) -> Any:
    """Active organisations (of a kind, if given) registered by `end` that took part in the programme
    (if given) at some time from `start` to `end`."""
    from thanrak.registry.models import Organisation, ProgrammeParticipation

    registered = Q(registered_date__isnull=False, registered_date__lte=end) | Q(
        registered_date__isnull=True, created_at__lt=end_of(end)
    )
    qs = Organisation.objects.filter(registered, is_active=True)
    if kind:
        qs = qs.filter(kind=kind)
    if programme:
        took_part = ProgrammeParticipation.objects.filter(programme_code=programme, since__lte=end).filter(
            Q(until__isnull=True) | Q(until__gte=start)
        )
        qs = qs.filter(pk__in=took_part.values("organisation"))
    return qs


def _current_members(kind: str, programme: str, start: dt.date, end: dt.date) -> Any:
    from thanrak.registry.models import Membership

    return Membership.objects.current(end).filter(
        organisation__in=_in_programme(kind, programme, start, end).values("pk")
    )


def _member_households(kind: str, programme: str, start: dt.date, end: dt.date) -> Any:
    from thanrak.registry.models import HouseholdMember

    members = _current_members(kind, programme, start, end).values("person")
    return HouseholdMember.objects.filter(person__in=members).filter(
        Q(joined_date__isnull=True) | Q(joined_date__lte=end),
        Q(left_date__isnull=True) | Q(left_date__gt=end),
    )


def organisations(*, start: dt.date, end: dt.date, kind: str = "", programme: str = "") -> dict[str, int]:
    """Organisations (of a kind; in a programme), by their own area (village when they have one)."""
    return by_area(_in_programme(kind, programme, start, end), "area_code", Count("id"), length=8)


def organisation_members(
    *, start: dt.date, end: dt.date, kind: str = "", programme: str = ""
) -> dict[str, int]:
    """Distinct current members of those organisations, by the organisation's area."""
    rows = _current_members(kind, programme, start, end)
    return by_area(rows, "organisation__area_code", Count("person", distinct=True), length=8)


def member_households(*, start: dt.date, end: dt.date, kind: str = "", programme: str = "") -> dict[str, int]:
    """Distinct households of those members (a household with two members counts once), by the
    household's village."""
    rows = _member_households(kind, programme, start, end)
    return by_area(rows, "household__area_code", Count("household", distinct=True), length=8)


def organisations_rows(
    *, viewer: Any, start: dt.date, end: dt.date, area_code: str = "", kind: str = "", programme: str = ""
) -> Any:
    from thanrak.registry.models import Organisation

    ids = _in_programme(kind, programme, start, end).filter(area_code__startswith=area_code).values("pk")
    return Organisation.objects.visible_to(viewer).filter(pk__in=ids).order_by("area_code", "name_th")


def members_rows(
    *, viewer: Any, start: dt.date, end: dt.date, area_code: str = "", kind: str = "", programme: str = ""
) -> Any:
    from thanrak.registry.models import Person

    ids = _current_members(kind, programme, start, end).filter(organisation__area_code__startswith=area_code)
    return Person.objects.visible_to(viewer).filter(pk__in=ids.values("person")).order_by("area_code", "pk")


def households_rows(
    *, viewer: Any, start: dt.date, end: dt.date, area_code: str = "", kind: str = "", programme: str = ""
) -> Any:
    from thanrak.registry.models import Household

    ids = _member_households(kind, programme, start, end).filter(household__area_code__startswith=area_code)
    return Household.objects.visible_to(viewer).filter(pk__in=ids.values("household")).order_by("area_code")


GROUP_PARAMETERS = {
    "kind": _("Kind of organisation (a registry kind, e.g. SAVINGS_GROUP); any kind when left out"),
    "programme": _("Code of the programme the organisations took part in (e.g. 1.1.3(1.1))"),
}


def _generic(name: str, function: Any, rows: Any, label: Any, unit: str, description: Any) -> dict[str, Any]:
    return {
        "name": f"registry.{name}",
        "version": 1,
        "function": function,
        "rows": rows,
        "parameters": GROUP_PARAMETERS,
        "label": label,
        "unit": unit,
        "temporal": "STOCK",
        "description": description,
        "changes": {1: "first version"},
    }


MONITORING_COMPUTATIONS: list[dict[str, Any]] = [
    _generic(
        "organisations",
        organisations,
        organisations_rows,
        _("Organisations by kind and programme"),
        "GROUPS",
        _(
            "Active organisations registered by the end of the period (of a kind, and that took part in "
            "a programme during the period, when given), by their area."
        ),
    ),
    _generic(
        "organisation_members",
        organisation_members,
        members_rows,
        _("Members of organisations by kind and programme"),
        "PERSONS",
        _("Distinct persons with a current membership of those organisations, by the organisation's area."),
    ),
    _generic(
        "member_households",
        member_households,
        households_rows,
        _("Member households of organisations by kind and programme"),
        "HOUSEHOLDS",
        _("Distinct households of the current members of those organisations, by the household's village."),
    ),
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
