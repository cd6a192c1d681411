"""Cases and their steps; consent; scope by role."""

import datetime as dt

import pytest

from thanrak.accounts.scope import OutsideScope
from thanrak.registry.tests import factories
from thanrak.services import actions, queries
from thanrak.services.models import Case, CaseStatus
from thanrak.services.tests.conftest import AT, TODAY

pytestmark = pytest.mark.django_db


def _open(by, subject, kind="PERSON", **kw):
    data = {
        "by": by,
        "at": AT,
        "on": TODAY,
        "subject_kind": kind,
        "subject": subject,
        "topic": "MARKETING",
        "channel": "FIELD",
        "intake_date": TODAY,
        "summary": "อยากขายออนไลน์",
    }
    data.update(kw)
    return actions.case_open(**data)


class TestCaseOpen:
    def test_opens_in_intake_with_a_first_step_of_who_and_when(self, case, district_officer):
        assert case.status == CaseStatus.INTAKE and case.area_code == "56010101"
        (step,) = case.steps.all()
        assert (step.to_status, step.by, step.on) == ("INTAKE", district_officer, TODAY)

    def test_a_double_submit_with_the_same_key_makes_one_case(self, district_officer, client_person):
        first = _open(district_officer, client_person, key="k-1")
        second = _open(district_officer, client_person, key="k-1")
        assert first.pk == second.pk and Case.objects.count() == 1

    def test_opens_for_a_household_and_an_organisation(self, district_officer, national_manager, enterprise):
        household = factories.household(by=national_manager)
        assert _open(district_officer, household, kind="HOUSEHOLD").household == household
        assert _open(district_officer, enterprise, kind="ORGANISATION").organisation == enterprise

    @pytest.mark.parametrize(
        ("change", "code", "field"),
        [
            ({"topic": "FOOD"}, "topic_unknown", "topic"),
            ({"channel": ""}, "channel_unknown", "channel"),
            ({"summary": "   "}, "summary_missing", "summary"),
            ({"intake_date": TODAY + dt.timedelta(days=1)}, "intake_in_future", "intake_date"),
            ({"subject_kind": "HOUSEHOLD"}, "subject_missing", "subject"),
        ],
    )
    def test_refuses_bad_intake_naming_the_field(self, district_officer, client_person, change, code, field):
        with pytest.raises(actions.CannotOpenCase) as e:
            _open(district_officer, client_person, **change)
        assert (e.value.code, e.value.field) == (code, field)

    def test_refuses_an_officer_of_another_district(self, other_district_officer, client_person):
        with pytest.raises(OutsideScope):
            _open(other_district_officer, client_person)


