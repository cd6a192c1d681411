"""Reads on cases; every function takes the viewer and scopes through visible_to."""

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from thanrak.registry.models import HouseholdMember
from thanrak.services.models import Case, CaseStatus, Consent, ConsentPurpose


def case_list(
    *, viewer: Any, status: str = "", topic: str = "", area: str = "", q: str = "", open_only: bool = False
) -> QuerySet[Case]:
    """The viewer's cases, newest first, filtered by status, topic, area prefix and words."""
    q = q.replace("\x00", "").strip()
    qs = Case.objects.visible_to(viewer).select_related(
        "person", "household", "organisation", "adviser__person"
    )
    if status:
        qs = qs.filter(status=status)
    if open_only:
        qs = qs.open()
    if topic:
        qs = qs.filter(topic=topic)
    if area:
        qs = qs.filter(area_code__startswith=area)
    if q:
        qs = qs.filter(
            Q(summary__icontains=q)
            | Q(person__first_name__icontains=q)
            | Q(person__last_name__icontains=q)
            | Q(organisation__name_th__icontains=q)
            | Q(household__house_no=q)
        )
    return qs


def case_get(*, viewer: Any, case_id: int) -> Case:
    """One case the viewer may see (DoesNotExist otherwise)."""
    return (
        Case.objects.visible_to(viewer)
        .select_related("person", "household__village", "organisation", "adviser__person", "opened_by")
        .get(pk=case_id)
    )


def case_steps(*, case: Case) -> list[Any]:
    return list(case.steps.select_related("by"))


def cases_for(
    *,
    viewer: Any,
    person_id: int | None = None,
    household_id: int | None = None,
    organisation_id: int | None = None,
) -> QuerySet[Case]:
    """Cases about a person (their own or their household's), a household or an organisation."""
    qs = Case.objects.visible_to(viewer)
    if person_id is not None:
        homes = HouseholdMember.objects.filter(household=OuterRef("household_id"), person_id=person_id)
        qs = qs.filter(Q(person_id=person_id) | Exists(homes))
    if household_id is not None:
        qs = qs.filter(household_id=household_id)
    if organisation_id is not None:
        qs = qs.filter(organisation_id=organisation_id)
    return qs.select_related("adviser__person")


def consented(*, person_id: int | None, on: dt.date) -> bool:
    """True when the person's consent to share with partners is live on the day."""
    if person_id is None:
        return False
    return (
        Consent.objects.filter(
            person_id=person_id, purpose=ConsentPurpose.SHARE_WITH_PARTNERS, given_on__lte=on
        )
        .filter(Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=on))
        .exists()
    )


def consents_of(*, person_id: int) -> list[Consent]:
    return list(Consent.objects.filter(person_id=person_id).order_by("-given_on"))


def case_counts(*, viewer: Any) -> dict[str, int]:
    """How many of the viewer's cases are in each state."""
    counts = dict.fromkeys(CaseStatus.values, 0)
    for row in Case.objects.visible_to(viewer).values("status").order_by():
        counts[row["status"]] += 1
    return counts
