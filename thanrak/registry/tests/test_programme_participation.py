"""An organisation took part in a programme from a date: recorded through the API, counted by the
generic registry computations (groups, members, member households per programme)."""

import datetime as dt

import pytest

from thanrak.monitoring import computed
from thanrak.registry import actions
from thanrak.registry.actions import CannotChangeMembership
from thanrak.registry.models import ProgrammeParticipation
from thanrak.registry.tests.test_api import Api, head_of

AT = dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC)


@pytest.mark.django_db
class TestProgrammeParticipation:
    def test_recorded_and_listed_through_the_api(self, client, district_officer, enterprise):
        api = Api(client, district_officer)

        created = api.post(
            f"/organisations/{enterprise.pk}/programmes",
            {"programme_code": "1.1.3(1.1)", "since": "2025-10-01"},
        )
        listed = api.get(f"/organisations/{enterprise.pk}/programmes").json()
        twice = api.post(
            f"/organisations/{enterprise.pk}/programmes",
            {"programme_code": "1.1.3(1.1)", "since": "2025-11-01"},
        )

        assert created.status_code == 201
        assert [p["programme_code"] for p in listed] == ["1.1.3(1.1)"]
        assert twice.status_code == 422 and twice.json()["code"] == "already_in_programme"

    def test_an_officer_of_another_district_may_not_record_it(
        self, client, other_district_officer, enterprise
    ):
        response = Api(client, other_district_officer).post(
            f"/organisations/{enterprise.pk}/programmes", {"programme_code": "2.4(2)", "since": "2025-10-01"}
        )

        assert response.status_code in (403, 404)
        assert not ProgrammeParticipation.objects.exists()

    def test_refuses_an_end_before_the_start(self, national_manager, enterprise):
        with pytest.raises(CannotChangeMembership) as refused:
            actions.programme_participation_add(
                organisation=enterprise,
                programme_code="2.4(2)",
                since=dt.date(2025, 10, 1),
                until=dt.date(2025, 9, 1),
                by=national_manager,
                at=AT,
            )
        assert refused.value.code == "end_date_start_date"

    def test_the_generic_computations_count_groups_members_and_households_of_a_programme(
        self, national_manager, enterprise, phayao_household
    ):
        person = head_of(phayao_household)
        actions.membership_add(
            organisation=enterprise, person=person, by=national_manager, start_date=dt.date(2025, 1, 1)
        )
        actions.programme_participation_add(
            organisation=enterprise,
            programme_code="1.1.3(1.1)",
            since=dt.date(2026, 10, 1),
            by=national_manager,
            at=AT,
        )
        window = {"start": dt.date(2026, 10, 1), "end": dt.date(2027, 9, 30)}
        params = {"programme": "1.1.3(1.1)"}

        groups = computed.get("registry.organisations").run(**window, params=params)
        members = computed.get("registry.organisation_members").run(**window, params=params)
        households = computed.get("registry.member_households").run(**window, params=params)
        before = computed.get("registry.organisations").run(
            start=dt.date(2025, 10, 1), end=dt.date(2026, 9, 30), params=params
        )

        assert groups == {enterprise.area_code: 1}
        assert members == {enterprise.area_code: 1}
        assert households == {phayao_household.area_code: 1}
        assert before == {}
