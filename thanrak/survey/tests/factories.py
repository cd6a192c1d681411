"""Builders for survey tests: the จปฐ. version, a round with an assigned village, complete answers."""

import datetime as dt
from typing import Any

from django.conf import settings

from thanrak.accounts.models import User
from thanrak.registry.models import Household, HouseholdMember
from thanrak.survey import actions
from thanrak.survey.models import Round, SurveyVersion
from thanrak.survey.validation import Instrument, age_on

AT = dt.datetime(2026, 11, 25, 10, 0, tzinfo=dt.UTC)
CSV = settings.REFERENCE_DATA_DIR / "jpt2560" / "indicators.csv"


def version(by: User) -> SurveyVersion:
    return actions.version_load_jpt2560(csv_path=CSV, by=by, at=AT)


def round_(by: User, *, area_code: str = "56", year_be: int = 2564, v: SurveyVersion | None = None) -> Round:
    return actions.round_create(
        version=v or version(by),
        year_be=year_be,
        area_code=area_code,
        title=f"จปฐ. {year_be}",
        reference_date=dt.date(year_be - 543, 6, 30),
        by=by,
        at=AT,
    )


def passing_answers(
    round_obj: Round, household: Household, *, income: int = 200_000, fail: set[str] = frozenset()
) -> tuple[dict[str, Any], dict[int, dict[str, Any]]]:
    """Answers that pass every indicator except the questions named in `fail` (answered the failing way)."""
    inst = Instrument.of(round_obj.version)
    hh: dict[str, Any] = {}
    for q in inst.household_questions():
        hh[q.name] = (
            income if q.name == round_obj.version.income_question else ("0" if q.name in fail else "1")
        )
    members: dict[int, dict[str, Any]] = {}
    failing_when_yes = {
        "drinks",
        "smokes",
        "disabled",
        "chronic",
        "self_care_unable",
        "student_full_time",
        "finished_m3_last_year",
        "left_school_no_job",
    }
    for m in HouseholdMember.objects.filter(household=household, left_date__isnull=True).select_related(
        "person"
    ):
        age = age_on(m.person.birth_date, round_obj.reference_date)
        answers: dict[str, Any] = {}
        for q in inst.person_questions():
            if q.name == "birth_weight_g":
                answers[q.name] = "2000" if q.name in fail else "3000"
            elif q.name in failing_when_yes:
                answers[q.name] = "1" if q.name in fail else "0"
            else:
                answers[q.name] = "0" if q.name in fail else "1"
        members[m.person_id] = {"age": age, "answers": answers}
    return hh, members


def submit(round_obj: Round, household: Household, by: User, **kwargs: Any):  # noqa: ANN201
    hh, members = passing_answers(round_obj, household, **kwargs)
    response = actions.response_save_draft(
        round_=round_obj, household=household, household_raw=hh, members_raw=members, by=by, at=AT
    )
    return actions.response_submit(response=response, by=by, at=AT)
