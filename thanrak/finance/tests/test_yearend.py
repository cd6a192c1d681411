"""Year end: dividends on shares by whole months held, patronage refunds on interest, exact pools."""

import datetime as dt

import pytest

from thanrak.finance import actions, posting, queries
from thanrak.finance.models import LedgerAccount, MemberYearEnd
from thanrak.finance.tests import factories
from thanrak.finance.tests.factories import AT

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def year(funded, treasurer, chair, members):  # noqa: ANN001
    """2025 by hand: interest 35,000 satang (A 23,000 repaid in full; C 12,000 then in arrears),
    expenses 3,000, so the profit is 32,000 satang. Shares of 1,000 baht: A from 1 Jan (12 months),
    B from 15 Jul (counts Aug–Dec: 5), C from 1 Jul (Jul–Dec: 6)."""
    a, b, c = members
    factories.save(member=a, by=treasurer, satang=100_000, on=D(2025, 1, 1), kind="SHARES")
    factories.save(member=b, by=treasurer, satang=100_000, on=D(2025, 7, 15), kind="SHARES")
    factories.save(member=c, by=treasurer, satang=100_000, on=D(2025, 7, 1), kind="SHARES")
    loan_a = factories.active_loan(borrower=a, recorder=treasurer, approver=chair)
    loan_c = factories.active_loan(borrower=c, recorder=treasurer, approver=chair)
    actions.loan_repay(loan=loan_a, amount_satang=112_000, on=D(2025, 3, 1), by=treasurer, at=AT)
    actions.loan_repay(
        loan=loan_a, amount_satang=1_111_000, on=D(2025, 4, 1), by=treasurer, at=AT, prepay=True
    )
    actions.loan_repay(loan=loan_c, amount_satang=112_000, on=D(2025, 3, 1), by=treasurer, at=AT)
    actions.journal_post_manual(
        fund=funded,
        on=D(2025, 6, 1),
        legs=[("operating_expense", 3_000, 0), ("cash", 0, 3_000)],
        memo="ค่าสมุดบัญชี",
        by=treasurer,
        at=AT,
    )
    return funded


def amounts(run):  # noqa: ANN001, ANN201
    return {
        m.member.member_no: (
            m.dividend_weight,
            m.dividend_satang,
            m.interest_paid_satang,
            m.refund_satang,
            m.excluded_from_refund,
        )
        for m in MemberYearEnd.objects.filter(run=run).select_related("member")
    }


