"""Thai digits, Buddhist-era dates and Thai-language formatting for what people read."""

import datetime as dt

from django.utils import timezone
from pythainlp.util import arabic_digit_to_thai_digit, thai_digit_to_arabic_digit, thai_strftime

BE_OFFSET = 543

TH_MONTHS_SHORT = (
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
)
TH_MONTHS_LONG = (
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
)


def to_thai_digits(text: object) -> str:
    """'101.67' → '๑๐๑.๖๗' for documents that ask for Thai digits."""
    return arabic_digit_to_thai_digit(str(text))


def from_thai_digits(text: str) -> str:
    """'๑๒๓' → '123'; other characters unchanged (input may mix both)."""
    return thai_digit_to_arabic_digit(text) if text else text


def be_year(year_ce: int) -> int:
    """Christian-era year → Buddhist-era year (2026 → 2569)."""
    return year_ce + BE_OFFSET


def ce_year(year_be: int) -> int:
    """Buddhist-era year → Christian-era year (2569 → 2026)."""
    return year_be - BE_OFFSET


def _as_local_date(value: dt.date | dt.datetime) -> dt.date | dt.datetime:
    if isinstance(value, dt.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def format_date(
    value: dt.date | dt.datetime | None, *, style: str = "short", lang: str = "th", thai_digits: bool = False
) -> str:
    """A date as a person reads it: '25 พ.ย. 2569' (short), '25 พฤศจิกายน 2569' (long); English in CE."""
    if value is None:
        return ""
    value = _as_local_date(value)
    if lang.startswith("en"):
        text = value.strftime("%-d %b %Y" if style == "short" else "%-d %B %Y")
    else:
        text = thai_strftime(value, "%-d %b %Y" if style == "short" else "%-d %B %Y")
    return to_thai_digits(text) if thai_digits else text


def format_datetime(value: dt.datetime | None, *, lang: str = "th", thai_digits: bool = False) -> str:
    """'25 พ.ย. 2569 14:05 น.' in Bangkok time."""
    if value is None:
        return ""
    value = _as_local_date(value)
    if lang.startswith("en"):
        return value.strftime("%-d %b %Y %H:%M")
    text = thai_strftime(value, "%-d %b %Y %H:%M") + " น."
    return to_thai_digits(text) if thai_digits else text


def format_month(year: int, month: int, *, lang: str = "th") -> str:
    """'พ.ย. 2569' / 'Nov 2026'."""
    if lang.startswith("en"):
        return dt.date(year, month, 1).strftime("%b %Y")
    return f"{TH_MONTHS_SHORT[month - 1]} {be_year(year)}"


def format_number(
    value: int | float | object, *, thai_digits: bool = False, places: int | None = None
) -> str:
    """Thousands separators, optional fixed decimals and Thai digits."""
    if value is None:
        return ""
    text = f"{value:,.{places}f}" if places is not None else f"{value:,}"
    return to_thai_digits(text) if thai_digits else text
