"""Writes of shared machinery: list equipment, book it (never twice for one moment), check it out and
in, and settle the fee (posted to the owner's fund ledger, or recorded as owed).

No double booking: `booking_make` locks the equipment's row (SELECT … FOR UPDATE on PostgreSQL; SQLite
lets one writer in at a time) before looking for an overlapping booking, so two phones booking the
same slot at once are served one after the other and the second is refused.
"""

import datetime as dt
import secrets
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.accounts.roles import Role
from thanrak.accounts.scope import OutsideScope, scope_of
from thanrak.assets import rules
from thanrak.assets.actions._access import ensure_manages
from thanrak.assets.actions._photos import attach
from thanrak.assets.errors import CannotBook
from thanrak.assets.models import (
    AssetPhoto,
    Booking,
    BookingStatus,
    Condition,
    Equipment,
    EquipmentKind,
    FeeState,
    FeeUnit,
    MaintenanceRecord,
    MaintenanceSlot,
    PhotoOf,
)
from thanrak.core.events import emit
from thanrak.core.thai import format_datetime
from thanrak.registry.models import Membership, Organisation, Person

LIVE = (BookingStatus.BOOKED, BookingStatus.OUT)


def _manages(by: User, equipment: Equipment) -> None:
    ensure_manages(by, area_code=equipment.area_code, organisation_id=equipment.organisation_id)


@transaction.atomic
def equipment_list_item(
    *,
    organisation: Organisation,
    name: str,
    kind: str,
    fee_unit: str,
    fee_satang: int,
    by: User,
    at: dt.datetime,
    condition: str = Condition.GOOD,
    kept_at: str = "",
    fund_id: int | None = None,
    photo: UploadedFile | None = None,
    photos: Sequence[UploadedFile] = (),
) -> Equipment:
    """List an organisation's equipment for its members to book."""
    ensure_manages(by, area_code=organisation.area_code, organisation_id=organisation.pk)
    if not (name or "").strip():
        raise CannotBook(_("Name the equipment."), code="name_missing", field="name")
    if (
        kind not in EquipmentKind.values
        or fee_unit not in FeeUnit.values
        or condition not in Condition.values
    ):
        raise CannotBook(_("Choose the kind, condition and fee unit."), code="choice_unknown", field="kind")
    if fee_satang < 0:
        raise CannotBook(_("The fee cannot be negative."), code="fee_negative", field="fee")
    if fund_id is not None and not organisation.funds.filter(pk=fund_id).exists():
        raise CannotBook(
            _("The fund must be one of the owner's own funds."), code="fund_not_owners", field="fund"
        )
    item = Equipment.objects.create(
        organisation=organisation,
        fund_id=fund_id,
        name=name.strip(),
        kind=kind,
        condition=condition,
        kept_at=kept_at.strip(),
        area_code=organisation.area_code,
        fee_unit=fee_unit,
        fee_satang=fee_satang,
        feed_token=secrets.token_urlsafe(24),
        created_at=at,
    )
    attach([photo, *photos], of=PhotoOf.EQUIPMENT, equipment=item, by=by, at=at)
    return item


@transaction.atomic
def equipment_update(
    *, equipment: Equipment, condition: str, kept_at: str, fee_satang: int, is_active: bool, by: User
) -> Equipment:
    """Change the condition, where it is kept, the fee or whether it may be booked."""
    equipment = Equipment.objects.select_for_update().get(pk=equipment.pk)
    _manages(by, equipment)
    if condition not in Condition.values:
        raise CannotBook(_("Choose the condition."), code="choice_unknown", field="condition")
    if fee_satang < 0:
        raise CannotBook(_("The fee cannot be negative."), code="fee_negative", field="fee")
    equipment.condition, equipment.kept_at = condition, kept_at.strip()
    equipment.fee_satang, equipment.is_active = fee_satang, is_active
    equipment.save(update_fields=["condition", "kept_at", "fee_satang", "is_active"])
    return equipment


def _may_book_for(by: User, equipment: Equipment, person: Person) -> None:
    """Members book for themselves, in an organisation they belong to; managers for anyone."""
    scope = scope_of(by)
    if scope.role != Role.MEMBER:
        _manages(by, equipment)
        return
    member = Membership.objects.filter(
        organisation_id=equipment.organisation_id, person_id=scope.person_id, end_date__isnull=True
    ).exists()
    if person.pk != scope.person_id or not member:
        raise OutsideScope(f"equipment {equipment.pk}")


