"""The month end from the command line (a scheduler runs it on the first of each month)."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from thanrak.finance.models import LoanMonthEnd
from thanrak.finance.tests import factories

pytestmark = pytest.mark.django_db


class TestFinanceMonthEnd:
    def test_records_every_active_loan_for_the_day(self, funded, treasurer, chair, members):
        factories.active_loan(borrower=members[0], recorder=treasurer, approver=chair)
        out = StringIO()

        call_command("finance_month_end", "--as-of", "2025-06-30", stdout=out)

        assert "1 active loans recorded" in out.getvalue() and "1 of them in arrears" in out.getvalue()
        assert LoanMonthEnd.objects.get().as_of == dt.date(2025, 6, 30)

    def test_books_accrued_interest_for_a_fund_on_accrual_basis_once(self, funded, treasurer, chair, members):
        from thanrak.finance import actions
        from thanrak.finance.models import EntryKind, JournalEntry

        actions.fund_basis_set(fund=funded, accrual_basis=True, by=treasurer, at=factories.AT)
        factories.active_loan(borrower=members[0], recorder=treasurer, approver=chair)
        first, second = StringIO(), StringIO()

        call_command("finance_month_end", "--as-of", "2025-06-30", stdout=first)
        call_command("finance_month_end", "--as-of", "2025-06-30", stdout=second)

        assert "1 accrued-interest entries posted" in first.getvalue()
        assert (
            "0 accrued-interest entries posted" in second.getvalue()
            and "1 already booked" in second.getvalue()
        )
        assert JournalEntry.objects.filter(fund=funded, kind=EntryKind.ACCRUAL).count() == 1

    def test_refuses_a_day_that_is_not_a_date(self):
        with pytest.raises(CommandError):
            call_command("finance_month_end", "--as-of", "31/06/2568")

    def test_says_how_many_loans_are_in_arrears(self, funded, treasurer, chair, members):
        factories.active_loan(borrower=members[0], recorder=treasurer, approver=chair)
        factories.active_loan(borrower=members[1], recorder=treasurer, approver=chair)
        out = StringIO()

        call_command("finance_month_end", "--as-of", "2025-06-30", stdout=out)

        assert "2 active loans recorded" in out.getvalue() and "2 of them in arrears" in out.getvalue()
        assert "-1" not in out.getvalue()
