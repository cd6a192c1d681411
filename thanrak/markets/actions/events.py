"""Planning: events and recurring markets, the booths given to vendors, and booth fees."""

import datetime as dt
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.accounts.scope import ensure_area, scope_of
from thanrak.commerce.models import Location, OtopCategory
from thanrak.finance.models import Fund
from thanrak.markets import rules
from thanrak.markets.errors import CannotPlanEvent
from thanrak.markets.models import Booth, Event, EventKind, FeeState
from thanrak.registry.models import Organisation


def manages(by: User, event: Event) -> None:
    """The organiser's officers and the officers of the event's area manage an event."""
    scope = scope_of(by)
    if event.organiser_id is not None and event.organiser_id in scope.organisation_ids:
        return
    ensure_area(by, event.area_code)


def _check_plan(
    *, name: str, kind: str, fiscal_year: int, start_date: dt.date, end_date: dt.date | None
) -> None:
    if not name.strip():
        raise CannotPlanEvent(_("Give the event a name."), code="event_name_missing", field="name")
    if kind not in EventKind.values:
        raise CannotPlanEvent(_("Choose the kind of event."), code="event_kind", field="kind")
    if not 2500 <= fiscal_year <= 2700:
        raise CannotPlanEvent(
            _("Give the fiscal year in the Buddhist era (e.g. 2569)."),
            code="event_fiscal_year",
            field="fiscal_year",
        )
    if not 2000 <= start_date.year <= 2200 or (end_date is not None and not 2000 <= end_date.year <= 2200):
        raise CannotPlanEvent(
            _("Give dates between 2543 and 2743 B.E."), code="event_dates_range", field="start_date"
        )
    if end_date is None and kind != EventKind.MARKET:
        raise CannotPlanEvent(_("Say when the event ends."), code="event_end_missing", field="end_date")
    if end_date is not None and end_date < start_date:
        raise CannotPlanEvent(_("The event ends before it starts."), code="event_dates", field="end_date")


def _check_fund(by: User, fund: Fund | None, organiser: Organisation | None) -> None:
    if fund is None:
        return
    if organiser is None or fund.organisation_id != organiser.pk:
        raise CannotPlanEvent(
            _("The fund receiving the fees must be the organiser's."),
            code="event_fund_not_organisers",
            field="fund",
        )


@transaction.atomic
def event_create(
    *,
    by: User,
    kind: str,
    name: str,
    fiscal_year: int,
    place: str,
    area_code: str,
    start_date: dt.date,
    end_date: dt.date | None = None,
    weekdays: Iterable[int] = (),
    programme_code: str = "",
    organiser: Organisation | None = None,
    fund: Fund | None = None,
    slot_minutes: int = 30,
) -> Event:
    """An event (or, kind MARKET, a recurring market held on `weekdays`) in an area the user works
    in, or organised by an organisation they keep."""
    _check_plan(name=name, kind=kind, fiscal_year=fiscal_year, start_date=start_date, end_date=end_date)
    if not place.strip():
        raise CannotPlanEvent(_("Say where the event is held."), code="event_place_missing", field="place")
    days = sorted(set(weekdays))
    if kind == EventKind.MARKET and not days:
        raise CannotPlanEvent(
            _("Choose the days of the week the market is held."), code="market_weekdays", field="weekdays"
        )
    if not 5 <= slot_minutes <= 240:
        raise CannotPlanEvent(
            _("A meeting lasts 5 to 240 minutes."), code="event_slot_minutes", field="slot_minutes"
        )
    _check_fund(by, fund, organiser)
    scope = scope_of(by)
    if organiser is None or organiser.pk not in scope.organisation_ids:
        ensure_area(by, area_code)
    return Event.objects.create(
        kind=kind,
        name=name.strip(),
        fiscal_year=fiscal_year,
        place=place.strip(),
        area_code=area_code,
        start_date=start_date,
        end_date=end_date,
        weekdays=rules.weekdays_mask(days) if kind == EventKind.MARKET else 0,
        programme_code=programme_code.strip(),
        organiser=organiser,
        fund=fund,
        slot_minutes=slot_minutes,
        created_by=by,
        created_at=timezone.now(),
    )


def _check_location(vendor: Organisation, location: Location | None) -> None:
    if location is not None and location.shop.organisation_id != vendor.pk:
        raise CannotPlanEvent(
            _("The POS location must be one of the vendor's shop."),
            code="booth_location_not_vendors",
            field="pos_location",
        )


@transaction.atomic
def booth_assign(
    *,
    by: User,
    event: Event,
    vendor: Organisation,
    label: str,
    category: str,
    fee_satang: int = 0,
    pos_location: Location | None = None,
) -> Booth:
    """A booth for a vendor (a shop's enterprise, a producer group) with its fee, owed until paid."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    manages(by, event)
    if not label.strip():
        raise CannotPlanEvent(
            _("Give the booth a number or name."), code="booth_label_missing", field="label"
        )
    if category not in OtopCategory.values:
        raise CannotPlanEvent(_("Choose what the vendor sells."), code="booth_category", field="category")
    if fee_satang < 0:
        raise CannotPlanEvent(_("A fee cannot be negative."), code="booth_fee", field="fee")
    _check_location(vendor, pos_location)
    if event.booths.filter(vendor=vendor).exists():
        raise CannotPlanEvent(
            _("This vendor already has a booth at the event."), code="booth_vendor_twice", field="vendor"
        )
    if event.booths.filter(label=label.strip()).exists():
        raise CannotPlanEvent(_("This booth is already given."), code="booth_label_taken", field="label")
    try:
        with transaction.atomic():
            return Booth.objects.create(
                event=event,
                vendor=vendor,
                label=label.strip(),
                category=category,
                fee_satang=fee_satang,
                fee_state=FeeState.OWED if fee_satang else FeeState.NONE,
                pos_location=pos_location,
                assigned_by=by,
                assigned_at=timezone.now(),
            )
    except IntegrityError as exc:  # the same booth given at the same moment
        raise CannotPlanEvent(
            _("This booth is already given."), code="booth_label_taken", field="label"
        ) from exc


@transaction.atomic
def booth_fee_paid(*, by: User, booth: Booth, on: dt.date, at: dt.datetime) -> Booth:
    """The fee is paid: into the organiser's fund ledger (cash / fee income) when the event names a
    fund, else marked paid."""
    from thanrak.finance import actions as finance_actions
    from thanrak.finance.chart_of_accounts import Roles

    booth = (
        Booth.objects.select_for_update(of=("self",))
        .select_related("event", "event__fund", "vendor")
        .get(pk=booth.pk)
    )
    manages(by, booth.event)
    if booth.fee_state != FeeState.OWED:
        raise CannotPlanEvent(_("No fee is owed for this booth."), code="fee_nothing_owed", field="fee")
    booth.fee_paid_on = on
    if booth.event.fund_id is None:
        booth.fee_state = FeeState.PAID
        booth.save(update_fields=["fee_state", "fee_paid_on"])
        return booth
    entry = finance_actions.journal_post_manual(
        fund=booth.event.fund,
        on=on,
        legs=[(Roles.CASH, booth.fee_satang, 0), (Roles.FEE_INCOME, 0, booth.fee_satang)],
        memo=f"ค่าบูธ {booth.label} {booth.event.name} ({booth.vendor.name_th})",
        by=by,
        at=at,
        key=f"markets-booth-{booth.pk}",
    )
    booth.fee_state, booth.journal_entry_id = FeeState.POSTED, entry.pk
    booth.save(update_fields=["fee_state", "fee_paid_on", "journal_entry_id"])
    return booth
