"""Thanrak's promise, end to end: a household is followed from the survey, through the help it
gets (a loan from its village fund), to the outcome at the next survey round, and into the
national report. Every step goes through the actions or the pages a person uses."""

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from thanrak.finance import actions as finance
from thanrak.finance.tests import factories as ff
from thanrak.monitoring import actions as monitoring
from thanrak.monitoring import computed
from thanrak.monitoring.tests import factories as mf
from thanrak.registry.tests import factories as rf
from thanrak.survey import actions as survey
from thanrak.survey import queries as survey_queries
from thanrak.survey.models import Assistance, HouseholdResult, RunHousehold
from thanrak.survey.tests import factories as sf

pytestmark = pytest.mark.django_db
ALL_DIMENSIONS = {"dimensions": ["health", "living", "education", "income", "access"]}
INCOME = 22  # จปฐ. 2560: average yearly income of the household's members


def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC)


def _collect(round_, household, volunteer, *, income: int, on: dt.date) -> None:
    """The volunteer fills the form for the household and submits it."""
    hh, members = sf.passing_answers(round_, household, income=income)
    draft = survey.response_save_draft(
        round_=round_, household=household, household_raw=hh, members_raw=members, by=volunteer, at=at(on)
    )
    survey.response_submit(response=draft, by=volunteer, at=at(on))


def _row(html: str, name: str) -> list[str]:
    """The cells of the report's row of an indicator, tags stripped."""
    # The name cell also says whether the figure is computed or typed (a mark, or words and links).
    cell = rf"<td>{re.escape(name)}(?:\s*<span[^>]*>.*?</span>)?</td>"
    match = re.search(rf"<tr>\s*{cell}(.*?)</tr>", html, re.S)
    assert match, f"no row for {name}"
    return [
        re.sub(r"<[^>]+>", " ", c).split() for c in re.findall(r"<td[^>]*>(.*?)</td>", match.group(1), re.S)
    ]


def _report(fiscal_year: int, tmp_path) -> str:
    out = tmp_path / f"report-{fiscal_year}.html"
    call_command(
        "monitoring_report", fiscal_year=fiscal_year, format="html", out=out, digits="arabic", stdout=None
    )
    return out.read_text(encoding="utf-8")


@pytest.fixture
def story(national_manager, provincial_officer, district_officer, volunteer, make_user):
    """Everything up to the second round: who is who, and the records they made."""
    village = rf.village("560101", 1)
    home = rf.household(by=national_manager, village_obj=village, members=2)
    neighbour = rf.household(by=national_manager, village_obj=village, members=1)
    head = home.members.get(relation="HEAD").person
    version = sf.version(national_manager)

    # Round 1, in March 2026: the household's income is below the line and its head holds a welfare card.
    first = survey.round_create(
        version=version,
        year_be=2563,
        area_code="56",
        title="จปฐ. 2563",
        reference_date=dt.date(2020, 6, 30),
        by=provincial_officer,
        at=at(dt.date(2026, 3, 1)),
    )
    survey.assignment_set(
        round_=first, village=village, collector=volunteer, by=district_officer, at=at(dt.date(2026, 3, 1))
    )
    _collect(first, home, volunteer, income=20_000, on=dt.date(2026, 3, 10))
    _collect(first, neighbour, volunteer, income=300_000, on=dt.date(2026, 3, 10))
    survey.welfare_cards_import(
        data=f"citizen_id,validated\n{head.citizen_id},1\n".encode(),
        year_be=2563,
        by=provincial_officer,
        at=at(dt.date(2026, 3, 11)),
    )
    survey.round_evaluate(round_=first, by=provincial_officer, at=at(dt.date(2026, 3, 12)))
    before = survey.run_create(
        round_=first,
        method="TPMAP",
        parameters=ALL_DIMENSIONS,
        label="TPMAP 2563",
        by=provincial_officer,
        at=at(dt.date(2026, 3, 12)),
    )

    # April 2026: the village fund lends the head 10,000 baht, through its treasurer and chair.
    treasurer, chair = make_user("vf_treasurer", "ORG_OFFICER"), make_user("vf_chair", "ORG_OFFICER")
    fund = ff.lending_fund(by=national_manager, treasurer=treasurer, chair=chair)
    borrower = finance.fund_member_enrol(
        fund=fund, person=head, joined_on=dt.date(2026, 4, 1), by=treasurer, at=at(dt.date(2026, 4, 1))
    )
    loan = finance.loan_apply(
        borrower=borrower,
        principal_satang=1_000_000,
        periods=10,
        method="declining_principal",
        frequency="monthly",
        applied_on=dt.date(2026, 4, 1),
        purpose="ซื้อพันธุ์ข้าวและปุ๋ย",
        by=treasurer,
        at=at(dt.date(2026, 4, 1)),
    )
    finance.loan_decide(loan=loan, decision="APPROVE", by=chair, at=at(dt.date(2026, 4, 2)))
    loan = finance.loan_disburse(loan=loan, on=dt.date(2026, 4, 3), by=treasurer, at=at(dt.date(2026, 4, 3)))
    return {
        "home": home,
        "neighbour": neighbour,
        "village": village,
        "version": version,
        "before": before,
        "loan": loan,
        "fund": fund,
    }


