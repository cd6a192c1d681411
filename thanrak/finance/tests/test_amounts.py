"""Money typed by people: one parser, no exponents, no absurd sums, no entry that goes nowhere."""

import datetime as dt

import pytest
from django.urls import reverse

from thanrak.finance import actions, forms
from thanrak.finance.models import JournalEntry, SavingsMovement
from thanrak.finance.posting import CannotPost
from thanrak.finance.tests.factories import AT

pytestmark = pytest.mark.django_db
ON = dt.date(2025, 6, 1)


class TestTheSavingsForm:
    def _form(self, amount: str) -> forms.SavingsForm:
        return forms.SavingsForm(
            {"direction": "in", "kind": "SAJJA", "amount": amount, "on": "01/06/2568", "idempotency_key": "k"}
        )

    @pytest.mark.parametrize("amount", ["1e3", "1E3", "NaN", "inf", "12,50"])
    def test_refuses_what_is_not_an_amount_a_person_writes(self, amount):
        form = self._form(amount)

        assert not form.is_valid()
        assert form.errors["amount"] == ["กรุณากรอกจำนวนเงินเป็นบาท เช่น 1,250.50"]

    def test_refuses_ten_billion_baht_with_a_thai_message(self):
        form = self._form("10,000,000,000")

        assert not form.is_valid()
        assert form.errors["amount"] == ["จำนวนเงินมากเกินไป ต้องไม่เกิน 100,000,000.00 บาท"]

    @pytest.mark.parametrize(
        ("amount", "satang"), [("๕๐๐", 50_000), ("1,250.50", 125_050), ("฿ 300", 30_000)]
    )
    def test_reads_thai_digits_commas_and_the_baht_sign(self, amount, satang):
        form = self._form(amount)

        assert form.is_valid(), form.errors
        assert form.cleaned_data["amount"] == satang


class TestAmountsThroughTheActions:
    def test_refuses_a_deposit_of_ten_billion_baht_from_the_api_too(self, funded, treasurer, members):
        with pytest.raises(actions.CannotSave) as refusal:
            actions.savings_deposit(
                member=members[0],
                kind="SAJJA",
                amount_satang=10_000_000_000 * 100,
                on=ON,
                by=treasurer,
                at=AT,
            )
        assert refusal.value.code == "amount_too_large_most"

        assert not SavingsMovement.objects.filter(member=members[0]).exists()

    def test_refuses_an_entry_that_debits_and_credits_the_same_account(self, funded, treasurer):
        with pytest.raises(CannotPost) as refusal:
            actions.journal_post_manual(
                fund=funded,
                on=ON,
                legs=[("cash", 5_000, 0), ("cash", 0, 5_000)],
                memo="โอนเงินสดเข้าเงินสด",
                by=treasurer,
                at=AT,
            )
        assert refusal.value.code == "entry_debit_credit_same"
        assert str(refusal.value.params["account"]) == "เงินสด"

    def test_the_entry_page_says_why_in_thai(self, client, funded, treasurer):
        client.force_login(treasurer)
        before = JournalEntry.objects.count()

        response = client.post(
            reverse("finance:entry-create", args=[funded.pk]),
            {
                "on": "01/06/2568",
                "memo": "ย้ายเงิน",
                "debit_role": "cash",
                "credit_role": "cash",
                "amount": "50",
                "idempotency_key": "same-account",
            },
        )

        assert "จะเดบิตและเครดิตบัญชีเดียวกันไม่ได้" in response.text
        assert JournalEntry.objects.count() == before


class TestRates:
    @pytest.mark.parametrize("rate", ["1e1", "NaN", "inf", "-6"])
    def test_refuses_a_rate_written_as_no_person_writes_it(self, rate):
        form = forms.CalculatorForm(
            {
                "principal": "1000",
                "annual_rate_bp": rate,
                "periods": "12",
                "method": "flat",
                "frequency": "monthly",
                "first_due_date": "01/07/2568",
            }
        )

        assert not form.is_valid()
        assert "annual_rate_bp" in form.errors
