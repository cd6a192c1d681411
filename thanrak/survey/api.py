"""The survey's JSON API (/api/v1/survey): versions, rounds, answers, runs, target lists, the AF math."""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema

from thanrak.apikit import ERRORS, access
from thanrak.survey import actions, queries
from thanrak.survey.models import Method

# Bodies that are not JSON at all are refused by ninja with 400 before any of our code runs.

router = Router(tags=["survey"])


class SurveyIndicatorOut(Schema):
    number: int
    category_th: str
    text_th: str
    text_en: str
    unit: str
    age_min: int | None
    age_max: int | None
    sex: str
    applies_when: str
    pass_when: str
    tpmap_dimension: str


class SurveyVersionOut(Schema):
    id: int
    code: str
    title_th: str
    title_en: str
    year_from_be: int
    year_to_be: int
    form_version: str
    parameters: dict[str, float]


class SurveyVersionDetailOut(SurveyVersionOut):
    indicators: list[SurveyIndicatorOut]

    @staticmethod
    def resolve_indicators(obj: Any) -> list[Any]:
        return list(obj.indicators.all())


class SurveyParametersIn(Schema):
    parameters: dict[str, float] = Field(..., description="thresholds by name, e.g. income_line_baht")


class SurveyRoundOut(Schema):
    id: int
    title: str
    year_be: int
    area_code: str
    status: str
    version_id: int
    reference_date: Any


class SurveyProgressRowOut(Schema):
    code: str
    name: str
    households: int
    surveyed: int
    drafts: int
    percent: float


class SurveyProgressOut(Schema):
    total: SurveyProgressRowOut
    areas: list[SurveyProgressRowOut]


class SurveyMemberIn(Schema):
    person_id: int
    age: int | None = Field(None, ge=0, le=130)
    answers: dict[str, str | int | float | bool | None] = {}


class SurveyResponseIn(Schema):
    household_id: int
    answers: dict[str, str | int | float | bool | None] = {}
    members: list[SurveyMemberIn]


class SurveyResponseOut(Schema):
    id: int
    household_id: int
    status: str
    source: str


class SurveyRunIn(Schema):
    method: str = Field(..., description="TPMAP or AF", pattern="^(TPMAP|AF)$")
    label: str = Field("", max_length=200)
    dimensions: list[str] = Field(
        default_factory=list,
        description="TPMAP: codes of the version's dimensions (จปฐ. 2560: health, living, education, "
        "income, access)",
    )
    weights: dict[str, str] = Field(
        default_factory=dict, description="AF: indicator number → weight such as 1/15"
    )
    k: str = Field("1/3", max_length=20, description="AF: poverty cutoff")


class SurveyRunOut(Schema):
    id: int
    round_id: int
    method: str
    label: str
    parameters: dict[str, Any]
    rules_checksum: str
    result_checksum: str
    summary: dict[str, Any]
    created_at: Any


class SurveyAreaOut(Schema):
    area_code: str
    subgroup: str
    households: int
    poor_households: int
    persons: int
    poor_persons: int
    target_poor: int
    h: float
    a: float
    m0: float
    censored: dict[str, float]
    contributions: dict[str, float]


class SurveyTargetOut(Schema):
    household_id: int
    area_code: str
    house_no: str
    head: str
    failed: list[int]
    target_persons: int


@router.get("/versions", response={200: list[SurveyVersionOut], **ERRORS})
@access("survey.version", "view")
def version_list(request: HttpRequest) -> Any:
    return list(queries.version_list(viewer=request.user))


@router.get("/versions/{version_id}", response={200: SurveyVersionDetailOut, **ERRORS})
@access("survey.version", "view")
def version_get(request: HttpRequest, version_id: int) -> Any:
    return queries.version_get(viewer=request.user, version_id=version_id)


@router.put("/versions/{version_id}/parameters", response={200: SurveyVersionOut, **ERRORS})
@access("survey.version", "change")
def version_parameters_set(request: HttpRequest, version_id: int, payload: SurveyParametersIn) -> Any:
    version = queries.version_get(viewer=request.user, version_id=version_id)
    values = {k: (int(v) if float(v).is_integer() else v) for k, v in payload.parameters.items()}
    return actions.version_parameters_set(
        version=version, parameters=values, by=request.user, at=timezone.now()
    )


@router.get("/rounds", response={200: list[SurveyRoundOut], **ERRORS})
@access("survey.round", "view")
def round_list(request: HttpRequest) -> Any:
    return list(queries.round_list(viewer=request.user)[:500])


@router.get("/rounds/{round_id}/progress", response={200: SurveyProgressOut, **ERRORS})
@access("survey.round", "view")
def round_progress(request: HttpRequest, round_id: int, area: str = "") -> Any:
    round_ = queries.round_get(viewer=request.user, round_id=round_id)
    total, rows = queries.round_progress(viewer=request.user, round_=round_, area_code=area)
    return {"total": total, "areas": rows}


@router.post("/rounds/{round_id}/responses", response={201: SurveyResponseOut, **ERRORS})
@access("survey.response", "change")
def response_submit(request: HttpRequest, round_id: int, payload: SurveyResponseIn) -> Any:
    """Submit a household's complete answers (a household is submitted once per round)."""
    round_ = queries.round_get(viewer=request.user, round_id=round_id)
    household, _members, _response = queries.household_for_form(
        viewer=request.user, round_=round_, household_id=payload.household_id
    )
    members = {m.person_id: {"age": m.age, "answers": m.answers} for m in payload.members}
    draft = actions.response_save_draft(
        round_=round_,
        household=household,
        household_raw=payload.answers,
        members_raw=members,
        by=request.user,
        at=timezone.now(),
    )
    return 201, actions.response_submit(response=draft, by=request.user, at=timezone.now())


@router.get("/runs", response={200: list[SurveyRunOut], **ERRORS})
@access("survey.targeting", "view")
def run_list(request: HttpRequest) -> Any:
    return list(queries.run_list(viewer=request.user)[:200])


@router.post("/rounds/{round_id}/runs", response={201: SurveyRunOut, **ERRORS})
@access("survey.targeting", "change")
def run_create(request: HttpRequest, round_id: int, payload: SurveyRunIn) -> Any:
    round_ = queries.round_get(viewer=request.user, round_id=round_id)
    params = (
        {"dimensions": payload.dimensions}
        if payload.method == Method.TPMAP
        else {"weights": payload.weights, "k": payload.k}
    )
    return 201, actions.run_create(
        round_=round_,
        method=payload.method,
        parameters=params,
        label=payload.label,
        by=request.user,
        at=timezone.now(),
    )


@router.get("/runs/{run_id}/areas", response={200: list[SurveyAreaOut], **ERRORS})
@access("survey.targeting", "view")
def run_areas(request: HttpRequest, run_id: int, area: str | None = None, subgroup: str = "all") -> Any:
    run = queries.run_get(viewer=request.user, run_id=run_id)
    top, children, _names = queries.run_areas(viewer=request.user, run=run, area_code=area, subgroup=subgroup)
    return ([top] if top else []) + children


@router.get("/runs/{run_id}/targets", response={200: list[SurveyTargetOut], **ERRORS})
@access("survey.targets", "view")
def run_targets(request: HttpRequest, run_id: int) -> Any:
    run = queries.run_get(viewer=request.user, run_id=run_id)
    return [
        {
            "household_id": r.household.pk,
            "area_code": r.household.area_code,
            "house_no": r.household.house_no,
            "head": r.head.full_name if r.head else "",
            "failed": r.failed,
            "target_persons": r.target_persons,
        }
        for r in queries.target_list(viewer=request.user, run=run)
    ]
