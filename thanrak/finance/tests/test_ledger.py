"""The ledger: balanced, immutable entries; idempotency keys; reversals; closed periods."""

import datetime as dt

import pytest
from django.db import IntegrityError, connection, transaction

from thanrak.finance import actions, posting
from thanrak.finance.chart_of_accounts import STANDARD_CHART
from thanrak.finance.models import Book, EntryKind, FundKind, JournalEntry, JournalLine, LedgerAccount
from thanrak.finance.posting import CannotPost, cr, dr
from thanrak.finance.tests import factories
from thanrak.finance.tests.factories import AT, OPENED

pytestmark = pytest.mark.django_db
D = dt.date


def cash(fund) -> int:  # noqa: ANN001
    return LedgerAccount.objects.get(book__fund=fund, book__is_default=True, role="cash").balance_satang


class TestFundOpen:
    def test_gives_every_book_the_standard_chart(self, national_manager):
        fund = factories.fund(
            by=national_manager,
            kind=FundKind.VILLAGE_FUND,
            books=[
                actions.BookSpec("seed", "เงินล้าน", "SEED_CAPITAL"),
                actions.BookSpec("topup", "เงินเพิ่มทุน", "TOP_UP"),
            ],
        )

        books = list(fund.books.order_by("id"))
        assert [b.name_th for b in books] == ["เงินล้าน", "เงินเพิ่มทุน"]
        assert books[0].is_default and not books[1].is_default
        for book in books:
            assert sorted(book.accounts.values_list("code", flat=True)) == sorted(
                t.code for t in STANDARD_CHART
            )

    def test_makes_a_welfare_fund_that_cannot_lend(self, national_manager):
        fund = factories.fund(by=national_manager, kind=FundKind.WELFARE)

        assert fund.can_lend is False

    def test_sets_the_first_bylaw_from_the_opening_day(self, fund):
        bylaw = fund.bylaws.get()

        assert bylaw.effective_from == OPENED
        assert bylaw.loan_rate_bp == 1200

    def test_refuses_an_officer_of_another_organisation(self, fund, org_officer):
        with pytest.raises(PermissionError):
            actions.book_add(fund=fund, spec=actions.BookSpec("x", "อื่น"), by=org_officer, at=AT)

    def test_refuses_allocations_over_the_whole_profit(self, national_manager):
        with pytest.raises(actions.CannotChangeBylaw) as refused:
            factories.fund(by=national_manager, bylaw={"dividend_bp": 9000, "reserve_bp": 2000})

        assert refused.value.field == "dividend_bp"


class TestJournalPost:
    def test_moves_the_balances_of_both_accounts(self, funded):
        assert cash(funded) == 10_000_000
        capital = LedgerAccount.objects.get(book__fund=funded, role="capital")
        assert capital.natural_balance_satang == 10_000_000

    def test_refuses_an_unbalanced_entry(self, funded, treasurer):
        with pytest.raises(CannotPost) as refusal:
            actions.journal_post_manual(
                fund=funded,
                on=D(2025, 2, 1),
                legs=[("cash", 0, 100), ("operating_expense", 90, 0)],
                memo="ค่าเครื่องเขียน",
                by=treasurer,
                at=AT,
            )
        assert refusal.value.code == "debits_credits_equal"

        assert JournalEntry.objects.filter(fund=funded).count() == 1

    def test_refuses_a_line_that_is_both_debit_and_credit(self, funded, treasurer):
        with pytest.raises(CannotPost):
            actions.journal_post_manual(
                fund=funded,
                on=D(2025, 2, 1),
                legs=[("cash", 100, 100), ("operating_expense", 0, 0)],
                memo="ผิด",
                by=treasurer,
                at=AT,
            )

    def test_refuses_a_negative_amount(self, funded, treasurer):
        with pytest.raises(CannotPost):
            actions.journal_post_manual(
                fund=funded,
                on=D(2025, 2, 1),
                legs=[("cash", -100, 0), ("operating_expense", 0, -100)],
                memo="ผิด",
                by=treasurer,
                at=AT,
            )

    def test_refuses_to_pay_out_more_cash_than_there_is(self, funded, treasurer):
        with pytest.raises(CannotPost) as refusal:
            actions.journal_post_manual(
                fund=funded,
                on=D(2025, 2, 1),
                legs=[("operating_expense", 10_000_001, 0), ("cash", 0, 10_000_001)],
                memo="ซื้อของ",
                by=treasurer,
                at=AT,
            )
        assert refusal.value.code == "enough_money_baht_entry"

        assert cash(funded) == 10_000_000

    def test_refuses_accounts_that_other_forms_post_to(self, funded, treasurer):
        with pytest.raises(CannotPost):
            actions.journal_post_manual(
                fund=funded,
                on=D(2025, 2, 1),
                legs=[("loans", 100, 0), ("cash", 0, 100)],
                memo="x",
                by=treasurer,
                at=AT,
            )

    def test_with_the_same_key_twice_has_one_effect(self, funded, treasurer):
        kwargs = {
            "fund": funded,
            "on": D(2025, 2, 1),
            "legs": [("operating_expense", 5_000, 0), ("cash", 0, 5_000)],
            "memo": "ค่าถ่ายเอกสาร",
            "by": treasurer,
            "at": AT,
            "key": "form-123",
        }
        first = actions.journal_post_manual(**kwargs)
        second = actions.journal_post_manual(**kwargs)

        assert first.pk == second.pk
        assert cash(funded) == 10_000_000 - 5_000

    def test_keeps_books_apart(self, national_manager):
        fund = factories.fund(
            by=national_manager,
            kind=FundKind.VILLAGE_FUND,
            books=[
                actions.BookSpec("seed", "เงินล้าน", "SEED_CAPITAL"),
                actions.BookSpec("savings", "เงินออม", "MEMBER_SAVINGS"),
            ],
        )
        seed, savings = fund.books.order_by("id")
        actions.journal_post_manual(
            fund=fund,
            on=D(2025, 1, 2),
            legs=[("cash", 100_000_000, 0), ("capital", 0, 100_000_000)],
            memo="เงินล้านจากรัฐบาล",
            by=national_manager,
            at=AT,
            book=seed,
        )

        assert LedgerAccount.objects.get(book=seed, role="cash").balance_satang == 100_000_000
        assert LedgerAccount.objects.get(book=savings, role="cash").balance_satang == 0
        with pytest.raises(CannotPost) as refusal:
            actions.journal_post_manual(
                fund=fund,
                on=D(2025, 1, 3),
                legs=[("operating_expense", 100, 0), ("cash", 0, 100)],
                memo="จากบัญชีเงินออม",
                by=national_manager,
                at=AT,
                book=savings,
            )
        assert refusal.value.code == "enough_money_baht_entry"


