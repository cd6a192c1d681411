"""The directories through the API: partner agencies and helpers."""

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router

from thanrak.apikit import ERRORS, access
from thanrak.services import queries
from thanrak.services.api.schemas import AgencyOut, HelperFilters, HelperPage, Words

router = Router(tags=["services"])


@router.get(
    "/agencies", response={200: list[AgencyOut], **ERRORS}, summary="Partner agencies and their services"
)
@access("services.agency", "view")
def agency_list(request: HttpRequest, q: Words = "") -> Any:
    return list(queries.agency_list(viewer=request.user, q=q))


def _helper_out(h: Any) -> dict[str, Any]:
    return {
        "id": h.pk,
        "person_id": h.person_id,
        "name": h.person.full_name,
        "kinds": [k.kind for k in h.kinds.all()],
        "expertise": [e.topic for e in h.expertise.all()],
        "expertise_words": h.expertise_words,
        "areas": [a.area_code for a in h.areas.all()],
        "availability": h.availability,
        "capacity": h.capacity,
        "open_cases": h.open_cases,
    }


@router.get(
    "/helpers", response={200: HelperPage, **ERRORS}, summary="Search helpers by kind, expertise and area"
)
@access("services.helper", "view")
def helper_list(request: HttpRequest, filters: Query[HelperFilters]) -> Any:
    qs = queries.helper_list(
        viewer=request.user, kind=filters.kind, expertise=filters.expertise, area=filters.area, q=filters.q
    )
    rows = list(qs[filters.offset : filters.offset + filters.limit])
    return {
        "count": qs.count(),
        "limit": filters.limit,
        "offset": filters.offset,
        "items": [_helper_out(h) for h in rows],
    }
