"""Loans: application → committee approval → payout → schedule → repayments → closure."""

import datetime as dt

import pytest

from thanrak.finance import actions, posting
from thanrak.finance.actions import (
    CannotApplyForLoan,
    CannotDecideLoan,
    CannotDisburseLoan,
    CannotRepayLoan,
)
from thanrak.finance.models import FundKind, Installment, LedgerAccount, Loan, LoanStatus, Repayment
from thanrak.finance.tests import factories
from thanrak.finance.tests.factories import AT

pytestmark = pytest.mark.django_db
D = dt.date


def apply(borrower, by, **kw):  # noqa: ANN001, ANN201
    terms = {
        "principal_satang": 1_200_000,
        "periods": 12,
        "method": "declining_principal",
        "frequency": "monthly",
        "applied_on": D(2025, 2, 1),
    }
    terms.update(kw)
    return actions.loan_apply(borrower=borrower, by=by, at=AT, **terms)


def loans_balance(loan):  # noqa: ANN001, ANN201
    return posting.member_balance(book=loan.book, role="loans", member_id=loan.borrower_id)


class TestLoanApply:
    def test_records_an_application_for_the_committee(self, funded, treasurer, members):
        loan = apply(members[0], treasurer, purpose="ซื้อปุ๋ย")

        assert loan.status == LoanStatus.APPLIED
        assert loan.annual_rate_bp == 1200
        assert loan.number == "2568-0001"

    def test_refuses_in_a_welfare_fund(self, national_manager):
        welfare = factories.fund(by=national_manager, kind=FundKind.WELFARE)
        member = factories.member(fund=welfare, by=national_manager)

        with pytest.raises(CannotApplyForLoan) as refusal:
            apply(member, national_manager)
        assert refusal.value.code == "welfare_fund_does_lend"

    def test_refuses_more_than_the_bylaw_lends(self, funded, treasurer, members):
        with pytest.raises(CannotApplyForLoan) as refusal:
            apply(members[0], treasurer, principal_satang=5_000_001)
        assert refusal.value.code == "bylaw_lends_most_baht"
        assert str(refusal.value.params["max"]) == "50,000.00"

    @pytest.mark.parametrize("amount", [0, -100])
    def test_refuses_zero_and_negative_amounts(self, funded, treasurer, members, amount):
        with pytest.raises(CannotApplyForLoan) as refusal:
            apply(members[0], treasurer, principal_satang=amount)
        assert refusal.value.code == "amount_not_positive"

    def test_refuses_a_higher_rate_than_the_bylaw(self, funded, treasurer, members):
        with pytest.raises(CannotApplyForLoan) as refusal:
            apply(members[0], treasurer, annual_rate_bp=1500)
        assert refusal.value.code == "interest_may_most_bylaw"
        assert str(refusal.value.params["rate"]) == "12"

    def test_needs_the_guarantors_the_bylaw_asks_for(self, national_manager, treasurer):
        fund = factories.fund(
            by=national_manager, bylaw={"guarantors_required": 2, "guarantors_above_satang": 1_000_000}
        )
        borrower, g1, g2 = (factories.member(fund=fund, by=national_manager) for _ in range(3))

        with pytest.raises(CannotApplyForLoan) as refusal:
            apply(borrower, national_manager, guarantors=[g1])
        assert refusal.value.code == "loan_size_needs_guarantors"
        assert str(refusal.value.params["n"]) == "2"
        assert apply(borrower, national_manager, principal_satang=1_000_000).status == LoanStatus.APPLIED
        assert apply(borrower, national_manager, guarantors=[g1, g2]).guarantors.count() == 2

    def test_refuses_the_borrower_as_own_guarantor(self, funded, treasurer, members):
        with pytest.raises(CannotApplyForLoan) as refusal:
            apply(members[0], treasurer, guarantors=[members[0]])
        assert refusal.value.code == "borrower_guarantee_own_loan"

    def test_sent_twice_with_one_key_makes_one_application(self, funded, treasurer, members):
        first = apply(members[0], treasurer, key="k1")
        second = apply(members[0], treasurer, key="k1")

        assert first.pk == second.pk
        assert Loan.objects.count() == 1

    def test_refuses_a_member_with_an_overdue_loan(self, funded, treasurer, chair, members):
        factories.active_loan(borrower=members[0], recorder=treasurer, approver=chair)

        with pytest.raises(CannotApplyForLoan) as refusal:
            apply(members[0], treasurer, applied_on=D(2025, 4, 2))
        assert refusal.value.code == "overdue_loan_brought_up"