def _check_period(
    equipment: Equipment, starts_at: dt.datetime, ends_at: dt.datetime, at: dt.datetime
) -> None:
    if ends_at <= starts_at:
        raise CannotBook(
            _("The booking must end after it starts."), code="ends_before_start", field="ends_at"
        )
    if ends_at <= at:
        raise CannotBook(_("The booking is in the past."), code="in_the_past", field="starts_at")
    if not equipment.is_active or equipment.condition == Condition.OUT_OF_SERVICE:
        raise CannotBook(
            _("%(name)s cannot be booked now (out of service)."),
            code="not_available",
            field="equipment",
            params={"name": equipment.name},
        )


@transaction.atomic
def booking_make(
    *,
    equipment: Equipment,
    person: Person,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    by: User,
    at: dt.datetime,
    note: str = "",
    key: str | None = None,
) -> Booking:
    """Book the equipment for a period no other live booking touches (the item's row locked first)."""
    if key and (prior := Booking.objects.filter(key=key).first()) is not None:
        return prior
    equipment = Equipment.objects.select_for_update().get(pk=equipment.pk)
    _may_book_for(by, equipment, person)
    _check_period(equipment, starts_at, ends_at, at)
    _refuse_overlap(
        equipment,
        equipment.bookings.filter(status__in=LIVE),
        starts_at,
        ends_at,
        _("%(name)s is already booked from %(start)s to %(end)s: choose another time."),
        code="overlapping_booking",
    )
    _refuse_overlap(
        equipment,
        equipment.maintenance_slots.all(),
        starts_at,
        ends_at,
        _("%(name)s is kept for maintenance from %(start)s to %(end)s: choose another time."),
        code="maintenance_slot",
    )
    booking = Booking.objects.create(
        equipment=equipment,
        person=person,
        starts_at=starts_at,
        ends_at=ends_at,
        note=note.strip(),
        key=key or None,
        booked_by=by,
        booked_at=at,
    )
    emit("assets.booking_made", booking=booking)
    return booking


def _refuse_overlap(
    equipment: Equipment,
    periods: Any,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    message: Any,
    *,
    code: str,
) -> None:
    """Refuse the period when one of `periods` (bookings or kept maintenance time) touches it,
    naming the first such period."""
    found = periods.filter(starts_at__lt=ends_at, ends_at__gt=starts_at).order_by("starts_at").first()
    if found is not None:
        raise CannotBook(
            message,
            code=code,
            field="starts_at",
            params={
                "name": equipment.name,
                "start": format_datetime(found.starts_at),
                "end": format_datetime(found.ends_at),
            },
        )


def _locked(booking: Booking) -> Booking:
    Equipment.objects.select_for_update().filter(pk=booking.equipment_id).first()
    return Booking.objects.select_related("equipment").get(pk=booking.pk)


@transaction.atomic
def booking_cancel(*, booking: Booking, by: User) -> Booking:
    """Cancel a booking not yet checked out (its booker or a manager)."""
    booking = _locked(booking)
    if booking.booked_by_id != by.pk:
        _manages(by, booking.equipment)
    if booking.status != BookingStatus.BOOKED:
        raise CannotBook(
            _("Only a booking not yet checked out can be cancelled."), code="not_cancellable", field="status"
        )
    booking.status = BookingStatus.CANCELLED
    booking.save(update_fields=["status"])
    return booking


def _meter(value: Decimal | None, field: str) -> None:
    if value is not None and value < 0:
        raise CannotBook(_("A meter reading cannot be negative."), code="negative_meter", field=field)


@transaction.atomic
def booking_check_out(
    *, booking: Booking, at: dt.datetime, by: User, meter: Decimal | None = None
) -> Booking:
    """Hand the equipment over: the booking must be booked (not cancelled, not already out)."""
    booking = _locked(booking)
    _manages(by, booking.equipment)
    if booking.status != BookingStatus.BOOKED:
        raise CannotBook(_("This booking cannot be checked out now."), code="not_booked", field="status")
    _meter(meter, "meter")
    booking.status, booking.out_at, booking.meter_out = BookingStatus.OUT, at, meter
    booking.save(update_fields=["status", "out_at", "meter_out"])
    return booking


