"""Reading events, recurring markets and booths, always through the viewer's scope."""

from typing import Any

from django.db.models import Count, Q, QuerySet

from thanrak.accounts.scope import scope_of
from thanrak.markets.models import Booth, Event, EventKind


def event_list(*, viewer: Any, markets: bool | None = None, q: str = "") -> QuerySet[Event]:
    """Events (markets=False), recurring markets (True) or both (None), newest first."""
    rows = Event.objects.visible_to(viewer).select_related("organiser").annotate(booth_count=Count("booths"))
    if markets is True:
        rows = rows.filter(kind=EventKind.MARKET)
    elif markets is False:
        rows = rows.exclude(kind=EventKind.MARKET)
    if q:
        rows = rows.filter(Q(name__icontains=q) | Q(place__icontains=q) | Q(programme_code__icontains=q))
    return rows.order_by("-start_date", "pk")


def event_get(*, viewer: Any, pk: int) -> Event:
    return Event.objects.visible_to(viewer).select_related("organiser", "fund").get(pk=pk)


def booth_list(*, viewer: Any, event: Event) -> QuerySet[Booth]:
    return (
        Booth.objects.visible_to(viewer)
        .filter(event=event)
        .select_related("vendor", "pos_location", "event")
        .order_by("label", "pk")
    )


def booth_list_brief(*, viewer: Any, event: Event) -> QuerySet[Booth]:
    """booth_list with only what the turnover page shows (label, category, POS location, vendor's
    name): a fair's 200 booths with their organisations' every column took a fifth of the page."""
    return (
        booth_list(viewer=viewer, event=event)
        .select_related(None)
        .select_related("vendor")
        .only("id", "event_id", "label", "category", "pos_location_id", "vendor__id", "vendor__name_th")
    )


def booth_get(*, viewer: Any, pk: int) -> Booth:
    return Booth.objects.visible_to(viewer).select_related("event", "vendor", "pos_location").get(pk=pk)


def my_booths(*, viewer: Any) -> QuerySet[Booth]:
    """The booths of the organisations the viewer keeps (a vendor's own booths)."""
    ids = sorted(scope_of(viewer).organisation_ids)
    return (
        Booth.objects.filter(vendor_id__in=ids)
        .select_related("event", "vendor")
        .order_by("-event__start_date", "label")
    )


def may_manage(*, viewer: Any, event: Event) -> bool:
    """Whether the viewer may change the event (for showing its buttons)."""
    scope = scope_of(viewer)
    if scope.everything:
        return True
    if event.organiser_id is not None and event.organiser_id in scope.organisation_ids:
        return True
    return scope.role != "AUDITOR" and scope.covers_area(event.area_code)
