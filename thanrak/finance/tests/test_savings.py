"""Sajja savings, deposits and shares per member, as the bylaw allows."""

import datetime as dt

import pytest

from thanrak.finance import actions, posting
from thanrak.finance.actions import CannotSave, CollectItem
from thanrak.finance.models import FundKind, SavingsMovement
from thanrak.finance.tests import factories
from thanrak.finance.tests.factories import AT

pytestmark = pytest.mark.django_db
D = dt.date


def balance(member, role):  # noqa: ANN001, ANN201
    return posting.member_balance(book=member.fund.books.get(is_default=True), role=role, member_id=member.pk)


class TestSavingsDeposit:
    def test_credits_the_member_and_debits_cash(self, fund, treasurer, members):
        movement = actions.savings_deposit(
            member=members[0], kind="SAJJA", amount_satang=10_000, on=D(2025, 1, 5), by=treasurer, at=AT
        )

        assert balance(members[0], "sajja") == 10_000
        assert movement.for_month == D(2025, 1, 1)
        assert movement.entry.lines.count() == 2

    def test_buys_whole_shares_only(self, fund, treasurer, members):
        with pytest.raises(CannotSave) as refusal:
            actions.savings_deposit(
                member=members[0], kind="SHARES", amount_satang=15_000, on=D(2025, 1, 5), by=treasurer, at=AT
            )
        assert refusal.value.code == "shares_bought_whole_baht"
        assert str(refusal.value.params["price"]) == "100.00"

        movement = actions.savings_deposit(
            member=members[0], kind="SHARES", amount_satang=30_000, on=D(2025, 1, 5), by=treasurer, at=AT
        )
        assert movement.units == 3

    @pytest.mark.parametrize("amount", [0, -500])
    def test_refuses_zero_and_negative_amounts(self, fund, treasurer, members, amount):
        with pytest.raises(CannotSave) as refusal:
            actions.savings_deposit(
                member=members[0], kind="SAJJA", amount_satang=amount, on=D(2025, 1, 5), by=treasurer, at=AT
            )
        assert refusal.value.code == "amount_not_positive"

        assert not SavingsMovement.objects.exists()

    def test_sent_twice_with_one_key_is_recorded_once(self, fund, treasurer, members):
        for _ in range(2):
            actions.savings_deposit(
                member=members[0],
                kind="SAJJA",
                amount_satang=10_000,
                on=D(2025, 1, 5),
                by=treasurer,
                at=AT,
                key="tablet-7:42",
            )

        assert balance(members[0], "sajja") == 10_000

    def test_refuses_a_member_who_left(self, fund, treasurer, members):
        actions.fund_member_leave(member=members[0], on=D(2025, 1, 3), by=treasurer, at=AT)

        with pytest.raises(CannotSave) as refusal:
            factories.save(member=members[0], by=treasurer, satang=100, on=D(2025, 1, 5))
        assert refusal.value.code == "member_left_fund"

    def test_by_an_officer_of_another_organisation_is_refused(self, fund, org_officer, members):
        with pytest.raises(PermissionError):
            factories.save(member=members[0], by=org_officer, satang=100, on=D(2025, 1, 5))


class TestSavingsWithdraw:
    def test_pays_out_a_deposit(self, fund, treasurer, members):
        factories.save(member=members[0], by=treasurer, satang=50_000, on=D(2025, 1, 5), kind="DEPOSIT")

        actions.savings_withdraw(
            member=members[0], kind="DEPOSIT", amount_satang=20_000, on=D(2025, 2, 5), by=treasurer, at=AT
        )

        assert balance(members[0], "deposits") == 30_000

    def test_refuses_more_than_the_member_holds(self, fund, treasurer, members):
        factories.save(member=members[0], by=treasurer, satang=50_000, on=D(2025, 1, 5), kind="DEPOSIT")
        factories.save(member=members[1], by=treasurer, satang=90_000, on=D(2025, 1, 5), kind="DEPOSIT")

        with pytest.raises(CannotSave) as refusal:
            actions.savings_withdraw(
                member=members[0], kind="DEPOSIT", amount_satang=60_000, on=D(2025, 2, 5), by=treasurer, at=AT
            )
        assert refusal.value.code == "baht_kind"
        assert str(refusal.value.params["balance"]) == "500.00"

    def test_keeps_sajja_savings_unless_the_bylaw_allows(self, fund, treasurer, members):
        factories.save(member=members[0], by=treasurer, satang=50_000, on=D(2025, 1, 5))

        with pytest.raises(CannotSave) as refusal:
            actions.savings_withdraw(
                member=members[0], kind="SAJJA", amount_satang=100, on=D(2025, 2, 5), by=treasurer, at=AT
            )
        assert refusal.value.code == "bylaw_does_allow_sajja"

    def test_pays_sajja_savings_when_a_new_bylaw_allows(self, fund, treasurer, members, national_manager):
        factories.save(member=members[0], by=treasurer, satang=50_000, on=D(2025, 1, 5))
        actions.bylaw_amend(
            fund=fund, effective_from=D(2025, 2, 1), savings_withdrawable=True, by=national_manager, at=AT
        )

        actions.savings_withdraw(
            member=members[0], kind="SAJJA", amount_satang=100, on=D(2025, 2, 5), by=treasurer, at=AT
        )

        assert balance(members[0], "sajja") == 49_900

    def test_returns_shares_only_on_leaving(self, fund, treasurer, members):
        factories.save(member=members[0], by=treasurer, satang=30_000, on=D(2025, 1, 5), kind="SHARES")

        with pytest.raises(CannotSave) as refusal:
            actions.savings_withdraw(
                member=members[0], kind="SHARES", amount_satang=10_000, on=D(2025, 2, 5), by=treasurer, at=AT
            )
        assert refusal.value.code == "shares_paid_back_when"


