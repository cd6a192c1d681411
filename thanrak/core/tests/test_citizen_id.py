"""Thai citizen IDs: the check digit, cleaning what people type, and masking."""

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thanrak.core import citizen_id as cid
from thanrak.core.thai import to_thai_digits

WEIGHTS = range(13, 1, -1)  # digit i (0-based) of the first twelve is weighted 13 - i


@st.composite
def valid_ids(draw: st.DrawFn) -> str:
    first12 = str(draw(st.integers(1, 9))) + "".join(str(draw(st.integers(0, 9))) for _ in range(11))
    return first12 + str(cid.check_digit(first12))


def weighted_residue(digits: str) -> int:
    return sum(int(d) * w for d, w in zip(digits[:12], WEIGHTS, strict=True)) % 11


class TestCheckDigit:
    def test_computes_the_check_digit_worked_by_hand(self):
        # 1×13 + 1×12 + 0×11 + 1×10 + 2×9 + 3×4 = 65; 65 mod 11 = 10; (11 − 10) mod 10 = 1.
        assert cid.check_digit("110120000300") == 1
        assert cid.is_valid("1101200003001")
        assert not cid.is_valid("1101200003000")
        # 352 mod 11 = 0; (11 − 0) mod 10 = 1.
        assert cid.is_valid("1234567890121")

    @given(valid_ids())
    def test_every_id_with_its_check_digit_is_valid(self, digits):
        assert cid.is_valid(digits)
        assert cid.clean(digits) == digits

    @given(valid_ids(), st.integers(1, 9))
    def test_any_other_last_digit_is_refused(self, digits, shift):
        wrong = digits[:12] + str((int(digits[12]) + shift) % 10)

        assert not cid.is_valid(wrong)
        with pytest.raises(cid.InvalidCitizenId, match="check digit"):
            cid.clean(wrong)

    @given(valid_ids(), st.sampled_from([0, 1, 3, 4, 5, 6, 7, 8, 9, 10, 11]), st.integers(1, 9))
    def test_a_changed_digit_is_caught_unless_the_weighted_sums_fall_on_0_and_10(self, digits, pos, shift):
        changed = digits[:pos] + str((int(digits[pos]) + shift) % 10) + digits[pos + 1 :]

        if cid.is_valid(changed):
            # (11 - 0) % 10 == (11 - 10) % 10 == 1: the one collision of the scheme.
            assert {weighted_residue(digits), weighted_residue(changed)} == {0, 10}

    @given(valid_ids(), st.integers(1, 9))
    def test_the_third_digit_is_not_covered_by_the_check_digit(self, digits, shift):
        """Its weight is 11, so the check digit cannot see it: typos there need other checks."""
        changed = digits[:2] + str((int(digits[2]) + shift) % 10) + digits[3:]

        assert cid.is_valid(changed)

    def test_catches_about_nine_in_ten_single_digit_typos(self):
        rng = random.Random(13)
        typos = []
        for _ in range(300):
            first12 = f"{rng.randint(1, 9)}{rng.randrange(10**11):011d}"
            digits = first12 + str(cid.check_digit(first12))
            typos += [
                digits[:i] + d + digits[i + 1 :]
                for i in range(13)
                for d in "0123456789"
                if d != digits[i] and not (i == 0 and d == "0")
            ]
        caught = sum(not cid.is_valid(t) for t in typos) / len(typos)

        assert 0.88 < caught < 0.93  # the third digit (1 in 13) and the 0/10 collision slip through


class TestClean:
    @given(valid_ids())
    def test_accepts_dashes_spaces_and_thai_digits(self, digits):
        typed = f" {to_thai_digits(cid.format_id(digits))} ".replace("-", " - ", 1)

        assert cid.clean(typed) == digits

    @pytest.mark.parametrize(
        ("text", "reason"),
        [
            ("", "13 digits"),
            ("123456789012", "13 digits"),
            ("12345678901234", "13 digits"),
            ("12345678901a1", "13 digits"),
            ("0123456789012", "cannot start with 0"),
        ],
    )
    def test_refuses_what_is_not_a_citizen_id(self, text, reason):
        with pytest.raises(cid.InvalidCitizenId, match=reason):
            cid.clean(text)
        assert not cid.is_valid(text)

    def test_refuses_full_width_or_other_unicode_digits(self):
        assert not cid.is_valid("１１０１２０００３０００")  # full-width digits


class TestFormatAndMask:
    def test_formats_with_dashes_as_printed_on_the_card(self):
        assert cid.format_id("1234567890121") == "1-2345-67890-12-1"

    def test_masks_all_but_the_office_digits_and_the_check_digit(self):
        assert cid.mask("1234567890121") == "1-2345-xxxxx-xx-1"

    @given(valid_ids())
    def test_a_masked_id_never_shows_the_middle_digits(self, digits):
        masked = cid.mask(digits)

        assert masked.replace("-", "")[5:12] == "x" * 7
        assert digits[5:12] not in masked.replace("-", "")

    def test_masks_anything_that_is_not_13_digits_entirely(self):
        assert cid.mask("12345") == "xxxxx"
        assert cid.format_id("12345") == "12345"
