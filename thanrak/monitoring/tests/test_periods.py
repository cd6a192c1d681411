"""Period codes as Thai reports write them, and the DHIS2 periods agencies exchange."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thanrak.monitoring import periods
from thanrak.monitoring.periods import InvalidPeriod, PeriodType


class TestPeriodParse:
    def test_a_fiscal_year_runs_october_to_september_and_is_named_by_its_end(self):
        p = periods.parse("FY2565")

        assert (p.start, p.end, p.fiscal_year) == (dt.date(2021, 10, 1), dt.date(2022, 9, 30), 2565)

    def test_the_first_fiscal_quarter_is_october_to_december(self):
        p = periods.parse("FY2565Q1")

        assert (p.start, p.end, p.type) == (dt.date(2021, 10, 1), dt.date(2021, 12, 31), PeriodType.QUARTER)

    def test_a_month_in_thai_digits_is_read(self):
        p = periods.parse("๒๕๖๕-๐๑")

        assert (p.code, p.start, p.fiscal_year) == ("2565-01", dt.date(2022, 1, 1), 2565)

    def test_a_christian_era_month_is_converted(self):
        assert periods.parse("2022-01").code == "2565-01"

    def test_october_counts_in_the_next_fiscal_year(self):
        assert periods.parse("2564-10").fiscal_year == 2565

    def test_a_calendar_year_counts_in_the_fiscal_year_of_the_same_number(self):
        assert periods.parse("CY2565").fiscal_year == 2565

    def test_a_range_counts_in_the_fiscal_year_it_ends_in(self):
        p = periods.parse("2564-01..2565-07")

        assert (p.type, p.start, p.end, p.fiscal_year) == (
            PeriodType.RANGE,
            dt.date(2021, 1, 1),
            dt.date(2022, 7, 31),
            2565,
        )

    def test_as_of_a_month_means_its_last_day(self):
        p = periods.parse("@2565-01")

        assert (p.end, p.fiscal_year, p.label("th")) == (dt.date(2022, 1, 31), 2565, "ณ เดือนมกราคม 2565")

    def test_an_unstated_period_needs_the_fiscal_year(self):
        with pytest.raises(InvalidPeriod):
            periods.parse("")

        assert periods.parse("", fiscal_year=2565).type == PeriodType.UNSPECIFIED

    @pytest.mark.parametrize("text", ["2565", "FY25", "2565-13", "@2565-02-30", "2565-07..2565-01", "hello"])
    def test_refuses_what_is_not_a_period(self, text):
        with pytest.raises(InvalidPeriod):
            periods.parse(text)


class TestDhis2Periods:
    def test_an_october_financial_year_is_the_thai_fiscal_year_it_ends_in(self):
        assert periods.from_dhis2("2021Oct").code == "FY2565"
        assert periods.to_dhis2(periods.parse("FY2565")) == "2021Oct"

    def test_calendar_q4_is_the_first_fiscal_quarter_of_the_next_year(self):
        assert periods.from_dhis2("2021Q4").code == "FY2565Q1"
        assert periods.to_dhis2(periods.parse("FY2565Q2")) == "2022Q1"

    def test_a_range_has_no_dhis2_period(self):
        assert periods.to_dhis2(periods.parse("2564-01..2565-07")) is None

    @given(st.integers(min_value=1990, max_value=2090), st.integers(min_value=1, max_value=12))
    def test_months_and_quarters_go_there_and_back(self, year, month):
        pe = f"{year}{month:02d}"
        assert periods.to_dhis2(periods.from_dhis2(pe)) == pe
        q = f"{year}Q{(month - 1) // 3 + 1}"
        assert periods.to_dhis2(periods.from_dhis2(q)) == q
