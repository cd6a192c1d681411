"""What the field trial's treasurers, committees and members hit in finance (issue 10, section G)."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from thanrak.accounts.actions import token_create
from thanrak.core.errors import DomainError
from thanrak.finance import actions
from thanrak.finance.actions import CollectItem
from thanrak.finance.models import MemberYearEnd, SavingsMovement
from thanrak.finance.tests import factories
from thanrak.finance.tests.factories import AT

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def sajja_fund(national_manager, treasurer):  # noqa: ANN001
    """A savings group whose bylaw asks 100 baht of sajja savings a month."""
    from thanrak.registry.actions import organisation_officer_assign

    fund = factories.fund(by=national_manager, bylaw={"monthly_savings_satang": 10_000})
    organisation_officer_assign(user=treasurer, organisation=fund.organisation, by=national_manager)
    return fund


class TestOneMonthsSajja:
    def test_refuses_paying_a_month_already_paid_in_full(self, sajja_fund, treasurer, national_manager):
        member = factories.member(fund=sajja_fund, by=national_manager)
        factories.save(member=member, by=treasurer, satang=10_000, on=D(2025, 3, 5))

        with pytest.raises(DomainError) as refusal:
            factories.save(member=member, by=treasurer, satang=10_000, on=D(2025, 3, 20))
        assert refusal.value.code == "already_paid_sajja_savings"
        assert str(refusal.value.params["month"]) == "มี.ค. 2568"

        assert SavingsMovement.objects.filter(member=member).count() == 1

    def test_takes_the_rest_of_a_month_paid_in_part_and_the_next_month(
        self, sajja_fund, treasurer, national_manager
    ):
        member = factories.member(fund=sajja_fund, by=national_manager)
        factories.save(member=member, by=treasurer, satang=4_000, on=D(2025, 3, 5))

        factories.save(member=member, by=treasurer, satang=6_000, on=D(2025, 3, 20))
        factories.save(member=member, by=treasurer, satang=10_000, on=D(2025, 4, 5))

        assert SavingsMovement.objects.filter(member=member).count() == 3

    def test_a_meeting_sheet_refuses_a_member_who_paid_the_month_already(
        self, sajja_fund, treasurer, national_manager
    ):
        member = factories.member(fund=sajja_fund, by=national_manager)
        factories.save(member=member, by=treasurer, satang=10_000, on=D(2025, 3, 5))

        with pytest.raises(DomainError) as refusal:
            actions.savings_collect(
                fund=sajja_fund,
                items=[CollectItem(member.pk, "SAJJA", 10_000)],
                on=D(2025, 3, 20),
                by=treasurer,
                at=AT,
                for_month=D(2025, 3, 1),
            )
        assert refusal.value.code == "already_paid_sajja_savings"


@pytest.fixture
def profitable_year(funded, treasurer, chair, members):  # noqa: ANN001
    """2025: every member holds 1,000 baht of shares all year; loan interest of 12,000 satang is the "
    "profit."""
    for m in members:
        factories.save(member=m, by=treasurer, satang=100_000, on=D(2025, 1, 1), kind="SHARES")
    loan = factories.active_loan(borrower=members[0], recorder=treasurer, approver=chair)
    actions.loan_repay(loan=loan, amount_satang=112_000, on=D(2025, 3, 1), by=treasurer, at=AT)
    return funded


class TestYearEndAfterALoss:
    def test_makes_good_the_losses_carried_from_earlier_years_before_paying_dividends(
        self, profitable_year, treasurer
    ):
        actions.journal_post_manual(
            fund=profitable_year,
            on=D(2025, 1, 2),
            legs=[("retained", 50_000, 0), ("cash", 0, 50_000)],
            memo="ขาดทุนสะสมจากสมุดเดิม",
            by=treasurer,
            at=AT,
        )

        run = actions.year_end_post(fund=profitable_year, period_end=D(2025, 12, 31), by=treasurer, at=AT)

        book = next(iter(run.summary["books"].values()))
        assert book["net_profit"] == 12_000
        assert book["allocations"]["dividend_bp"] == 0
        assert book["allocations"]["retained"] == 12_000
        assert not MemberYearEnd.objects.filter(run=run, dividend_satang__gt=0).exists()

    def test_shares_only_what_is_left_after_the_loss_is_made_good(self, profitable_year, treasurer, client):
        actions.journal_post_manual(
            fund=profitable_year,
            on=D(2025, 1, 2),
            legs=[("retained", 2_000, 0), ("cash", 0, 2_000)],
            memo="ขาดทุนสะสมจากสมุดเดิม",
            by=treasurer,
            at=AT,
        )
        client.force_login(treasurer)

        page = client.get(
            reverse("finance:year-end", args=[profitable_year.pk]), {"period_end": "2025-12-31"}
        ).content.decode()
        run = actions.year_end_post(fund=profitable_year, period_end=D(2025, 12, 31), by=treasurer, at=AT)

        assert "20.00 บาท" in page and "ชดเชยผลขาดทุนสะสม" in page
        book = next(iter(run.summary["books"].values()))
        assert sum(v for k, v in book["allocations"].items() if k != "retained") == 10_000


