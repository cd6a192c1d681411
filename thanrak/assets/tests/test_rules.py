"""The pure rules of bookings and fees."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thanrak.assets import rules

T0 = dt.datetime(2026, 12, 8, 8, 0, tzinfo=dt.UTC)
H = dt.timedelta(hours=1)


class TestOverlaps:
    def test_a_booking_may_start_when_another_ends(self):
        assert not rules.overlaps(T0, T0 + 2 * H, T0 + 2 * H, T0 + 4 * H)

    def test_one_hour_in_common_overlaps(self):
        assert rules.overlaps(T0, T0 + 3 * H, T0 + 2 * H, T0 + 4 * H)

    def test_inside_overlaps(self):
        assert rules.overlaps(T0, T0 + 8 * H, T0 + 2 * H, T0 + 3 * H)

    @given(st.integers(0, 100), st.integers(1, 50), st.integers(0, 100), st.integers(1, 50))
    def test_overlap_is_symmetric_and_matches_hour_sets(self, a, la, b, lb):
        one = (T0 + a * H, T0 + (a + la) * H)
        two = (T0 + b * H, T0 + (b + lb) * H)
        common = set(range(a, a + la)) & set(range(b, b + lb))
        assert rules.overlaps(*one, *two) == rules.overlaps(*two, *one) == bool(common)


class TestUseAndFee:
    def test_hours_come_from_the_meters(self):
        use = rules.use_of(
            out_at=T0,
            in_at=T0 + 9 * H,
            meter_out=Decimal("1200.5"),
            meter_in=Decimal("1206.0"),
            hours=None,
            rai=None,
        )
        assert use.hours == Decimal("5.5") and use.days == 1
        assert rules.fee_satang(unit="HOUR", rate_satang=35000, use=use) == 192500

    def test_without_meters_the_hours_are_the_time_out(self):
        use = rules.use_of(out_at=T0, in_at=T0 + 25 * H, meter_out=None, meter_in=None, hours=None, rai=None)
        assert use.hours == Decimal("25.0") and use.days == 2
        assert rules.fee_satang(unit="DAY", rate_satang=50000, use=use) == 100000

    def test_fee_per_rai(self):
        use = rules.use_of(
            out_at=T0, in_at=T0 + H, meter_out=None, meter_in=None, hours=None, rai=Decimal("7.25")
        )
        assert rules.fee_satang(unit="RAI", rate_satang=30000, use=use) == 217500

    @pytest.mark.parametrize(
        ("meter_out", "meter_in", "code"),
        [(Decimal(-1), None, "negative_meter"), (Decimal(100), Decimal(99), "meter_goes_back")],
    )
    def test_refuses_impossible_meters(self, meter_out, meter_in, code):
        with pytest.raises(rules.BadMeter) as caught:
            rules.use_of(
                out_at=T0, in_at=T0 + H, meter_out=meter_out, meter_in=meter_in, hours=None, rai=None
            )
        assert caught.value.code == code
