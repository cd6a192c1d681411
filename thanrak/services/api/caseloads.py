"""Household caseloads through the API: a volunteer's households, visits (once per client key), assignment."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Status

from thanrak.apikit import ERRORS, Id, access
from thanrak.services import actions, queries
from thanrak.services.api.schemas import (
    AssignIn,
    AssignOut,
    CaseloadFilters,
    CaseloadPage,
    VisitBatchIn,
    VisitIn,
    VisitOut,
    VisitSyncOut,
)
from thanrak.survey import queries as survey_queries

router = Router(tags=["services"])


@router.get(
    "/caseload",
    response={200: CaseloadPage, **ERRORS},
    summary="A volunteer's households (the caller's own by default)",
)
@access("services.caseload", "view")
def caseload_list(request: HttpRequest, filters: Query[CaseloadFilters]) -> Any:
    helper_id = filters.helper_id
    if helper_id is None and (mine := queries.helper_by_user(user=request.user)) is not None:
        helper_id = mine.pk
    qs = queries.caseload_list(viewer=request.user, helper_id=helper_id)
    rows = queries.caseload_rows(assignments=list(qs[filters.offset : filters.offset + filters.limit]))
    figures = queries.caseload_figures(rows)
    items = [
        {
            "id": r.assignment.pk,
            "household_id": r.assignment.household_id,
            "house_no": r.assignment.household.house_no,
            "area_code": r.assignment.area_code,
            "helper_id": r.assignment.helper_id,
            "run_id": r.assignment.run_id,
            "assigned_on": r.assignment.assigned_on,
            "failed_dimensions": sorted(r.failed),
            "visits": r.visits,
            "last_visit_on": r.last_visit.on if r.last_visit else None,
            "compared": r.change.compared,
            "improved_dimensions": sorted(r.change.improved),
        }
        for r in rows
    ]
    return {
        "count": qs.count(),
        "limit": filters.limit,
        "offset": filters.offset,
        "households": figures.households,
        "visited": figures.visited,
        "compared": figures.compared,
        "improved": figures.improved,
        "items": items,
    }


@router.post(
    "/caseload/visits/sync",
    response={200: list[VisitSyncOut], **ERRORS},
    url_name="services_visits_sync",
    summary="Record visits kept on the phone while offline (once per client_key)",
)
@access("services.caseload", "change")
def visits_sync(request: HttpRequest, payload: VisitBatchIn) -> Any:
    """Each visit on its own: a key recorded before answers with its visit (created=false); a
    refused row comes back with its code and field so the phone can show it; the others are kept."""
    results = actions.visits_sync(
        rows=[actions.VisitRow(**v.dict()) for v in payload.visits],
        by=request.user,
        at=timezone.now(),
        today=timezone.localdate(),
    )
    return [
        VisitSyncOut(
            client_key=r.client_key,
            visit_id=r.visit.pk if r.visit else None,
            created=r.created,
            error=str(r.error) if r.error else None,
            code=r.error.code if r.error else None,
            field=r.error.field if r.error else None,
        )
        for r in results
    ]


@router.post(
    "/caseload/{assignment_id}/visits",
    response={201: VisitOut, **ERRORS},
    summary="Record a visit (once per client_key)",
)
@access("services.caseload", "change")
def visit_record(request: HttpRequest, assignment_id: Id, body: VisitIn) -> Any:
    assignment = queries.caseload_get(viewer=request.user, assignment_id=assignment_id)
    visit = actions.visit_record(
        assignment=assignment,
        on=body.on,
        what=body.what,
        next_step=body.next_step,
        by=request.user,
        at=timezone.now(),
        today=timezone.localdate(),
        key=body.client_key or None,
    )
    return Status(201, visit)


@router.post(
    "/caseload/assign",
    response={200: AssignOut, **ERRORS},
    summary="Give a volunteer target households of a run",
)
@access("services.caseload", "approve")
def caseload_assign(request: HttpRequest, body: AssignIn) -> Any:
    run = survey_queries.run_get(viewer=request.user, run_id=body.run_id)
    helper = queries.helper_get(viewer=request.user, helper_id=body.helper_id)
    n = actions.caseload_assign(
        run=run, helper=helper, household_ids=body.household_ids, by=request.user, on=timezone.localdate()
    )
    return {"assigned": n}
