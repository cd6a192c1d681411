"""Shared machinery and equipment (policy 7.1.2's sharing economy): listed by an organisation, booked
by members on a calendar, checked out and in, the fee owed or posted to the owner's fund."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.roles import AREA_READERS
from thanrak.accounts.scope import Scope, ScopedQuerySet, Visibility
from thanrak.core.storage import private_storage
from thanrak.registry.models import Membership, Organisation, Person


class EquipmentKind(models.TextChoices):
    TRACTOR = "TRACTOR", _("Tractor")
    RICE_TRANSPLANTER = "RICE_TRANSPLANTER", _("Rice transplanter")
    HARVESTER = "HARVESTER", _("Harvester")
    DRONE_SPRAYER = "DRONE_SPRAYER", _("Drone sprayer")
    PACKAGING_MACHINE = "PACKAGING_MACHINE", _("Packaging machine")
    TENT_SET = "TENT_SET", _("Tent set")
    OTHER = "OTHER", _("Other")


class Condition(models.TextChoices):
    GOOD = "GOOD", _("Good")
    FAIR = "FAIR", _("Fair")
    NEEDS_REPAIR = "NEEDS_REPAIR", _("Needs repair")
    OUT_OF_SERVICE = "OUT_OF_SERVICE", _("Out of service")


class FeeUnit(models.TextChoices):
    HOUR = "HOUR", _("per hour")
    DAY = "DAY", _("per day")
    RAI = "RAI", _("per rai")


class BookingStatus(models.TextChoices):
    BOOKED = "BOOKED", _("Booked")
    OUT = "OUT", _("Checked out")
    RETURNED = "RETURNED", _("Returned (checked in)")
    CANCELLED = "CANCELLED", _("Cancelled")


class FeeState(models.TextChoices):
    NONE = "NONE", _("Not yet due")
    OWED = "OWED", _("Owed")
    POSTED = "POSTED", _("Paid into the fund's books")
    PAID = "PAID", _("Paid")


def _member_of_owner(scope: Scope) -> Exists:
    return Exists(
        Membership.objects.filter(
            organisation_id=OuterRef("organisation_id"), person_id=scope.person_id, end_date__isnull=True
        )
    )


class EquipmentQuerySet(ScopedQuerySet["Equipment"]):
    visibility = Visibility(
        area="area_code", area_roles=AREA_READERS, organisation="organisation_id", person=_member_of_owner
    )


class Equipment(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="equipment", verbose_name=_("owner")
    )
    # When the owner keeps its books in Thanrak: fees are posted to this fund's ledger.
    fund = models.ForeignKey(
        "finance.Fund",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fund receiving the fees"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=EquipmentKind.choices)
    condition = models.CharField(
        _("condition"), max_length=16, choices=Condition.choices, default=Condition.GOOD
    )
    kept_at = models.CharField(_("where it is kept"), max_length=200, blank=True)
    # The owner's area when listed: scopes area officers.
    area_code = models.CharField(_("area"), max_length=8, db_index=True)
    fee_unit = models.CharField(_("fee charged"), max_length=4, choices=FeeUnit.choices, default=FeeUnit.HOUR)
    fee_satang = models.BigIntegerField(_("fee for use"), default=0)
    # A secret in the calendar feed's address, so a phone's calendar can read it without a login.
    feed_token = models.CharField(max_length=40, unique=True, editable=False)
    is_active = models.BooleanField(_("available for booking"), default=True)
    created_at = models.DateTimeField()
    # Maintenance schedule: every so many hours or days of use since the last service, or by a date.
    service_every_hours = models.PositiveIntegerField(
        _("service every (hours of use)"), null=True, blank=True
    )
    service_every_days = models.PositiveIntegerField(_("service every (days of use)"), null=True, blank=True)
    service_due_on = models.DateField(_("next service by"), null=True, blank=True)

    objects = EquipmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("equipment")
        verbose_name_plural = _("equipment")
        ordering = ["organisation_id", "name"]
        constraints = [
            models.CheckConstraint(condition=Q(fee_satang__gte=0), name="equipment_fee_not_negative")
        ]

    def __str__(self) -> str:
        return self.name


class BookingQuerySet(ScopedQuerySet["Booking"]):
    visibility = Visibility(via="equipment")

    def active(self) -> "BookingQuerySet":
        return self.exclude(status=BookingStatus.CANCELLED)


class Booking(models.Model):
    equipment = models.ForeignKey(Equipment, on_delete=models.PROTECT, related_name="bookings")
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("booked for")
    )
    starts_at = models.DateTimeField(_("given by"))
    ends_at = models.DateTimeField(_("until"))
    status = models.CharField(
        _("status"), max_length=10, choices=BookingStatus.choices, default=BookingStatus.BOOKED
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    key = models.CharField(max_length=80, null=True, blank=True, unique=True)  # noqa: DJ001  idempotency
    booked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    booked_at = models.DateTimeField()
    # Check-out and check-in: meters (engine hours), rai worked, fuel, damage.
    out_at = models.DateTimeField(null=True, blank=True)
    meter_out = models.DecimalField(max_digits=10, decimal_places=1, null=True, blank=True)
    in_at = models.DateTimeField(null=True, blank=True)
    meter_in = models.DecimalField(max_digits=10, decimal_places=1, null=True, blank=True)
    hours_used = models.DecimalField(max_digits=8, decimal_places=1, null=True, blank=True)
    rai_worked = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    fuel_litres = models.DecimalField(max_digits=8, decimal_places=1, null=True, blank=True)
    damage_note = models.TextField(_("damage"), blank=True)
    fee_satang = models.BigIntegerField(_("fee for use"), default=0)
    fee_state = models.CharField(max_length=8, choices=FeeState.choices, default=FeeState.NONE)
    journal_entry_id = models.BigIntegerField(null=True, blank=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["equipment", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="booking_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(fee_satang__gte=0), name="booking_fee_not_negative"),
            models.CheckConstraint(
                condition=Q(meter_out__isnull=True) | Q(meter_out__gte=0),
                name="booking_meter_out_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(meter_in__isnull=True)
                | Q(meter_out__isnull=False, meter_in__gte=models.F("meter_out")),
                name="booking_meter_in_after_out",
            ),
            models.CheckConstraint(
                condition=Q(in_at__isnull=True) | Q(out_at__isnull=False, in_at__gte=models.F("out_at")),
                name="booking_in_after_out",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.equipment} {self.starts_at:%Y-%m-%d %H:%M}"


class MaintenanceQuerySet(ScopedQuerySet["MaintenanceRecord"]):
    visibility = Visibility(via="equipment")


class MaintenanceRecord(models.Model):
    """A service or repair done: when, what it cost, by whom."""

    equipment = models.ForeignKey(Equipment, on_delete=models.CASCADE, related_name="maintenance_records")
    done_on = models.DateField(_("done on"))
    cost_satang = models.BigIntegerField(_("cost"), default=0)
    done_by = models.CharField(_("done by"), max_length=200)
    meter = models.DecimalField(max_digits=10, decimal_places=1, null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = MaintenanceQuerySet.as_manager()

    class Meta:
        ordering = ["-done_on", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(cost_satang__gte=0), name="maintenance_cost_not_negative"),
            models.CheckConstraint(
                condition=Q(meter__isnull=True) | Q(meter__gte=0), name="maintenance_meter_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.equipment} {self.done_on}"


class MaintenanceSlotQuerySet(ScopedQuerySet["MaintenanceSlot"]):
    visibility = Visibility(via="equipment")


class MaintenanceSlot(models.Model):
    """Time the item is kept for maintenance: no booking may touch it."""

    equipment = models.ForeignKey(Equipment, on_delete=models.CASCADE, related_name="maintenance_slots")
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    objects = MaintenanceSlotQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at"]
        indexes = [models.Index(fields=["equipment", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="maintenance_slot_ends_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.equipment} {self.starts_at:%Y-%m-%d %H:%M}"


class PhotoOf(models.TextChoices):
    EQUIPMENT = "EQUIPMENT", _("Equipment")
    DAMAGE = "DAMAGE", _("Damage at check-in")
    INCIDENT = "INCIDENT", _("Patrol or incident")
    HOUSING = "HOUSING", _("Housing stage")


class AssetPhoto(models.Model):
    """A photo of one record (private file: served only to who may see the record)."""

    of = models.CharField(max_length=10, choices=PhotoOf.choices)
    equipment = models.ForeignKey(
        Equipment, on_delete=models.CASCADE, null=True, blank=True, related_name="photos"
    )
    booking = models.ForeignKey(
        Booking, on_delete=models.CASCADE, null=True, blank=True, related_name="photos"
    )
    incident = models.ForeignKey(
        "assets.ForestIncident", on_delete=models.CASCADE, null=True, blank=True, related_name="photos"
    )
    housing = models.ForeignKey(
        "assets.HousingUnit", on_delete=models.CASCADE, null=True, blank=True, related_name="photos"
    )
    stage = models.CharField(_("stage"), max_length=12, blank=True)  # a housing unit's stage when taken
    image = models.ImageField(upload_to="assets/photos/%Y/%m/", storage=private_storage)
    thumbnail = models.ImageField(upload_to="assets/photos/%Y/%m/", storage=private_storage)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    taken_at = models.DateTimeField()

    class Meta:
        ordering = ["taken_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        of="EQUIPMENT",
                        equipment__isnull=False,
                        booking__isnull=True,
                        incident__isnull=True,
                        housing__isnull=True,
                    )
                    | Q(
                        of="DAMAGE",
                        booking__isnull=False,
                        equipment__isnull=True,
                        incident__isnull=True,
                        housing__isnull=True,
                    )
                    | Q(
                        of="INCIDENT",
                        incident__isnull=False,
                        equipment__isnull=True,
                        booking__isnull=True,
                        housing__isnull=True,
                    )
                    | Q(
                        of="HOUSING",
                        housing__isnull=False,
                        equipment__isnull=True,
                        booking__isnull=True,
                        incident__isnull=True,
                    )
                ),
                name="asset_photo_of_one_record",
            )
        ]

    def __str__(self) -> str:
        return f"{self.of} {self.pk}"
