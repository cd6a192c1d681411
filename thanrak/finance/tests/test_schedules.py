"""build_schedule: worked examples done by hand, and properties that hold for every loan."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thanrak.finance.schedules import InvalidSchedule, build_schedule

D = dt.date


def rows(schedule):  # noqa: ANN001, ANN201
    return [(i.number, i.due_date, i.principal_satang, i.interest_satang) for i in schedule]


class TestFlatSchedule:
    def test_splits_interest_and_principal_equally_with_remainders_on_the_last(self):
        # 10,000 baht at 12 % a year over 12 months: interest 10,000 × 12 % × 12/12 = 1,200 baht.
        # Principal 1,000,000 // 12 = 83,333 satang; 12 × 83,333 = 999,996, so the last gets 83,337.
        schedule = build_schedule(
            principal_satang=1_000_000,
            annual_rate_bp=1200,
            periods=12,
            method="flat",
            frequency="monthly",
            first_due_date=D(2026, 1, 15),
        )

        assert [i.principal_satang for i in schedule] == [83_333] * 11 + [83_337]
        assert [i.interest_satang for i in schedule] == [10_000] * 12
        assert sum(i.total_satang for i in schedule) == 1_120_000

    def test_puts_the_interest_remainder_on_the_last_installment(self):
        # 1,000 baht at 5 % over 7 quarters: 100,000 × 0.05 × 7/4 = 8,750 satang; 8,750 // 7 = 1,250.
        # 100,000 // 7 = 14,285; the last principal is 100,000 − 6 × 14,285 = 14,290.
        schedule = build_schedule(
            principal_satang=100_000,
            annual_rate_bp=500,
            periods=7,
            method="flat",
            frequency="quarterly",
            first_due_date=D(2026, 3, 1),
        )

        assert [i.interest_satang for i in schedule] == [1_250] * 7
        assert [i.principal_satang for i in schedule] == [14_285] * 6 + [14_290]
        assert schedule[-1].due_date == D(2027, 9, 1)

    def test_rounds_total_interest_half_up(self):
        # 0.5 satang of interest rounds up to 1 (banker's rounding would give 0).
        schedule = build_schedule(
            principal_satang=50,
            annual_rate_bp=100,
            periods=1,
            method="flat",
            frequency="annual",
            first_due_date=D(2026, 1, 1),
        )

        assert rows(schedule) == [(1, D(2026, 1, 1), 50, 1)]


class TestDecliningInstallmentSchedule:
    def test_matches_the_annuity_worked_by_hand(self):
        # 1,000 baht at 12 % a year, 3 months: r = 1 %; A = 100,000 × 0.01 / (1 − 1.01^−3)
        # = 1,000 / 0.0294098530 = 34,002.21 → 34,002 satang.
        # 1: interest 1,000, principal 33,002, balance 66,998
        # 2: interest round(669.98) = 670, principal 33,332, balance 33,666
        # 3: interest round(336.66) = 337, principal all of 33,666
        schedule = build_schedule(
            principal_satang=100_000,
            annual_rate_bp=1200,
            periods=3,
            method="declining_installment",
            frequency="monthly",
            first_due_date=D(2026, 1, 31),
        )

        assert rows(schedule) == [
            (1, D(2026, 1, 31), 33_002, 1_000),
            (2, D(2026, 2, 28), 33_332, 670),
            (3, D(2026, 3, 31), 33_666, 337),
        ]

    def test_keeps_every_installment_but_the_last_equal(self):
        schedule = build_schedule(
            principal_satang=1_000_000,
            annual_rate_bp=1200,
            periods=12,
            method="declining_installment",
            frequency="monthly",
            first_due_date=D(2026, 1, 5),
        )

        # A = 10,000 / (1 − 1.01^−12) = 88,848.79 → 88,849 satang a month.
        assert {i.total_satang for i in schedule[:-1]} == {88_849}
        assert schedule[0].interest_satang == 10_000
        assert sum(i.principal_satang for i in schedule) == 1_000_000

    def test_divides_the_principal_when_the_rate_is_zero(self):
        # 1,000 satang over 3 periods: A = round(333.33) = 333; the last takes 334.
        schedule = build_schedule(
            principal_satang=1_000,
            annual_rate_bp=0,
            periods=3,
            method="declining_installment",
            frequency="semiannual",
            first_due_date=D(2026, 6, 30),
        )

        assert rows(schedule) == [
            (1, D(2026, 6, 30), 333, 0),
            (2, D(2026, 12, 30), 333, 0),
            (3, D(2027, 6, 30), 334, 0),
        ]

    def test_never_repays_more_than_is_owed_before_the_last_installment(self):
        # 7 satang over 12 months at 0 %: A = round(0.58) = 1, so 7 installments of 1 then nothing.
        schedule = build_schedule(
            principal_satang=7,
            annual_rate_bp=0,
            periods=12,
            method="declining_installment",
            frequency="monthly",
            first_due_date=D(2026, 1, 1),
        )

        assert [i.principal_satang for i in schedule] == [1] * 7 + [0] * 5


class TestDecliningPrincipalSchedule:
    def test_charges_interest_on_the_falling_balance(self):
        # 12,000 baht at 12 %: 100,000 satang principal a month; interest 1 % of the balance.
        schedule = build_schedule(
            principal_satang=1_200_000,
            annual_rate_bp=1200,
            periods=12,
            method="declining_principal",
            frequency="monthly",
            first_due_date=D(2026, 1, 10),
        )

        assert [i.principal_satang for i in schedule] == [100_000] * 12
        assert [i.interest_satang for i in schedule] == [12_000 - 1_000 * k for k in range(12)]

    def test_rounds_interest_half_up(self):
        # 250 satang at 1 % for a year: 2.5 satang rounds to 3.
        schedule = build_schedule(
            principal_satang=250,
            annual_rate_bp=100,
            periods=1,
            method="declining_principal",
            frequency="annual",
            first_due_date=D(2026, 1, 1),
        )

        assert rows(schedule) == [(1, D(2026, 1, 1), 250, 3)]


class TestBulletSchedule:
    def test_is_one_payment_after_the_harvest(self):
        # 20,000 baht at 5 % for one year, repaid in one go: interest 1,000 baht.
        schedule = build_schedule(
            principal_satang=2_000_000,
            annual_rate_bp=500,
            periods=1,
            method="bullet",
            frequency="annual",
            first_due_date=D(2027, 3, 31),
        )

        assert rows(schedule) == [(1, D(2027, 3, 31), 2_000_000, 100_000)]

    def test_charges_interest_for_the_whole_term(self):
        # Two semesters at 6 %: 1,000,000 × 0.06 × 2/2 = 60,000 satang.
        schedule = build_schedule(
            principal_satang=1_000_000,
            annual_rate_bp=600,
            periods=2,
            method="bullet",
            frequency="semiannual",
            first_due_date=D(2027, 3, 31),
        )

        assert rows(schedule) == [(1, D(2027, 3, 31), 1_000_000, 60_000)]


class TestDueDates:
    def test_clamp_to_the_month_end_counted_from_the_first_due_date(self):
        schedule = build_schedule(
            principal_satang=400,
            annual_rate_bp=0,
            periods=4,
            method="flat",
            frequency="monthly",
            first_due_date=D(2027, 12, 31),
        )

        # 2028 is a leap year; March is back to the 31st, not chained from 29 February.
        assert [i.due_date for i in schedule] == [
            D(2027, 12, 31),
            D(2028, 1, 31),
            D(2028, 2, 29),
            D(2028, 3, 31),
        ]

    def test_step_by_a_quarter(self):
        schedule = build_schedule(
            principal_satang=400,
            annual_rate_bp=0,
            periods=4,
            method="flat",
            frequency="quarterly",
            first_due_date=D(2026, 11, 30),
        )

        assert [i.due_date for i in schedule] == [
            D(2026, 11, 30),
            D(2027, 2, 28),
            D(2027, 5, 30),
            D(2027, 8, 30),
        ]


class TestBadTerms:
    @pytest.mark.parametrize(
        "change",
        [
            {"principal_satang": 0},
            {"principal_satang": -100},
            {"annual_rate_bp": -1},
            {"periods": 0},
            {"method": "compound"},
            {"frequency": "weekly"},
            {"principal_satang": 10.5},
        ],
    )
    def test_are_refused(self, change):
        terms = {
            "principal_satang": 100_000,
            "annual_rate_bp": 500,
            "periods": 12,
            "method": "flat",
            "frequency": "monthly",
            "first_due_date": D(2026, 1, 1),
        }
        terms.update(change)

        with pytest.raises(InvalidSchedule):
            build_schedule(**terms)

    def test_a_schedule_past_the_calendar_is_refused(self):
        with pytest.raises(InvalidSchedule):
            build_schedule(
                principal_satang=100,
                annual_rate_bp=0,
                periods=24,
                method="flat",
                frequency="annual",
                first_due_date=D(9990, 1, 1),
            )


terms = st.fixed_dictionaries(
    {
        "principal_satang": st.integers(min_value=1, max_value=10**11),
        "annual_rate_bp": st.integers(min_value=0, max_value=6000),
        "periods": st.integers(min_value=1, max_value=120),
        "method": st.sampled_from(["flat", "declining_installment", "declining_principal", "bullet"]),
        "frequency": st.sampled_from(["monthly", "quarterly", "semiannual", "annual"]),
        "first_due_date": st.dates(min_value=D(2000, 1, 1), max_value=D(2060, 12, 31)),
    }
)


class TestEverySchedule:
    @given(terms)
    @settings(max_examples=300, deadline=None)
    def test_repays_exactly_the_principal(self, t):
        schedule = build_schedule(**t)

        assert sum(i.principal_satang for i in schedule) == t["principal_satang"]

    @given(terms)
    @settings(max_examples=300, deadline=None)
    def test_has_no_negative_part(self, t):
        schedule = build_schedule(**t)

        assert all(i.principal_satang >= 0 and i.interest_satang >= 0 for i in schedule)

    @given(terms)
    @settings(max_examples=300, deadline=None)
    def test_has_due_dates_that_never_go_backwards(self, t):
        schedule = build_schedule(**t)

        dates = [i.due_date for i in schedule]
        assert dates == sorted(dates)
        assert dates[0] == t["first_due_date"]
        assert [i.number for i in schedule] == list(range(1, len(schedule) + 1))

    @given(terms)
    @settings(max_examples=200, deadline=None)
    def test_charges_less_interest_when_the_principal_falls_than_when_it_does_not(self, t):
        if t["method"] in ("bullet", "flat"):
            return
        flat = build_schedule(**{**t, "method": "flat"})
        declining = build_schedule(**t)

        assert (
            sum(i.interest_satang for i in declining) <= sum(i.interest_satang for i in flat) + t["periods"]
        )