class TestLoanDecide:
    def test_by_another_committee_member_approves(self, funded, treasurer, chair, members):
        loan = apply(members[0], treasurer)

        loan = actions.loan_decide(loan=loan, decision="APPROVE", by=chair, at=AT)

        assert loan.status == LoanStatus.APPROVED

    def test_by_the_person_who_recorded_it_is_refused(self, funded, treasurer, members):
        loan = apply(members[0], treasurer)

        with pytest.raises(CannotDecideLoan) as refusal:
            actions.loan_decide(loan=loan, decision="APPROVE", by=treasurer, at=AT)
        assert refusal.value.code == "you_recorded_application_another"

    def test_of_ones_own_loan_is_refused(self, funded, treasurer, chair, members):
        chair_person = members[1].person
        chair_person.user = chair
        chair_person.save(update_fields=["user"])
        from thanrak.accounts.scope import forget_scope

        forget_scope(chair)
        loan = apply(members[1], treasurer)

        with pytest.raises(CannotDecideLoan) as refusal:
            actions.loan_decide(loan=loan, decision="APPROVE", by=chair, at=AT)
        assert refusal.value.code == "you_decide_your_own"
        assert Loan.objects.get(pk=loan.pk).status == LoanStatus.APPLIED

    def test_waits_for_the_quorum(self, national_manager, treasurer, chair, make_user):
        from thanrak.registry.actions import organisation_officer_assign

        fund = factories.fund(by=national_manager, bylaw={"approvals_required": 2})
        for user in (treasurer, chair):
            organisation_officer_assign(user=user, organisation=fund.organisation, by=national_manager)
        loan = apply(factories.member(fund=fund, by=national_manager), national_manager)

        assert (
            actions.loan_decide(loan=loan, decision="APPROVE", by=chair, at=AT).status == LoanStatus.APPLIED
        )
        assert (
            actions.loan_decide(loan=loan, decision="APPROVE", by=chair, at=AT).status == LoanStatus.APPLIED
        )
        assert (
            actions.loan_decide(loan=loan, decision="APPROVE", by=treasurer, at=AT).status
            == LoanStatus.APPROVED
        )

    def test_a_rejection_needs_a_reason(self, funded, treasurer, chair, members):
        loan = apply(members[0], treasurer)

        with pytest.raises(CannotDecideLoan) as refusal:
            actions.loan_decide(loan=loan, decision="REJECT", by=chair, at=AT)
        assert refusal.value.code == "give_reason_rejecting"
        assert (
            actions.loan_decide(loan=loan, decision="REJECT", by=chair, at=AT, note="รายได้ไม่พอ").status
            == "REJECTED"
        )


class TestLoanDisburse:
    def test_pays_out_cash_and_fixes_the_schedule(self, funded, treasurer, chair, members):
        loan = factories.active_loan(borrower=members[0], recorder=treasurer, approver=chair)

        assert loan.status == LoanStatus.ACTIVE
        assert loans_balance(loan) == 1_200_000
        assert LedgerAccount.objects.get(fund=funded, role="cash").balance_satang == 10_000_000 - 1_200_000
        first = loan.installments.get(version=1, number=1)
        assert (first.due_date, first.principal_satang, first.interest_satang) == (
            D(2025, 3, 1),
            100_000,
            12_000,
        )

    def test_refuses_when_the_fund_is_short_of_cash(self, fund, treasurer, chair, members):
        factories.cash_in(fund=fund, by=treasurer, satang=1_000_000)

        with pytest.raises(actions.CannotPost) as refusal:
            factories.active_loan(borrower=members[0], recorder=treasurer, approver=chair)
        assert refusal.value.code == "enough_money_baht_entry"
        assert not Installment.objects.exists()

    def test_refuses_a_loan_not_yet_approved(self, funded, treasurer, members):
        loan = apply(members[0], treasurer)

        with pytest.raises(CannotDisburseLoan) as refusal:
            actions.loan_disburse(loan=loan, on=D(2025, 2, 1), by=treasurer, at=AT)
        assert refusal.value.code == "approved_loan_paid_out"

    def test_twice_is_refused(self, funded, treasurer, chair, members):
        loan = factories.active_loan(borrower=members[0], recorder=treasurer, approver=chair)

        with pytest.raises(CannotDisburseLoan) as refusal:
            actions.loan_disburse(loan=loan, on=D(2025, 2, 1), by=treasurer, at=AT)
        assert refusal.value.code == "loan_already_paid_out"


