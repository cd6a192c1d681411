"""Loans outstanding and overdue principal, computed for the monitoring report as of a day."""

import datetime as dt

import pytest

from thanrak.finance import actions, queries
from thanrak.finance.models import Repayment
from thanrak.finance.tests import factories
from thanrak.finance.tests.factories import AT
from thanrak.monitoring import computed

pytestmark = pytest.mark.django_db
D = dt.date


def outstanding(end: dt.date) -> dict[str, int]:
    return computed.get("finance.loans_outstanding").run(start=D(2024, 10, 1), end=end)


def overdue(end: dt.date) -> dict[str, int]:
    return computed.get("finance.overdue_principal").run(start=D(2024, 10, 1), end=end)


class TestLoansOutstanding:
    def test_is_what_was_paid_out_less_the_principal_repaid_by_the_day(self, book):
        assert outstanding(D(2025, 1, 31)) == {}
        assert outstanding(D(2025, 4, 15)) == {"560101": 1_000_000 + 1_200_000}
        assert outstanding(D(2025, 6, 15)) == {"560101": 800_000 + 1_200_000}

    def test_a_loan_paid_out_after_the_day_does_not_count(self, book, treasurer, chair, members):
        factories.active_loan(
            borrower=members[2],
            recorder=treasurer,
            approver=chair,
            applied_on=D(2025, 7, 1),
            first_due_date=D(2025, 8, 1),
        )

        assert outstanding(D(2025, 6, 30)) == {"560101": 2_000_000}
        assert outstanding(D(2025, 7, 1)) == {"560101": 3_200_000}

    def test_funds_of_other_subdistricts_are_counted_apart(self, book, national_manager, make_user):
        other = factories.fund(by=national_manager, area_code="560102")
        factories.cash_in(fund=other, by=national_manager, satang=5_000_000)
        borrower = factories.member(fund=other, by=national_manager)
        factories.active_loan(
            borrower=borrower,
            recorder=national_manager,
            approver=make_user("centre2", "NATIONAL_MANAGER"),
            principal=600_000,
            periods=6,
        )

        assert outstanding(D(2025, 6, 15)) == {"560101": 2_000_000, "560102": 600_000}


class TestOverduePrincipal:
    def test_is_the_unpaid_principal_of_installments_past_due_on_the_day(self, book):
        assert overdue(D(2025, 3, 1)) == {}  # the first installment is due that day, not late yet
        assert overdue(D(2025, 4, 15)) == {"560101": 200_000}  # B's March and April
        assert overdue(D(2025, 6, 15)) == {"560101": 400_000}

    def test_agrees_with_the_fund_summary_of_today(self, book, funded):
        summary = queries.fund_summary(fund=funded, on=D(2025, 6, 15))

        assert overdue(D(2025, 6, 15)) == {"560101": summary.overdue_principal_satang}
        assert outstanding(D(2025, 6, 15)) == {"560101": summary.loans_outstanding_satang}

    def test_a_reversed_repayment_counts_until_the_day_it_was_reversed(self, book, treasurer):
        june = Repayment.objects.get(loan=book[0], on=D(2025, 6, 1))
        actions.journal_reverse(
            entry=june.entry, on=D(2025, 6, 20), reason="เงินไม่เข้าบัญชี", by=treasurer, at=AT
        )

        assert (outstanding(D(2025, 6, 15)), overdue(D(2025, 6, 15))) == (
            {"560101": 2_000_000},
            {"560101": 400_000},
        )
        assert (outstanding(D(2025, 6, 30)), overdue(D(2025, 6, 30))) == (
            {"560101": 2_100_000},
            {"560101": 500_000},
        )

    def test_a_restructured_loan_counts_its_old_schedule_before_and_its_new_one_after(
        self, book, treasurer, funded
    ):
        actions.loan_restructure(
            loan=book[1],
            on=D(2025, 7, 1),
            periods=6,
            first_due_date=D(2025, 8, 1),
            note="น้ำท่วมนา",
            by=treasurer,
            at=AT,
        )

        assert overdue(D(2025, 6, 15)) == {"560101": 400_000}  # B's four installments of the old schedule
        assert overdue(D(2025, 7, 15)) == {"560101": 100_000}  # A's July; B's new schedule starts in August
        assert overdue(D(2025, 8, 15)) == {"560101": 200_000 + 200_000}
        assert overdue(D(2025, 8, 15)) == {
            "560101": queries.fund_summary(fund=funded, on=D(2025, 8, 15)).overdue_principal_satang
        }

    def test_the_funds_in_arrears_are_counted_by_their_village_while_something_is_overdue(
        self, book, funded, national_manager
    ):
        in_arrears = computed.get("finance.funds_in_arrears")

        assert in_arrears.run(start=D(2024, 10, 1), end=D(2025, 1, 31)) == {}
        assert in_arrears.run(start=D(2024, 10, 1), end=D(2025, 6, 15)) == {funded.area_code: 1}
        rows = in_arrears.rows_for(
            viewer=national_manager, start=D(2024, 10, 1), end=D(2025, 6, 15), area_code="56", params={}
        )
        assert rows is not None and list(rows) == [funded]

    def test_a_ratio_of_the_two_gives_the_overdue_percent(self, book):
        from decimal import Decimal

        from thanrak.core.money import percent

        assert percent(overdue(D(2025, 6, 15))["560101"], outstanding(D(2025, 6, 15))["560101"]) == Decimal(
            "20.00"
        )
