"""Pure rules of the commerce module: plain values in, plain values out, no database."""

import re
from typing import Any

PHONE_PATTERN = re.compile(r"^0[0-9]{8,9}$")


def clean_text(value: Any, limit: int) -> str:
    """One line of text: spaces collapsed, control characters (NUL, which PostgreSQL refuses) removed."""
    text = "".join(ch for ch in str(value or "") if ch.isprintable() or ch.isspace())
    return " ".join(text.split())[:limit]


def clean_phone(phone: str) -> str:
    """Thai phone numbers as digits: '081-234-5678' → '0812345678'; '' when not a Thai number."""
    digits = re.sub(r"\D", "", phone or "")
    if digits.startswith("66") and len(digits) in (11, 10):
        digits = "0" + digits[2:]
    return digits if PHONE_PATTERN.match(digits) else ""
