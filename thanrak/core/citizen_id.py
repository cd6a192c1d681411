"""Thai 13-digit citizen identification numbers (เลขประจำตัวประชาชน)."""

import re

from thanrak.core.thai import from_thai_digits

_SEPARATORS = re.compile(r"[\s\-]")


class InvalidCitizenId(ValueError):
    """Not 13 digits, or the last digit is not the check digit of the first twelve."""


def check_digit(first12: str) -> int:
    """The 13th digit: (11 − Σ digit_i × (13 − i) mod 11) mod 10, for i = 0…11."""
    b = first12.encode()
    if len(b) == 12 and first12.isdigit():  # unrolled: imports check millions of IDs
        total = (
            b[0] * 13
            + b[1] * 12
            + b[2] * 11
            + b[3] * 10
            + b[4] * 9
            + b[5] * 8
            + b[6] * 7
            + b[7] * 6
            + b[8] * 5
            + b[9] * 4
            + b[10] * 3
            + b[11] * 2
            - 48 * 90
        )
    else:
        total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return (11 - total % 11) % 10


def normalise(text: str) -> str:
    """Strip spaces and dashes and turn Thai digits into Arabic ones."""
    if len(text) == 13 and text.isascii() and text.isdigit():
        return text  # the usual case, kept fast for imports of millions of rows
    return _SEPARATORS.sub("", from_thai_digits(text or ""))


def is_valid(text: str) -> bool:
    digits = normalise(text)
    return (
        len(digits) == 13
        and digits.isascii()
        and digits.isdigit()
        and digits[0] != "0"
        and check_digit(digits[:12]) == int(digits[12])
    )


def clean(text: str) -> str:
    """Return the 13 digits or raise InvalidCitizenId with a reason a person can act on."""
    digits = normalise(text)
    if not (digits.isascii() and digits.isdigit()) or len(digits) != 13:
        raise InvalidCitizenId("must be 13 digits")
    if digits[0] == "0":
        raise InvalidCitizenId("cannot start with 0")
    if check_digit(digits[:12]) != int(digits[12]):
        raise InvalidCitizenId("check digit does not match")
    return digits


def format_id(digits: str) -> str:
    """'1234567890121' → '1-2345-67890-12-1'."""
    return (
        f"{digits[0]}-{digits[1:5]}-{digits[5:10]}-{digits[10:12]}-{digits[12]}"
        if len(digits) == 13
        else digits
    )


def mask(digits: str) -> str:
    """'1234567890121' → '1-2345-xxxxx-xx-1': province-office digits and the check digit only."""
    if len(digits) != 13:
        return "x" * len(digits)
    return f"{digits[0]}-{digits[1:5]}-xxxxx-xx-{digits[12]}"


def is_valid_tax_id(text: str) -> bool:
    """A 13-digit Thai tax ID: a person's citizen ID, or a juristic person's number, which starts
    with 0 (e.g. 0-1055-xxxxx-xx-x); both use the citizen ID's check digit."""
    digits = normalise(text)
    return (
        len(digits) == 13
        and digits.isascii()
        and digits.isdigit()
        and check_digit(digits[:12]) == int(digits[12])
    )