class TestPeriodClose:
    def test_blocks_back_dated_entries(self, funded, treasurer):
        actions.period_close(fund=funded, through=D(2025, 3, 31), by=treasurer, at=AT)

        with pytest.raises(CannotPost) as refusal:
            actions.journal_post_manual(
                fund=funded,
                on=D(2025, 3, 31),
                legs=[("operating_expense", 100, 0), ("cash", 0, 100)],
                memo="ย้อนหลัง",
                by=treasurer,
                at=AT,
            )
        assert refusal.value.code == "books_closed_through_record"
        assert str(refusal.value.params["date"]) == "31 มี.ค. 2568"

    def test_lets_later_entries_through(self, funded, treasurer):
        actions.period_close(fund=funded, through=D(2025, 3, 31), by=treasurer, at=AT)

        entry = actions.journal_post_manual(
            fund=funded,
            on=D(2025, 4, 1),
            legs=[("operating_expense", 100, 0), ("cash", 0, 100)],
            memo="เดือนใหม่",
            by=treasurer,
            at=AT,
        )

        assert entry.entry_date == D(2025, 4, 1)

    def test_cannot_reopen_by_closing_an_earlier_day(self, funded, treasurer):
        actions.period_close(fund=funded, through=D(2025, 3, 31), by=treasurer, at=AT)

        with pytest.raises(actions.CannotClosePeriod):
            actions.period_close(fund=funded, through=D(2025, 2, 28), by=treasurer, at=AT)

    def test_cannot_close_the_future(self, funded, treasurer):
        with pytest.raises(actions.CannotClosePeriod):
            actions.period_close(fund=funded, through=D(2027, 1, 1), by=treasurer, at=AT)


class TestJournalReverse:
    def test_posts_the_mirror_image_and_restores_the_balances(self, funded, treasurer):
        entry = actions.journal_post_manual(
            fund=funded,
            on=D(2025, 2, 1),
            legs=[("operating_expense", 5_000, 0), ("cash", 0, 5_000)],
            memo="ผิดบัญชี",
            by=treasurer,
            at=AT,
        )

        reversal = actions.journal_reverse(
            entry=entry, on=D(2025, 2, 2), reason="บันทึกซ้ำ", by=treasurer, at=AT
        )

        assert reversal.reverses_id == entry.pk
        assert cash(funded) == 10_000_000
        assert {
            (line.account.role, line.debit_satang, line.credit_satang)
            for line in reversal.lines.select_related("account")
        } == {
            ("cash", 5_000, 0),
            ("operating_expense", 0, 5_000),
        }

    def test_refuses_to_reverse_twice(self, funded, treasurer):
        entry = JournalEntry.objects.get(fund=funded)
        actions.journal_reverse(entry=entry, on=D(2025, 2, 2), reason="ผิด", by=treasurer, at=AT)

        with pytest.raises(actions.CannotReverse) as refusal:
            actions.journal_reverse(entry=entry, on=D(2025, 2, 2), reason="ผิด", by=treasurer, at=AT)
        assert refusal.value.code == "entry_already_reversed"

    def test_of_an_entry_in_a_closed_period_is_dated_in_the_open_one(self, funded, treasurer):
        entry = JournalEntry.objects.get(fund=funded)
        actions.period_close(fund=funded, through=D(2025, 3, 31), by=treasurer, at=AT)

        reversal = actions.journal_reverse(entry=entry, on=D(2025, 4, 1), reason="ผิด", by=treasurer, at=AT)

        assert reversal.entry_date == D(2025, 4, 1)
        assert entry.entry_date == OPENED

    def test_needs_a_reason(self, funded, treasurer):
        with pytest.raises(actions.CannotReverse):
            actions.journal_reverse(
                entry=JournalEntry.objects.get(fund=funded), on=D(2025, 4, 1), reason=" ", by=treasurer, at=AT
            )