@pytest.fixture
def loan(funded, treasurer, chair, members):  # noqa: ANN001
    """12,000 baht at 12 % declining principal, 12 months from 1 Mar 2025: 1,000 baht + 1 % of the balance."""
    return factories.active_loan(borrower=members[0], recorder=treasurer, approver=chair)


class TestLoanRepay:
    def test_pays_interest_before_principal(self, loan, treasurer):
        repayment = actions.loan_repay(loan=loan, amount_satang=50_000, on=D(2025, 3, 1), by=treasurer, at=AT)

        assert (repayment.penalty_satang, repayment.interest_satang, repayment.principal_satang) == (
            0,
            12_000,
            38_000,
        )
        assert loans_balance(loan) == 1_200_000 - 38_000

    def test_pays_the_oldest_installment_first(self, loan, treasurer):
        repayment = actions.loan_repay(
            loan=loan, amount_satang=200_000, on=D(2025, 4, 1), by=treasurer, at=AT
        )

        first, second = loan.installments.filter(number__in=[1, 2]).order_by("number")
        assert (first.status, first.paid_on) == ("PAID", D(2025, 4, 1))
        assert (second.interest_paid_satang, second.principal_paid_satang) == (11_000, 77_000)
        assert repayment.principal_satang == 177_000

    def test_takes_the_penalty_first(self, national_manager, treasurer):
        fund = factories.fund(by=national_manager, bylaw={"penalty_rate_bp": 3650, "penalty_cap_bp": 1000})
        factories.cash_in(fund=fund, by=national_manager, satang=10_000_000)
        borrower = factories.member(fund=fund, by=national_manager)
        loan = factories.active_loan(
            borrower=borrower,
            recorder=national_manager,
            approver=treasurer_of(fund, treasurer, national_manager),
        )

        # 10 days late on 112,000 satang at 36.5 % a year: 112,000 × 0.365 × 10 / 365 = 1,120 satang.
        repayment = actions.loan_repay(
            loan=loan, amount_satang=5_000, on=D(2025, 3, 11), by=national_manager, at=AT
        )

        assert (repayment.penalty_satang, repayment.interest_satang, repayment.principal_satang) == (
            1_120,
            3_880,
            0,
        )
        assert LedgerAccount.objects.get(fund=fund, role="penalty_income").natural_balance_satang == 1_120

    def test_in_advance_pays_the_next_installment(self, loan, treasurer):
        repayment = actions.loan_repay(
            loan=loan, amount_satang=112_000, on=D(2025, 2, 20), by=treasurer, at=AT
        )

        assert (repayment.interest_satang, repayment.principal_satang) == (12_000, 100_000)
        assert loan.installments.get(number=1).status == "PAID"

    def test_of_more_than_the_whole_schedule_is_refused(self, loan, treasurer):
        with pytest.raises(CannotRepayLoan) as refusal:
            actions.loan_repay(loan=loan, amount_satang=2_000_000, on=D(2025, 3, 1), by=treasurer, at=AT)
        assert refusal.value.code == "whole_schedule_most_baht"

        assert not Repayment.objects.exists()

    @pytest.mark.parametrize("amount", [0, -1])
    def test_of_zero_or_less_is_refused(self, loan, treasurer, amount):
        with pytest.raises(CannotRepayLoan) as refusal:
            actions.loan_repay(loan=loan, amount_satang=amount, on=D(2025, 3, 1), by=treasurer, at=AT)
        assert refusal.value.code == "amount_not_positive"

    def test_sent_twice_with_one_key_is_taken_once(self, loan, treasurer):
        for _ in range(2):
            actions.loan_repay(
                loan=loan, amount_satang=50_000, on=D(2025, 3, 1), by=treasurer, at=AT, key="r-1"
            )

        assert Repayment.objects.count() == 1
        assert Loan.objects.get(pk=loan.pk).principal_repaid_satang == 38_000

    def test_of_the_whole_schedule_closes_the_loan(self, loan, treasurer):
        total = sum(i.principal_satang + i.interest_satang for i in loan.installments.all())
        actions.loan_repay(loan=loan, amount_satang=total, on=D(2026, 2, 1), by=treasurer, at=AT)

        loan.refresh_from_db()
        assert loan.status == LoanStatus.CLOSED
        assert loans_balance(loan) == 0

    def test_of_a_closed_loan_is_refused(self, loan, treasurer):
        total = sum(i.principal_satang + i.interest_satang for i in loan.installments.all())
        actions.loan_repay(loan=loan, amount_satang=total, on=D(2026, 2, 1), by=treasurer, at=AT)

        with pytest.raises(CannotRepayLoan) as refusal:
            actions.loan_repay(loan=loan, amount_satang=100, on=D(2026, 2, 2), by=treasurer, at=AT)
        assert refusal.value.code == "loan_already_repaid_closed"


