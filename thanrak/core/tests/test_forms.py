"""The Thai date field and the amount field every form shares."""

import datetime as dt
from unittest import mock

import pytest
from django import forms
from django.utils import translation

from thanrak.core.forms import AmountField, ThaiDateField, ThaiDateInput

BANGKOK = dt.timezone(dt.timedelta(hours=7))
DEC_8 = dt.date(2026, 12, 8)


class DayForm(forms.Form):
    day = ThaiDateField()
    paid_on = ThaiDateField(not_future=True, required=False)


class MoneyForm(forms.Form):
    amount = AmountField(min_satang=1)


def cleaned(text: str) -> dt.date:
    form = DayForm({"day": text})
    assert form.is_valid(), form.errors
    return form.cleaned_data["day"]


def errors_of(data: dict[str, str]) -> dict[str, list[str]]:
    with translation.override("th"):
        form = DayForm(data)
        form.is_valid()
        return {k: list(v) for k, v in form.errors.items()}


class TestThaiDateField:
    @pytest.mark.parametrize(
        "text",
        [
            "8/12/2569",
            "08/12/2569",
            "08.12.2569",
            "8-12-2569",
            "2569-12-08",
            "2026-12-08",
            "8/12/2026",
            "๘/๑๒/๒๕๖๙",
            "08122569",
            "8 ธันวาคม 2569",
            "8 ธ.ค. 2569",
            "8 ธค. 2569",
            "8 ธ.ค. 69",
            "8/12/69",
            " 8 / 12 / 2569 ",
        ],
    )
    def test_reads_a_date_as_thai_clerks_write_it(self, text):
        assert cleaned(text) == DEC_8

    def test_reads_thirty_june_from_eight_digits_typed_without_slashes(self):
        assert cleaned("30062565") == dt.date(2022, 6, 30)

    @pytest.mark.parametrize("text", ["8/12/3112", "3112-12-08", "8/12/1800", "8/12/2200"])
    def test_refuses_an_implausible_year_in_thai(self, text):
        found = errors_of({"day": text})["day"][0]

        assert found.startswith("ปี ") and "ไม่น่าจะถูกต้อง" in found

    @pytest.mark.parametrize("text", ["31/02/2569", "62565-03-01", "8 Smarch 2569", "tomorrow", "1/1"])
    def test_refuses_what_is_not_a_date(self, text):
        assert errors_of({"day": text})["day"] == ["กรุณากรอกวันที่เป็น วัน/เดือน/ปี เช่น 17/05/2523"]

    def test_refuses_a_date_after_today_in_bangkok_where_the_business_forbids_it(self):
        night = dt.datetime(2026, 12, 8, 0, 30, tzinfo=BANGKOK).astimezone(dt.UTC)  # still 7 Dec in UTC
        with mock.patch("django.utils.timezone.now", return_value=night):
            today = errors_of({"day": "8/12/2569", "paid_on": "8/12/2569"})
            tomorrow = errors_of({"day": "9/12/2569", "paid_on": "9/12/2569"})

        assert today == {}
        assert tomorrow == {"paid_on": ["วันที่ต้องไม่เลยวันนี้ (8 ธ.ค. 2569)"]}

    def test_shows_the_date_in_the_buddhist_era_in_a_text_box(self):
        with translation.override("th"):
            html = str(DayForm(initial={"day": DEC_8})["day"])

        assert 'value="08/12/2569"' in html
        assert 'type="text"' in html and "data-thai-date" in html and 'type="date"' not in html

    def test_shows_an_aware_moment_as_its_day_in_bangkok(self):
        with translation.override("th"):
            assert (
                ThaiDateInput().format_value(dt.datetime(2026, 12, 7, 17, 30, tzinfo=dt.UTC)) == "08/12/2569"
            )


class TestAmountField:
    @pytest.mark.parametrize(
        ("text", "satang"), [("๕๐๐", 50_000), ("1,250.50", 125_050), ("300 บาท", 30_000)]
    )
    def test_cleans_baht_to_satang(self, text, satang):
        form = MoneyForm({"amount": text})

        assert form.is_valid(), form.errors
        assert form.cleaned_data["amount"] == satang

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("1e3", "กรุณากรอกจำนวนเงินเป็นบาท เช่น 1,250.50"),
            ("1.005", "จำนวนเงินมีทศนิยมได้ไม่เกินสองตำแหน่ง (สตางค์)"),
            ("-5", "จำนวนเงินต้องไม่ติดลบ"),
            ("0", "จำนวนเงินต้องไม่น้อยกว่า 0.01 บาท"),
            ("10,000,000,000", "จำนวนเงินมากเกินไป ต้องไม่เกิน 100,000,000.00 บาท"),
        ],
    )
    def test_says_in_thai_what_is_wrong_with_the_amount(self, text, message):
        with translation.override("th"):
            form = MoneyForm({"amount": text})
            form.is_valid()

            assert form.errors["amount"] == [message]