class TestCachedBalances:
    def test_equal_the_sum_of_the_lines(self, funded, treasurer, members):
        factories.save(member=members[0], by=treasurer, satang=50_000, on=D(2025, 1, 5))
        factories.save(member=members[1], by=treasurer, satang=30_000, on=D(2025, 1, 5), kind="SHARES")

        accounts = LedgerAccount.objects.filter(fund=funded)
        from_lines = posting.balances_from_lines(a.pk for a in accounts)
        assert {a.pk: a.balance_satang for a in accounts if a.balance_satang} == from_lines


@pytest.mark.postgres
class TestTheDatabase:
    def test_rejects_an_unbalanced_entry_written_around_the_code(self, funded):
        book = Book.objects.get(fund=funded)
        account = LedgerAccount.objects.get(book=book, role="cash")

        with pytest.raises(IntegrityError, match="unbalanced"), transaction.atomic():
            entry = JournalEntry.objects.create(
                fund=funded, book=book, entry_date=D(2025, 2, 1), kind=EntryKind.MANUAL, created_at=AT
            )
            JournalLine.objects.create(entry=entry, account=account, debit_satang=100)
            JournalLine.objects.create(entry=entry, account=account, credit_satang=99)
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    def test_rejects_an_entry_with_no_lines(self, funded):
        book = Book.objects.get(fund=funded)

        with pytest.raises(IntegrityError, match="unbalanced"), transaction.atomic():
            JournalEntry.objects.create(
                fund=funded, book=book, entry_date=D(2025, 2, 1), kind=EntryKind.MANUAL, created_at=AT
            )
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    def test_accepts_a_balanced_entry(self, funded, treasurer):
        entry = actions.journal_post_manual(
            fund=funded,
            on=D(2025, 2, 1),
            legs=[("operating_expense", 100, 0), ("cash", 0, 100)],
            memo="ปกติ",
            by=treasurer,
            at=AT,
        )

        with connection.cursor() as cursor:  # the deferred balance check runs now, and lets it stand
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

        lines = JournalLine.objects.filter(entry=entry)
        assert [(line.debit_satang, line.credit_satang) for line in lines.order_by("-debit_satang")] == [
            (100, 0),
            (0, 100),
        ]

    def test_refuses_to_change_a_posted_line(self, funded):
        line = JournalLine.objects.filter(entry__fund=funded).first()

        with pytest.raises(IntegrityError, match="immutable"), transaction.atomic():
            JournalLine.objects.filter(pk=line.pk).update(debit_satang=1)

    def test_refuses_to_delete_an_entry(self, funded):
        with pytest.raises(IntegrityError, match="immutable"), transaction.atomic():
            JournalLine.objects.filter(entry__fund=funded).delete()

    def test_refuses_a_loan_from_a_welfare_fund(self, national_manager):
        from thanrak.finance.models import Loan

        welfare = factories.fund(by=national_manager, kind=FundKind.WELFARE)
        member = factories.member(fund=welfare, by=national_manager)

        with pytest.raises(IntegrityError, match="may not lend"), transaction.atomic():
            Loan.objects.create(
                fund=welfare,
                book=welfare.books.get(),
                borrower=member,
                number="x",
                principal_satang=100,
                annual_rate_bp=0,
                periods=1,
                method="bullet",
                frequency="annual",
                bylaw=welfare.bylaws.get(),
                applied_on=D(2025, 2, 1),
                recorded_by=national_manager,
                created_at=AT,
            )


class TestPostingPrimitive:
    def test_refuses_a_per_member_account_without_a_member(self, funded, treasurer):
        book = funded.books.get()
        with pytest.raises(CannotPost) as refusal, transaction.atomic():
            posting.post(
                fund=posting.lock_fund(funded.pk),
                book=book,
                on=D(2025, 2, 1),
                kind=EntryKind.MANUAL,
                legs=[dr("cash", 100), cr("sajja", 100)],
                by=treasurer,
                at=AT,
            )
        assert refusal.value.code == "kept_member_name_member"
