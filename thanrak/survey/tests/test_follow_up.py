"""Follow-up: help given to a household points at its real loan, group or fund membership, or programme."""

import datetime as dt

import pytest
from django.urls import reverse

from thanrak.finance import actions as finance
from thanrak.finance.tests import factories as ff
from thanrak.monitoring.tests import factories as mf
from thanrak.registry.tests import factories as rf
from thanrak.survey import actions
from thanrak.survey.actions import CannotRecordHelp
from thanrak.survey.models import Assistance
from thanrak.survey.tests import factories as sf

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 11, 1)


@pytest.fixture
def village_fund(national_manager, make_user):
    """A village fund of Mueang Phayao with cash, its treasurer and its chair."""
    treasurer, chair = make_user("vf_treasurer", "ORG_OFFICER"), make_user("vf_chair", "ORG_OFFICER")
    return ff.lending_fund(by=national_manager, treasurer=treasurer, chair=chair), treasurer, chair


def _loan_to(household, village_fund, national_manager):
    fund, treasurer, chair = village_fund
    head = household.members.get(relation="HEAD").person
    return ff.household_loan(fund=fund, person=head, treasurer=treasurer, chair=chair, by=national_manager)


@pytest.fixture
def households(national_manager):
    village = rf.village("560101", 1)
    return rf.household(by=national_manager, village_obj=village, members=2), rf.household(
        by=national_manager, village_obj=village, members=1
    )


@pytest.fixture
def programme(national_manager):
    return mf.programme(by=national_manager)


def _page(client, user, household):
    client.force_login(user)
    return client.get(reverse("survey:target-detail", args=[household.pk]))


class TestTheFollowUpPage:
    def test_offers_the_household_s_own_loans_and_the_programmes(
        self, client, households, village_fund, national_manager, programme, district_officer
    ):
        ours, theirs = households
        our_loan = _loan_to(ours, village_fund, national_manager)
        their_loan = _loan_to(theirs, village_fund, national_manager)

        page = _page(client, district_officer, ours)

        assert f'value="finance.loan:{our_loan.pk}"' in page.text
        assert f'value="finance.loan:{their_loan.pk}"' not in page.text
        assert f'value="monitoring.programme:{programme.pk}"' in page.text
        assert "finance.fundmember:" in page.text and "registry.membership:" in page.text

    def test_an_officer_links_help_to_the_household_s_loan_and_sees_it_listed(
        self, client, households, village_fund, national_manager, district_officer
    ):
        ours, _theirs = households
        loan = _loan_to(ours, village_fund, national_manager)
        client.force_login(district_officer)

        posted = client.post(
            reverse("survey:target-detail", args=[ours.pk]),
            {
                "kind": "LOAN",
                "description": "กู้ซื้อพันธุ์ข้าว",
                "given_on": "2026-11-01",
                "linked": f"finance.loan:{loan.pk}",
            },
        )

        assert posted.status_code == 302
        assert Assistance.objects.get(household=ours).linked == loan
        assert loan.number in _page(client, district_officer, ours).text

    def test_a_loan_of_another_household_cannot_be_posted(
        self, client, households, village_fund, national_manager, district_officer
    ):
        ours, theirs = households
        their_loan = _loan_to(theirs, village_fund, national_manager)
        client.force_login(district_officer)

        page = client.post(
            reverse("survey:target-detail", args=[ours.pk]),
            {
                "kind": "LOAN",
                "description": "x",
                "given_on": "2026-11-01",
                "linked": f"finance.loan:{their_loan.pk}",
            },
        )

        assert page.status_code == 200
        assert not Assistance.objects.exists()

    def test_an_officer_outside_the_fund_s_area_is_offered_no_loan(
        self, client, households, village_fund, national_manager, other_district_officer
    ):
        ours, _theirs = households
        loan = _loan_to(ours, village_fund, national_manager)

        page = _page(client, other_district_officer, ours)

        assert page.status_code == 404 or f"finance.loan:{loan.pk}" not in page.text


class TestAssistanceRecord:
    def test_refuses_a_loan_of_someone_outside_the_household(
        self, households, village_fund, national_manager, district_officer
    ):
        ours, theirs = households
        their_loan = _loan_to(theirs, village_fund, national_manager)

        with pytest.raises(CannotRecordHelp) as err:
            actions.assistance_record(
                household=ours,
                kind="LOAN",
                description="x",
                given_on=ON,
                linked=their_loan,
                by=district_officer,
                at=sf.AT,
            )
        assert err.value.code == "record_belongs_someone_outside"

    def test_refuses_a_loan_given_as_a_programme(
        self, households, village_fund, national_manager, district_officer
    ):
        ours, _theirs = households
        loan = _loan_to(ours, village_fund, national_manager)

        with pytest.raises(CannotRecordHelp) as err:
            actions.assistance_record(
                household=ours,
                kind="PROGRAMME",
                description="x",
                given_on=ON,
                linked=loan,
                by=district_officer,
                at=sf.AT,
            )
        assert err.value.code == "help_kind_cannot_link_record"

    def test_links_a_fund_membership_and_a_programme(
        self, households, village_fund, national_manager, district_officer, programme
    ):
        ours, _theirs = households
        fund, *_ = village_fund
        member = finance.fund_member_enrol(
            fund=fund,
            person=ours.members.get(relation="HEAD").person,
            joined_on=ff.OPENED,
            by=national_manager,
            at=ff.AT,
        )

        joined = actions.assistance_record(
            household=ours,
            kind="MEMBERSHIP",
            description="เข้ากองทุนหมู่บ้าน",
            given_on=ON,
            linked=member,
            by=district_officer,
            at=sf.AT,
        )
        trained = actions.assistance_record(
            household=ours,
            kind="TRAINING",
            description="อบรมอาชีพ",
            given_on=ON,
            linked=programme,
            by=district_officer,
            at=sf.AT,
        )

        assert (joined.linked, trained.linked) == (member, programme)


class TestWhoSeesTheLink:
    def test_a_volunteer_sees_the_help_but_not_the_loan_it_points_at(
        self, client, households, village_fund, national_manager, district_officer, volunteer
    ):
        ours, _theirs = households
        loan = _loan_to(ours, village_fund, national_manager)
        actions.assistance_record(
            household=ours,
            kind="LOAN",
            description="กู้ซื้อพันธุ์ข้าว",
            given_on=ON,
            linked=loan,
            by=district_officer,
            at=sf.AT,
        )

        page = _page(client, volunteer, ours)

        assert "กู้ซื้อพันธุ์ข้าว" in page.text
        assert loan.number not in page.text
