"""Loan repayment schedules: the one public function `build_schedule`.

Money is integer satang; every computation is done in Decimal and rounded half up to a satang
(0.5 satang goes up), as Thai treasurers round by hand. With m periods a year (monthly 12,
quarterly 4, semi-annual 2, annual 1), the period rate is r = annual rate / m and B is the
principal still owed before an installment:

- ``flat``: total interest = round(P × annual rate × periods / m); interest and principal are
  each split equally with integer division, the remainders going to the last installment.
- ``declining_installment``: the installment A = round(P × r / (1 − (1 + r)^−periods))
  (round(P / periods) when r = 0); each installment's interest is round(B × r) and its
  principal A − interest (never more than B); the last takes all of the remaining B as
  principal with interest round(B × r).
- ``declining_principal``: principal P // periods each (the remainder on the last); interest
  round(B × r).
- ``bullet``: one installment on the first due date: principal P, interest
  round(P × annual rate × periods / m) — one payment after the harvest.

Installment k is due ``first_due_date + (k − 1) × 12/m`` months on the same day of the month,
clamped to the month's last day and always counted from the first due date (31 Jan, 28 Feb,
31 Mar — not 28 Mar).
"""

import calendar
import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, localcontext
from enum import StrEnum

from thanrak.core.money import MAX_ABS_SATANG, round_half_up


class Method(StrEnum):
    FLAT = "flat"
    DECLINING_INSTALLMENT = "declining_installment"
    DECLINING_PRINCIPAL = "declining_principal"
    BULLET = "bullet"


class Frequency(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    SEMIANNUAL = "semiannual"
    ANNUAL = "annual"


PERIODS_PER_YEAR = {
    Frequency.MONTHLY: 12,
    Frequency.QUARTERLY: 4,
    Frequency.SEMIANNUAL: 2,
    Frequency.ANNUAL: 1,
}
MAX_PERIODS = 600  # fifty years of monthly installments
MAX_RATE_BP = 100_000  # 1,000 % a year: anything above is a typing mistake


class InvalidSchedule(ValueError):
    """The loan terms cannot make a schedule (non-positive principal, unknown method…)."""


@dataclass(frozen=True)
class Installment:
    number: int
    due_date: dt.date
    principal_satang: int
    interest_satang: int

    @property
    def total_satang(self) -> int:
        return self.principal_satang + self.interest_satang


def add_months(start: dt.date, months: int) -> dt.date:
    """The same day `months` later, clamped to the last day of the target month."""
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        raise InvalidSchedule("the schedule runs past the calendar")
    day = min(start.day, calendar.monthrange(year, month + 1)[1])
    return dt.date(year, month + 1, day)


def due_dates(first_due_date: dt.date, periods: int, frequency: Frequency | str) -> list[dt.date]:
    """Due dates of `periods` installments, each counted from the first due date (not chained)."""
    step = 12 // PERIODS_PER_YEAR[Frequency(frequency)]
    return [add_months(first_due_date, k * step) for k in range(periods)]


def _check(principal_satang: int, annual_rate_bp: int, periods: int, method: str, frequency: str) -> None:
    if isinstance(principal_satang, bool) or not isinstance(principal_satang, int):
        raise InvalidSchedule("the principal must be an integer number of satang")
    if not 0 < principal_satang <= MAX_ABS_SATANG:
        raise InvalidSchedule("the principal must be positive")
    if isinstance(annual_rate_bp, bool) or not isinstance(annual_rate_bp, int):
        raise InvalidSchedule("the rate must be an integer number of basis points")
    if not 0 <= annual_rate_bp <= MAX_RATE_BP:
        raise InvalidSchedule("the rate must be between 0 and 100,000 basis points")
    if isinstance(periods, bool) or not isinstance(periods, int) or not 1 <= periods <= MAX_PERIODS:
        raise InvalidSchedule(f"the number of periods must be between 1 and {MAX_PERIODS}")
    if method not in Method.__members__.values():
        raise InvalidSchedule(f"unknown method {method!r}")
    if frequency not in Frequency.__members__.values():
        raise InvalidSchedule(f"unknown frequency {frequency!r}")


def build_schedule(
    *,
    principal_satang: int,
    annual_rate_bp: int,
    periods: int,
    method: Method | str,
    frequency: Frequency | str,
    first_due_date: dt.date,
) -> list[Installment]:
    """The installments of a loan in order, each with number, due_date, principal and interest in satang.

    Raises InvalidSchedule for terms that cannot make a schedule. The principal parts always sum
    to the principal, no part is negative and due dates never go backwards.
    """
    _check(principal_satang, annual_rate_bp, periods, str(method), str(frequency))
    method, frequency = Method(method), Frequency(frequency)
    m = PERIODS_PER_YEAR[frequency]
    P = principal_satang
    with localcontext() as ctx:
        ctx.prec = 60
        annual = Decimal(annual_rate_bp) / Decimal(10_000)
        r = annual / m
        if method == Method.BULLET:
            interest = round_half_up(Decimal(P) * annual * periods / m)
            return [Installment(1, first_due_date, P, interest)]
        dates = due_dates(first_due_date, periods, frequency)
        if method == Method.FLAT:
            total_interest = round_half_up(Decimal(P) * annual * periods / m)
            principals = _equal_parts(P, periods)
            interests = _equal_parts(total_interest, periods)
            return [Installment(k + 1, dates[k], principals[k], interests[k]) for k in range(periods)]
        if method == Method.DECLINING_PRINCIPAL:
            principals = _equal_parts(P, periods)
            out, balance = [], P
            for k in range(periods):
                out.append(Installment(k + 1, dates[k], principals[k], round_half_up(balance * r)))
                balance -= principals[k]
            return out
        # declining_installment: an annuity, the last installment settling what is left.
        if r == 0:
            amount = round_half_up(Decimal(P) / periods)
        else:
            amount = round_half_up(Decimal(P) * r / (1 - (1 + r) ** -periods))
        out, balance = [], P
        for k in range(periods):
            interest = round_half_up(balance * r)
            if k == periods - 1:
                principal = balance
            else:
                # min(): only bites for a few satang over many periods, where rounding A up
                # would otherwise repay more than is owed before the last installment.
                principal = min(amount - interest, balance)
            out.append(Installment(k + 1, dates[k], principal, interest))
            balance -= principal
        return out


def _equal_parts(total: int, n: int) -> list[int]:
    """n equal integer parts by integer division, the remainder added to the last."""
    part = total // n
    return [part] * (n - 1) + [total - part * (n - 1)]
