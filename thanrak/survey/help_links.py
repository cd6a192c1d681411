"""What help given to a household can be linked to: the kinds of records other modules offer.

Survey reads these through a hook, as the registry reads other modules' panels, and so imports
none of those modules. An app offers kinds by naming, on its AppConfig, a function returning them:

    class FinanceConfig(AppConfig):
        survey_help_links = "thanrak.finance.hooks.survey_help_links"

Each kind is a tuple (group, resource, records, label, of_household): the group's heading in the
form, the resource the viewer's role must be allowed to view, all records with what their label
needs (a QuerySet, scoped later through its `visible_to` when it has one), how a record reads, and
how to narrow the records to a household's people (given a QuerySet of their person ids). Kinds
are listed in the order of INSTALLED_APPS.
"""

from collections.abc import Callable
from typing import Any, NamedTuple

from django.apps import apps
from django.db.models import QuerySet
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _


class HelpLinkKind(NamedTuple):
    group: str
    resource: str
    records: QuerySet[Any]
    label: Callable[[Any], str]
    of_household: Callable[[QuerySet[Any], Any], QuerySet[Any]]


def link_kinds() -> list[HelpLinkKind]:
    """Every kind of record help can be linked to, from each app's `survey_help_links` hook."""
    return [
        HelpLinkKind(*kind)
        for config in apps.get_app_configs()
        if (hook := getattr(config, "survey_help_links", None))
        for kind in import_string(hook)()
    ]


def registry_help_links() -> list[tuple[str, str, Any, Any, Any]]:
    """The registry's records help can be linked to: the household's people's open group memberships."""
    from thanrak.registry.models import Membership

    return [
        (
            _("Group memberships"),
            "registry.organisation",
            Membership.objects.select_related("person", "organisation"),
            lambda x: f"{x.person.full_name} · {x.organisation.name_th}",
            lambda qs, people: qs.filter(person_id__in=people, end_date__isnull=True).order_by(
                "organisation__name_th", "pk"
            ),
        ),
    ]
