"""Achievements against targets, and the computations other apps provide."""

from django.http import HttpRequest
from ninja import Query

from thanrak.apikit import ERRORS, AppRouter, access
from thanrak.monitoring import actions, queries, tasks
from thanrak.monitoring.api.common import BODY_ERRORS, rules
from thanrak.monitoring.api.schemas import AchievementOut, ComputationOut, TaskOut
from thanrak.monitoring.formatting import format_percent

router = AppRouter("monitoring")


@router.get(
    "/achievements",
    response={200: list[AchievementOut], **ERRORS},
    summary="Achieved against target for an area and fiscal year",
)
@access("monitoring.dashboard", "view")
def achievements(
    request: HttpRequest,
    fiscal_year: int = Query(..., ge=2400, le=2700),
    area_code: str = Query("", pattern=r"^(TH|[0-9]{2}([0-9]{2}){0,3})?$"),
    approved_only: bool = False,
) -> list[AchievementOut]:
    data = queries.dashboard(
        viewer=request.user,
        area_code=actions.clean_area_code(area_code),
        fiscal_year=fiscal_year,
        approved_only=approved_only,
    )
    out = []
    for ln in data.lines:
        ind = ln.indicator
        achieved = (
            str(ln.ratio)
            if ind.is_derived and ln.ratio is not None
            else (format(ind.from_storage(ln.achieved), "f") if ln.achieved is not None else None)
        )
        out.append(
            AchievementOut(
                indicator=ind.code,
                area_code=ln.area_code,
                fiscal_year=ln.fiscal_year,
                achieved=achieved,
                target=format(ind.from_storage(ln.target), "f") if ln.target is not None else None,
                percent_of_target=str(ln.percent) if ln.percent is not None else None,
                previous=format(ind.from_storage(ln.previous), "f") if ln.previous is not None else None,
                status=ln.status,
                text_th=format_percent(ln.percent, thai_digits=True),
                value_ids=ln.value_ids,
            )
        )
    return out


@router.get(
    "/computations",
    response={200: list[ComputationOut], **ERRORS},
    summary="Registered computed indicators and their last run",
)
@access("monitoring.computation", "view")
def computation_list(request: HttpRequest) -> list[ComputationOut]:
    out = []
    for info in queries.computation_list():
        s = info.spec
        run = info.last_runs[0] if info.last_runs else None
        out.append(
            ComputationOut(
                name=s.name,
                version=s.version,
                label=str(s.label),
                unit=s.unit,
                temporal=s.temporal,
                description=str(s.description),
                app=s.app,
                indicators=[i.code for i in info.indicators],
                last_run_at=run.started_at if run else None,
                last_run_status=run.status if run else None,
            )
        )
    return out


@router.post(
    "/computations/refresh",
    response={200: TaskOut, **BODY_ERRORS},
    summary="Queue a refresh of every computed indicator",
)
@access("monitoring.computation", "change")
@rules
def computation_refresh(
    request: HttpRequest, fiscal_year: int | None = Query(None, ge=2400, le=2700)
) -> TaskOut:
    result = tasks.refresh_computations.enqueue(
        fiscal_years=[fiscal_year] if fiscal_year else None, user_id=request.user.pk
    )
    return TaskOut(task_id=str(result.id))