class TestYearEndPages:
    def test_lists_members_in_number_order_not_as_text(
        self, profitable_year, treasurer, national_manager, members, client
    ):
        more = [factories.member(fund=profitable_year, by=national_manager) for _ in range(9)]
        for m in more:
            factories.save(member=m, by=treasurer, satang=100_000, on=D(2025, 1, 1), kind="SHARES")
        run = actions.year_end_post(fund=profitable_year, period_end=D(2025, 12, 31), by=treasurer, at=AT)
        client.force_login(treasurer)

        page = client.get(reverse("finance:year-end-detail", args=[run.pk])).content.decode()

        table = page[page.index("<tbody>") :]
        numbers = [m.member_no for m in [*members, *more]]
        positions = [table.index(f">{no} ") for no in numbers]
        assert positions == sorted(positions), numbers

    def test_the_api_names_the_pools_by_what_they_hold(self, profitable_year, treasurer, client):
        _token, key = token_create(user=treasurer, name="test", at=timezone.now())
        headers = {"Authorization": f"Bearer {key}"}

        preview = client.get(
            f"/api/v1/finance/funds/{profitable_year.pk}/year-end/preview",
            {"period_end": "2025-12-31"},
            headers=headers,
        ).json()

        allocations = preview["books"][0]["allocations"]
        assert allocations["reserve_satang"] + allocations["dividends_satang"] > 0
        assert not any(k.endswith("_bp") for k in allocations)


@pytest.fixture
def guaranteed_by_the_chair(funded, treasurer, chair, members):  # noqa: ANN001
    """The treasurer records an application that the chair guarantees; the bylaw needs one approval."""
    members[1].person.user = chair
    members[1].person.save(update_fields=["user"])
    from thanrak.accounts.scope import forget_scope

    forget_scope(chair)
    return actions.loan_apply(
        borrower=members[0],
        principal_satang=600_000,
        periods=6,
        method="flat",
        frequency="monthly",
        applied_on=D(2025, 4, 1),
        by=treasurer,
        at=AT,
        guarantors=[members[1]],
    )


class TestTheCommittee:
    def test_sees_the_schedule_before_voting(self, client, funded, treasurer, chair, members):
        loan = actions.loan_apply(
            borrower=members[0],
            principal_satang=600_000,
            periods=6,
            method="flat",
            frequency="monthly",
            applied_on=D(2025, 4, 1),
            by=treasurer,
            at=AT,
        )
        client.force_login(chair)

        detail = client.get(reverse("finance:loan-detail", args=[loan.pk])).content.decode()
        approvals = client.get(reverse("finance:approvals", args=[funded.pk])).content.decode()

        for page in (detail, approvals):
            assert "ตารางผ่อนชำระที่ผู้กู้จะต้องจ่าย" in page
            assert "1 พ.ค. 2568" in page and "1 ต.ค. 2568" in page  # the first and the sixth installment

    def test_is_told_when_no_one_left_may_approve_an_application(
        self, client, guaranteed_by_the_chair, treasurer
    ):
        client.force_login(treasurer)

        page = client.get(reverse("finance:loan-detail", args=[guaranteed_by_the_chair.pk])).content.decode()

        assert "ไม่มีกรรมการที่ลงมติอนุมัติคำขอนี้ได้" in page

    def test_is_not_warned_when_someone_may_still_approve(self, client, funded, treasurer, chair, members):
        loan = actions.loan_apply(
            borrower=members[0],
            principal_satang=600_000,
            periods=6,
            method="flat",
            frequency="monthly",
            applied_on=D(2025, 4, 1),
            by=treasurer,
            at=AT,
        )
        client.force_login(treasurer)

        page = client.get(reverse("finance:loan-detail", args=[loan.pk])).content.decode()

        assert "ไม่มีกรรมการที่ลงมติอนุมัติคำขอนี้ได้" not in page


class TestThePassbook:
    def test_keeps_a_balance_for_savings_and_one_for_shares(self, client, funded, treasurer, members):
        factories.save(member=members[0], by=treasurer, satang=30_000, on=D(2025, 1, 5))
        factories.save(member=members[0], by=treasurer, satang=50_000, on=D(2025, 1, 6), kind="SHARES")
        factories.save(member=members[0], by=treasurer, satang=20_000, on=D(2025, 2, 5))
        client.force_login(treasurer)

        page = client.get(reverse("finance:member-detail", args=[members[0].pk])).content.decode()

        assert "เงินสัจจะคงเหลือ" in page and "ค่าหุ้นคงเหลือ" in page
        # After February's savings: 500.00 of sajja and 500.00 of shares, never one mixed figure.
        last_row = page[page.rindex("<tr>", 0, page.index("</tbody>")) :]
        assert last_row.count("500.00") == 2 and "1,000.00" not in last_row


class TestRecordingAnApplication:
    def test_warns_the_treasurer_when_no_one_left_may_approve_it(
        self, client, funded, treasurer, chair, members
    ):
        from thanrak.accounts.scope import forget_scope

        members[1].person.user = chair
        members[1].person.save(update_fields=["user"])
        forget_scope(chair)
        client.force_login(treasurer)

        page = client.post(
            reverse("finance:loan-create", args=[funded.pk]),
            {
                "borrower": members[0].pk,
                "principal": "6,000",
                "periods": "6",
                "method": "flat",
                "frequency": "monthly",
                "applied_on": "2025-04-01",
                "guarantors": [members[1].pk],
                "annual_rate_bp": "12",
                "idempotency_key": "app-1",
            },
            follow=True,
        ).content.decode()

        assert "ไม่มีกรรมการที่ลงมติอนุมัติคำขอนี้ได้ เพราะผู้บันทึกคำขอ" in page
