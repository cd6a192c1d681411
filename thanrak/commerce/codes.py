"""Product numbers: EAN-13 barcodes and Thai FDA (อย.) food serial numbers."""

import re

FDA_FOOD_PATTERN = re.compile(r"^[0-9]{2}-?[0-9]-?[0-9]{5}-?[0-9]-?[0-9]{4}$")


def ean13_check_digit(first12: str) -> int:
    """GS1 check digit: weights 1 and 3 alternating from the left over 12 digits."""
    if len(first12) != 12 or not first12.isdigit():
        raise ValueError("need 12 digits")
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(first12))
    return (10 - total % 10) % 10


def is_valid_ean13(code: str) -> bool:
    return (
        isinstance(code, str)
        and len(code) == 13
        and code.isdigit()
        and ean13_check_digit(code[:12]) == int(code[12])
    )


def normalise_fda_number(number: str) -> str:
    """'10-1-12345-1-0001' or with spaces → '1011234510001' (13 digits) or '' when malformed."""
    cleaned = re.sub(r"\s", "", number or "")
    if not FDA_FOOD_PATTERN.match(cleaned):
        return ""
    return cleaned.replace("-", "")


def format_fda_number(digits: str) -> str:
    """13 digits → 'XX-X-XXXXX-X-XXXX' as printed inside the อย. mark."""
    return f"{digits[:2]}-{digits[2]}-{digits[3:8]}-{digits[8]}-{digits[9:]}"
