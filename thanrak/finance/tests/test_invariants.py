"""Invariants of the books under random use, and under parallel postings on PostgreSQL.

The state machine deposits, withdraws, lends, repays, reverses and closes periods at random, with
refusals allowed; after every step every entry balances, every cached account balance equals the
sum of its lines, and every loan's outstanding principal equals what was paid out minus what was
repaid (in the loan, in the ledger and in its schedule).
"""

import datetime as dt
import threading

import pytest
from django.db import connection, connections, transaction
from django.db.models import Count, F, Q, Sum
from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from thanrak.core.errors import DomainError
from thanrak.finance import actions, posting
from thanrak.finance.models import (
    Installment,
    InstallmentStatus,
    JournalEntry,
    JournalLine,
    LedgerAccount,
    Loan,
    LoanStatus,
    SavingsMovement,
)
from thanrak.finance.tests import factories
from thanrak.finance.tests.factories import AT

D = dt.date
amounts = st.one_of(
    st.integers(min_value=-1_000, max_value=0),
    st.integers(min_value=1, max_value=60_000),
    st.integers(min_value=60_000, max_value=3_000_000),
)


class Books(RuleBasedStateMachine):
    """One fund with four members and two officers, used at random."""

    def __init__(self) -> None:
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    @initialize()
    def open_fund(self) -> None:
        from thanrak.accounts.actions import user_create
        from thanrak.registry.actions import organisation_officer_assign

        n = JournalEntry.objects.count() + Loan.objects.count()
        self.manager = user_create(
            username=f"m{n}-{id(self)}", password="x-123-pw-test", role="NATIONAL_MANAGER"
        )
        self.officer = user_create(username=f"o{n}-{id(self)}", password="x-123-pw-test", role="ORG_OFFICER")
        self.fund = factories.fund(
            by=self.manager, bylaw={"penalty_rate_bp": 3650, "savings_withdrawable": True}
        )
        organisation_officer_assign(user=self.officer, organisation=self.fund.organisation, by=self.manager)
        self.members = [factories.member(fund=self.fund, by=self.manager) for _ in range(4)]
        factories.cash_in(fund=self.fund, by=self.manager, satang=2_000_000)
        self.today = D(2025, 1, 2)
        self.loans: list[Loan] = []

    def _try(self, call, **kwargs) -> object:  # noqa: ANN001
        try:
            result = call(at=AT, **kwargs)
        except DomainError:
            event(f"{call.__name__} refused")
            return None
        event(f"{call.__name__} done")
        return result

    @rule(days=st.integers(min_value=1, max_value=45))
    def time_passes(self, days: int) -> None:
        self.today += dt.timedelta(days=days)

    @rule(who=st.integers(0, 3), kind=st.sampled_from(["SAJJA", "DEPOSIT", "SHARES"]), amount=amounts)
    def deposit(self, who: int, kind: str, amount: int) -> None:
        self._try(
            actions.savings_deposit,
            member=self.members[who],
            kind=kind,
            amount_satang=amount,
            on=self.today,
            by=self.officer,
        )

    @rule(who=st.integers(0, 3), kind=st.sampled_from(["SAJJA", "DEPOSIT"]), amount=amounts)
    def withdraw(self, who: int, kind: str, amount: int) -> None:
        self._try(
            actions.savings_withdraw,
            member=self.members[who],
            kind=kind,
            amount_satang=amount,
            on=self.today,
            by=self.officer,
        )

    @rule(
        who=st.integers(0, 3),
        principal=st.integers(min_value=-100, max_value=2_500_000),
        periods=st.integers(1, 12),
        method=st.sampled_from(["flat", "declining_installment", "declining_principal", "bullet"]),
        frequency=st.sampled_from(["monthly", "quarterly"]),
    )
    def lend(self, who: int, principal: int, periods: int, method: str, frequency: str) -> None:
        loan = self._try(
            actions.loan_apply,
            borrower=self.members[who],
            principal_satang=principal,
            periods=periods,
            method=method,
            frequency=frequency,
            applied_on=self.today,
            by=self.officer,
        )
        if loan is None:
            return
        self._try(actions.loan_decide, loan=loan, decision="APPROVE", by=self.manager)
        if self._try(actions.loan_disburse, loan=loan, on=self.today, by=self.officer) is not None:
            self.loans.append(loan)

    @rule(
        which=st.integers(0, 20),
        how=st.sampled_from(["due", "half", "payoff", "part_prepay", "too_much", "any"]),
        amount=amounts,
    )
    @precondition(lambda self: bool(self.loans))
    def repay(self, which: int, how: str, amount: int) -> None:
        from thanrak.finance.dues import dues_on

        loan = Loan.objects.get(pk=self.loans[which % len(self.loans)].pk)
        dues = (
            dues_on(loan=loan, bylaw=loan.bylaw, on=self.today) if loan.status == LoanStatus.ACTIVE else None
        )
        prepay = how in ("payoff", "part_prepay")
        if dues is not None:
            amount = {
                "due": dues.due_total_satang or amount,
                "half": max(dues.due_total_satang // 2, 1),
                "payoff": dues.payoff_satang,
                "part_prepay": dues.due_total_satang + max(dues.future_principal_satang // 3, 1),
                "too_much": dues.payoff_satang + 1,
                "any": amount,
            }[how]
        self._try(
            actions.loan_repay, loan=loan, amount_satang=amount, on=self.today, by=self.officer, prepay=prepay
        )

    @rule(which=st.integers(0, 200))
    def reverse(self, which: int) -> None:
        entries = list(
            JournalEntry.objects.filter(fund=self.fund).order_by("id").values_list("pk", flat=True)
        )
        if entries:
            entry = JournalEntry.objects.get(pk=entries[which % len(entries)])
            self._try(actions.journal_reverse, entry=entry, on=self.today, reason="ทดสอบ", by=self.officer)

    @rule(back=st.integers(1, 10))
    def close_period(self, back: int) -> None:
        self._try(
            actions.period_close,
            fund=self.fund,
            through=self.today - dt.timedelta(days=back),
            by=self.officer,
        )

    @invariant()
    def every_entry_balances(self) -> None:
        unbalanced = JournalEntry.objects.annotate(
            d=Sum("lines__debit_satang"), c=Sum("lines__credit_satang"), n=Count("lines")
        ).filter(Q(n__lt=2) | ~Q(d=F("c")))
        assert not unbalanced.exists()
        if connection.vendor == "postgresql":
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    @invariant()
    def every_balance_is_the_sum_of_its_lines(self) -> None:
        accounts = LedgerAccount.objects.filter(fund=self.fund)
        from_lines = posting.balances_from_lines(a.pk for a in accounts)
        for account in accounts:
            assert account.balance_satang == from_lines.get(account.pk, 0), account.role
        assert accounts.get(role="cash").balance_satang >= 0

    @invariant()
    def every_loan_owes_what_was_paid_out_minus_what_was_repaid(self) -> None:
        for loan in Loan.objects.filter(fund=self.fund):
            in_ledger = JournalLine.objects.filter(loan=loan, account__role="loans").aggregate(
                d=Sum("debit_satang", default=0), c=Sum("credit_satang", default=0)
            )
            ledger_owed = in_ledger["d"] - in_ledger["c"]
            repaid = loan.repayments.aggregate(p=Sum("principal_satang", default=0))["p"]
            assert loan.principal_repaid_satang == repaid
            if loan.status in (LoanStatus.ACTIVE, LoanStatus.CLOSED):
                assert ledger_owed == loan.principal_satang - loan.principal_repaid_satang
                scheduled = Installment.objects.filter(
                    loan=loan, version=loan.schedule_version, status=InstallmentStatus.OPEN
                ).aggregate(p=Sum(F("principal_satang") - F("principal_paid_satang"), default=0))["p"]
                assert scheduled == ledger_owed
            else:
                assert ledger_owed == 0

    @invariant()
    def no_member_holds_less_than_nothing(self) -> None:
        book = self.fund.books.get()
        for member in self.members:
            for role, kind in (("sajja", "SAJJA"), ("deposits", "DEPOSIT"), ("shares", "SHARES")):
                balance = posting.member_balance(book=book, role=role, member_id=member.pk)
                assert balance >= 0
                moved = SavingsMovement.objects.filter(member=member, kind=kind).aggregate(
                    s=Sum("amount_satang", default=0)
                )
                assert moved["s"] == balance


@pytest.mark.django_db
def test_the_books_hold_their_invariants_under_random_use(django_db_blocker):  # noqa: ANN001
    run_state_machine_as_test(
        Books,
        settings=settings(
            max_examples=20,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        ),
    )


# --- parallel postings on PostgreSQL ------------------------------------------------------------------


def _in_threads(n: int, work) -> list:  # noqa: ANN001
    results: list = [None] * n
    barrier = threading.Barrier(n)

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 — collected and asserted on by the test
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
class TestParallelPostings:
    def test_keep_the_books_balanced_and_give_each_key_one_effect(self, national_manager):
        fund = factories.fund(by=national_manager)
        members = [factories.member(fund=fund, by=national_manager) for _ in range(4)]

        def work(i: int) -> int:
            done = 0
            for j in range(15):
                # Every key is sent by two threads: the second must find the first's entry.
                key = f"dev-{i // 2}-{j}"
                actions.savings_deposit(
                    member=members[i % 4],
                    kind="DEPOSIT",
                    amount_satang=1_000 + j,
                    on=D(2025, 2, 1),
                    by=national_manager,
                    at=AT,
                    key=key,
                )
                done += 1
            return done

        results = _in_threads(8, work)

        assert results == [15] * 8
        keys = JournalEntry.objects.filter(fund=fund, kind="SAVINGS").values_list(
            "idempotency_key", flat=True
        )
        assert sorted(keys) == sorted({f"dev-{i}-{j}" for i in range(4) for j in range(15)})
        cash = LedgerAccount.objects.get(fund=fund, role="cash")
        assert cash.balance_satang == 4 * sum(1_000 + j for j in range(15))
        assert posting.balances_from_lines([cash.pk])[cash.pk] == cash.balance_satang

    def test_let_only_one_of_two_treasurers_pay_out_the_same_money(self, national_manager):
        fund = factories.fund(by=national_manager)
        member = factories.member(fund=fund, by=national_manager)
        factories.save(member=member, by=national_manager, satang=100_000, on=D(2025, 1, 5), kind="DEPOSIT")

        def work(i: int) -> object:
            return actions.savings_withdraw(
                member=member,
                kind="DEPOSIT",
                amount_satang=60_000,
                on=D(2025, 2, 1),
                by=national_manager,
                at=AT,
            )

        results = _in_threads(2, work)

        refused = [r for r in results if isinstance(r, actions.CannotSave)]
        assert len(refused) == 1
        book = fund.books.get()
        assert posting.member_balance(book=book, role="deposits", member_id=member.pk) == 40_000
        assert LedgerAccount.objects.get(fund=fund, role="cash").balance_satang == 40_000

    def test_take_one_repayment_when_the_same_request_arrives_twice_at_once(
        self, national_manager, make_user
    ):
        from thanrak.registry.actions import organisation_officer_assign

        fund = factories.fund(by=national_manager)
        factories.cash_in(fund=fund, by=national_manager, satang=5_000_000)
        approver = make_user("approver", "ORG_OFFICER")
        organisation_officer_assign(user=approver, organisation=fund.organisation, by=national_manager)
        loan = factories.active_loan(
            borrower=factories.member(fund=fund, by=national_manager),
            recorder=national_manager,
            approver=approver,
        )

        results = _in_threads(
            4,
            lambda i: (
                actions.loan_repay(
                    loan=loan,
                    amount_satang=112_000,
                    on=D(2025, 3, 1),
                    by=national_manager,
                    at=AT,
                    key="counter-1",
                ).pk
            ),
        )

        assert len(set(results)) == 1
        loan.refresh_from_db()
        assert loan.principal_repaid_satang == 100_000