class TestLoanPrepay:
    def test_of_the_payoff_amount_closes_the_loan_without_later_interest(self, loan, treasurer):
        # On 15 Mar after paying March: 1,100,000 principal left and half of April's 11,000 interest
        # (14 of 31 days since 1 Mar: round(11,000 × 14/31) = 4,968).
        actions.loan_repay(loan=loan, amount_satang=112_000, on=D(2025, 3, 1), by=treasurer, at=AT)
        repayment = actions.loan_repay(
            loan=loan, amount_satang=1_104_968, on=D(2025, 3, 15), by=treasurer, at=AT, prepay=True
        )

        loan.refresh_from_db()
        assert loan.status == LoanStatus.CLOSED
        assert (repayment.interest_satang, repayment.principal_satang) == (4_968, 1_100_000)
        assert loan.installments.filter(status="WAIVED").count() == 11

    def test_of_part_of_the_principal_spreads_the_rest_again_and_keeps_the_old_schedule(
        self, loan, treasurer
    ):
        actions.loan_repay(loan=loan, amount_satang=112_000, on=D(2025, 3, 1), by=treasurer, at=AT)
        actions.loan_repay(
            loan=loan, amount_satang=550_000, on=D(2025, 3, 15), by=treasurer, at=AT, prepay=True
        )

        loan.refresh_from_db()
        assert loan.schedule_version == 2
        new = list(loan.installments.filter(version=2).order_by("number"))
        assert len(new) == 11 and new[0].due_date == D(2025, 4, 1)
        assert sum(i.principal_satang for i in new) == 550_000
        assert new[0].interest_satang == 5_500
        assert loan.installments.filter(version=1, status="SUPERSEDED").count() == 11
        assert loans_balance(loan) == 550_000

    def test_of_more_than_the_payoff_is_refused(self, loan, treasurer):
        with pytest.raises(CannotRepayLoan) as refusal:
            actions.loan_repay(
                loan=loan, amount_satang=1_300_000, on=D(2025, 2, 15), by=treasurer, at=AT, prepay=True
            )
        assert refusal.value.code == "owed_baht_pays_loan"


