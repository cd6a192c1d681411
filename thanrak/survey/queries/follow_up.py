"""What help given to a household can be linked to (the kinds come from the apps' hooks)."""

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.prefetch import GenericPrefetch

from thanrak.accounts.models import User
from thanrak.core.access import user_may
from thanrak.registry.models import Household, HouseholdMember
from thanrak.survey.help_links import link_kinds


@dataclass(frozen=True)
class HelpLink:
    """A record of another module that help given to a household can point at."""

    key: str  # "app_label.model:pk", what the follow-up form posts
    group: str
    label: str
    record: Any


def _visible(viewer: User, resource: str, records: Any) -> Any:
    """Records of a kind the viewer may read: none unless the role may view the resource, then
    the rows its scope reaches."""
    if not user_may(viewer, resource, "view"):
        return records.none()
    return records.visible_to(viewer) if hasattr(records, "visible_to") else records


def _link_sources(viewer: User, household: Household) -> list[tuple[str, Any, Any]]:
    """(group, scoped queryset, label) for each kind of record help can be linked to: the loans and
    fund memberships of the household's current members in the funds the viewer sees, their open
    group memberships, and the programmes, each only where the viewer's role may read it."""
    people = HouseholdMember.objects.filter(household=household, left_date__isnull=True).values("person_id")
    return [
        (group, of_household(_visible(viewer, resource, records), people), label)
        for group, resource, records, label, of_household in link_kinds()
        if user_may(viewer, resource, "view")
    ]


def help_link_label(record: Any) -> str:
    """How a linked record reads in a list of help given (loan number and fund, person and group…)."""
    label = record._meta.label_lower
    for _group, _resource, records, describe, _of in link_kinds():
        if records.model._meta.label_lower == label:
            return describe(record)
    return str(record)


def prefetch_links(assistance: Any, *, viewer: User) -> Any:
    """Help given with each linked record the viewer may read fetched in one query per kind (labels
    need no more); a record the viewer may not read is left as None."""
    return assistance.prefetch_related(
        GenericPrefetch("linked", [_visible(viewer, r, records) for _g, r, records, _d, _o in link_kinds()])
    )


def help_links(*, viewer: User, household: Household) -> list[HelpLink]:
    """The household's own loans and memberships, and the programmes, that the viewer may link help to."""
    return [
        HelpLink(f"{record._meta.label_lower}:{record.pk}", group, label(record), record)
        for group, queryset, label in _link_sources(viewer, household)
        for record in queryset
    ]


def help_link_allowed(*, viewer: User, household: Household, record: Any) -> bool:
    """True when the record is one of the household's links the viewer may make (see help_links)."""
    label = record._meta.label_lower
    return any(
        qs.model._meta.label_lower == label and qs.filter(pk=record.pk).exists()
        for _group, qs, _label in _link_sources(viewer, household)
    )


def help_link_get(*, viewer: User, household: Household, key: str) -> Any:
    """The record a follow-up form's choice names, or None when the viewer may not link it here."""
    label, _sep, pk = key.partition(":")
    for _group, qs, _label in _link_sources(viewer, household):
        if qs.model._meta.label_lower == label and pk.isdigit():
            return qs.filter(pk=int(pk)).first()
    return None
