"""Reporting periods as short codes, in the Buddhist era as Thai reports write them.

| code                 | meaning                                    | fiscal year it counts in |
|----------------------|--------------------------------------------|--------------------------|
| ``FY2565``           | ปีงบประมาณ 2565 (1 Oct 2021 – 30 Sep 2022)  | 2565                     |
| ``FY2565Q1``         | fiscal quarter 1 (Oct–Dec 2021)            | 2565                     |
| ``2565-01``          | the month January 2565 (2022)              | 2565                     |
| ``CY2565``           | calendar year ("ปี 2565")                  | 2565 (same number)       |
| ``2564-01..2565-07`` | a range of months, ``CY2564..CY2565`` too  | the year of its end      |
| ``@2565-01``         | "as of" the end of January 2565 (a balance or a cumulative figure); ``@2565-01-31``
    for a day | the year of that day |
| ``""``               | the report prints no period; the fiscal year must be given | as given |

Inputs may use Thai digits and Christian-era years (``2022-01`` is read as ``2565-01``).
"""

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from thanrak.core.fiscal import FiscalYear
from thanrak.core.thai import BE_OFFSET, TH_MONTHS_LONG, TH_MONTHS_SHORT, from_thai_digits


class PeriodType(StrEnum):
    FISCAL_YEAR = "FY"
    QUARTER = "QUARTER"
    MONTH = "MONTH"
    CALENDAR_YEAR = "CY"
    RANGE = "RANGE"
    AS_OF = "AS_OF"
    UNSPECIFIED = "UNSPECIFIED"


PERIOD_TYPE_CHOICES = [
    (PeriodType.FISCAL_YEAR, _("Fiscal year")),
    (PeriodType.QUARTER, _("Fiscal quarter")),
    (PeriodType.MONTH, _("Month")),
    (PeriodType.CALENDAR_YEAR, _("Calendar year")),
    (PeriodType.RANGE, _("Range of months")),
    (PeriodType.AS_OF, _("As of a date")),
    (PeriodType.UNSPECIFIED, _("Not stated")),
]

# Which values make a fiscal year's figure when several periods are present (lower wins).
PRECEDENCE = {
    PeriodType.FISCAL_YEAR: 0,
    PeriodType.QUARTER: 1,
    PeriodType.MONTH: 2,
}
OTHER_PRECEDENCE = 3

MIN_BE, MAX_BE = 2400, 2700


class InvalidPeriod(ValueError):
    """The text is not a period code this system understands."""


@dataclass(frozen=True)
class Period:
    code: str
    type: PeriodType
    start: dt.date
    end: dt.date
    fiscal_year: int

    @property
    def precedence(self) -> int:
        return PRECEDENCE.get(self.type, OTHER_PRECEDENCE)

    def contains(self, other: "Period") -> bool:
        """True when `other` lies wholly inside this period (a fiscal year contains its values)."""
        if self.type == PeriodType.FISCAL_YEAR:
            return other.fiscal_year == self.fiscal_year
        return self.start <= other.start and other.end <= self.end

    def label(self, lang: str = "th") -> str:
        """How a person reads the period: 'ปีงบประมาณ พ.ศ. 2565', 'ณ เดือนมกราคม 2565', 'Jan 2022'."""
        return period_label(self, lang=lang)


def _be(year: int) -> int:
    """A year as typed: Buddhist era kept, Christian era converted."""
    if MIN_BE <= year <= MAX_BE:
        return year
    if MIN_BE - BE_OFFSET <= year <= MAX_BE - BE_OFFSET:
        return year + BE_OFFSET
    raise InvalidPeriod(f"{year} is not a plausible year")


def _month_bounds(year_be: int, month: int) -> tuple[dt.date, dt.date]:
    if not 1 <= month <= 12:
        raise InvalidPeriod(f"month {month} is not 1–12")
    year = year_be - BE_OFFSET
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


