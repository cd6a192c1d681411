"""At 00:30 in Bangkok it is already tomorrow: every date-sensitive action and page takes the local day.

Between 00:00 and 07:00 Thai time the UTC date is still yesterday; a treasurer working late (or early)
must see today's date accepted, and a loan decided tonight is decided today.
"""

import datetime as dt
from unittest import mock

import pytest
from django.urls import reverse

from thanrak.finance import actions
from thanrak.finance.models import FundMember, LoanStatus, SavingsMovement
from thanrak.finance.tests import factories
from thanrak.registry.tests import factories as registry_factories
from thanrak.survey import actions as survey_actions

pytestmark = pytest.mark.django_db

BANGKOK = dt.timezone(dt.timedelta(hours=7))
# 00:30 on Tuesday 8 December 2569 in Bangkok, which is still 7 December in UTC: given in UTC, as
# timezone.now() gives it to the views.
NIGHT = dt.datetime(2026, 12, 8, 0, 30, tzinfo=BANGKOK).astimezone(dt.UTC)
TODAY = dt.date(2026, 12, 8)


def frozen(moment: dt.datetime = NIGHT):  # noqa: ANN201
    return mock.patch("django.utils.timezone.now", return_value=moment)


class TestActionsAtHalfPastMidnight:
    def test_enrols_a_member_who_joins_today(self, fund, national_manager):
        person = registry_factories.person(by=national_manager)

        member = actions.fund_member_enrol(
            fund=fund, person=person, joined_on=TODAY, by=national_manager, at=NIGHT
        )

        assert member.joined_on == TODAY

    def test_opens_a_fund_today(self, national_manager):
        made = factories.fund(by=national_manager, opened_on=dt.date(2025, 1, 1))
        org = made.organisation

        opened = actions.fund_open(
            organisation=org,
            kind=made.kind,
            name_th="กองทุนเปิดวันนี้",
            opened_on=TODAY,
            by=national_manager,
            at=NIGHT,
        )

        assert opened.opened_on == TODAY

    def test_a_loan_approved_tonight_is_decided_on_the_day_it_was_applied_for(
        self, funded, treasurer, chair, members
    ):
        loan = actions.loan_apply(
            borrower=members[0],
            principal_satang=500_000,
            periods=6,
            method="flat",
            frequency="monthly",
            applied_on=TODAY,
            by=treasurer,
            at=NIGHT,
        )

        decided = actions.loan_decide(loan=loan, decision="APPROVE", by=chair, at=NIGHT)

        assert decided.status == LoanStatus.APPROVED
        assert decided.decided_on == TODAY == decided.applied_on

    def test_closes_the_books_through_today(self, funded, treasurer):
        closed = actions.period_close(fund=funded, through=TODAY, by=treasurer, at=NIGHT)

        assert closed.closed_through == TODAY

    def test_closes_the_year_at_half_past_midnight_on_new_year_s_day(self, funded, treasurer):
        new_year = dt.datetime(2027, 1, 1, 0, 30, tzinfo=BANGKOK).astimezone(dt.UTC)

        run = actions.year_end_post(fund=funded, period_end=dt.date(2026, 12, 31), by=treasurer, at=new_year)

        assert run.period_end == dt.date(2026, 12, 31)

    def test_records_help_given_today(self, phayao_household, district_officer):
        help_given = survey_actions.assistance_record(
            household=phayao_household,
            kind="TRAINING",
            description="อบรมทำบัญชีครัวเรือน",
            given_on=TODAY,
            by=district_officer,
            at=NIGHT,
        )

        assert help_given.given_on == TODAY


class TestPagesAtHalfPastMidnight:
    def test_enrols_with_the_date_the_form_itself_suggests(self, client, fund, national_manager):
        person = registry_factories.person(by=national_manager)
        client.force_login(national_manager)
        url = reverse("finance:member-list", args=[fund.pk])
        with frozen():
            page = client.get(url)
            suggested = page.context["form"]["joined_on"].value()
            client.post(
                url,
                {
                    "citizen_id": person.citizen_id,
                    "joined_on": page.context["form"]["joined_on"]
                    .as_widget()
                    .split('value="')[1]
                    .split('"')[0],
                },
            )

        assert suggested == TODAY
        assert FundMember.objects.get(fund=fund, person=person).joined_on == TODAY

    def test_a_deposit_typed_in_the_buddhist_era_is_booked_on_that_day(
        self, client, funded, treasurer, members
    ):
        client.force_login(treasurer)
        with frozen():
            client.post(
                reverse("finance:savings-record", args=[members[0].pk]),
                {
                    "direction": "in",
                    "kind": "SAJJA",
                    "amount": "๕๐๐",
                    "on": "2569-12-08",
                    "idempotency_key": "k1",
                },
            )

        assert SavingsMovement.objects.get(member=members[0], entry__entry_date=TODAY).amount_satang == 50_000

    def test_refuses_a_deposit_dated_tomorrow_in_thai(self, client, funded, treasurer, members):
        client.force_login(treasurer)
        with frozen():
            response = client.post(
                reverse("finance:savings-record", args=[members[0].pk]),
                {
                    "direction": "in",
                    "kind": "SAJJA",
                    "amount": "500",
                    "on": "9/12/2569",
                    "idempotency_key": "k2",
                },
                follow=True,
            )

        assert "วันที่ต้องไม่เลยวันนี้ (8 ธ.ค. 2569)" in response.text
        assert not SavingsMovement.objects.filter(member=members[0], amount_satang=50_000).exists()


class TestMoneyIsRecordedOnTheDayItChangedHands:
    def test_refuses_a_deposit_dated_next_year_from_any_caller(self, funded, treasurer, members):
        with pytest.raises(actions.CannotSave) as refusal:
            actions.savings_deposit(
                member=members[0],
                kind="SAJJA",
                amount_satang=50_000,
                on=dt.date(2027, 12, 8),
                by=treasurer,
                at=NIGHT,
            )
        assert refusal.value.code == "today_record_money_day"

        assert not SavingsMovement.objects.filter(member=members[0]).exists()

    def test_accepts_a_deposit_of_today_at_half_past_midnight(self, funded, treasurer, members):
        actions.savings_deposit(
            member=members[0], kind="SAJJA", amount_satang=50_000, on=TODAY, by=treasurer, at=NIGHT
        )

        assert SavingsMovement.objects.get(member=members[0]).entry.entry_date == TODAY

    def test_refuses_a_repayment_dated_tomorrow(self, funded, treasurer, chair, members):
        loan = factories.active_loan(borrower=members[0], recorder=treasurer, approver=chair)

        with pytest.raises(actions.CannotSave) as refusal:
            actions.loan_repay(
                loan=loan, amount_satang=10_000, on=TODAY + dt.timedelta(days=1), by=treasurer, at=NIGHT
            )
        assert refusal.value.code == "today_record_money_day"
