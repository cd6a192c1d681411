"""Events and recurring markets, booths and their fees, turnover, buyers and matching meetings.

A recurring market (ตลาดต้องชม) is an event of kind MARKET with days of the week and no end date
needed; fairs, market days, OTOP Midyear, exhibitions and online campaigns run between two dates.
A booth gives a vendor (a registry organisation: an enterprise with a commerce shop, a producer
group) a place at the event; when the vendor sells with the commerce POS, the booth names the POS
location and the sales there during the event's days count as its turnover (read from commerce),
otherwise the vendor or the organiser types one figure a day. Rows are scoped through the event:
area officers see events in their areas, the organiser's officers their events, a vendor's
officers the events where they have a booth."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thanrak.accounts.roles import AREA_READERS, Role
from thanrak.accounts.scope import Scope, ScopedQuerySet, Visibility, scope_of
from thanrak.commerce.models import Location, Order, OtopCategory
from thanrak.finance.models import Fund
from thanrak.registry.models import Organisation


class EventKind(models.TextChoices):
    MARKET = "MARKET", _("Recurring market (ตลาดต้องชม)")
    FAIR = "FAIR", pgettext_lazy("market event", "Fair")
    MARKET_DAY = "MARKET_DAY", _("Community market day")
    OTOP_MIDYEAR = "OTOP_MIDYEAR", _("OTOP Midyear")
    ABROAD = "ABROAD", _("Exhibition abroad")
    ONLINE = "ONLINE", _("Online campaign")


def _organiser_or_vendor(scope: Scope) -> Q:
    ids = sorted(scope.organisation_ids)
    return Q(organiser_id__in=ids) | Q(Exists(Booth.objects.filter(event=OuterRef("pk"), vendor_id__in=ids)))


class EventQuerySet(ScopedQuerySet["Event"]):
    visibility = Visibility(
        area="area_code", area_roles=AREA_READERS, area_above=True, organisation=_organiser_or_vendor
    )

    def markets(self) -> "EventQuerySet":
        return self.filter(kind=EventKind.MARKET)

    def one_off(self) -> "EventQuerySet":
        return self.exclude(kind=EventKind.MARKET)


class Event(models.Model):
    kind = models.CharField(_("kind"), max_length=12, choices=EventKind.choices)
    name = models.CharField(_("name"), max_length=200)
    programme_code = models.CharField(_("funding programme (code)"), max_length=40, blank=True)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    organiser = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="market_events",
        verbose_name=_("organiser"),
    )
    # When the organiser keeps its books in Thanrak: booth fees are posted to this fund's ledger.
    fund = models.ForeignKey(
        Fund,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("fund receiving the fees"),
    )
    place = models.CharField(_("place"), max_length=200)
    area_code = models.CharField(_("area"), max_length=8, db_index=True)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)
    # Recurring markets: the days of the week it is held, a bit per day (Monday = 1, Sunday = 64).
    weekdays = models.PositiveSmallIntegerField(_("days of the week"), default=0)
    slot_minutes = models.PositiveSmallIntegerField(_("meeting length (minutes)"), default=30)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"))

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=EventKind.values), name="markets_event_kind"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="markets_event_dates",
            ),
            models.CheckConstraint(
                condition=Q(kind=EventKind.MARKET) | Q(end_date__isnull=False), name="markets_event_ends"
            ),
            models.CheckConstraint(
                condition=(Q(kind=EventKind.MARKET) & Q(weekdays__gte=1, weekdays__lte=127))
                | (~Q(kind=EventKind.MARKET) & Q(weekdays=0)),
                name="markets_market_weekdays",
            ),
            models.CheckConstraint(
                condition=Q(slot_minutes__gte=5, slot_minutes__lte=240), name="markets_event_slot"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_market(self) -> bool:
        return self.kind == EventKind.MARKET


class FeeState(models.TextChoices):
    NONE = "NONE", _("No fee")
    OWED = "OWED", _("Owed")
    PAID = "PAID", _("Paid")
    POSTED = "POSTED", _("Paid into the fund's books")


def _booth_of_mine(scope: Scope) -> Q:
    ids = sorted(scope.organisation_ids)
    return Q(event__organiser_id__in=ids) | Q(vendor_id__in=ids)


class BoothQuerySet(ScopedQuerySet["Booth"]):
    visibility = Visibility(
        area="event__area_code", area_roles=AREA_READERS, area_above=True, organisation=_booth_of_mine
    )


class Booth(models.Model):
    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="booths", verbose_name=_("event"))
    label = models.CharField(_("booth"), max_length=20)
    vendor = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="market_booths", verbose_name=_("vendor")
    )
    # What the vendor mostly sells: the category of its typed turnover.
    category = models.CharField(_("OTOP category"), max_length=10, choices=OtopCategory.choices)
    # The vendor's commerce POS location at this booth: its sales during the event count.
    pos_location = models.ForeignKey(
        Location, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("POS")
    )
    fee_satang = models.BigIntegerField(_("fee"), default=0)
    fee_state = models.CharField(_("fee"), max_length=8, choices=FeeState.choices, default=FeeState.NONE)
    fee_paid_on = models.DateField(_("paid on"), null=True, blank=True)
    journal_entry_id = models.BigIntegerField(null=True, blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(_("assigned at"))

    objects = BoothQuerySet.as_manager()

    class Meta:
        ordering = ["event", "label", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "vendor"], name="markets_booth_vendor_once"),
            models.UniqueConstraint(fields=["event", "label"], name="markets_booth_label_once"),
            models.CheckConstraint(condition=Q(fee_satang__gte=0), name="markets_booth_fee"),
            models.CheckConstraint(
                condition=Q(fee_state__in=FeeState.values), name="markets_booth_fee_state"
            ),
            models.CheckConstraint(
                condition=Q(category__in=OtopCategory.values), name="markets_booth_category"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} · {self.vendor.name_th}"


class TurnoverQuerySet(ScopedQuerySet["Turnover"]):
    visibility = Visibility(via="booth")


class Turnover(models.Model):
    """One typed figure per booth per day (a POS vendor's sales are read from commerce instead)."""

    booth = models.ForeignKey(Booth, on_delete=models.PROTECT, related_name="turnovers")
    date = models.DateField(_("date"))
    amount_satang = models.BigIntegerField(_("turnover"))
    typed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    typed_at = models.DateTimeField(_("typed at"))

    objects = TurnoverQuerySet.as_manager()

    class Meta:
        ordering = ["date", "booth"]
        constraints = [
            models.UniqueConstraint(fields=["booth", "date"], name="markets_turnover_once_a_day"),
            models.CheckConstraint(condition=Q(amount_satang__gte=0), name="markets_turnover_not_negative"),
        ]
        indexes = [models.Index(fields=["date", "booth"], name="markets_turnover_day")]

    def __str__(self) -> str:
        return f"{self.booth_id} {self.date} {self.amount_satang}"


class TurnoverCorrection(models.Model):
    """A typed figure changed: the old and new amounts, who and when."""

    turnover = models.ForeignKey(Turnover, on_delete=models.CASCADE, related_name="corrections")
    old_satang = models.BigIntegerField()
    new_satang = models.BigIntegerField()
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.turnover_id}: {self.old_satang} → {self.new_satang}"


