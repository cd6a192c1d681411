"""Money is an integer number of satang (1 baht = 100 satang). Decimal appears only here."""

import re
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal
from typing import NewType

from pythainlp.util import bahttext

from thanrak.core.thai import from_thai_digits

Satang = NewType("Satang", int)
SATANG_PER_BAHT = 100
# Large enough for a national budget line (10^13 baht) while float-safe for bahttext.
MAX_ABS_SATANG = 10**15
# The largest single amount a person records by hand (a deposit, a repayment, a price): 100 million
# baht. Larger is a slip of the keyboard (extra zeros), not a village's money.
MAX_ENTRY_SATANG = 100_000_000 * SATANG_PER_BAHT


class InvalidAmount(ValueError):
    """The text is not an amount of baht with at most two decimals; `code` says which rule it broke
    (invalid, negative, decimals, too_large) so a form can say it in the person's language."""

    def __init__(self, message: str, *, code: str = "invalid"):
        self.code = code
        super().__init__(message)


# Digits with an optional sign, thousands grouped by commas (or none), at most one decimal point.
# Exponents ('1e3'), 'NaN', 'inf' and stray commas ('12,50') are not amounts a person writes.
_AMOUNT = re.compile(r"^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$")


def parse_baht(  # noqa: C901
    text: str | int | Decimal, *, allow_negative: bool = False, max_satang: int = MAX_ABS_SATANG
) -> int:
    """The one amount parser: '1,234.50', '๑,๒๓๔.๕๐', ' 1234.5 บาท', '฿1,000' baht into satang.

    Refuses exponents, NaN and infinity, fractions of a satang, negative amounts unless
    allow_negative, and anything above max_satang (callers set a ceiling that fits the use)."""
    if isinstance(text, bool):
        raise InvalidAmount(f"{text!r} is not an amount")
    if isinstance(text, int):
        value = Decimal(text)
    elif isinstance(text, Decimal):
        value = text
    else:
        cleaned = from_thai_digits(str(text)).strip().replace(" ", "").replace("\u00a0", "")
        cleaned = cleaned.removesuffix("บาท").removeprefix("฿").replace("\u2212", "-")
        if cleaned[:1] in "+-" and cleaned[1:2] == "฿":
            cleaned = cleaned[0] + cleaned[2:]
        if not cleaned:
            raise InvalidAmount("empty amount")
        if not (m := _AMOUNT.match(cleaned)):
            raise InvalidAmount(f"{text!r} is not a number")
        sign, whole, fraction = m.groups()
        if len(whole.replace(",", "")) > 20:
            raise InvalidAmount(f"{text!r} is too large", code="too_large")
        value = Decimal(f"{sign}{whole.replace(',', '')}.{fraction or '0'}")
    if not value.is_finite():
        raise InvalidAmount(f"{text!r} is not a number")
    # Checked before multiplying: '1e999999999' would overflow the decimal context.
    if value.adjusted() > 20 or value.copy_abs() * SATANG_PER_BAHT > min(max_satang, MAX_ABS_SATANG):
        raise InvalidAmount(f"{text!r} is too large", code="too_large")
    satang = value * SATANG_PER_BAHT
    if satang != satang.to_integral_value():
        raise InvalidAmount(f"{text!r} has more than two decimals", code="decimals")
    result = int(satang)
    if result < 0 and not allow_negative:
        raise InvalidAmount(f"{text!r} is negative", code="negative")
    return result


def to_decimal_baht(satang: int) -> Decimal:
    """Exact baht value of an amount in satang, for display and exports."""
    return (Decimal(satang) / SATANG_PER_BAHT).quantize(Decimal("0.01"))


def format_baht(satang: int, *, with_unit: bool = False, decimals: bool = True) -> str:
    """1234550 → '12,345.50' (with_unit adds ' บาท'); decimals=False rounds half up to whole baht."""
    value = to_decimal_baht(satang)
    text = f"{value:,.2f}" if decimals else f"{value.quantize(Decimal(1), rounding=ROUND_HALF_UP):,}"
    return f"{text} บาท" if with_unit else text


def format_million_baht(satang: int) -> str:
    """Amount in ล้านบาท with two decimals, rounded half up: 382450000000 → '3,824.50'."""
    millions = (Decimal(satang) / (SATANG_PER_BAHT * 1_000_000)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return f"{millions:,.2f}"


def baht_text(satang: int) -> str:
    """The amount in Thai words as on a receipt, by pythainlp's bahttext (ลบ for a negative amount)."""
    if abs(satang) > MAX_ABS_SATANG:
        raise InvalidAmount("amount too large for baht text")
    text = bahttext(abs(satang) / SATANG_PER_BAHT)
    if abs(satang) < SATANG_PER_BAHT and satang:
        # pythainlp writes 0.50 as ศูนย์บาทห้าสิบสตางค์; receipts (and Excel's BAHTTEXT) say ห้าสิบสตางค์.
        text = text.removeprefix("ศูนย์บาท")
    return f"ลบ{text}" if satang < 0 else text


def round_half_up(value: Decimal) -> int:
    """Round a Decimal number of satang half up (away from zero) to an int."""
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percent(numerator: int | Decimal, denominator: int | Decimal, *, places: int = 2) -> Decimal | None:
    """numerator / denominator × 100, rounded half up; None when the denominator is zero."""
    if not denominator:
        return None
    exponent = Decimal(1).scaleb(-places)
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(exponent, rounding=ROUND_HALF_UP)


def allocate_largest_remainder(total: int, weights: Sequence[int | Decimal]) -> list[int]:
    """Split an integer total in proportion to weights so that the parts sum exactly to the total.

    Each part gets the floor of its exact share; the leftover units go one each to the largest
    fractional remainders, ties to the earlier position (Hamilton's method).
    """
    if total < 0:
        raise ValueError("total must not be negative")
    weight_sum = sum(Decimal(w) for w in weights)
    if any(Decimal(w) < 0 for w in weights):
        raise ValueError("weights must not be negative")
    if not weights:
        if total:
            raise ValueError("cannot allocate a positive total to nobody")
        return []
    if weight_sum == 0:
        if total:
            raise ValueError("cannot allocate a positive total over zero weights")
        return [0] * len(weights)
    exact = [Decimal(total) * Decimal(w) / weight_sum for w in weights]
    parts = [int(x) for x in exact]  # floor: all non-negative
    leftover = total - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:leftover]:
        parts[i] += 1
    return parts