class TestSavingsCollect:
    def test_records_a_whole_meeting_at_once(self, fund, treasurer, members):
        items = [CollectItem(m.pk, "SAJJA", 10_000) for m in members] + [
            CollectItem(members[0].pk, "SHARES", 10_000)
        ]

        movements = actions.savings_collect(
            fund=fund, items=items, on=D(2025, 1, 5), by=treasurer, at=AT, key="meeting-1"
        )

        assert len(movements) == 4
        assert [balance(m, "sajja") for m in members] == [10_000] * 3

    def test_records_nothing_when_one_row_is_wrong(self, fund, treasurer, members):
        items = [CollectItem(members[0].pk, "SAJJA", 10_000), CollectItem(members[1].pk, "SAJJA", -1)]

        with pytest.raises(CannotSave) as refused:
            actions.savings_collect(fund=fund, items=items, on=D(2025, 1, 5), by=treasurer, at=AT)

        assert refused.value.code == "amount_not_positive"
        assert refused.value.params["member"].startswith(f"{members[1].member_no} ")
        assert refused.value.field == "items.1.amount"
        assert not SavingsMovement.objects.exists()

    def test_submitted_twice_records_once(self, fund, treasurer, members):
        items = [CollectItem(m.pk, "SAJJA", 10_000) for m in members]
        for _ in range(2):
            actions.savings_collect(
                fund=fund, items=items, on=D(2025, 1, 5), by=treasurer, at=AT, key="meeting-1"
            )

        assert SavingsMovement.objects.count() == 3


class TestFundMemberLeave:
    def test_pays_back_everything_the_member_holds(self, funded, treasurer, members):
        factories.save(member=members[0], by=treasurer, satang=50_000, on=D(2025, 1, 5))
        factories.save(member=members[0], by=treasurer, satang=20_000, on=D(2025, 1, 5), kind="SHARES")

        actions.fund_member_leave(member=members[0], on=D(2025, 6, 1), by=treasurer, at=AT)

        assert balance(members[0], "sajja") == 0
        assert balance(members[0], "shares") == 0
        members[0].refresh_from_db()
        assert members[0].status == "LEFT"

    def test_refuses_a_member_with_an_open_loan(self, funded, treasurer, chair, members):
        factories.active_loan(borrower=members[0], recorder=treasurer, approver=chair)

        with pytest.raises(actions.CannotEnrol) as refusal:
            actions.fund_member_leave(member=members[0], on=D(2025, 6, 1), by=treasurer, at=AT)
        assert refusal.value.code == "member_loan_closed_leave"


class TestSavingsReversal:
    def test_of_a_deposit_takes_the_money_back_off_the_member(self, fund, treasurer, members):
        movement = actions.savings_deposit(
            member=members[0], kind="DEPOSIT", amount_satang=10_000, on=D(2025, 1, 5), by=treasurer, at=AT
        )

        actions.journal_reverse(entry=movement.entry, on=D(2025, 1, 6), reason="ผิดคน", by=treasurer, at=AT)

        assert balance(members[0], "deposits") == 0
        assert sum(SavingsMovement.objects.values_list("amount_satang", flat=True)) == 0

    def test_of_a_deposit_already_withdrawn_is_refused(self, fund, treasurer, members):
        movement = actions.savings_deposit(
            member=members[0], kind="DEPOSIT", amount_satang=10_000, on=D(2025, 1, 5), by=treasurer, at=AT
        )
        actions.savings_withdraw(
            member=members[0], kind="DEPOSIT", amount_satang=10_000, on=D(2025, 1, 6), by=treasurer, at=AT
        )

        with pytest.raises(actions.CannotReverse) as refusal:
            actions.journal_reverse(entry=movement.entry, on=D(2025, 1, 7), reason="ผิด", by=treasurer, at=AT)
        assert refusal.value.code == "already_taken_money_out"


class TestWelfareBenefit:
    def test_is_an_expense_of_a_welfare_fund(self, national_manager):
        welfare = factories.fund(by=national_manager, kind=FundKind.WELFARE)
        member = factories.member(fund=welfare, by=national_manager)
        factories.save(
            member=member, by=national_manager, satang=36_500, on=D(2025, 1, 5), kind="CONTRIBUTION"
        )

        actions.welfare_benefit_pay(
            member=member, amount_satang=20_000, on=D(2025, 3, 1), reason="เยี่ยมไข้", by=national_manager, at=AT
        )

        from thanrak.finance.models import LedgerAccount

        assert LedgerAccount.objects.get(fund=welfare, role="welfare_expense").balance_satang == 20_000
        assert LedgerAccount.objects.get(fund=welfare, role="cash").balance_satang == 16_500

    def test_in_another_fund_comes_from_its_welfare_reserve(self, funded, treasurer, members):
        with pytest.raises(CannotSave) as refusal:
            actions.welfare_benefit_pay(
                member=members[0],
                amount_satang=20_000,
                on=D(2025, 3, 1),
                reason="ฌาปนกิจ",
                by=treasurer,
                at=AT,
            )
        assert refusal.value.code == "welfare_reserve_holds_baht"
        assert str(refusal.value.params["balance"]) == "0.00"
