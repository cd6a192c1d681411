"""Pure money rules of a bylaw: rounding modes, penalties, prorated interest, profit allocation.

No database here; the actions call these with numbers they read under lock.
"""

import datetime as dt
from decimal import ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, localcontext

from thanrak.core.money import allocate_largest_remainder

_MODES = {"HALF_UP": ROUND_HALF_UP, "HALF_EVEN": ROUND_HALF_EVEN, "DOWN": ROUND_DOWN}


def round_satang(value: Decimal, mode: str = "HALF_UP") -> int:
    """A Decimal number of satang rounded to a whole satang by the bylaw's rounding mode."""
    return int(value.quantize(Decimal(1), rounding=_MODES[mode]))


def penalty_due(
    *,
    overdue_satang: int,
    due_date: dt.date,
    on: dt.date,
    rate_bp: int,
    grace_days: int,
    cap_bp: int,
    already_paid_satang: int,
    rounding: str = "HALF_UP",
) -> int:
    """Penalty still owed on an installment: a yearly rate on what is overdue for the days late after
    the grace days, never more than cap_bp of the overdue amount, minus what was already paid."""
    days_late = (on - due_date).days - grace_days
    if overdue_satang <= 0 or days_late <= 0 or rate_bp <= 0:
        return 0
    with localcontext() as ctx:
        ctx.prec = 50
        raw = Decimal(overdue_satang) * rate_bp * days_late / (Decimal(10_000) * 365)
        cap = Decimal(overdue_satang) * cap_bp / Decimal(10_000)
        total = round_satang(min(raw, cap), rounding)
    return max(0, total - already_paid_satang)


def prorated_interest(*, interest_satang: int, period_start: dt.date, due_date: dt.date, on: dt.date) -> int:
    """The part of an installment's interest earned by `on` (for paying a loan off between due dates)."""
    period = (due_date - period_start).days
    if period <= 0 or on >= due_date:
        return interest_satang
    elapsed = max(0, (on - period_start).days)
    with localcontext() as ctx:
        ctx.prec = 50
        return round_satang(Decimal(interest_satang) * elapsed / period)


def split_profit(net_profit_satang: int, shares_bp: dict[str, int]) -> dict[str, int]:
    """Split a profit among named shares (basis points that may leave a remainder for 'retained')
    so that the parts sum exactly to the profit (largest remainder)."""
    names = list(shares_bp)
    weights = [shares_bp[n] for n in names]
    retained = 10_000 - sum(weights)
    if retained < 0:
        raise ValueError("the shares exceed the whole profit")
    parts = allocate_largest_remainder(net_profit_satang, [*weights, retained])
    out = dict(zip(names, parts[:-1], strict=True))
    out["retained"] = parts[-1]
    return out


def capped_dividend_pool(*, pool_satang: int, weight_satang_months: int, cap_bp: int) -> int:
    """The dividend pool after the bylaw's cap on the yearly dividend rate (0 = no cap).

    The weight is Σ of the balances held through each month, so the capped pool is
    weight × cap / 12 (rounded down, never more than the pool).
    """
    if cap_bp <= 0:
        return pool_satang
    with localcontext() as ctx:
        ctx.prec = 50
        cap = int(Decimal(weight_satang_months) * cap_bp / (Decimal(10_000) * 12))
    return min(pool_satang, cap)
