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


MONITORING_COMPUTATIONS: list[dict[str, Any]] = [
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