class BuyerKind(models.TextChoices):
    COMPANY = "COMPANY", _("Company")
    HOTEL = "HOTEL", _("Hotel")
    HOSPITAL = "HOSPITAL", _("Hospital")
    SCHOOL = "SCHOOL", _("School")
    EXPORTER = "EXPORTER", _("Exporter")


class BuyerQuerySet(models.QuerySet["Buyer"]):
    def visible_to(self, viewer: object) -> "BuyerQuerySet":
        """Staff who organise matching see every buyer (firms, not persons); a buyer sees itself."""
        scope = scope_of(viewer)
        if scope.everything or scope.role in (Role.ORG_OFFICER, *AREA_READERS):
            return self
        if scope.role == Role.BUYER:
            return self.filter(user=viewer)
        return self.none()


class Buyer(models.Model):
    name = models.CharField(_("buyer"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=BuyerKind.choices)
    area_code = models.CharField(_("area"), max_length=8, blank=True)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    # The buyer's own login (role BUYER), when it registers itself.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="market_buyers",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"))

    objects = BuyerQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=BuyerKind.values), name="markets_buyer_kind"),
            models.UniqueConstraint(fields=["name"], name="markets_buyer_name_once"),
        ]

    def __str__(self) -> str:
        return self.name


class Interest(models.Model):
    buyer = models.ForeignKey(Buyer, on_delete=models.CASCADE, related_name="interests")
    category = models.CharField(_("OTOP category"), max_length=10, choices=OtopCategory.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["buyer", "category"], name="markets_interest_once"),
            models.CheckConstraint(
                condition=Q(category__in=OtopCategory.values), name="markets_interest_category"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.buyer_id} · {self.category}"