def _second_round(story, provincial_officer, district_officer, volunteer):
    """Round 2, in November 2026 (fiscal year 2570): the household's income is now above the line."""
    second = survey.round_create(
        version=story["version"],
        year_be=2564,
        area_code="56",
        title="จปฐ. 2564",
        reference_date=dt.date(2021, 6, 30),
        by=provincial_officer,
        at=at(dt.date(2026, 11, 1)),
    )
    survey.assignment_set(
        round_=second,
        village=story["village"],
        collector=volunteer,
        by=district_officer,
        at=at(dt.date(2026, 11, 1)),
    )
    _collect(second, story["home"], volunteer, income=400_000, on=dt.date(2026, 11, 10))
    _collect(second, story["neighbour"], volunteer, income=300_000, on=dt.date(2026, 11, 10))
    survey.round_evaluate(round_=second, by=provincial_officer, at=at(dt.date(2026, 11, 12)))
    return survey.run_create(
        round_=second,
        method="TPMAP",
        parameters=ALL_DIMENSIONS,
        label="TPMAP 2564",
        by=provincial_officer,
        at=at(dt.date(2026, 11, 12)),
    )


def test_a_household_is_followed_from_the_survey_through_a_loan_to_the_next_round_and_the_report(
    story, client, national_manager, provincial_officer, district_officer, volunteer, tmp_path
):
    home, loan, before = story["home"], story["loan"], story["before"]

    # 1. Round 1: the household fails the income indicator and is a TPMAP target.
    assert INCOME in HouseholdResult.objects.get(round=before.round, household=home).failed
    target = RunHousehold.objects.get(run=before, household=home)
    assert target.is_poor and target.target_persons == 1

    # 2. The district officer finds the loan on the household's follow-up page and links it as help.
    client.force_login(district_officer)
    follow_up = reverse("survey:target-detail", args=[home.pk])
    assert f'value="finance.loan:{loan.pk}"' in client.get(follow_up).text
    posted = client.post(
        follow_up,
        {
            "kind": "LOAN",
            "description": "เงินกู้กองทุนหมู่บ้านซื้อพันธุ์ข้าว",
            "given_on": "2026-04-03",
            "indicators": [str(INCOME)],
            "linked": f"finance.loan:{loan.pk}",
        },
    )
    assert posted.status_code == 302
    help_ = Assistance.objects.get(household=home)
    assert (help_.linked, help_.indicators) == (loan, [INCOME])

    # 3. Round 2: the income passes.
    after = _second_round(story, provincial_officer, district_officer, volunteer)
    assert INCOME not in HouseholdResult.objects.get(round=after.round, household=home).failed

    # 4. Round against round: the household came out of poverty, with help, and the income need is resolved.
    comparison = survey_queries.runs_compare(viewer=district_officer, before=before, after=after)
    assert comparison.came_out == [home.pk]
    assert comparison.resolved[INCOME] == 1
    assert (comparison.helped, comparison.helped_came_out) == (1, 1)
    page = client.get(reverse("survey:compare") + f"?before={before.pk}&after={after.pk}").text
    assert home.house_no in page
    history = client.get(reverse("survey:household-panel", args=[home.pk])).text
    assert f'data-resolved="{INCOME}"' in history and loan.number in history

    # 5. The household's page shows the debt to the village fund.
    debts = client.get(reverse("finance:household-debts", args=[home.pk])).text
    assert loan.number in debts and story["fund"].name_th in debts

    # 6. Monitoring computes from the records: the household was surveyed in each fiscal year, was a
    # target poor household until the second round's run, and its loan is outstanding.
    surveyed = mf.indicator(
        by=national_manager, name_th="ครัวเรือนที่สำรวจ จปฐ. (ติดตาม)", computation="survey.households_surveyed"
    )
    targets = mf.indicator(
        by=national_manager,
        programme_obj=surveyed.programme,
        name_th="ครัวเรือนยากจนเป้าหมาย (ติดตาม)",
        computation="survey.target_poor",
    )
    for name in ("survey.households_surveyed", "survey.target_poor"):
        monitoring.computation_refresh(
            name=name, fiscal_year=2569, on=dt.date(2026, 9, 30), at=at(dt.date(2026, 12, 1))
        )
        monitoring.computation_refresh(
            name=name, fiscal_year=2570, on=dt.date(2026, 11, 30), at=at(dt.date(2026, 12, 1))
        )
    assert computed.get("survey.target_poor").run(start=dt.date(2025, 10, 1), end=dt.date(2026, 9, 30)) == {
        "56010101": 1
    }
    assert computed.get("survey.target_poor").run(start=dt.date(2026, 10, 1), end=dt.date(2026, 11, 30)) == {}
    assert computed.get("finance.loans_outstanding").run(
        start=dt.date(2025, 10, 1), end=dt.date(2026, 4, 30)
    ) == {"560101": 1_000_000}

    # 7. The national report shows the numbers: fiscal year 2569 counts the target household and both
    # surveyed households; 2570 shows the 2569 figure beside the new round's.
    fy2569 = _report(2569, tmp_path)
    assert _row(fy2569, targets.name_th)[3] == ["1"]
    assert _row(fy2569, surveyed.name_th)[3] == ["2"]
    fy2570 = _report(2570, tmp_path)
    assert _row(fy2570, targets.name_th)[1] == ["1"]
    assert _row(fy2570, surveyed.name_th)[1:4:2] == [["2"], ["2"]]
