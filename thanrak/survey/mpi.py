"""The Alkire–Foster counting method (OPHI), exactly as published, for one population.

`alkire_foster(deprivations, weights, k)`:
- `deprivations`: one row per person, one 0/1 entry per indicator (1 = deprived);
- `weights`: one weight per indicator, positive, summing to 1;
- `k`: the poverty cutoff in (0, 1]; a person is poor when their weighted score c_i >= k.

Returns H (headcount ratio q/n), A (average score among the poor; 0 when nobody is poor),
M0 = H × A, the censored headcount ratio h_j(k) of each indicator and each indicator's
percentage contribution φ_j = w_j h_j(k) / M0 (all zeros when M0 is 0).

Scores are computed with exact fractions so that "c_i >= k" is not at the mercy of float
rounding (1/3 + 1/3 + 1/3 is exactly 1 here); results are returned as floats.
The set-based version of the same formulas for millions of persons is
`thanrak.survey.analysis.alkire_foster_by_area`, checked against this one in the tests.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from numbers import Real

from django.utils.translation import gettext_lazy as _

from thanrak.core.errors import DomainError

WEIGHT_TOLERANCE = Fraction(1, 10**9)


class InvalidMpiInput(DomainError):
    """The deprivation matrix, weights or cutoff do not fit the method."""


@dataclass(frozen=True)
class AlkireFosterResult:
    n: int
    q: int
    headcount_ratio: float
    intensity: float
    m0: float
    censored_headcounts: list[float] = field(default_factory=list)
    uncensored_headcounts: list[float] = field(default_factory=list)
    contributions: list[float] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)
    poor: list[bool] = field(default_factory=list)

    @property
    def H(self) -> float:  # noqa: N802 - the method's own notation
        return self.headcount_ratio

    @property
    def A(self) -> float:  # noqa: N802
        return self.intensity

    @property
    def M0(self) -> float:  # noqa: N802
        return self.m0


def _fraction(value: object, what: str) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, Real | Fraction):
        raise InvalidMpiInput(_("%(what)s must be a number."), code="not_a_number", params={"what": what})
    try:
        if isinstance(value, float):
            return Fraction(value).limit_denominator(10**12)
        return Fraction(value)  # type: ignore[arg-type]
    except (ValueError, OverflowError) as exc:
        raise InvalidMpiInput(
            _("%(what)s must be a finite number."), code="finite_number", params={"what": what}
        ) from exc


def alkire_foster(  # noqa: C901
    deprivations: Sequence[Sequence[int | bool]], weights: Sequence[float | Fraction], k: float | Fraction
) -> AlkireFosterResult:
    """H, A, M0, censored headcounts and contributions of the Alkire–Foster method (poor when c_i >= k)."""
    w = [_fraction(x, "weight") for x in weights]
    d = len(w)
    if d == 0:
        raise InvalidMpiInput(_("At least one indicator is needed."), code="least_indicator_needed")
    if any(x <= 0 for x in w):
        raise InvalidMpiInput(_("Every weight must be greater than zero."), code="every_weight_greater_zero")
    if abs(sum(w) - 1) > WEIGHT_TOLERANCE:
        raise InvalidMpiInput(_("The weights must add up to 1."), code="weights_add_up")
    cutoff = _fraction(k, "k")
    if not 0 < cutoff <= 1:
        raise InvalidMpiInput(
            _("The poverty cutoff k must be greater than 0 and at most 1."),
            code="poverty_cutoff_greater_most",
        )
    n = len(deprivations)
    censored = [0] * d
    uncensored = [0] * d
    scores: list[Fraction] = []
    poor_flags: list[bool] = []
    total_censored_score = Fraction(0)
    for i, row in enumerate(deprivations):
        if len(row) != d:
            raise InvalidMpiInput(
                _("Row %(row)s has %(found)s entries; there are %(d)s indicators."),
                code="row_length_not_indicator_count",
                params={"row": i + 1, "found": len(row), "d": d},
            )
        if any(v not in (0, 1) for v in row):  # True/False compare equal to 1/0
            raise InvalidMpiInput(
                _("Row %(row)s: deprivations must be 0 or 1."),
                code="deprivation_not_0_or_1",
                params={"row": i + 1},
            )
        c = sum((w[j] for j in range(d) if row[j]), Fraction(0))
        is_poor = c >= cutoff
        scores.append(c)
        poor_flags.append(is_poor)
        for j in range(d):
            if row[j]:
                uncensored[j] += 1
                if is_poor:
                    censored[j] += 1
        if is_poor:
            total_censored_score += c
    q = sum(poor_flags)
    if n == 0:
        return AlkireFosterResult(
            n=0,
            q=0,
            headcount_ratio=0.0,
            intensity=0.0,
            m0=0.0,
            censored_headcounts=[0.0] * d,
            uncensored_headcounts=[0.0] * d,
            contributions=[0.0] * d,
        )
    h = Fraction(q, n)
    a = total_censored_score / q if q else Fraction(0)
    m0 = h * a
    h_j = [Fraction(c, n) for c in censored]
    contributions = [(w[j] * h_j[j] / m0) if m0 else Fraction(0) for j in range(d)]
    return AlkireFosterResult(
        n=n,
        q=q,
        headcount_ratio=float(h),
        intensity=float(a),
        m0=float(m0),
        censored_headcounts=[float(x) for x in h_j],
        uncensored_headcounts=[float(Fraction(c, n)) for c in uncensored],
        contributions=[float(x) for x in contributions],
        scores=[float(s) for s in scores],
        poor=poor_flags,
    )


def nested_weights(groups: dict[str, Sequence[object]]) -> dict[object, Fraction]:
    """Equal weight per dimension, split equally among its indicators (the global MPI's nesting)."""
    groups = {g: list(items) for g, items in groups.items() if items}
    if not groups:
        return {}
    per_group = Fraction(1, len(groups))
    return {item: per_group / len(items) for items in groups.values() for item in items}
