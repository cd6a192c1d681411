"""Cash or accrual basis for loan interest: cash by default; on an accrual basis the month end books
the interest earned but not yet paid, one adjusting entry per book a month."""

import datetime as dt

import pytest
from django.urls import reverse

from thanrak.finance import actions, queries
from thanrak.finance.chart_of_accounts import Roles
from thanrak.finance.models import EntryKind, JournalEntry, LedgerAccount, LoanMonthEnd
from thanrak.finance.posting import balances_from_lines
from thanrak.finance.tests import factories
from thanrak.finance.tests.factories import AT

pytestmark = pytest.mark.django_db
D = dt.date

# 12,000 baht at 12 % a year, declining principal, monthly from 1 Mar 2025, paid out 1 Feb 2025:
# installment 1 is 1,000 baht principal + 120 baht interest.
FEB_EARNED = 10_652  # 1,200,000 × 12 % × 27 days (1–28 Feb) / 365 = 10,652.05 satang


@pytest.fixture
def loan(funded, treasurer, chair, members):  # noqa: ANN001
    return factories.active_loan(borrower=members[0], recorder=treasurer, approver=chair)


def accrued(fund) -> int:  # noqa: ANN001
    return LedgerAccount.objects.get(
        book__fund=fund, book__is_default=True, role=Roles.ACCRUED_INTEREST
    ).balance_satang


def accruals(fund):  # noqa: ANN001, ANN201
    return list(JournalEntry.objects.filter(fund=fund, kind=EntryKind.ACCRUAL).order_by("entry_date", "id"))


def interest_income(fund, start, end, treasurer) -> int:  # noqa: ANN001
    pl = queries.income_statement(viewer=treasurer, fund=fund, start=start, end=end)
    return sum(r.natural_satang for r in pl.income if r.code == "41101")


class TestCashBasisByDefault:
    def test_a_new_fund_is_on_cash_basis_and_the_month_end_books_nothing(self, funded, loan, treasurer):
        assert funded.accrual_basis is False

        actions.month_end_run(as_of=D(2025, 2, 28))

        assert LoanMonthEnd.objects.get(loan=loan).accrued_interest_satang > 0  # the report still has it
        assert accruals(funded) == []
        assert accrued(funded) == 0
        assert interest_income(funded, D(2025, 1, 1), D(2025, 2, 28), treasurer) == 0

    def test_the_bylaw_page_says_cash_basis_and_officers_may_switch(self, client, funded, treasurer):
        client.force_login(treasurer)
        page = client.get(reverse("finance:bylaw-list", args=[funded.pk])).content.decode()
        assert "เกณฑ์เงินสด" in page

        response = client.post(
            reverse("finance:fund-basis", args=[funded.pk]), {"accrual_basis": "on"}, follow=True
        )

        assert "เกณฑ์คงค้าง" in response.content.decode()
        funded.refresh_from_db()
        assert funded.accrual_basis is True

    def test_the_auditor_may_not_switch(self, client, funded, auditor):
        client.force_login(auditor)

        assert (
            client.post(reverse("finance:fund-basis", args=[funded.pk]), {"accrual_basis": "on"}).status_code
            == 403
        )
        funded.refresh_from_db()
        assert funded.accrual_basis is False

    def test_a_welfare_fund_cannot_accrue(self, national_manager):
        welfare = factories.fund(by=national_manager, kind="WELFARE")

        with pytest.raises(actions.CannotChangeBylaw):
            actions.fund_basis_set(fund=welfare, accrual_basis=True, by=national_manager, at=AT)


