"""Reads on referrals: the sender's list and overdue list, an agency's queue, what a partner reads."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from thanrak.services.models import Case, Referral
from thanrak.services.queries.cases import consented
from thanrak.services.rules import Waiting, mask_name, mask_phone, referral_waiting


def referral_list(*, viewer: Any, case_id: int | None = None, status: str = "") -> QuerySet[Referral]:
    qs = Referral.objects.visible_to(viewer).select_related("agency", "case")
    if case_id is not None:
        qs = qs.filter(case_id=case_id)
    if status:
        qs = qs.filter(status=status)
    return qs


def referral_get(*, viewer: Any, referral_id: int) -> Referral:
    return Referral.objects.visible_to(viewer).select_related("agency", "case").get(pk=referral_id)


def waiting_of(referral: Referral, *, today: dt.date) -> Waiting:
    return referral_waiting(
        status=referral.status,
        sent_on=referral.sent_on,
        answered_on=referral.answered_on,
        reported_on=referral.reported_on,
        answer_days=referral.agency.answer_days,
        today=today,
    )


def overdue_referrals(
    *, viewer: Any, today: dt.date, area: str = "", limit: int = 500
) -> list[tuple[Referral, Waiting]]:
    """Referrals past their agency's time, for the sender to chase: not answered after the agency's
    days, or accepted and not reported after three times as long. Oldest first."""
    qs = Referral.objects.visible_to(viewer).overdue(today).select_related("agency")
    if area:
        qs = qs.filter(area_code__startswith=area)
    rows = [(r, waiting_of(r, today=today)) for r in qs.order_by("sent_on", "pk")[:limit]]
    return [(r, w) for r, w in rows if w.overdue]


def overdue_count(*, viewer: Any, today: dt.date, area: str = "") -> int:
    """How many referrals are overdue (the list shows the oldest `limit`)."""
    qs = Referral.objects.visible_to(viewer).overdue(today)
    return (qs.filter(area_code__startswith=area) if area else qs).count()


def agency_queue(*, viewer: Any, status: str = "") -> QuerySet[Referral]:
    """The referrals the viewer's agency has to answer (all of them for the national manager)."""
    staff = getattr(viewer, "services_agency_staff", None)
    qs = Referral.objects.visible_to(viewer).select_related("agency", "case")
    if staff is not None:
        qs = qs.filter(agency_id=staff.agency_id)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("status", "sent_on", "pk")


@dataclass(frozen=True)
class PartnerView:
    """What a referral carries to the partner: masked unless the person consented (PDPA)."""

    name: str
    phone: str
    area_code: str
    topic: str
    request: str
    consented: bool


def _subject_contact(case: Case) -> tuple[str, str, int | None]:
    if case.person_id:
        return case.person.full_name, case.person.phone, case.person_id
    if case.household_id:
        head = (
            case.household.members.filter(relation="HEAD", left_date__isnull=True)
            .select_related("person")
            .first()
        )
        person = head.person if head else None
        return (
            (person.full_name if person else case.household.house_no),
            case.household.phone,
            getattr(person, "pk", None),
        )
    org = case.organisation
    return org.name_th, org.phone, None


def partner_view(*, referral: Referral, today: dt.date) -> PartnerView:
    """The client as the agency sees them. An organisation's name is public; a person's is masked
    unless they consented to share with partners."""
    case = referral.case
    name, phone, person_id = _subject_contact(case)
    is_org = case.organisation_id is not None
    ok = is_org or consented(person_id=person_id, on=today)
    return PartnerView(
        name=name if ok else mask_name(name),
        phone=phone if ok else mask_phone(phone),
        area_code=case.area_code,
        topic=case.get_topic_display(),
        request=referral.request,
        consented=ok,
    )
