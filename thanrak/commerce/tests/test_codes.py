"""S10 tracking numbers, EAN-13 barcodes and อย. numbers."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thanrak.commerce.codes import (
    ean13_check_digit,
    format_fda_number,
    is_valid_ean13,
    normalise_fda_number,
)
from thanrak.commerce.shipping import is_valid_s10, normalise_tracking, s10_check_digit

serials = st.text(alphabet="0123456789", min_size=8, max_size=8)
letters = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=2, max_size=2)


class TestS10:
    @pytest.mark.parametrize("number", ["RB123456785GB", "EI217050620TH", "ED852942182TH"])
    def test_accepts_published_numbers(self, number):
        assert is_valid_s10(number)

    @pytest.mark.parametrize(
        "number",
        ["RB123456786US", "EI217050621TH", "ei217050620th", "EI21705062TH", "E1217050620TH", "", None],
    )
    def test_refuses_wrong_check_digits_and_shapes(self, number):
        assert not is_valid_s10(number)

    @given(service=letters, serial=serials, country=letters)
    def test_the_computed_check_digit_always_validates(self, service, serial, country):
        assert is_valid_s10(f"{service}{serial}{s10_check_digit(serial)}{country}")

    @given(service=letters, serial=serials, country=letters, wrong=st.integers(0, 9))
    def test_any_other_digit_is_refused(self, service, serial, country, wrong):
        good = s10_check_digit(serial)
        if wrong != good:
            assert not is_valid_s10(f"{service}{serial}{wrong}{country}")

    @given(serial=serials)
    def test_check_digit_is_a_single_digit(self, serial):
        assert 0 <= s10_check_digit(serial) <= 9

    def test_labels_copied_with_spaces_are_normalised(self):
        assert normalise_tracking(" ei 2170 5062 0th ") == "EI217050620TH"


class TestEan13:
    @pytest.mark.parametrize("code", ["8850999220000", "4006381333931", "5901234123457"])
    def test_accepts_valid_barcodes(self, code):
        assert is_valid_ean13(code)

    @pytest.mark.parametrize("code", ["8850999220001", "885099922000", "88509992200000", "885099922000A"])
    def test_refuses_wrong_check_digits(self, code):
        assert not is_valid_ean13(code)

    @given(st.text(alphabet="0123456789", min_size=12, max_size=12))
    def test_appending_the_check_digit_makes_a_valid_code(self, first12):
        assert is_valid_ean13(first12 + str(ean13_check_digit(first12)))


class TestFdaNumber:
    @pytest.mark.parametrize("text", ["10-1-12345-1-0001", "1011234510001", "10 - 1-12345-1-0001"])
    def test_accepts_the_13_digit_formats(self, text):
        assert normalise_fda_number(text) == "1011234510001"
        assert format_fda_number("1011234510001") == "10-1-12345-1-0001"

    @pytest.mark.parametrize("text", ["10-1-1234-1-0001", "101123451000", "10-1-12345-1-000A", ""])
    def test_refuses_other_shapes(self, text):
        assert normalise_fda_number(text) == ""
