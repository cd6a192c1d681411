"""Reads of shared machinery: equipment, its calendar of bookings, use and income per item."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum

from thanrak.assets.models import Booking, BookingStatus, Equipment
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
