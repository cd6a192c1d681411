"""Numbers in and out: what people type (Thai digits, thousands separators) and what reports print."""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from thanrak.core.money import percent
from thanrak.core.thai import from_thai_digits, to_thai_digits

NO_DATA_TH = "ไม่มีข้อมูล"
NO_DATA = _("No data")
MILLION = Decimal(1_000_000)
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")


class InvalidNumber(ValueError):
    """The text is not a number."""


def parse_amount(text: object) -> Decimal:
    """'12,890,743', '๑๒,๘๙๐,๗๔๓', ' 3 824.50 ' or 12 → a Decimal; refuses anything else."""
    if isinstance(text, Decimal):
        value = text
    elif isinstance(text, int):
        value = Decimal(text)
    else:
        cleaned = from_thai_digits(str(text or "")).strip()
        for junk in (",", " ", "\u00a0", "\u202f", "_"):
            cleaned = cleaned.replace(junk, "")
        if not cleaned:
            raise InvalidNumber("empty")
        if not _NUMBER.match(cleaned):  # as core.money.parse_baht: no exponents ('1e3'), NaN or infinity
            raise InvalidNumber(cleaned)
        try:
            value = Decimal(cleaned)
        except InvalidOperation as exc:
            raise InvalidNumber(cleaned) from exc
    if not value.is_finite() or value.adjusted() > 18 or value.as_tuple().exponent < -12:
        raise InvalidNumber(str(text))
    return value


def plain(amount: Decimal, *, places: int | None = None, thai_digits: bool = False) -> str:
    """Thousands separators and fixed decimals (half up): 3824.5 → '3,824.50'."""
    if places is not None:
        amount = amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        text = f"{amount:,.{places}f}"
    else:
        text = f"{amount:,}"
    return to_thai_digits(text) if thai_digits else text


def format_stored(
    indicator: object, stored: int | None, *, thai_digits: bool = False, lang: str = "th"
) -> str:
    """A stored integer as people read it in the indicator's unit; 'ไม่มีข้อมูล' when missing.

    Money prints in ล้านบาท with two decimals unless the indicator prints whole baht; counts with
    separators; indicators printed in millions (12.90 ล้านครัวเรือน) with two decimals.
    """
    if stored is None:
        return NO_DATA_TH if lang.startswith("th") else str(NO_DATA)
    amount = indicator.from_storage(stored)  # type: ignore[attr-defined]
    if indicator.display_millions:  # type: ignore[attr-defined]
        return plain(amount / MILLION, places=2, thai_digits=thai_digits)
    places = indicator.scale  # type: ignore[attr-defined]
    return plain(amount, places=places, thai_digits=thai_digits)


def percent_of(achieved: int | Decimal | None, target: int | Decimal | None) -> Decimal | None:
    """Achieved ÷ target × 100 rounded half up to two decimals; None when either is missing or the
    target is zero (a percentage of nothing is not a number)."""
    if achieved is None or target is None:
        return None
    return percent(achieved, target)


def format_percent(
    value: Decimal | None, *, thai_digits: bool = False, lang: str = "th", word: bool = True
) -> str:
    """'ร้อยละ ๑๐๑.๖๗' (no cap at 100) or 'ไม่มีข้อมูล'."""
    if value is None:
        return NO_DATA_TH if lang.startswith("th") else str(NO_DATA)
    text = plain(value, places=2, thai_digits=thai_digits)
    if not word:
        return text
    return f"ร้อยละ {text}" if lang.startswith("th") else f"{text} %"
