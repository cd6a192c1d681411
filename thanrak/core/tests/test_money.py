"""Money is an integer number of satang: parsing what people type, formatting, baht text, shares."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pythainlp.util import num_to_thaiword

from thanrak.core import money
from thanrak.core.money import InvalidAmount, allocate_largest_remainder, parse_baht, percent

amounts = st.integers(-money.MAX_ABS_SATANG, money.MAX_ABS_SATANG)


class TestParseBaht:
    @pytest.mark.parametrize(
        ("text", "satang"),
        [
            ("1,234.50", 123450),
            ("๑,๒๓๔.๕๐", 123450),
            (" 1234.5 ", 123450),
            ("1 234", 123400),
            ("฿1,000", 100000),
            ("1,000 บาท", 100000),
            ("0.01", 1),
            ("๐.๙๙", 99),
            ("12,890,743", 1_289_074_300),
            (7, 700),
            (Decimal("2.25"), 225),
        ],
    )
    def test_reads_amounts_as_people_write_them(self, text, satang):
        assert parse_baht(text) == satang

    @pytest.mark.parametrize("text", ["-5", "-0.01", "−5".replace("−", "-")])
    def test_refuses_negative_amounts_unless_asked(self, text):
        with pytest.raises(InvalidAmount, match="negative"):
            parse_baht(text)
        assert parse_baht(text, allow_negative=True) < 0

    @pytest.mark.parametrize("text", ["1.005", "0.001", "12.345", Decimal("0.125")])
    def test_refuses_fractions_of_a_satang(self, text):
        with pytest.raises(InvalidAmount, match="two decimals"):
            parse_baht(text)

    @pytest.mark.parametrize("text", ["", "   ", "บาท", "abc", "1.2.3", "NaN", "Infinity", "sNaN"])
    def test_refuses_what_is_not_an_amount(self, text):
        with pytest.raises(InvalidAmount):
            parse_baht(text)

    @pytest.mark.parametrize("text", [str(10**14), "-" + str(10**14), "1" + "0" * 40])
    def test_refuses_amounts_beyond_a_national_budget(self, text):
        with pytest.raises(InvalidAmount, match="too large"):
            parse_baht(text, allow_negative=True)

    @pytest.mark.parametrize(
        "text", ["1e3", "1E3", "๑e๓", "1e999999999", "-1E+400", "2.5e2", "inf", "-Infinity"]
    )
    def test_refuses_exponents_and_infinity_that_nobody_writes_for_money(self, text):
        with pytest.raises(InvalidAmount, match="not a number"):
            parse_baht(text, allow_negative=True)

    @pytest.mark.parametrize("text", ["12,50", "1,2345", ",100", "1.000,50", "1..5", "+", "-", "5-", "0x10"])
    def test_refuses_commas_and_signs_out_of_place(self, text):
        with pytest.raises(InvalidAmount):
            parse_baht(text, allow_negative=True)

    def test_refuses_an_amount_above_the_ceiling_the_caller_sets(self):
        ten_billion = "10,000,000,000"

        with pytest.raises(InvalidAmount, match="too large") as refused:
            parse_baht(ten_billion, max_satang=100_000_000 * 100)
        assert refused.value.code == "too_large"
        assert parse_baht("100,000,000", max_satang=100_000_000 * 100) == 10**10

    @pytest.mark.parametrize(("text", "satang"), [("+5", 500), ("−5", -500), ("-฿5", -500), ("5 บาท", 500)])
    def test_reads_signs_and_units(self, text, satang):
        assert parse_baht(text, allow_negative=True) == satang

    @given(st.integers(0, 10**12))
    def test_reads_thai_digits_exactly_as_arabic_ones(self, satang):
        text = money.format_baht(satang)
        thai = text.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))

        assert parse_baht(thai) == parse_baht(text) == satang

    @given(st.integers(0, 10**12))
    def test_reads_amounts_with_or_without_thousands_separators(self, satang):
        text = money.format_baht(satang)

        assert parse_baht(text.replace(",", "")) == parse_baht(text) == satang

    @given(st.integers(1, 10**6), st.integers(-30, 30))
    def test_never_reads_an_exponent(self, mantissa, exponent):
        with pytest.raises(InvalidAmount):
            parse_baht(f"{mantissa}e{exponent}")

    @given(st.integers(-(10**12), -1))
    def test_a_negative_amount_is_refused_or_read_with_its_sign(self, satang):
        text = money.format_baht(satang)

        with pytest.raises(InvalidAmount, match="negative"):
            parse_baht(text)
        assert parse_baht(text, allow_negative=True) == satang

    def test_keeps_trailing_zeros_exact(self):
        assert parse_baht("1.10") == parse_baht("1.1") == 110


class TestFormatBaht:
    def test_formats_satang_as_baht_with_separators_and_two_decimals(self):
        assert money.format_baht(1234550) == "12,345.50"
        assert money.format_baht(5) == "0.05"
        assert money.format_baht(-150) == "-1.50"
        assert money.format_baht(1234550, with_unit=True) == "12,345.50 บาท"

    def test_rounds_half_up_to_whole_baht_when_asked(self):
        assert money.format_baht(150, decimals=False) == "2"
        assert money.format_baht(149, decimals=False) == "1"
        assert money.format_baht(-150, decimals=False) == "-2"

    def test_formats_million_baht_as_the_report_prints_it(self):
        assert money.format_million_baht(382_450_000_000) == "3,824.50"
        assert money.format_million_baht(484_383_000_000) == "4,843.83"
        assert money.format_million_baht(499_999) == "0.00"
        assert money.format_million_baht(500_000) == "0.01"

    @given(amounts)
    def test_parsing_what_was_formatted_gives_back_the_same_satang(self, satang):
        assert parse_baht(money.format_baht(satang), allow_negative=True) == satang
        assert parse_baht(money.format_baht(satang, with_unit=True), allow_negative=True) == satang

    @given(amounts)
    def test_decimal_baht_is_exact(self, satang):
        assert money.to_decimal_baht(satang) * 100 == satang


class TestBahtText:
    def test_spells_amounts_as_on_a_receipt(self):
        assert money.baht_text(123450) == "หนึ่งพันสองร้อยสามสิบสี่บาทห้าสิบสตางค์"
        assert money.baht_text(2_100_000_000) == "ยี่สิบเอ็ดล้านบาทถ้วน"
        assert money.baht_text(0) == "ศูนย์บาทถ้วน"
        assert money.baht_text(-150) == "ลบหนึ่งบาทห้าสิบสตางค์"

    def test_satang_alone_have_no_zero_baht(self):
        assert money.baht_text(50) == "ห้าสิบสตางค์"
        assert money.baht_text(1) == "หนึ่งสตางค์"

    @given(st.integers(0, money.MAX_ABS_SATANG))
    def test_every_satang_is_spelled_exactly(self, satang):
        baht, rest = divmod(satang, 100)
        words = (num_to_thaiword(baht) + "บาท") if baht else ""
        expected = words + (num_to_thaiword(rest) + "สตางค์" if rest else "ถ้วน")

        assert money.baht_text(satang) == (expected if satang else "ศูนย์บาทถ้วน")

    def test_refuses_amounts_too_large_to_spell_exactly(self):
        with pytest.raises(InvalidAmount):
            money.baht_text(money.MAX_ABS_SATANG + 1)


class TestPercent:
    @pytest.mark.parametrize(
        ("done", "target", "expected"),
        [
            (2_135, 2_100, "101.67"),  # plots
            (1_815, 1_300, "139.62"),
            (12_890_743, 12_900_000, "99.93"),  # households surveyed
            (382_450, 484_383, "78.96"),  # 3,824.50 of 4,843.83 million baht
            (1, 3, "33.33"),
            (2, 3, "66.67"),
        ],
    )
    def test_reproduces_the_seed_reports_percentages(self, done, target, expected):
        assert percent(done, target) == Decimal(expected)

    def test_rounds_half_up_not_to_even(self):
        assert percent(1, 8, places=0) == Decimal(13)  # 12.5 → 13
        assert percent(5, 200, places=0) == Decimal(3)  # 2.5 → 3
        assert percent(1, 16, places=2) == Decimal("6.25")
        assert percent(1, 80, places=1) == Decimal("1.3")  # 1.25 → 1.3

    def test_has_no_value_over_nothing(self):
        assert percent(5, 0) is None


weights = st.lists(st.integers(0, 10**6), min_size=1, max_size=40).filter(any)


class TestAllocateLargestRemainder:
    @given(st.integers(0, 10**12), weights)
    def test_parts_sum_to_the_total_and_each_is_within_one_of_its_share(self, total, ws):
        parts = allocate_largest_remainder(total, ws)
        exact = [Decimal(total) * w / sum(ws) for w in ws]

        assert sum(parts) == total
        assert all(abs(p - e) < 1 for p, e in zip(parts, exact, strict=True))
        assert all(p >= 0 for p in parts)
        assert allocate_largest_remainder(total, ws) == parts

    def test_gives_leftover_units_to_the_largest_remainders_then_the_earlier_position(self):
        assert allocate_largest_remainder(10, [1, 1, 1]) == [4, 3, 3]
        assert allocate_largest_remainder(100, [1, 2, 2]) == [20, 40, 40]
        assert allocate_largest_remainder(1, [3, 3]) == [1, 0]
        # 3.5, 1.75, 1.75 → floors 3, 1, 1; the two leftover units go to the .75 remainders.
        assert allocate_largest_remainder(7, [Decimal("0.5"), Decimal("0.25"), Decimal("0.25")]) == [3, 2, 2]

    def test_zero_weights_get_nothing(self):
        assert allocate_largest_remainder(5, [0, 2, 0, 3]) == [0, 2, 0, 3]

    @pytest.mark.parametrize(
        ("total", "ws"),
        [(-1, [1]), (5, [1, -1]), (5, []), (5, [0, 0])],
    )
    def test_refuses_what_cannot_be_shared(self, total, ws):
        with pytest.raises(ValueError):
            allocate_largest_remainder(total, ws)

    def test_sharing_nothing_is_fine(self):
        assert allocate_largest_remainder(0, []) == []
        assert allocate_largest_remainder(0, [0, 0]) == [0, 0]
