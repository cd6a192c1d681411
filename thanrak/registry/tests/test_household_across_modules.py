"""A household's page gathers what the other modules know of it: its members' groups and
enterprises, its debts across all funds, its survey results round by round with the help it got,
and what its members' goods sold; each part only for roles that may read it, in a fixed number of queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from thanrak.commerce import actions as commerce
from thanrak.commerce.actions import PosItem
from thanrak.commerce.models import Location
from thanrak.commerce.tests import factories as cf
from thanrak.finance.models import FundKind
from thanrak.finance.tests import factories as ff
from thanrak.registry.actions import membership_add
from thanrak.registry.models import OrganisationKind
from thanrak.registry.tests import factories as rf
from thanrak.survey import actions as survey
from thanrak.survey.tests import factories as sf

pytestmark = pytest.mark.django_db
ON = dt.date(2026, 11, 1)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def lenders(national_manager, make_user):
    """A village fund and a savings group of Mueang Phayao, each with its treasurer and chair."""
    users = [make_user(name, "ORG_OFFICER") for name in ("vf_t", "vf_c", "sg_t", "sg_c")]
    village = ff.lending_fund(by=national_manager, treasurer=users[0], chair=users[1])
    savings = ff.lending_fund(
        by=national_manager, treasurer=users[2], chair=users[3], kind=FundKind.SAVINGS_GROUP
    )
    return (village, users[0], users[1]), (savings, users[2], users[3])


def _household(national_manager, members: int = 2):
    return rf.household(by=national_manager, village_obj=rf.village("560101", 1), members=members)


def _borrow(household, lenders, national_manager, loans: int):
    """`loans` loans of the household's head, alternating between the two funds."""
    head = household.members.get(relation="HEAD").person
    return [
        ff.household_loan(
            fund=f, person=head, treasurer=t, chair=c, by=national_manager, principal=600_000 * (i + 1)
        )
        for i, (f, t, c) in zip(range(loans), [lenders[0], lenders[1]] * loans, strict=False)
    ]


def _surveyed(household, national_manager, district_officer, linked=None):
    """Round 2563 fails the income indicator (22), round 2564 passes it; help between them."""
    first = sf.round_(national_manager, year_be=2563)
    second = sf.round_(national_manager, year_be=2564, v=first.version)
    sf.submit(first, household, national_manager, income=20_000)
    sf.submit(second, household, national_manager, income=400_000)
    for round_ in (first, second):
        survey.round_evaluate(round_=round_, by=national_manager, at=sf.AT)
    survey.assistance_record(
        household=household,
        kind="LOAN" if linked else "TRAINING",
        description="ช่วยเหลือด้านอาชีพ",
        given_on=ON,
        linked=linked,
        by=district_officer,
        at=sf.AT,
    )


def _sells(household, enterprise, org_officer, national_manager):
    """The spouse weaves for the enterprise's shop; two pieces sold at the counter for 1,000 baht each."""
    spouse = household.members.get(relation="SPOUSE").person
    membership_add(
        organisation=enterprise, person=spouse, by=national_manager, start_date=dt.date(2020, 1, 1)
    )
    shop = cf.shop(by=org_officer, organisation=enterprise)
    cloth = cf.product(
        by=org_officer, shop=shop, producer=spouse, producer_share_bp=8000, price_satang=100000
    )
    session = commerce.pos_session_open(
        location=Location.objects.get(shop=shop, is_default=True),
        cashier=org_officer,
        opening_float_satang=0,
        at=cf.AT,
    )
    commerce.pos_sale_record(
        session=session,
        sale_key="sale-cloth-1",
        items=[PosItem(cloth.variants.get().pk, 2, 100000)],
        payment_method="CASH",
        cash_received_satang=200000,
        sold_at=cf.AT,
        by=org_officer,
    )
    return shop


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


