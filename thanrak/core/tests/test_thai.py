"""What people read in Thai: Buddhist-era dates, Thai digits, numbers."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thanrak.core import thai


class TestFormatDate:
    def test_shows_a_date_in_the_buddhist_era_with_the_short_thai_month(self):
        assert thai.format_date(dt.date(2026, 11, 25)) == "25 พ.ย. 2569"
        assert thai.format_date(dt.date(2026, 1, 1)) == "1 ม.ค. 2569"

    def test_spells_the_month_in_the_long_style(self):
        assert thai.format_date(dt.date(2026, 11, 25), style="long") == "25 พฤศจิกายน 2569"

    def test_shows_english_readers_the_christian_era(self):
        assert thai.format_date(dt.date(2026, 11, 25), lang="en") == "25 Nov 2026"
        assert thai.format_date(dt.date(2026, 11, 25), lang="en", style="long") == "25 November 2026"

    def test_writes_thai_digits_when_a_document_asks_for_them(self):
        assert thai.format_date(dt.date(2026, 11, 25), thai_digits=True) == "๒๕ พ.ย. ๒๕๖๙"

    def test_shows_the_bangkok_day_of_an_aware_datetime(self):
        late_utc = dt.datetime(2026, 11, 24, 20, 0, tzinfo=dt.UTC)  # 03:00 on the 25th in Bangkok

        assert thai.format_date(late_utc) == "25 พ.ย. 2569"
        assert thai.format_datetime(late_utc) == "25 พ.ย. 2569 03:00 น."
        assert thai.format_datetime(late_utc, lang="en") == "25 Nov 2026 03:00"

    def test_shows_nothing_for_no_date(self):
        assert thai.format_date(None) == ""
        assert thai.format_datetime(None) == ""

    @given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2200, 12, 31)))
    def test_every_date_shows_its_day_month_and_year_plus_543(self, day):
        day_text, month_text, year_text = thai.format_date(day).split(" ")

        assert int(day_text) == day.day
        assert month_text == thai.TH_MONTHS_SHORT[day.month - 1]
        assert int(year_text) == day.year + 543


class TestMonthsAndYears:
    def test_names_a_month(self):
        assert thai.format_month(2026, 11) == "พ.ย. 2569"
        assert thai.format_month(2026, 11, lang="en") == "Nov 2026"

    def test_converts_between_eras(self):
        assert thai.be_year(2026) == 2569
        assert thai.ce_year(2569) == 2026

    def test_has_twelve_long_and_short_month_names(self):
        assert len(thai.TH_MONTHS_LONG) == len(set(thai.TH_MONTHS_LONG)) == 12
        assert thai.TH_MONTHS_LONG[10] == "พฤศจิกายน" and thai.TH_MONTHS_SHORT[10] == "พ.ย."


class TestThaiDigits:
    def test_writes_thai_digits(self):
        assert thai.to_thai_digits("101.67") == "๑๐๑.๖๗"
        assert thai.to_thai_digits(2569) == "๒๕๖๙"

    def test_reads_thai_digits_leaving_other_characters(self):
        assert thai.from_thai_digits("๑๒๓ บาท") == "123 บาท"
        assert thai.from_thai_digits("ม.๔ 5") == "ม.4 5"
        assert thai.from_thai_digits("") == ""

    @given(st.text(alphabet="0123456789.,- ก"))
    def test_a_round_trip_gives_back_the_text(self, text):
        assert thai.from_thai_digits(thai.to_thai_digits(text)) == text


class TestFormatNumber:
    @pytest.mark.parametrize(
        ("value", "kwargs", "expected"),
        [
            (12890743, {}, "12,890,743"),
            (1234.5, {"places": 2}, "1,234.50"),
            (1234, {"thai_digits": True}, "๑,๒๓๔"),
            (None, {}, ""),
            (0, {}, "0"),
        ],
    )
    def test_separates_thousands(self, value, kwargs, expected):
        assert thai.format_number(value, **kwargs) == expected