@transaction.atomic
def booking_check_in(
    *,
    booking: Booking,
    at: dt.datetime,
    by: User,
    meter: Decimal | None = None,
    hours: Decimal | None = None,
    rai_worked: Decimal | None = None,
    fuel_litres: Decimal | None = None,
    damage_note: str = "",
    damage_photos: Sequence[UploadedFile] = (),
    paid: bool = False,
) -> Booking:
    """Take the equipment back: record the use and any damage (with photos), compute the fee, and post
    it when paid to a fund."""
    booking = _locked(booking)
    _manages(by, booking.equipment)
    if booking.status != BookingStatus.OUT:
        raise CannotBook(
            _("The equipment was not checked out: check it out before checking it in."),
            code="not_checked_out",
            field="status",
        )
    if at < booking.out_at:
        raise CannotBook(_("Check-in cannot be before check-out."), code="in_before_out", field="in_at")
    for value, field in (
        (meter, "meter"),
        (hours, "hours"),
        (rai_worked, "rai_worked"),
        (fuel_litres, "fuel"),
    ):
        _meter(value, field)
    try:
        use = rules.use_of(
            out_at=booking.out_at,
            in_at=at,
            meter_out=booking.meter_out,
            meter_in=meter,
            hours=hours,
            rai=rai_worked,
        )
    except rules.BadMeter as exc:
        raise CannotBook(
            _("The meter at check-in cannot be lower than at check-out (%(out)s)."),
            code=exc.code,
            field="meter",
            params={"out": booking.meter_out},
        ) from exc
    equipment = booking.equipment
    booking.status, booking.in_at, booking.meter_in = BookingStatus.RETURNED, at, meter
    booking.hours_used, booking.rai_worked, booking.fuel_litres = use.hours, rai_worked, fuel_litres
    booking.damage_note = damage_note.strip()
    booking.fee_satang = rules.fee_satang(unit=equipment.fee_unit, rate_satang=equipment.fee_satang, use=use)
    booking.fee_state = FeeState.OWED if booking.fee_satang else FeeState.NONE
    booking.save()
    attach(damage_photos, of=PhotoOf.DAMAGE, booking=booking, by=by, at=at, field="damage_photos")
    if paid and booking.fee_satang:
        booking = booking_fee_paid(booking=booking, on=timezone.localdate(at), by=by, at=at)
    return booking


@transaction.atomic
def booking_fee_paid(*, booking: Booking, on: dt.date, by: User, at: dt.datetime) -> Booking:
    """The fee is paid: into the owner's fund ledger (cash / fee income) when the owner keeps books."""
    from thanrak.finance import actions as finance_actions
    from thanrak.finance.chart_of_accounts import Roles

    booking = _locked(booking)
    _manages(by, booking.equipment)
    if booking.fee_state != FeeState.OWED:
        raise CannotBook(_("No fee is owed on this booking."), code="nothing_owed", field="fee")
    equipment = booking.equipment
    if equipment.fund_id is None:
        booking.fee_state = FeeState.PAID
        booking.save(update_fields=["fee_state"])
        return booking
    entry = finance_actions.journal_post_manual(
        fund=equipment.fund,
        on=on,
        legs=[(Roles.CASH, booking.fee_satang, 0), (Roles.FEE_INCOME, 0, booking.fee_satang)],
        memo=f"ค่าใช้{equipment.name} ({booking.person.full_name})",
        by=by,
        at=at,
        key=f"assets-booking-{booking.pk}",
    )
    booking.fee_state, booking.journal_entry_id = FeeState.POSTED, entry.pk
    booking.save(update_fields=["fee_state", "journal_entry_id"])
    return booking


@transaction.atomic
def equipment_set_schedule(
    *,
    equipment: Equipment,
    every_hours: int | None,
    every_days: int | None,
    due_on: dt.date | None,
    by: User,
) -> Equipment:
    """Set when the item is serviced: every so many hours or days of use, or by a date (any of them)."""
    equipment = Equipment.objects.select_for_update().get(pk=equipment.pk)
    _manages(by, equipment)
    for value, field in ((every_hours, "every_hours"), (every_days, "every_days")):
        if value is not None and value <= 0:
            raise CannotBook(
                _("A service interval must be at least 1."), code="interval_not_positive", field=field
            )
    equipment.service_every_hours, equipment.service_every_days = every_hours, every_days
    equipment.service_due_on = due_on
    equipment.save(update_fields=["service_every_hours", "service_every_days", "service_due_on"])
    return equipment


