"""The survey API: scoped reads, answers, runs and the public Alkire–Foster math."""

import pytest
from django.utils import timezone

from thanrak.accounts.actions import token_create
from thanrak.registry.tests import factories as rf
from thanrak.survey import actions
from thanrak.survey.models import Response
from thanrak.survey.tests import factories as sf

pytestmark = pytest.mark.django_db


def auth(user) -> dict[str, str]:
    _t, key = token_create(user=user, name="t", at=timezone.now())
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


class TestSurveyApi:
    def test_a_volunteer_submits_answers_and_a_second_post_is_refused(
        self, client, national_manager, district_officer, volunteer, phayao_household
    ):
        round_ = sf.round_(national_manager)
        actions.assignment_set(
            round_=round_, village=rf.village("560101", 1), collector=volunteer, by=district_officer, at=sf.AT
        )
        hh, members = sf.passing_answers(round_, phayao_household)
        body = {
            "household_id": phayao_household.pk,
            "answers": hh,
            "members": [
                {"person_id": pid, "age": m["age"], "answers": m["answers"]} for pid, m in members.items()
            ],
        }
        headers = auth(volunteer)

        first = client.post(
            f"/api/v1/survey/rounds/{round_.pk}/responses", body, content_type="application/json", **headers
        )
        second = client.post(
            f"/api/v1/survey/rounds/{round_.pk}/responses", body, content_type="application/json", **headers
        )

        assert first.status_code == 201
        assert second.status_code == 422
        assert Response.objects.count() == 1

    def test_runs_and_areas_are_scoped_to_the_officers_area(
        self, client, national_manager, officer_elsewhere, phayao_household
    ):
        round_ = sf.round_(national_manager)
        sf.submit(round_, phayao_household, national_manager, income=1000)
        run = actions.run_create(
            round_=round_,
            method="TPMAP",
            parameters={"dimensions": ["income"]},
            label="",
            by=national_manager,
            at=sf.AT,
        )

        mine = client.get(f"/api/v1/survey/runs/{run.pk}/areas", **auth(national_manager))
        theirs = client.get(f"/api/v1/survey/runs/{run.pk}/areas", **auth(officer_elsewhere))

        assert mine.status_code == 200 and mine.json()[0]["poor_persons"] == 2
        assert theirs.status_code == 404

    def test_a_volunteer_cannot_change_thresholds(self, client, national_manager, volunteer):
        v = sf.version(national_manager)

        page = client.put(
            f"/api/v1/survey/versions/{v.pk}/parameters",
            {"parameters": {"income_line_baht": 1}},
            content_type="application/json",
            **auth(volunteer),
        )

        assert page.status_code == 403


class TestSurveyVersionDetail:
    def test_a_version_reads_with_its_indicators_for_every_role_that_may_see_it(
        self, client, national_manager, district_officer, volunteer
    ):
        v = sf.version(national_manager)

        pages = [
            client.get(f"/api/v1/survey/versions/{v.pk}", **auth(u))
            for u in (national_manager, district_officer, volunteer)
        ]

        assert [p.status_code for p in pages] == [200, 200, 200]
        assert pages[0].json()["code"] == v.code
        assert [i["number"] for i in pages[0].json()["indicators"]] == sorted(
            v.indicators.values_list("number", flat=True)
        )
