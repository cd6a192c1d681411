"""/buyers, /meetings, /producers: business matching."""

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Status

from thanrak.apikit import ERRORS, AppRouter, Id, access
from thanrak.markets import actions, queries
from thanrak.markets.api.schemas import (
    BuyerIn,
    BuyerOut,
    BuyerPage,
    InterestsIn,
    MeetingIn,
    MeetingOut,
    MeetingPage,
    OutcomeIn,
    PageParams,
    ProducerOut,
    window,
)

router = AppRouter("markets", tags=["markets"])


@router.get("/buyers", response={200: BuyerPage, **ERRORS})
@access("markets.matching", "view")
def buyer_list(request: HttpRequest, params: Query[PageParams]) -> dict:
    return window(queries.buyer_list(viewer=request.user), params)


@router.post("/buyers", response={201: BuyerOut, **ERRORS})
@access("markets.matching", "change")
def buyer_register(request: HttpRequest, payload: BuyerIn) -> Status:
    """A buyer registers itself (a BUYER login) or staff register one, with the categories it buys."""
    return Status(201, actions.buyer_register(by=request.user, **payload.dict()))


@router.get("/buyers/{buyer_id}", response={200: BuyerOut, **ERRORS})
@access("markets.matching", "view")
def buyer_get(request: HttpRequest, buyer_id: Id) -> object:
    return queries.buyer_get(viewer=request.user, pk=buyer_id)


@router.put("/buyers/{buyer_id}/interests", response={200: BuyerOut, **ERRORS})
@access("markets.matching", "change")
def buyer_interests_set(request: HttpRequest, buyer_id: Id, payload: InterestsIn) -> object:
    buyer = queries.buyer_get(viewer=request.user, pk=buyer_id)
    return actions.buyer_interests_set(by=request.user, buyer=buyer, categories=payload.categories)


@router.get("/meetings", response={200: MeetingPage, **ERRORS})
@access("markets.matching", "view")
def meeting_list(request: HttpRequest, params: Query[PageParams]) -> dict:
    return window(queries.meeting_list(viewer=request.user), params)


@router.get("/events/{event_id}/meetings", response={200: MeetingPage, **ERRORS})
@access("markets.matching", "view")
def event_meeting_list(request: HttpRequest, event_id: Id, params: Query[PageParams]) -> dict:
    event = queries.event_get(viewer=request.user, pk=event_id)
    return window(queries.meeting_list(viewer=request.user, event=event), params)


@router.post("/events/{event_id}/meetings", response={201: MeetingOut, **ERRORS})
@access("markets.matching", "change")
def meeting_schedule(request: HttpRequest, event_id: Id, payload: MeetingIn) -> Status:
    """A meeting of the event's length; a buyer or producer already booked at that time is refused."""
    event = queries.event_get(viewer=request.user, pk=event_id)
    meeting = actions.meeting_schedule(
        by=request.user,
        event=event,
        buyer=queries.buyer_get(viewer=request.user, pk=payload.buyer_id),
        booth=queries.booth_get(viewer=request.user, pk=payload.booth_id),
        starts_at=payload.starts_at,
    )
    return Status(201, meeting)


@router.get("/meetings/{meeting_id}", response={200: MeetingOut, **ERRORS})
@access("markets.matching", "view")
def meeting_get(request: HttpRequest, meeting_id: Id) -> object:
    return queries.meeting_get(viewer=request.user, pk=meeting_id)


@router.post("/meetings/{meeting_id}/outcome", response={200: MeetingOut, **ERRORS})
@access("markets.matching", "change")
def meeting_outcome(request: HttpRequest, meeting_id: Id, payload: OutcomeIn) -> object:
    """What came of the meeting: held with a deal value, a follow-up and the storefront order, or not."""
    meeting = queries.meeting_get(viewer=request.user, pk=meeting_id)
    return actions.meeting_outcome(by=request.user, meeting=meeting, at=timezone.now(), **payload.dict())


@router.get("/producers", response={200: list[ProducerOut], **ERRORS})
@access("markets.producers", "view")
def producer_list(request: HttpRequest, category: str = "", q: str = "") -> list:
    """Producers' public profiles (shop name, area, story, categories, events): no personal data."""
    return queries.producer_profiles(category=category[:10], q=q[:100])