@transaction.atomic
def maintenance_record(
    *,
    equipment: Equipment,
    done_on: dt.date,
    cost_satang: int,
    done_by: str,
    by: User,
    at: dt.datetime,
    notes: str = "",
    meter: Decimal | None = None,
    next_due_on: dt.date | None = None,
) -> MaintenanceRecord:
    """Record a service or repair done; the count of use towards the next service starts again.
    When the schedule is by date, `next_due_on` sets the next one."""
    equipment = Equipment.objects.select_for_update().get(pk=equipment.pk)
    _manages(by, equipment)
    if done_on > timezone.localdate(at):
        raise CannotBook(_("The date cannot be in the future."), code="in_the_future", field="done_on")
    if cost_satang < 0:
        raise CannotBook(_("The cost cannot be negative."), code="cost_negative", field="cost")
    if not (done_by or "").strip():
        raise CannotBook(_("Say who did the work."), code="done_by_missing", field="done_by")
    _meter(meter, "meter")
    if next_due_on is not None:
        if next_due_on <= done_on:
            raise CannotBook(
                _("The next service must be after this one."), code="next_before_done", field="next_due_on"
            )
        equipment.service_due_on = next_due_on
        equipment.save(update_fields=["service_due_on"])
    return MaintenanceRecord.objects.create(
        equipment=equipment,
        done_on=done_on,
        cost_satang=cost_satang,
        done_by=done_by.strip(),
        meter=meter,
        notes=notes.strip(),
        recorded_by=by,
        recorded_at=at,
    )


@transaction.atomic
def maintenance_slot_add(
    *,
    equipment: Equipment,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    by: User,
    at: dt.datetime,
    note: str = "",
) -> MaintenanceSlot:
    """Keep the item for maintenance for a time no live booking touches (its row locked first, as when
    booking, so a booking and a slot cannot be written over each other at once)."""
    equipment = Equipment.objects.select_for_update().get(pk=equipment.pk)
    _manages(by, equipment)
    if ends_at <= starts_at:
        raise CannotBook(_("The time must end after it starts."), code="ends_before_start", field="ends_at")
    if ends_at <= at:
        raise CannotBook(_("The time is in the past."), code="in_the_past", field="starts_at")
    clash = (
        equipment.bookings.filter(status__in=LIVE, starts_at__lt=ends_at, ends_at__gt=starts_at)
        .select_related("person")
        .order_by("starts_at")
        .first()
    )
    if clash is not None:
        raise CannotBook(
            _("%(name)s is booked from %(start)s to %(end)s: move or cancel that booking first."),
            code="overlapping_booking",
            field="starts_at",
            params={
                "name": equipment.name,
                "start": format_datetime(clash.starts_at),
                "end": format_datetime(clash.ends_at),
            },
        )
    return MaintenanceSlot.objects.create(
        equipment=equipment,
        starts_at=starts_at,
        ends_at=ends_at,
        note=note.strip(),
        created_by=by,
        created_at=at,
    )


@transaction.atomic
def maintenance_slot_remove(*, slot: MaintenanceSlot, by: User) -> None:
    """Free a maintenance time (it was not needed, or was planned wrongly)."""
    equipment = Equipment.objects.select_for_update().get(pk=slot.equipment_id)
    _manages(by, equipment)
    MaintenanceSlot.objects.filter(pk=slot.pk).delete()


@transaction.atomic
def equipment_photo_add(
    *, equipment: Equipment, upload: UploadedFile | Sequence[UploadedFile], by: User, at: dt.datetime
) -> None:
    """Add a photo, or several, of the item (its managers)."""
    _manages(by, equipment)
    attach(upload, of=PhotoOf.EQUIPMENT, equipment=equipment, by=by, at=at)


@transaction.atomic
def damage_photos_add(
    *, booking: Booking, uploads: Sequence[UploadedFile], by: User, at: dt.datetime
) -> list[AssetPhoto]:
    """Add photos of damage to a booking whose equipment was lent out (its managers); all or none."""
    booking = _locked(booking)
    _manages(by, booking.equipment)
    if booking.out_at is None:
        raise CannotBook(
            _("The equipment was not checked out: there is no damage to show yet."),
            code="not_checked_out",
            field="damage_photos",
        )
    return attach(uploads, of=PhotoOf.DAMAGE, booking=booking, by=by, at=at, field="damage_photos")