_FY = re.compile(r"^FY(\d{4})$")
_FQ = re.compile(r"^FY(\d{4})Q([1-4])$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_CY = re.compile(r"^CY(\d{4})$")
_ASOF_MONTH = re.compile(r"^@(\d{4})-(\d{1,2})$")
_ASOF_DAY = re.compile(r"^@(\d{4})-(\d{1,2})-(\d{1,2})$")


def normalise(text: str) -> str:
    return re.sub(r"\s+", "", from_thai_digits(text or "")).upper()


def parse(text: str, *, fiscal_year: int | None = None) -> Period:  # noqa: C901
    """Read a period code; an empty code needs the fiscal year the figure is reported in."""
    code = normalise(text)
    if not code:
        if fiscal_year is None:
            raise InvalidPeriod("a value without a period needs a fiscal year")
        fy = FiscalYear(_be(int(fiscal_year)))
        return Period("", PeriodType.UNSPECIFIED, fy.start, fy.end, fy.year_be)
    if ".." in code:
        first, _sep, last = code.partition("..")
        a, b = parse(first), parse(last)
        if a.type not in (PeriodType.MONTH, PeriodType.CALENDAR_YEAR) or b.type != a.type:
            raise InvalidPeriod("a range joins two months or two calendar years of the same kind")
        if b.end < a.start or a.code == b.code:
            raise InvalidPeriod("a range must end after it starts")
        return Period(f"{a.code}..{b.code}", PeriodType.RANGE, a.start, b.end, FiscalYear.of(b.end).year_be)
    if m := _FY.match(code):
        fy = FiscalYear(_be(int(m[1])))
        return Period(f"FY{fy.year_be}", PeriodType.FISCAL_YEAR, fy.start, fy.end, fy.year_be)
    if m := _FQ.match(code):
        fy = FiscalYear(_be(int(m[1])))
        start, end = fy.quarter_bounds(int(m[2]))
        return Period(f"FY{fy.year_be}Q{m[2]}", PeriodType.QUARTER, start, end, fy.year_be)
    if m := _MONTH.match(code):
        year, month = _be(int(m[1])), int(m[2])
        start, end = _month_bounds(year, month)
        return Period(f"{year}-{month:02d}", PeriodType.MONTH, start, end, FiscalYear.of(start).year_be)
    if m := _CY.match(code):
        year = _be(int(m[1]))
        ce = year - BE_OFFSET
        return Period(f"CY{year}", PeriodType.CALENDAR_YEAR, dt.date(ce, 1, 1), dt.date(ce, 12, 31), year)
    if m := _ASOF_MONTH.match(code):
        year, month = _be(int(m[1])), int(m[2])
        _start, end = _month_bounds(year, month)
        fy = FiscalYear.of(end)
        return Period(f"@{year}-{month:02d}", PeriodType.AS_OF, fy.start, end, fy.year_be)
    if m := _ASOF_DAY.match(code):
        year, month, day = _be(int(m[1])), int(m[2]), int(m[3])
        try:
            end = dt.date(year - BE_OFFSET, month, day)
        except ValueError as exc:
            raise InvalidPeriod(str(exc)) from exc
        fy = FiscalYear.of(end)
        return Period(f"@{year}-{month:02d}-{day:02d}", PeriodType.AS_OF, fy.start, end, fy.year_be)
    raise InvalidPeriod(f"{text!r} is not a period code")


def fiscal_year(year_be: int) -> Period:
    return parse(f"FY{year_be}")


def month(day: dt.date) -> Period:
    """The month period containing a day."""
    return parse(f"{day.year + BE_OFFSET}-{day.month:02d}")


def as_of_month(day: dt.date) -> Period:
    """The 'as of the end of this month' period containing a day."""
    return parse(f"@{day.year + BE_OFFSET}-{day.month:02d}")


def months_of(year_be: int) -> list[Period]:
    """The twelve months of a fiscal year, October first."""
    return [month(first) for first in FiscalYear(year_be).months()]


def period_label(period: Period, *, lang: str = "th") -> str:  # noqa: C901
    th = not lang.startswith("en")
    t = period.type
    if t == PeriodType.FISCAL_YEAR:
        return f"ปีงบประมาณ พ.ศ. {period.fiscal_year}" if th else f"Fiscal year {period.fiscal_year}"
    if t == PeriodType.QUARTER:
        q = period.code[-1]
        return (
            f"ไตรมาส {q} ปีงบประมาณ {period.fiscal_year}"
            if th
            else f"Q{q} of fiscal year {period.fiscal_year}"
        )
    if t == PeriodType.MONTH:
        year_be = period.start.year + BE_OFFSET
        if th:
            return f"{TH_MONTHS_LONG[period.start.month - 1]} {year_be}"
        return period.start.strftime("%B %Y")
    if t == PeriodType.CALENDAR_YEAR:
        return f"ปี {period.fiscal_year}" if th else f"Year {period.start.year}"
    if t == PeriodType.RANGE:
        first, last = (parse(part) for part in period.code.split(".."))
        if first.type == PeriodType.CALENDAR_YEAR:
            return (
                f"ปี {first.fiscal_year}–{last.fiscal_year}" if th else f"{first.start.year}–{last.start.year}"
            )
        if th:
            return (
                f"{TH_MONTHS_SHORT[first.start.month - 1]} {first.start.year + BE_OFFSET} – "
                f"{TH_MONTHS_SHORT[last.start.month - 1]} {last.start.year + BE_OFFSET}"
            )
        return f"{first.start:%b %Y} – {last.start:%b %Y}"
    if t == PeriodType.AS_OF:
        end = period.end
        if len(period.code) == len("@2565-01"):
            if th:
                return f"ณ เดือน{TH_MONTHS_LONG[end.month - 1]} {end.year + BE_OFFSET}"
            return f"as of {end:%B %Y}"
        if th:
            return f"ณ วันที่ {end.day} {TH_MONTHS_LONG[end.month - 1]} {end.year + BE_OFFSET}"
        return f"as of {end.day} {end:%B %Y}"
    return "ไม่ระบุช่วงเวลา" if th else "period not stated"


# --- DHIS2 period identifiers ------------------------------------------------------------------
# DHIS2 writes months as 202201, calendar quarters as 2022Q1, calendar years as 2022 and
# October financial years as 2021Oct (named by the year they START in; Thai fiscal years are
# named by the year they end in, plus 543).

_D_MONTH = re.compile(r"^(\d{4})(\d{2})$")
_D_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
_D_YEAR = re.compile(r"^(\d{4})$")
_D_FY_OCT = re.compile(r"^(\d{4})Oct$")


def from_dhis2(pe: str) -> Period:
    """A DHIS2 period id → a period here; InvalidPeriod for kinds Thai reports do not use."""
    pe = (pe or "").strip()
    if m := _D_MONTH.match(pe):
        return parse(f"{int(m[1]) + BE_OFFSET}-{m[2]}")
    if m := _D_QUARTER.match(pe):
        year, q = int(m[1]), int(m[2])
        # Calendar Q4 (Oct–Dec) is fiscal Q1 of the next fiscal year.
        fiscal_q = q + 1 if q < 4 else 1
        fy = year + BE_OFFSET + (1 if q == 4 else 0)
        return parse(f"FY{fy}Q{fiscal_q}")
    if m := _D_FY_OCT.match(pe):
        return parse(f"FY{int(m[1]) + 1 + BE_OFFSET}")
    if m := _D_YEAR.match(pe):
        return parse(f"CY{int(m[1]) + BE_OFFSET}")
    raise InvalidPeriod(f"{pe!r} is not a DHIS2 month, quarter, year or October financial year")


def to_dhis2(period: Period) -> str | None:
    """The DHIS2 id of a period, or None when DHIS2 has no such period (ranges, as-of, unstated)."""
    if period.type == PeriodType.MONTH:
        return f"{period.start.year}{period.start.month:02d}"
    if period.type == PeriodType.QUARTER:
        q = (period.start.month - 1) // 3 + 1
        return f"{period.start.year}Q{q}"
    if period.type == PeriodType.FISCAL_YEAR:
        return f"{period.start.year}Oct"
    if period.type == PeriodType.CALENDAR_YEAR:
        return str(period.start.year)
    return None