class TestCaseMove:
    def test_assessed_then_served_then_closed_with_an_outcome(self, assessed, district_officer):
        case = actions.case_move(case=assessed, to_status="SERVED", by=district_officer, at=AT, on=TODAY)
        case = actions.case_move(
            case=case, to_status="CLOSED", outcome="RESOLVED", by=district_officer, at=AT, on=TODAY
        )
        assert case.status == "CLOSED" and case.outcome == "RESOLVED"
        assert [s.to_status for s in case.steps.all()] == ["INTAKE", "ASSESSED", "SERVED", "CLOSED"]

    def test_refuses_to_serve_before_assessing(self, case, district_officer):
        with pytest.raises(actions.CannotMoveCase) as e:
            actions.case_move(case=case, to_status="SERVED", by=district_officer, at=AT, on=TODAY)
        assert e.value.code == "step_not_allowed"

    def test_refuses_to_close_without_an_outcome(self, assessed, district_officer):
        with pytest.raises(actions.CannotMoveCase) as e:
            actions.case_move(case=assessed, to_status="CLOSED", by=district_officer, at=AT, on=TODAY)
        assert (e.value.code, e.value.field) == ("outcome_missing", "outcome")

    def test_referred_is_reached_by_referring(self, assessed, district_officer):
        with pytest.raises(actions.CannotMoveCase) as e:
            actions.case_move(case=assessed, to_status="REFERRED", by=district_officer, at=AT, on=TODAY)
        assert e.value.code == "refer_instead"

    def test_the_adviser_assigned_moves_a_case_outside_their_areas_and_sees_it(
        self, case, district_officer, make_user, national_manager
    ):
        from thanrak.registry.actions import person_account_link

        adviser_person = factories.person(by=national_manager, area_code="56020101")
        user = make_user("kbo_adviser", "VOLUNTEER", "56020101")
        person_account_link(person=adviser_person, user=user, by=national_manager, at=AT)
        helper = actions.helper_save(
            person=adviser_person,
            kinds=["KBO_ADVISER"],
            expertise=["FINANCE"],
            areas=["5602"],
            by=national_manager,
            at=AT,
        )
        actions.case_assign(case=case, adviser=helper, by=district_officer, at=AT)
        user = type(user).objects.get(pk=user.pk)
        assert list(queries.case_list(viewer=user)) == [case]
        moved = actions.case_move(case=case, to_status="ASSESSED", by=user, at=AT, on=TODAY)
        assert moved.steps.last().by == user

    def test_refuses_a_step_dated_after_today(self, case, district_officer):
        with pytest.raises(actions.CannotMoveCase) as e:
            actions.case_move(
                case=case,
                to_status="ASSESSED",
                by=district_officer,
                at=AT,
                on=TODAY + dt.timedelta(days=1),
                today=TODAY,
            )
        assert (e.value.code, e.value.field) == ("step_in_future", "on")

    def test_refuses_a_step_before_intake(self, case, district_officer):
        with pytest.raises(actions.CannotMoveCase) as e:
            actions.case_move(
                case=case, to_status="ASSESSED", by=district_officer, at=AT, on=TODAY - dt.timedelta(days=1)
            )
        assert e.value.code == "step_before_intake"


class TestCaseScope:
    def test_area_officers_see_their_areas_cases_only(
        self, case, district_officer, provincial_officer, other_district_officer, officer_elsewhere
    ):
        assert list(queries.case_list(viewer=district_officer)) == [case]
        assert list(queries.case_list(viewer=provincial_officer)) == [case]
        assert not queries.case_list(viewer=other_district_officer).exists()
        assert not queries.case_list(viewer=officer_elsewhere).exists()

    def test_an_organisation_officer_sees_only_their_organisations_cases(
        self, case, org_officer, district_officer, enterprise
    ):
        own = _open(district_officer, enterprise, kind="ORGANISATION")
        assert list(queries.case_list(viewer=org_officer)) == [own]

    def test_a_member_sees_the_cases_about_themself_and_their_household_only(
        self, case, member, district_officer, national_manager
    ):
        from thanrak.registry.models import HouseholdMember

        home = HouseholdMember.objects.get(person__user=member).household
        about_them = _open(national_manager, home.members.get().person)
        about_home = _open(national_manager, home, kind="HOUSEHOLD")
        assert set(queries.case_list(viewer=member)) == {about_them, about_home}

    def test_a_partner_agencys_staff_see_no_case_directly(self, assessed, partner):
        assert not queries.case_list(viewer=partner).exists()


class TestConsent:
    def test_records_once_and_withdraws(self, client_person, district_officer):
        first = actions.consent_record(
            person=client_person,
            purpose="SHARE_WITH_PARTNERS",
            given_on=TODAY,
            by=district_officer,
            at=AT,
            on=TODAY,
        )
        again = actions.consent_record(
            person=client_person,
            purpose="SHARE_WITH_PARTNERS",
            given_on=TODAY,
            by=district_officer,
            at=AT,
            on=TODAY,
        )
        assert first.pk == again.pk and queries.consented(person_id=client_person.pk, on=TODAY)
        actions.consent_withdraw(
            person=client_person, purpose="SHARE_WITH_PARTNERS", on=TODAY, by=district_officer, at=AT
        )
        assert not queries.consented(person_id=client_person.pk, on=TODAY)

    def test_refuses_an_unknown_purpose(self, client_person, district_officer):
        with pytest.raises(actions.CannotRecordConsent) as e:
            actions.consent_record(
                person=client_person,
                purpose="MARKETING",
                given_on=TODAY,
                by=district_officer,
                at=AT,
                on=TODAY,
            )
        assert e.value.code == "purpose_unknown"
