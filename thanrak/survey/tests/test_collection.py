"""Collecting a household's answers: drafts, checks, refusals that name the field."""

import pytest

from thanrak.registry.tests import factories as rf
from thanrak.survey import actions
from thanrak.survey.actions import collection
from thanrak.survey.models import MemberAnswer, Response, ResponseStatus
from thanrak.survey.tests import factories as sf
from thanrak.survey.validation import Instrument, check

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_(national_manager):
    return sf.round_(national_manager)


@pytest.fixture
def assigned(round_, volunteer, district_officer):
    village = rf.village("560101", 1)
    actions.assignment_set(round_=round_, village=village, collector=volunteer, by=district_officer, at=sf.AT)
    return village


class TestVersionLoad:
    def test_loads_five_categories_and_thirty_one_indicators(self, national_manager):
        v = sf.version(national_manager)

        assert v.indicators.count() == 31
        assert v.indicators.values("category_th").distinct().count() == 5
        assert v.parameters["income_line_baht"] == 38000

    def test_loading_twice_changes_nothing(self, national_manager):
        first = sf.version(national_manager)

        assert sf.version(national_manager).pk == first.pk

    def test_only_the_national_manager_may_load_it(self, district_officer):
        with pytest.raises(PermissionError):
            sf.version(district_officer)


class TestResponseSubmit:
    def test_a_volunteer_submits_a_household_of_the_assigned_village(
        self, round_, assigned, volunteer, phayao_household
    ):
        response = sf.submit(round_, phayao_household, volunteer)

        assert response.status == ResponseStatus.SUBMITTED
        assert response.members.count() == 2

    def test_a_draft_keeps_whatever_was_typed_even_when_wrong(
        self, round_, assigned, volunteer, phayao_household
    ):
        hh, members = sf.passing_answers(round_, phayao_household)
        hh["income_total_baht"] = "-5"

        draft = actions.response_save_draft(
            round_=round_,
            household=phayao_household,
            household_raw=hh,
            members_raw=members,
            by=volunteer,
            at=sf.AT,
        )
        with pytest.raises(actions.CannotCollect, match="at least 0"):
            actions.response_submit(response=draft, by=volunteer, at=sf.AT)

        draft.refresh_from_db()
        assert draft.status == ResponseStatus.DRAFT
        assert draft.answers["income_total_baht"] == "-5"

    @pytest.mark.parametrize("income", ["-5", "999,999,999"])
    def test_refuses_an_impossible_income(self, round_, assigned, volunteer, phayao_household, income):
        hh, members = sf.passing_answers(round_, phayao_household)
        hh["income_total_baht"] = income
        draft = actions.response_save_draft(
            round_=round_,
            household=phayao_household,
            household_raw=hh,
            members_raw=members,
            by=volunteer,
            at=sf.AT,
        )

        with pytest.raises(actions.CannotCollect) as err:
            actions.response_submit(response=draft, by=volunteer, at=sf.AT)

        assert err.value.field == "hh-income_total_baht"

    def test_refuses_an_age_that_contradicts_the_birth_date(
        self, round_, assigned, volunteer, phayao_household
    ):
        hh, members = sf.passing_answers(round_, phayao_household)
        pid = next(iter(members))
        members[pid]["age"] = 12
        draft = actions.response_save_draft(
            round_=round_,
            household=phayao_household,
            household_raw=hh,
            members_raw=members,
            by=volunteer,
            at=sf.AT,
        )

        with pytest.raises(actions.CannotCollect, match="contradicts the birth date") as err:
            actions.response_submit(response=draft, by=volunteer, at=sf.AT)

        assert err.value.field == f"m{pid}-age"

    def test_refuses_a_village_outside_the_collectors_area(
        self, round_, assigned, volunteer, national_manager
    ):
        elsewhere = rf.household(by=national_manager, village_obj=rf.village("560102", 1))

        with pytest.raises(actions.CannotCollect) as err:
            sf.submit(round_, elsewhere, volunteer)
        assert err.value.code == "village_outside_your_area"
        assert not Response.objects.filter(household=elsewhere).exists()

    def test_refuses_a_village_not_assigned_to_the_volunteer(self, round_, volunteer, phayao_household):
        with pytest.raises(actions.CannotCollect) as err:
            sf.submit(round_, phayao_household, volunteer)
        assert err.value.code == "village_not_assigned_to_you"

    def test_asks_for_missing_answers_by_name(self, round_, assigned, volunteer, phayao_household):
        hh, members = sf.passing_answers(round_, phayao_household)
        del hh["saves"]
        draft = actions.response_save_draft(
            round_=round_,
            household=phayao_household,
            household_raw=hh,
            members_raw=members,
            by=volunteer,
            at=sf.AT,
        )

        with pytest.raises(actions.CannotCollect, match="Please answer") as err:
            actions.response_submit(response=draft, by=volunteer, at=sf.AT)
        assert err.value.field == "hh-saves"

    def test_a_member_cannot_be_listed_in_two_households_of_a_round(
        self, round_, assigned, volunteer, district_officer, phayao_household, national_manager
    ):
        other = rf.household(by=national_manager, village_obj=assigned)
        sf.submit(round_, phayao_household, volunteer)
        first = phayao_household.members.first().person
        MemberAnswer.objects.filter(person=first).update()  # the person answered in the first household
        hh, members = sf.passing_answers(round_, other)
        checked = check(
            Instrument.of(round_.version),
            reference_date=round_.reference_date,
            household_raw=hh,
            members_raw={first.pk: next(iter(members.values()))},
            persons={first.pk: first},
            complete=True,
        )
        with pytest.raises(actions.CannotCollect) as err:
            collection._store_submitted(
                round_=round_, household=other, checked=checked, by=volunteer, at=sf.AT, source="WEB"
            )
        assert err.value.code == "already_listed_household_round"