class TestYearEndPost:
    def test_splits_the_profit_by_the_bylaw(self, year, treasurer):
        run = actions.year_end_post(fund=year, period_end=D(2025, 12, 31), by=treasurer, at=AT)

        book = run.summary["books"][str(year.books.get().pk)]
        assert book["net_profit"] == 32_000
        assert book["allocations"] == {
            "reserve_bp": 3_200,
            "welfare_bp": 3_200,
            "committee_bp": 3_200,
            "public_benefit_bp": 1_600,
            "dividend_bp": 14_400,
            "patronage_bp": 6_400,
            "retained": 0,
        }

    def test_weights_dividends_by_whole_months_and_rounds_by_largest_remainder(
        self, year, treasurer, members
    ):
        run = actions.year_end_post(fund=year, period_end=D(2025, 12, 31), by=treasurer, at=AT)

        # 14,400 × 12/23 = 7,513.04; × 5/23 = 3,130.43; × 6/23 = 3,756.52 → the one left over goes to C.
        got = amounts(run)
        a, b, c = (m.member_no for m in members)
        assert got[a][:2] == (1_200_000, 7_513)
        assert got[b][:2] == (500_000, 3_130)
        assert got[c][:2] == (600_000, 3_757)
        assert sum(v[1] for v in got.values()) == 14_400

    def test_gives_no_refund_to_a_member_in_arrears(self, year, treasurer, members):
        run = actions.year_end_post(fund=year, period_end=D(2025, 12, 31), by=treasurer, at=AT)

        got = amounts(run)
        a, _b, c = (m.member_no for m in members)
        assert got[a][2:] == (23_000, 6_400, False)
        assert got[c][2:] == (12_000, 0, True)

    def test_posts_the_closing_entry_and_closes_the_year(self, year, treasurer, members):
        actions.year_end_post(fund=year, period_end=D(2025, 12, 31), by=treasurer, at=AT)

        accounts = {a.role: a.natural_balance_satang for a in LedgerAccount.objects.filter(fund=year)}
        assert accounts["interest_income"] == 0 and accounts["operating_expense"] == 0
        assert accounts["reserve"] == 3_200
        assert accounts["dividends_payable"] == 14_400
        assert accounts["refunds_payable"] == 6_400
        year.refresh_from_db()
        assert year.closed_through == D(2025, 12, 31)
        sheet = queries.balance_sheet(viewer=treasurer, fund=year, as_of=D(2025, 12, 31))
        assert sheet.balanced and sheet.current_earnings_satang == 0

    def test_is_refused_twice_for_the_same_year(self, year, treasurer):
        actions.year_end_post(fund=year, period_end=D(2025, 12, 31), by=treasurer, at=AT)

        with pytest.raises(actions.CannotCloseYear):
            actions.year_end_post(fund=year, period_end=D(2025, 12, 31), by=treasurer, at=AT)

    def test_caps_the_dividend_rate_and_keeps_the_rest_in_reserve(self, year, treasurer, national_manager):
        actions.bylaw_amend(
            fund=year, effective_from=D(2025, 12, 1), dividend_cap_bp=500, by=national_manager, at=AT
        )

        run = actions.year_end_post(fund=year, period_end=D(2025, 12, 31), by=treasurer, at=AT)

        # 5 % a year on 2,300,000 satang-months: 2,300,000 × 0.05 / 12 = 9,583.33 → 9,583.
        allocations = run.summary["books"][str(year.books.get().pk)]["allocations"]
        assert allocations["dividend_bp"] == 9_583
        assert allocations["reserve_bp"] == 3_200 + 14_400 - 9_583

    def test_of_a_loss_takes_it_from_retained_earnings(self, funded, treasurer):
        actions.journal_post_manual(
            fund=funded,
            on=D(2025, 6, 1),
            legs=[("operating_expense", 3_000, 0), ("cash", 0, 3_000)],
            memo="ค่าเช่า",
            by=treasurer,
            at=AT,
        )

        actions.year_end_post(fund=funded, period_end=D(2025, 12, 31), by=treasurer, at=AT)

        assert LedgerAccount.objects.get(fund=funded, role="retained").natural_balance_satang == -3_000

    def test_of_a_year_not_yet_over_is_refused(self, funded, treasurer):
        with pytest.raises(actions.CannotCloseYear):
            actions.year_end_post(fund=funded, period_end=D(2026, 12, 31), by=treasurer, at=AT)


class TestYearEndPayOut:
    def test_into_deposits_credits_each_member(self, year, treasurer, members):
        run = actions.year_end_post(fund=year, period_end=D(2025, 12, 31), by=treasurer, at=AT)

        actions.year_end_pay_out(run=run, on=D(2026, 1, 10), to_deposits=True, by=treasurer, at=AT)

        book = year.books.get()
        a = members[0]
        assert posting.member_balance(book=book, role="deposits", member_id=a.pk) == 7_513 + 6_400
        assert LedgerAccount.objects.get(fund=year, role="dividends_payable").balance_satang == 0

    def test_each_member_sees_only_their_own(self, year, treasurer, members, make_user):
        run = actions.year_end_post(fund=year, period_end=D(2025, 12, 31), by=treasurer, at=AT)
        user = make_user("member_b", "MEMBER")
        person = members[1].person
        person.user = user
        person.save(update_fields=["user"])

        rows = list(queries.year_end_members(viewer=user, run=run))

        assert [r.member_id for r in rows] == [members[1].pk]
        assert rows[0].dividend_satang == 3_130


class TestYearEndPreview:
    def test_writes_nothing(self, year, treasurer):
        plan = queries.year_end_preview(viewer=treasurer, fund=year, period_end=D(2025, 12, 31))

        assert plan.net_profit == 32_000
        assert not year.year_ends.exists()
