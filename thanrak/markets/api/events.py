"""/events, /booths: events and recurring markets, booths and their fees."""

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Status

from thanrak.apikit import ERRORS, AppRouter, Id, access
from thanrak.commerce.models import Location
from thanrak.finance.models import Fund
from thanrak.markets import actions, queries
from thanrak.markets.api.schemas import (
    BoothIn,
    BoothOut,
    BoothPage,
    EventIn,
    EventOut,
    EventPage,
    FeePaidIn,
    PageParams,
    window,
)
from thanrak.registry.models import Organisation

router = AppRouter("markets", tags=["markets"])


@router.get("/events", response={200: EventPage, **ERRORS})
@access("markets.event", "view")
def event_list(request: HttpRequest, params: Query[PageParams], markets: bool | None = None) -> dict:
    """Events and recurring markets the caller sees (markets=true: only recurring markets)."""
    return window(queries.event_list(viewer=request.user, markets=markets).order_by("pk"), params)


@router.post("/events", response={201: EventOut, **ERRORS})
@access("markets.event", "change")
def event_create(request: HttpRequest, payload: EventIn) -> Status:
    data = payload.dict()
    org_id, fund_id = data.pop("organiser_id"), data.pop("fund_id")
    organiser = Organisation.objects.visible_to(request.user).get(pk=org_id) if org_id else None
    fund = Fund.objects.visible_to(request.user).get(pk=fund_id) if fund_id else None
    return Status(201, actions.event_create(by=request.user, organiser=organiser, fund=fund, **data))


@router.get("/events/{event_id}", response={200: EventOut, **ERRORS})
@access("markets.event", "view")
def event_get(request: HttpRequest, event_id: Id) -> object:
    return queries.event_get(viewer=request.user, pk=event_id)


@router.get("/events/{event_id}/booths", response={200: BoothPage, **ERRORS})
@access("markets.event", "view")
def booth_list(request: HttpRequest, event_id: Id, params: Query[PageParams]) -> dict:
    event = queries.event_get(viewer=request.user, pk=event_id)
    return window(queries.booth_list(viewer=request.user, event=event), params)


@router.post("/events/{event_id}/booths", response={201: BoothOut, **ERRORS})
@access("markets.event", "change")
def booth_assign(request: HttpRequest, event_id: Id, payload: BoothIn) -> Status:
    event = queries.event_get(viewer=request.user, pk=event_id)
    vendor = Organisation.objects.get(pk=payload.vendor_id)
    location = (
        Location.objects.select_related("shop").get(pk=payload.pos_location_id)
        if payload.pos_location_id
        else None
    )
    booth = actions.booth_assign(
        by=request.user,
        event=event,
        vendor=vendor,
        label=payload.label,
        category=payload.category,
        fee_satang=payload.fee_satang,
        pos_location=location,
    )
    return Status(201, booth)


@router.get("/booths", response={200: BoothPage, **ERRORS})
@access("markets.event", "view")
def my_booths(request: HttpRequest, params: Query[PageParams]) -> dict:
    """The booths of the organisations the caller keeps (a vendor's own booths)."""
    return window(queries.my_booths(viewer=request.user), params)


@router.get("/booths/{booth_id}", response={200: BoothOut, **ERRORS})
@access("markets.event", "view")
def booth_get(request: HttpRequest, booth_id: Id) -> object:
    return queries.booth_get(viewer=request.user, pk=booth_id)


@router.post("/booths/{booth_id}/fee", response={200: BoothOut, **ERRORS})
@access("markets.event", "change")
def booth_fee_paid(request: HttpRequest, booth_id: Id, payload: FeePaidIn) -> object:
    """The booth's fee is paid: posted to the organiser's fund when the event names one."""
    booth = queries.booth_get(viewer=request.user, pk=booth_id)
    return actions.booth_fee_paid(by=request.user, booth=booth, on=payload.on, at=timezone.now())