class MeetingStatus(models.TextChoices):
    SCHEDULED = "SCHEDULED", _("Scheduled")
    HELD = "HELD", _("Held")
    NO_SHOW = "NO_SHOW", _("Did not take place")
    CANCELLED = "CANCELLED", _("Cancelled")


def _meeting_of_mine(scope: Scope) -> Q:
    ids = sorted(scope.organisation_ids)
    return Q(event__organiser_id__in=ids) | Q(booth__vendor_id__in=ids)


class MeetingQuerySet(ScopedQuerySet["Meeting"]):
    visibility = Visibility(
        area="event__area_code", area_roles=AREA_READERS, area_above=True, organisation=_meeting_of_mine
    )

    def visible_to(self, viewer: object) -> "MeetingQuerySet":
        scope = scope_of(viewer)
        if scope.role == Role.BUYER:
            return self.filter(buyer__user=viewer)
        return super().visible_to(viewer)


class Meeting(models.Model):
    """A buyer meets a producer (a booth of the event) in a slot; then its outcome."""

    event = models.ForeignKey(Event, on_delete=models.PROTECT, related_name="meetings")
    buyer = models.ForeignKey(
        Buyer, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("buyer")
    )
    booth = models.ForeignKey(
        Booth, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("producer")
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    status = models.CharField(
        _("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    deal_satang = models.BigIntegerField(_("deal value"), default=0)
    follow_up = models.CharField(_("follow-up"), max_length=300, blank=True)
    follow_up_on = models.DateField(_("follow up on"), null=True, blank=True)
    # The deal's order when it goes through the storefront.
    order = models.ForeignKey(Order, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    scheduled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    outcome_at = models.DateTimeField(null=True, blank=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="markets_meeting_times"
            ),
            models.CheckConstraint(condition=Q(deal_satang__gte=0), name="markets_meeting_deal"),
            models.CheckConstraint(
                condition=Q(status__in=MeetingStatus.values), name="markets_meeting_status"
            ),
            # The actions check overlaps; these hold the same start even under a race.
            models.UniqueConstraint(
                fields=["buyer", "starts_at"],
                condition=~Q(status="CANCELLED"),
                name="markets_meeting_buyer_slot",
            ),
            models.UniqueConstraint(
                fields=["booth", "starts_at"],
                condition=~Q(status="CANCELLED"),
                name="markets_meeting_booth_slot",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.buyer_id} × {self.booth_id} {self.starts_at:%Y-%m-%d %H:%M}"


class PosSales(models.Model):
    """A booth's POS sales on a day by product category, copied from commerce once the day is over
    (actions.pos_roll_up): the turnover page reads these instead of every sales line; days not rolled
    up yet (today) are read live."""

    booth = models.ForeignKey(Booth, on_delete=models.CASCADE, related_name="pos_sales")
    date = models.DateField(_("date"))
    category = models.CharField(_("OTOP category"), max_length=10, choices=OtopCategory.choices)
    amount_satang = models.BigIntegerField(_("turnover"))
    lines = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["date", "booth"]
        constraints = [
            models.UniqueConstraint(fields=["booth", "date", "category"], name="markets_pos_sales_once"),
        ]

    def __str__(self) -> str:
        return f"{self.booth_id} {self.date} {self.category} {self.amount_satang}"


class PosRollup(models.Model):
    """An event's day whose POS sales are copied into PosSales (even when there were none)."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="pos_rollups")
    date = models.DateField(_("date"))
    at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["event", "date"], name="markets_pos_rollup_once")]

    def __str__(self) -> str:
        return f"{self.event_id} {self.date}"