class TestLoanRestructure:
    def test_gives_a_new_schedule_and_keeps_the_old_one(self, loan, treasurer):
        change = actions.loan_restructure(
            loan=loan,
            on=D(2025, 6, 15),
            periods=24,
            first_due_date=D(2025, 7, 15),
            by=treasurer,
            at=AT,
            note="น้ำท่วมนา",
            method="declining_installment",
        )

        loan.refresh_from_db()
        assert (change.from_version, change.to_version) == (1, 2)
        # March to June were never paid: 12,000 + 11,000 + 10,000 + 9,000 of interest carried over.
        assert change.carried_interest_satang == 42_000
        assert loan.installments.filter(version=1).count() == 12
        new = list(loan.installments.filter(version=2).order_by("number"))
        assert sum(i.principal_satang for i in new) == 1_200_000
        assert len(new) == 24

    def test_clears_the_arrears(self, loan, treasurer):
        from thanrak.finance.dues import days_past_due, open_installments

        actions.loan_restructure(
            loan=loan,
            on=D(2025, 6, 15),
            periods=24,
            first_due_date=D(2025, 7, 15),
            by=treasurer,
            at=AT,
            note="ภัยแล้ง",
        )

        loan.refresh_from_db()
        assert days_past_due(open_installments(loan), D(2025, 6, 16)) == 0

    def test_may_not_raise_the_rate(self, loan, treasurer):
        with pytest.raises(actions.CannotRestructureLoan):
            actions.loan_restructure(
                loan=loan,
                on=D(2025, 6, 15),
                periods=24,
                first_due_date=D(2025, 7, 15),
                by=treasurer,
                at=AT,
                note="x",
                annual_rate_bp=2400,
            )


class TestLoanReversals:
    def test_of_a_repayment_restores_what_is_owed(self, loan, treasurer):
        repayment = actions.loan_repay(loan=loan, amount_satang=50_000, on=D(2025, 3, 1), by=treasurer, at=AT)

        actions.journal_reverse(entry=repayment.entry, on=D(2025, 3, 2), reason="เช็คคืน", by=treasurer, at=AT)

        loan.refresh_from_db()
        assert loan.principal_repaid_satang == 0 and loan.interest_paid_satang == 0
        first = loan.installments.get(number=1)
        assert (first.interest_paid_satang, first.principal_paid_satang) == (0, 0)
        assert loans_balance(loan) == 1_200_000

    def test_of_an_earlier_repayment_waits_for_the_later_ones(self, loan, treasurer):
        first = actions.loan_repay(loan=loan, amount_satang=50_000, on=D(2025, 3, 1), by=treasurer, at=AT)
        actions.loan_repay(loan=loan, amount_satang=50_000, on=D(2025, 3, 5), by=treasurer, at=AT)

        with pytest.raises(actions.CannotReverse) as refusal:
            actions.journal_reverse(entry=first.entry, on=D(2025, 3, 6), reason="ผิด", by=treasurer, at=AT)
        assert refusal.value.code == "later_repayments_taken_loan"

    def test_of_the_closing_repayment_reopens_the_loan(self, loan, treasurer):
        total = sum(i.principal_satang + i.interest_satang for i in loan.installments.all())
        repayment = actions.loan_repay(loan=loan, amount_satang=total, on=D(2026, 2, 1), by=treasurer, at=AT)

        actions.journal_reverse(
            entry=repayment.entry, on=D(2026, 2, 2), reason="เงินปลอม", by=treasurer, at=AT
        )

        loan.refresh_from_db()
        assert loan.status == LoanStatus.ACTIVE
        assert loan.installments.filter(version=1, status="OPEN").count() == 12

    def test_of_a_payout_takes_the_loan_back_to_approved(self, loan, treasurer):
        entry = loan.entries.get(kind="LOAN_DISBURSE")

        actions.journal_reverse(entry=entry, on=D(2025, 2, 2), reason="สมาชิกไม่รับเงิน", by=treasurer, at=AT)

        loan.refresh_from_db()
        assert loan.status == LoanStatus.APPROVED
        assert loans_balance(loan) == 0
        assert not loan.installments.filter(status="OPEN").exists()


def treasurer_of(fund, user, by):  # noqa: ANN001, ANN201
    from thanrak.registry.actions import organisation_officer_assign

    organisation_officer_assign(user=user, organisation=fund.organisation, by=by)
    return user
