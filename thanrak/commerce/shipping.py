"""Parcel numbers: UPU S10 tracking numbers as Thailand Post issues them."""

import re

S10_PATTERN = re.compile(r"^[A-Z]{2}[0-9]{9}[A-Z]{2}$")
S10_WEIGHTS = (8, 6, 4, 2, 3, 5, 9, 7)


def s10_check_digit(serial: str) -> int:
    """Check digit of an 8-digit serial: 11 − (Σ weights × digits mod 11); 10 → 0, 11 → 5."""
    if len(serial) != 8 or not serial.isdigit():
        raise ValueError("serial must be 8 digits")
    c = 11 - sum(w * int(d) for w, d in zip(S10_WEIGHTS, serial, strict=True)) % 11
    return {10: 0, 11: 5}.get(c, c)


def normalise_tracking(number: str) -> str:
    """Upper case without spaces or dashes, as people copy numbers from labels."""
    return re.sub(r"[\s-]", "", number or "").upper()


def is_valid_s10(number: str) -> bool:
    """Two letters, eight digits, the check digit and a two-letter country (e.g. EI217050620TH)."""
    if not isinstance(number, str) or not S10_PATTERN.match(number):
        return False
    return s10_check_digit(number[2:10]) == int(number[10])
