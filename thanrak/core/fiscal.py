"""Thai government fiscal year: 1 October – 30 September, named by the Buddhist-era year it ends in."""

import datetime as dt
from dataclasses import dataclass

from thanrak.core.thai import BE_OFFSET


@dataclass(frozen=True, order=True)
class FiscalYear:
    """Fiscal year named in the Buddhist era, as Thai budget documents do (ปีงบประมาณ 2569)."""

    year_be: int

    @classmethod
    def of(cls, day: dt.date) -> "FiscalYear":
        """The fiscal year a day falls in: 1 Oct 2025 – 30 Sep 2026 is 2569."""
        ends_ce = day.year + 1 if day.month >= 10 else day.year
        return cls(ends_ce + BE_OFFSET)

    @property
    def year_ce_end(self) -> int:
        return self.year_be - BE_OFFSET

    @property
    def start(self) -> dt.date:
        return dt.date(self.year_ce_end - 1, 10, 1)

    @property
    def end(self) -> dt.date:
        return dt.date(self.year_ce_end, 9, 30)

    def __contains__(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def quarter_of(self, day: dt.date) -> int:
        """Fiscal quarter 1–4 (Q1 = Oct–Dec)."""
        if day not in self:
            raise ValueError(f"{day} is outside fiscal year {self.year_be}")
        return (fiscal_month_index(day) - 1) // 3 + 1

    def quarter_bounds(self, quarter: int) -> tuple[dt.date, dt.date]:
        if not 1 <= quarter <= 4:
            raise ValueError("quarter must be 1–4")
        months = self.months()[(quarter - 1) * 3 : quarter * 3]
        first, last = months[0], months[-1]
        return first, _month_end(last)

    def months(self) -> list[dt.date]:
        """First day of each of the twelve months, October first."""
        return [
            dt.date(self.year_ce_end - 1 if m >= 10 else self.year_ce_end, m, 1)
            for m in (10, 11, 12, *range(1, 10))
        ]

    def previous(self) -> "FiscalYear":
        return FiscalYear(self.year_be - 1)

    def __str__(self) -> str:
        return str(self.year_be)


def fiscal_month_index(day: dt.date) -> int:
    """October = 1 … September = 12."""
    return (day.month - 10) % 12 + 1


def _month_end(first: dt.date) -> dt.date:
    nxt = dt.date(first.year + (first.month == 12), first.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)
