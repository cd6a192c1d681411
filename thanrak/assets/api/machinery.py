"""API of shared machinery: equipment, bookings, check-out and check-in."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Status

from thanrak.apikit import ERRORS, AppRouter, Id, access
from thanrak.assets import actions, queries
from thanrak.assets.api import schemas as s
from thanrak.assets.models import Booking, Equipment
from thanrak.registry.models import Organisation, Person

router = AppRouter("assets", tags=["assets: shared machinery"])


def _equipment(e: Equipment) -> s.EquipmentOut:
    return s.EquipmentOut(
        id=e.pk,
        organisation_id=e.organisation_id,
        name=e.name,
        kind=e.kind,
        condition=e.condition,
        kept_at=e.kept_at,
        fee_unit=e.fee_unit,
        fee_satang=e.fee_satang,
        is_active=e.is_active,
    )


def _booking(b: Booking) -> s.BookingOut:
    return s.BookingOut(
        id=b.pk,
        equipment_id=b.equipment_id,
        person_id=b.person_id,
        starts_at=b.starts_at,
        ends_at=b.ends_at,
        status=b.status,
        hours_used=b.hours_used,
        rai_worked=b.rai_worked,
        fee_satang=b.fee_satang,
        fee_state=b.fee_state,
    )


@router.get(
    "/equipment",
    response={200: list[s.EquipmentOut], **ERRORS},
    summary="Equipment the viewer may book or manage",
)
@access("assets.equipment", "view")
def equipment_list(request: HttpRequest, filters: Query[s.ListQuery]) -> list[s.EquipmentOut]:
    rows = queries.equipment_list(viewer=request.user, area=filters.area)
    return [_equipment(e) for e in rows[filters.offset : filters.offset + filters.limit]]


@router.post(
    "/equipment", response={201: s.EquipmentOut, **ERRORS}, summary="List an organisation's equipment"
)
@access("assets.equipment", "change")
def equipment_create(request: HttpRequest, payload: s.EquipmentIn) -> Status:
    organisation = Organisation.objects.visible_to(request.user).get(pk=payload.organisation_id)
    data: dict[str, Any] = payload.dict(exclude={"organisation_id"})
    item = actions.equipment_list_item(organisation=organisation, by=request.user, at=timezone.now(), **data)
    return Status(201, _equipment(item))


@router.get(
    "/equipment/{equipment_id}/bookings",
    response={200: list[s.BookingOut], **ERRORS},
    summary="An item's bookings",
)
@access("assets.booking", "view")
def booking_list(request: HttpRequest, equipment_id: Id) -> list[s.BookingOut]:
    item = queries.equipment_get(viewer=request.user, equipment_id=equipment_id)
    return [_booking(b) for b in queries.booking_list(viewer=request.user, equipment_id=item.pk)[:500]]


@router.post(
    "/equipment/{equipment_id}/bookings", response={201: s.BookingOut, **ERRORS}, summary="Book an item"
)
@access("assets.booking", "change")
def booking_make(request: HttpRequest, equipment_id: Id, payload: s.BookingIn) -> Status:
    item = queries.equipment_get(viewer=request.user, equipment_id=equipment_id)
    person = Person.objects.get(pk=payload.person_id)
    booking = actions.booking_make(
        equipment=item,
        person=person,
        starts_at=payload.starts_at,
        ends_at=payload.ends_at,
        note=payload.note,
        key=payload.idempotency_key,
        by=request.user,
        at=timezone.now(),
    )
    return Status(201, _booking(booking))


@router.post(
    "/bookings/{booking_id}/cancel", response={200: s.BookingOut, **ERRORS}, summary="Cancel a booking"
)
@access("assets.booking", "change")
def booking_cancel(request: HttpRequest, booking_id: Id) -> s.BookingOut:
    booking = queries.booking_get(viewer=request.user, booking_id=booking_id)
    return _booking(actions.booking_cancel(booking=booking, by=request.user))


@router.post(
    "/bookings/{booking_id}/check-out", response={200: s.BookingOut, **ERRORS}, summary="Hand the item over"
)
@access("assets.booking", "approve")
def booking_check_out(request: HttpRequest, booking_id: Id, payload: s.CheckOutIn) -> s.BookingOut:
    booking = queries.booking_get(viewer=request.user, booking_id=booking_id)
    return _booking(
        actions.booking_check_out(booking=booking, meter=payload.meter, by=request.user, at=timezone.now())
    )


@router.post(
    "/bookings/{booking_id}/check-in", response={200: s.BookingOut, **ERRORS}, summary="Take the item back"
)
@access("assets.booking", "approve")
def booking_check_in(request: HttpRequest, booking_id: Id, payload: s.CheckInIn) -> s.BookingOut:
    booking = queries.booking_get(viewer=request.user, booking_id=booking_id)
    done = actions.booking_check_in(booking=booking, by=request.user, at=timezone.now(), **payload.dict())
    return _booking(done)


def _maintenance(item: Equipment) -> s.MaintenanceOut:
    m = queries.equipment_maintenance(equipment=item, today=timezone.localdate(), now=timezone.now())
    return s.MaintenanceOut(
        every_hours=item.service_every_hours,
        every_days=item.service_every_days,
        due_on=item.service_due_on,
        due=s.ServiceDueOut(**vars(m.due)) if m.due else None,
        records=[
            s.MaintenanceRecordOut(
                id=r.pk,
                done_on=r.done_on,
                done_by=r.done_by,
                cost_satang=r.cost_satang,
                meter=r.meter,
                notes=r.notes,
            )
            for r in m.records
        ],
        slots=[
            s.MaintenanceSlotOut(id=x.pk, starts_at=x.starts_at, ends_at=x.ends_at, note=x.note)
            for x in m.slots
        ],
        cost_satang=m.cost_satang,
    )


@router.get(
    "/equipment/{equipment_id}/maintenance",
    response={200: s.MaintenanceOut, **ERRORS},
    summary="An item's maintenance schedule, whether a service is due, its history and kept times",
)
@access("assets.equipment", "view")
def maintenance_get(request: HttpRequest, equipment_id: Id) -> s.MaintenanceOut:
    return _maintenance(queries.equipment_get(viewer=request.user, equipment_id=equipment_id))


@router.put(
    "/equipment/{equipment_id}/maintenance/schedule",
    response={200: s.MaintenanceOut, **ERRORS},
    summary="Set when the item is serviced (hours or days of use, or a date)",
)
@access("assets.equipment", "change")
def maintenance_schedule(request: HttpRequest, equipment_id: Id, payload: s.ScheduleIn) -> s.MaintenanceOut:
    item = queries.equipment_get(viewer=request.user, equipment_id=equipment_id)
    return _maintenance(actions.equipment_set_schedule(equipment=item, by=request.user, **payload.dict()))


@router.post(
    "/equipment/{equipment_id}/maintenance",
    response={201: s.MaintenanceRecordOut, **ERRORS},
    summary="Record maintenance done",
)
@access("assets.equipment", "change")
def maintenance_record(request: HttpRequest, equipment_id: Id, payload: s.MaintenanceIn) -> Status:
    item = queries.equipment_get(viewer=request.user, equipment_id=equipment_id)
    r = actions.maintenance_record(equipment=item, by=request.user, at=timezone.now(), **payload.dict())
    out = s.MaintenanceRecordOut(
        id=r.pk, done_on=r.done_on, done_by=r.done_by, cost_satang=r.cost_satang, meter=r.meter, notes=r.notes
    )
    return Status(201, out)


@router.post(
    "/equipment/{equipment_id}/maintenance/slots",
    response={201: s.MaintenanceSlotOut, **ERRORS},
    summary="Keep a time for maintenance (bookings over it are refused)",
)
@access("assets.equipment", "change")
def maintenance_slot_add(request: HttpRequest, equipment_id: Id, payload: s.MaintenanceSlotIn) -> Status:
    item = queries.equipment_get(viewer=request.user, equipment_id=equipment_id)
    x = actions.maintenance_slot_add(equipment=item, by=request.user, at=timezone.now(), **payload.dict())
    return Status(201, s.MaintenanceSlotOut(id=x.pk, starts_at=x.starts_at, ends_at=x.ends_at, note=x.note))
