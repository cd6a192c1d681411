"""The Thai government fiscal year: 1 October – 30 September, named by the B.E. year it ends in."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thanrak.core.fiscal import FiscalYear, fiscal_month_index

days = st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2150, 12, 31))


class TestFiscalYearOf:
    @pytest.mark.parametrize(
        ("day", "year_be"),
        [
            (dt.date(2025, 10, 1), 2569),
            (dt.date(2026, 9, 30), 2569),
            (dt.date(2026, 10, 1), 2570),
            (dt.date(2026, 11, 25), 2570),
            (dt.date(2025, 9, 30), 2568),
        ],
    )
    def test_names_the_year_by_the_buddhist_era_year_it_ends_in(self, day, year_be):
        assert FiscalYear.of(day) == FiscalYear(year_be)
        assert str(FiscalYear.of(day)) == str(year_be)

    def test_runs_from_the_first_of_october_to_the_thirtieth_of_september(self):
        fy = FiscalYear(2569)

        assert (fy.start, fy.end) == (dt.date(2025, 10, 1), dt.date(2026, 9, 30))
        assert dt.date(2025, 10, 1) in fy and dt.date(2026, 9, 30) in fy
        assert dt.date(2025, 9, 30) not in fy and dt.date(2026, 10, 1) not in fy
        assert fy.previous() == FiscalYear(2568) < fy

    @given(days)
    def test_every_day_lies_in_its_fiscal_year_and_quarter(self, day):
        fy = FiscalYear.of(day)
        quarter = fy.quarter_of(day)
        first, last = fy.quarter_bounds(quarter)

        assert day in fy
        assert first <= day <= last
        assert (day - fy.start).days < 366


class TestQuartersAndMonths:
    @pytest.mark.parametrize(
        ("day", "quarter"),
        [
            (dt.date(2025, 10, 1), 1),
            (dt.date(2025, 12, 31), 1),
            (dt.date(2026, 1, 1), 2),
            (dt.date(2026, 3, 31), 2),
            (dt.date(2026, 4, 1), 3),
            (dt.date(2026, 7, 1), 4),
            (dt.date(2026, 9, 30), 4),
        ],
    )
    def test_quarter_one_is_october_to_december(self, day, quarter):
        assert FiscalYear(2569).quarter_of(day) == quarter

    def test_gives_each_quarters_first_and_last_day(self):
        fy = FiscalYear(2569)

        assert fy.quarter_bounds(1) == (dt.date(2025, 10, 1), dt.date(2025, 12, 31))
        assert fy.quarter_bounds(2) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
        assert fy.quarter_bounds(4) == (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
        assert FiscalYear(2567).quarter_bounds(2) == (dt.date(2024, 1, 1), dt.date(2024, 3, 31))

    def test_lists_twelve_months_from_october(self):
        months = FiscalYear(2569).months()

        assert len(months) == 12
        assert months[0] == dt.date(2025, 10, 1) and months[-1] == dt.date(2026, 9, 1)
        assert [fiscal_month_index(m) for m in months] == list(range(1, 13))

    def test_refuses_a_day_of_another_year_or_a_fifth_quarter(self):
        with pytest.raises(ValueError):
            FiscalYear(2569).quarter_of(dt.date(2026, 10, 1))
        with pytest.raises(ValueError):
            FiscalYear(2569).quarter_bounds(5)