class TestTheHouseholdPage:
    def test_lists_the_members_groups_and_enterprises(
        self, client, national_manager, district_officer, enterprise
    ):
        home = _household(national_manager)
        head = home.members.get(relation="HEAD").person
        membership_add(
            organisation=enterprise, person=head, by=national_manager, start_date=dt.date(2021, 3, 1)
        )

        page = _get(client, district_officer, reverse("registry:household-detail", args=[home.pk]))

        assert enterprise.name_th in page.text and head.full_name in page.text

    def test_hides_groups_outside_the_viewer_s_areas(
        self, client, national_manager, district_officer, provincial_officer
    ):
        home = _household(national_manager)
        chun = rf.organisation(by=national_manager, area_code="560201", kind=OrganisationKind.SAVINGS_GROUP)
        membership_add(
            organisation=chun,
            person=home.members.get(relation="HEAD").person,
            by=national_manager,
            start_date=dt.date(2021, 3, 1),
        )
        url = reverse("registry:household-detail", args=[home.pk])

        assert chun.name_th not in _get(client, district_officer, url).text
        assert chun.name_th in _get(client, provincial_officer, url).text

    def test_loads_the_debts_survey_and_enterprise_panels_for_an_officer_and_only_the_survey_for_a_volunteer(
        self, client, national_manager, district_officer, volunteer
    ):
        home = _household(national_manager)
        url = reverse("registry:household-detail", args=[home.pk])
        panels = {
            "debts": reverse("finance:household-debts", args=[home.pk]),
            "survey": reverse("survey:household-panel", args=[home.pk]),
            "shops": reverse("commerce:household-panel", args=[home.pk]),
        }

        officer = _get(client, district_officer, url).text
        helper = _get(client, volunteer, url).text

        assert all(u in officer for u in panels.values())
        assert panels["survey"] in helper
        assert panels["debts"] not in helper and panels["shops"] not in helper

    def test_the_page_takes_the_same_queries_however_many_members_and_groups(
        self, client, national_manager, district_officer
    ):
        def queries_for(members: int) -> int:
            home = _household(national_manager, members=members)
            for m in home.members.all():
                for _ in range(2):
                    group = rf.organisation(by=national_manager)
                    membership_add(
                        organisation=group,
                        person=m.person,
                        by=national_manager,
                        start_date=dt.date(2021, 1, 1),
                    )
            client.force_login(district_officer)
            url = reverse("registry:household-detail", args=[home.pk])
            client.get(url)  # the session and the caches warmed, as for any later page
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            return len(ctx.captured_queries)

        assert queries_for(1) == queries_for(4)


class TestTheDebtsPanel:
    def test_shows_the_debts_to_every_fund_with_their_total(
        self, client, national_manager, district_officer, lenders
    ):
        home = _household(national_manager)
        loans = _borrow(home, lenders, national_manager, loans=2)

        page = _get(client, district_officer, reverse("finance:household-debts", args=[home.pk]))

        assert all(loan.number in page.text and loan.fund.name_th in page.text for loan in loans)
        assert "18,000.00" in page.text  # 6,000 + 12,000 baht owed

    def test_a_volunteer_may_not_read_the_debts(self, client, national_manager, volunteer, lenders):
        home = _household(national_manager)
        _borrow(home, lenders, national_manager, loans=1)

        assert _get(client, volunteer, reverse("finance:household-debts", args=[home.pk])).status_code == 403

    def test_takes_the_same_queries_for_one_loan_or_four(
        self, client, national_manager, district_officer, lenders
    ):
        def queries_for(loans: int) -> int:
            home = _household(national_manager)
            _borrow(home, lenders, national_manager, loans=loans)
            client.force_login(district_officer)
            url = reverse("finance:household-debts", args=[home.pk])
            client.get(url)  # the session and the caches warmed, as for any later page
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url).status_code == 200
            return len(ctx.captured_queries)

        assert queries_for(1) == queries_for(4)


