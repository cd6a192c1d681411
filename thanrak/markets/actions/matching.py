"""Business matching: buyers and the categories they buy, meetings with producers in slots at an
event (no buyer or producer booked twice at once), each meeting's outcome and the deal's order."""

import datetime as dt
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.accounts.roles import Role
from thanrak.accounts.scope import scope_of
from thanrak.commerce.models import Channel, Order, OtopCategory
from thanrak.markets import rules
from thanrak.markets.actions.events import manages
from thanrak.markets.errors import CannotMatch
from thanrak.markets.models import Booth, Buyer, BuyerKind, Event, Interest, Meeting, MeetingStatus

MAX_DEAL_SATANG = 10**13


def _owns_buyer(by: User, buyer: Buyer) -> None:
    if by.role == Role.BUYER and buyer.user_id != by.pk:
        raise PermissionError("not this buyer")


def _set_interests(buyer: Buyer, categories: Iterable[str]) -> None:
    chosen = sorted(set(categories))
    if not chosen:
        raise CannotMatch(
            _("Choose at least one category the buyer buys."), code="buyer_no_interest", field="categories"
        )
    if any(c not in OtopCategory.values for c in chosen):
        raise CannotMatch(
            _("Choose the categories from the list."), code="buyer_category", field="categories"
        )
    buyer.interests.exclude(category__in=chosen).delete()
    have = set(buyer.interests.values_list("category", flat=True))
    Interest.objects.bulk_create([Interest(buyer=buyer, category=c) for c in chosen if c not in have])


@transaction.atomic
def buyer_register(
    *, by: User, name: str, kind: str, categories: Iterable[str], area_code: str = "", contact: str = ""
) -> Buyer:
    """A company, hotel, hospital, school or exporter and the categories it buys. A buyer's own login
    registers itself; staff register buyers they meet."""
    if not name.strip():
        raise CannotMatch(_("Give the buyer's name."), code="buyer_name_missing", field="name")
    if kind not in BuyerKind.values:
        raise CannotMatch(_("Choose the kind of buyer."), code="buyer_kind", field="kind")
    if Buyer.objects.filter(name=name.strip()).exists():
        raise CannotMatch(_("A buyer with this name is registered."), code="buyer_name_taken", field="name")
    buyer = Buyer.objects.create(
        name=name.strip(),
        kind=kind,
        area_code=area_code,
        contact=contact.strip()[:200],
        user=by if by.role == Role.BUYER else None,
        created_by=by,
        created_at=timezone.now(),
    )
    _set_interests(buyer, categories)
    return buyer


@transaction.atomic
def buyer_interests_set(*, by: User, buyer: Buyer, categories: Iterable[str]) -> Buyer:
    buyer = Buyer.objects.select_for_update().get(pk=buyer.pk)
    _owns_buyer(by, buyer)
    _set_interests(buyer, categories)
    return buyer


def _check_slot(
    event: Event, buyer: Buyer, booth: Booth, starts_at: dt.datetime, ends_at: dt.datetime
) -> None:
    day = timezone.localdate(starts_at)
    if not rules.is_event_day(day=day, start=event.start_date, end=event.end_date, weekdays=event.weekdays):
        raise CannotMatch(
            _("The event is not held on this day."), code="meeting_not_event_day", field="starts_at"
        )
    booked = Meeting.objects.exclude(status=MeetingStatus.CANCELLED).filter(
        starts_at__lt=ends_at, ends_at__gt=starts_at
    )
    if booked.filter(buyer=buyer).exists():
        raise CannotMatch(
            _("The buyer has another meeting at this time."), code="meeting_buyer_busy", field="starts_at"
        )
    if booked.filter(booth__vendor_id=booth.vendor_id).exists():
        raise CannotMatch(
            _("The producer has another meeting at this time."),
            code="meeting_producer_busy",
            field="starts_at",
        )


@transaction.atomic
def meeting_schedule(
    *, by: User, event: Event, buyer: Buyer, booth: Booth, starts_at: dt.datetime
) -> Meeting:
    """A meeting of the event's length between a buyer and a producer with a booth at the event."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    manages(by, event)
    if booth.event_id != event.pk:
        raise CannotMatch(
            _("The producer has no booth at this event."), code="meeting_booth_elsewhere", field="booth"
        )
    # Lock the buyer so two schedulers cannot book it into the same slot at once.
    buyer = Buyer.objects.select_for_update().get(pk=buyer.pk)
    ends_at = starts_at + dt.timedelta(minutes=event.slot_minutes)
    _check_slot(event, buyer, booth, starts_at, ends_at)
    try:
        with transaction.atomic():
            return Meeting.objects.create(
                event=event, buyer=buyer, booth=booth, starts_at=starts_at, ends_at=ends_at, scheduled_by=by
            )
    except IntegrityError as exc:
        raise CannotMatch(
            _("The buyer has another meeting at this time."), code="meeting_buyer_busy", field="starts_at"
        ) from exc


def _may_record(by: User, meeting: Meeting) -> None:
    if meeting.booth.vendor_id in scope_of(by).organisation_ids:
        return
    manages(by, meeting.event)


def _deal_order(meeting: Meeting, order_number: str) -> Order | None:
    if not order_number.strip():
        return None
    order = Order.objects.filter(number=order_number.strip()).select_related("shop").first()
    if (
        order is None
        or order.shop.organisation_id != meeting.booth.vendor_id
        or order.channel != Channel.STOREFRONT
    ):
        raise CannotMatch(
            _("No storefront order with this number from this producer."),
            code="meeting_order_unknown",
            field="order",
        )
    return order


@transaction.atomic
def meeting_outcome(
    *,
    by: User,
    meeting: Meeting,
    status: str,
    at: dt.datetime,
    deal_satang: int = 0,
    follow_up: str = "",
    follow_up_on: dt.date | None = None,
    order_number: str = "",
) -> Meeting:
    """What came of the meeting: held (with the deal's value, a follow-up, the storefront order the
    deal went through), did not take place, or cancelled."""
    meeting = (
        Meeting.objects.select_for_update(of=("self",)).select_related("event", "booth").get(pk=meeting.pk)
    )
    _may_record(by, meeting)
    if status not in (MeetingStatus.HELD, MeetingStatus.NO_SHOW, MeetingStatus.CANCELLED):
        raise CannotMatch(_("Choose what came of the meeting."), code="meeting_status", field="status")
    if not 0 <= deal_satang <= MAX_DEAL_SATANG:
        raise CannotMatch(
            _("Give the deal's value in baht, zero or more."), code="meeting_deal", field="deal"
        )
    if status != MeetingStatus.HELD and (deal_satang or order_number.strip()):
        raise CannotMatch(_("Only a meeting held makes a deal."), code="meeting_deal_not_held", field="deal")
    if status == MeetingStatus.HELD and meeting.starts_at > at:
        raise CannotMatch(_("The meeting has not taken place yet."), code="meeting_not_yet", field="status")
    order = _deal_order(meeting, order_number)
    meeting.status, meeting.deal_satang, meeting.order = status, deal_satang, order
    meeting.follow_up, meeting.follow_up_on = follow_up.strip()[:300], follow_up_on
    meeting.outcome_by, meeting.outcome_at = by, at
    meeting.save()
    return meeting
