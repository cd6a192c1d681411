"""Reads of shared machinery: equipment, its calendar of bookings, use and income per item."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils import timezone

from thanrak.assets import rules
from thanrak.assets.models import Booking, BookingStatus, Equipment, MaintenanceRecord, MaintenanceSlot
from thanrak.core.areas import prefix_q


def equipment_list(
    *, viewer: object, area: str = "", kind: str = "", organisation_id: int | None = None
) -> QuerySet[Equipment]:
    """The equipment the viewer may see (members: their organisations'), by area, kind or owner."""
    rows = Equipment.objects.visible_to(viewer).select_related("organisation")
    if area:
        rows = rows.filter(prefix_q("area_code", area))
    if kind:
        rows = rows.filter(kind=kind)
    if organisation_id:
        rows = rows.filter(organisation_id=organisation_id)
    return rows


def equipment_get(*, viewer: object, equipment_id: int) -> Equipment:
    return Equipment.objects.visible_to(viewer).select_related("organisation", "fund").get(pk=equipment_id)


def equipment_by_feed_token(*, token: str) -> Equipment:
    """The equipment whose calendar feed address holds this secret (DoesNotExist otherwise)."""
    return Equipment.objects.get(feed_token=token)


def booking_list(
    *,
    viewer: object,
    equipment_id: int | None = None,
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
) -> QuerySet[Booking]:
    """Bookings the viewer may see, live first by start, in a window of time."""
    rows = Booking.objects.visible_to(viewer).select_related("equipment", "person")
    if equipment_id:
        rows = rows.filter(equipment_id=equipment_id)
    if start:
        rows = rows.filter(ends_at__gt=start)
    if end:
        rows = rows.filter(starts_at__lt=end)
    return rows.order_by("starts_at")


def booking_get(*, viewer: object, booking_id: int) -> Booking:
    return Booking.objects.visible_to(viewer).select_related("equipment", "person").get(pk=booking_id)


def calendar_bookings(*, equipment: Equipment) -> QuerySet[Booking]:
    """The live and past bookings of one item, for its calendar feed (no cancelled ones)."""
    return equipment.bookings.exclude(status=BookingStatus.CANCELLED).order_by("starts_at")


@dataclass(frozen=True)
class Utilisation:
    bookings: int
    returned: int
    hours: float
    rai: float
    income_satang: int
    owed_satang: int


def equipment_utilisation(*, equipment: Equipment) -> Utilisation:
    """Use and income of one item over its life."""
    sums = equipment.bookings.exclude(status=BookingStatus.CANCELLED).aggregate(
        n=Count("pk"),
        returned=Count("pk", filter=Q(status=BookingStatus.RETURNED)),
        hours=Sum("hours_used"),
        rai=Sum("rai_worked"),
        income=Sum("fee_satang", filter=Q(fee_state__in=["POSTED", "PAID"])),
        owed=Sum("fee_satang", filter=Q(fee_state="OWED")),
    )
    return Utilisation(
        bookings=sums["n"],
        returned=sums["returned"],
        hours=float(sums["hours"] or 0),
        rai=float(sums["rai"] or 0),
        income_satang=sums["income"] or 0,
        owed_satang=sums["owed"] or 0,
    )


def _scheduled(item: Equipment) -> bool:
    return not (
        item.service_every_hours is None and item.service_every_days is None and item.service_due_on is None
    )


def maintenance_due(*, items: list[Equipment], today: dt.date) -> dict[int, rules.ServiceDue]:
    """Where each item stands against its maintenance schedule (two queries for the whole list): the
    hours and days of use of the loans returned after the day of its last service."""
    scheduled = [e for e in items if _scheduled(e)]
    if not scheduled:
        return {}
    ids = [e.pk for e in scheduled]
    last = dict(
        MaintenanceRecord.objects.filter(equipment_id__in=ids)
        .values("equipment_id")
        .annotate(last=Max("done_on"))
        .values_list("equipment_id", "last")
    )
    hours: dict[int, Decimal] = dict.fromkeys(ids, Decimal(0))
    days: dict[int, int] = dict.fromkeys(ids, 0)
    loans = Booking.objects.filter(equipment_id__in=ids, status=BookingStatus.RETURNED).values_list(
        "equipment_id", "out_at", "in_at", "hours_used"
    )
    for equipment_id, out_at, in_at, used in loans.iterator():
        since = last.get(equipment_id)
        if since is not None and timezone.localdate(in_at) <= since:
            continue
        hours[equipment_id] += used or 0
        days[equipment_id] += rules.days_of_use(out_at, in_at)
    return {
        e.pk: rules.service_due(
            every_hours=e.service_every_hours,
            every_days=e.service_every_days,
            due_on=e.service_due_on,
            hours_since=hours[e.pk],
            days_since=days[e.pk],
            today=today,
        )
        for e in scheduled
    }


@dataclass(frozen=True)
class Maintenance:
    due: rules.ServiceDue | None
    records: list[MaintenanceRecord]
    slots: list[MaintenanceSlot]
    cost_satang: int


def equipment_maintenance(*, equipment: Equipment, today: dt.date, now: dt.datetime) -> Maintenance:
    """One item's schedule standing, its service history and the maintenance times still to come."""
    records = equipment.maintenance_records.all()
    return Maintenance(
        due=maintenance_due(items=[equipment], today=today).get(equipment.pk),
        records=list(records[:50]),
        slots=list(equipment.maintenance_slots.filter(ends_at__gt=now).order_by("starts_at")[:50]),
        cost_satang=records.aggregate(total=Sum("cost_satang"))["total"] or 0,
    )


def maintenance_slot_get(*, viewer: object, slot_id: int) -> MaintenanceSlot:
    return MaintenanceSlot.objects.visible_to(viewer).select_related("equipment").get(pk=slot_id)