class TestTheSurveyPanel:
    def test_shows_each_round_with_its_failed_indicators_and_the_help_with_its_loan(
        self, client, national_manager, district_officer, lenders
    ):
        home = _household(national_manager)
        [loan] = _borrow(home, lenders, national_manager, loans=1)
        _surveyed(home, national_manager, district_officer, linked=loan)

        page = _get(client, district_officer, reverse("survey:household-panel", args=[home.pk])).text

        assert 'data-failed="22"' in page and "รายได้เฉลี่ยของคนในครัวเรือนต่อปี" in page
        assert 'data-resolved="22"' in page
        assert loan.number in page

    def test_a_volunteer_sees_the_help_but_not_the_loan_behind_it(
        self, client, national_manager, district_officer, volunteer, lenders
    ):
        home = _household(national_manager)
        [loan] = _borrow(home, lenders, national_manager, loans=1)
        _surveyed(home, national_manager, district_officer, linked=loan)

        page = _get(client, volunteer, reverse("survey:household-panel", args=[home.pk])).text

        assert "ช่วยเหลือด้านอาชีพ" in page and loan.number not in page

    def test_takes_the_same_queries_for_one_round_and_help_or_two_rounds_and_more_help(
        self, client, national_manager, district_officer, lenders
    ):
        little = _household(national_manager)
        first = sf.round_(national_manager, year_be=2562)
        sf.submit(first, little, national_manager)
        survey.round_evaluate(round_=first, by=national_manager, at=sf.AT)
        [small_loan] = _borrow(little, lenders, national_manager, loans=1)
        survey.assistance_record(
            household=little,
            kind="LOAN",
            description="กู้",
            given_on=ON,
            linked=small_loan,
            by=district_officer,
            at=sf.AT,
        )
        much = _household(national_manager)
        loans = _borrow(much, lenders, national_manager, loans=2)
        _surveyed(much, national_manager, district_officer, linked=loans[0])
        survey.assistance_record(
            household=much,
            kind="LOAN",
            description="กู้อีก",
            given_on=ON,
            linked=loans[1],
            by=district_officer,
            at=sf.AT,
        )
        client.force_login(district_officer)
        client.get(reverse("survey:household-panel", args=[little.pk]))  # sessions and content types cached

        counts = []
        for home in (little, much):
            with CaptureQueriesContext(connection) as ctx:
                page = client.get(reverse("survey:household-panel", args=[home.pk]))
            assert page.status_code == 200
            counts.append(len(ctx.captured_queries))

        assert counts[0] == counts[1]


class TestTheEnterprisePanel:
    def test_shows_the_shop_the_members_belong_to_and_what_their_goods_sold(
        self, client, national_manager, district_officer, enterprise, org_officer
    ):
        home = _household(national_manager)
        shop = _sells(home, enterprise, org_officer, national_manager)

        page = _get(client, district_officer, reverse("commerce:household-panel", args=[home.pk])).text

        assert shop.name in page
        assert home.members.get(relation="SPOUSE").person.full_name in page
        assert "2,000.00" in page and "1,600.00" in page

    def test_an_officer_elsewhere_gets_nothing(
        self, client, national_manager, officer_elsewhere, enterprise, org_officer
    ):
        home = _household(national_manager)
        shop = _sells(home, enterprise, org_officer, national_manager)

        page = _get(client, officer_elsewhere, reverse("commerce:household-panel", args=[home.pk]))

        assert shop.name not in page.text

    def test_takes_the_same_queries_for_one_shop_or_two(
        self, client, national_manager, district_officer, enterprise, org_officer
    ):
        one = _household(national_manager)
        _sells(one, enterprise, org_officer, national_manager)
        two = _household(national_manager)
        other = rf.organisation(by=national_manager, name_th="วิสาหกิจชุมชนจักสาน")
        for group in (enterprise, other):
            membership_add(
                organisation=group,
                person=two.members.get(relation="HEAD").person,
                by=national_manager,
                start_date=dt.date(2020, 1, 1),
            )
        cf.shop(by=national_manager, organisation=other)
        client.force_login(district_officer)
        client.get(reverse("commerce:household-panel", args=[one.pk]))  # the session and the caches warmed

        counts = []
        for home in (one, two):
            with CaptureQueriesContext(connection) as ctx:
                assert "<table" in client.get(reverse("commerce:household-panel", args=[home.pk])).text
            counts.append(len(ctx.captured_queries))

        assert counts[0] == counts[1]