class TestAccrualBasis:
    @pytest.fixture(autouse=True)
    def on_accrual(self, funded, treasurer):  # noqa: ANN001
        actions.fund_basis_set(fund=funded, accrual_basis=True, by=treasurer, at=AT)

    def test_books_the_interest_earned_but_not_yet_paid_in_one_balanced_entry(self, funded, loan, treasurer):
        actions.month_end_run(as_of=D(2025, 2, 28))

        [entry] = accruals(funded)
        assert entry.entry_date == D(2025, 2, 28)
        lines = {
            (ln.account.role, ln.debit_satang, ln.credit_satang)
            for ln in entry.lines.select_related("account")
        }
        assert lines == {(Roles.ACCRUED_INTEREST, FEB_EARNED, 0), (Roles.INTEREST_INCOME, 0, FEB_EARNED)}
        assert accrued(funded) == FEB_EARNED
        assert interest_income(funded, D(2025, 2, 1), D(2025, 2, 28), treasurer) == FEB_EARNED
        assert queries.trial_balance(viewer=treasurer, fund=funded, as_of=D(2025, 2, 28)).balanced
        sheet = queries.balance_sheet(viewer=treasurer, fund=funded, as_of=D(2025, 2, 28))
        assert {r.code: r.natural_satang for r in sheet.assets}["11302"] == FEB_EARNED

    def test_the_same_month_twice_posts_once(self, funded, loan):
        actions.month_end_run(as_of=D(2025, 2, 28))
        again = actions.interest_accrue(as_of=D(2025, 2, 28))
        actions.month_end_run(as_of=D(2025, 2, 27))

        assert len(accruals(funded)) == 1
        assert again.posted == [] and again.already == 1
        assert accrued(funded) == FEB_EARNED

    def test_next_month_adjusts_for_what_was_paid_and_income_is_received_plus_the_change(
        self, funded, loan, treasurer
    ):
        actions.month_end_run(as_of=D(2025, 2, 28))
        actions.loan_repay(loan=loan, amount_satang=112_000, on=D(2025, 3, 1), by=treasurer, at=AT)

        actions.month_end_run(as_of=D(2025, 3, 31))

        # 31 Mar: 1,100,000 × 12 % × 30 days / 365 = 10,849.3 → 10,849 earned since the 1 Mar due date.
        feb, mar = accruals(funded)
        assert accrued(funded) == 10_849
        assert [
            (ln.account.role, ln.debit_satang)
            for ln in mar.lines.select_related("account")
            if ln.debit_satang
        ] == [(Roles.ACCRUED_INTEREST, 10_849 - FEB_EARNED)]
        assert (
            interest_income(funded, D(2025, 3, 1), D(2025, 3, 31), treasurer) == 12_000 + 10_849 - FEB_EARNED
        )

    def test_an_unpaid_installment_stays_accrued_until_it_is_paid(self, funded, loan):
        actions.month_end_run(as_of=D(2025, 2, 28))
        actions.month_end_run(as_of=D(2025, 3, 31))

        # 120 baht due on 1 Mar and unpaid, plus 1,200,000 × 12 % × 30 / 365 = 11,836 since then.
        assert accrued(funded) == 12_000 + 11_836

    def test_a_loan_paid_off_takes_its_accrual_back_out_of_income(self, funded, loan, treasurer):
        actions.month_end_run(as_of=D(2025, 2, 28))
        payoff = 1_200_000 + 12_000
        actions.loan_repay(
            loan=loan, amount_satang=payoff, on=D(2025, 3, 1), by=treasurer, at=AT, prepay=True
        )
        loan.refresh_from_db()
        assert loan.status == "CLOSED"

        actions.month_end_run(as_of=D(2025, 3, 31))

        assert accrued(funded) == 0
        last = accruals(funded)[-1]
        assert {
            (ln.account.role, ln.debit_satang, ln.credit_satang)
            for ln in last.lines.select_related("account")
        } == {(Roles.INTEREST_INCOME, FEB_EARNED, 0), (Roles.ACCRUED_INTEREST, 0, FEB_EARNED)}
        # over the loan's life, income is exactly the interest paid in cash
        assert interest_income(funded, D(2025, 1, 1), D(2025, 12, 31), treasurer) == 12_000

    def test_a_closed_period_is_left_alone(self, funded, loan, treasurer):
        actions.period_close(fund=funded, through=D(2025, 2, 28), by=treasurer, at=AT)

        result = actions.interest_accrue(as_of=D(2025, 2, 28))
        actions.month_end_run(as_of=D(2025, 2, 28))

        assert result.posted == [] and [f.pk for f in result.closed] == [funded.pk]
        assert accruals(funded) == []
        assert LoanMonthEnd.objects.filter(as_of=D(2025, 2, 28)).count() == 1  # the report still runs

    def test_an_earlier_month_is_not_slipped_in_under_a_later_one(self, funded, loan):
        actions.month_end_run(as_of=D(2025, 3, 31))
        actions.month_end_run(as_of=D(2025, 2, 28))

        assert [e.entry_date for e in accruals(funded)] == [D(2025, 3, 31)]

    def test_back_to_cash_basis_unwinds_the_accrual_at_the_next_month_end(self, funded, loan, treasurer):
        actions.month_end_run(as_of=D(2025, 2, 28))
        actions.fund_basis_set(fund=funded, accrual_basis=False, by=treasurer, at=AT)

        actions.month_end_run(as_of=D(2025, 3, 31))

        assert accrued(funded) == 0
        assert len(accruals(funded)) == 2

    def test_an_accrual_cannot_be_reversed_by_hand(self, funded, loan, treasurer):
        actions.month_end_run(as_of=D(2025, 2, 28))

        with pytest.raises(actions.CannotReverse):
            actions.journal_reverse(
                entry=accruals(funded)[0], on=D(2025, 3, 5), reason="x", by=treasurer, at=AT
            )

    def test_each_book_gets_its_own_entry_and_balances_on_its_own(self, funded, members, treasurer, chair):
        other = actions.book_add(fund=funded, spec=actions.BookSpec("topup", "เพิ่มทุน"), by=treasurer, at=AT)
        factories.cash_in(fund=funded, by=treasurer, satang=5_000_000)
        actions.journal_post_manual(
            fund=funded,
            on=D(2025, 1, 1),
            legs=[("cash", 5_000_000, 0), ("capital", 0, 5_000_000)],
            memo="ทุน",
            book=other,
            by=treasurer,
            at=AT,
        )
        factories.active_loan(borrower=members[0], recorder=treasurer, approver=chair)
        factories.active_loan(borrower=members[1], recorder=treasurer, approver=chair, book=other)

        actions.month_end_run(as_of=D(2025, 2, 28))

        entries = accruals(funded)
        assert sorted(e.book_id for e in entries) == sorted(b.pk for b in funded.books.all())
        for book in funded.books.all():
            tb = queries.trial_balance(viewer=treasurer, fund=funded, as_of=D(2025, 2, 28), book=book)
            assert tb.balanced
        accounts = LedgerAccount.objects.filter(fund=funded)
        assert balances_from_lines(a.pk for a in accounts) == {
            a.pk: a.balance_satang for a in accounts if a.balance_satang
        }

    def test_the_work_is_set_based_not_a_query_per_loan(
        self, funded, members, treasurer, chair, django_assert_max_num_queries
    ):
        factories.active_loan(borrower=members[0], recorder=treasurer, approver=chair)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as one:
            actions.interest_accrue(as_of=D(2025, 2, 28))
        for m in members[1:]:
            for _ in range(3):
                factories.active_loan(borrower=m, recorder=treasurer, approver=chair, principal=100_000)

        with django_assert_max_num_queries(len(one.captured_queries)):
            actions.interest_accrue(as_of=D(2025, 3, 31))
