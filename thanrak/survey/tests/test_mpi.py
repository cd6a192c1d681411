"""The Alkire–Foster method as published: worked examples and properties that must always hold."""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from thanrak.survey.mpi import InvalidMpiInput, alkire_foster, nested_weights

# Alkire & Foster (2011), §4: four persons, four dimensions, cutoffs z = (500, 12, 3, 1).
ACHIEVEMENTS = [(700, 14, 4, 1), (300, 13, 1, 0), (400, 3, 1, 0), (800, 3, 3, 1)]
CUTOFFS = (500, 12, 3, 1)
AF_EXAMPLE = [[int(x < z) for x, z in zip(row, CUTOFFS, strict=True)] for row in ACHIEVEMENTS]

TPMAP_DIMENSIONS = {
    "health": [1, 4, 5, 7],
    "living": [8, 9, 10, 11],
    "education": [15, 16, 17, 19],
    "income": [20, 21, 22],
    "access": [27, 28],
}


class TestAlkireFosterWorkedExample:
    def test_the_paper_example_gives_h_one_half_a_seven_eighths_m0_seven_sixteenths(self):
        result = alkire_foster(AF_EXAMPLE, [0.25] * 4, 0.5)

        assert (result.n, result.q) == (4, 2)
        assert result.headcount_ratio == 0.5
        assert result.intensity == 7 / 8
        assert result.m0 == 7 / 16

    def test_the_non_poor_persons_deprivation_is_censored(self):
        result = alkire_foster(AF_EXAMPLE, [0.25] * 4, 0.5)

        assert result.uncensored_headcounts == [0.5, 0.5, 0.5, 0.5]
        assert result.censored_headcounts == [0.5, 0.25, 0.5, 0.5]

    def test_contributions_are_two_one_two_two_sevenths(self):
        result = alkire_foster(AF_EXAMPLE, [0.25] * 4, 0.5)

        assert result.contributions == pytest.approx([2 / 7, 1 / 7, 2 / 7, 2 / 7])

    def test_a_score_exactly_at_k_is_poor(self):
        result = alkire_foster([[1, 1, 1, 0, 0, 0]], [Fraction(1, 6)] * 6, Fraction(1, 2))

        assert result.poor == [True]

    def test_thirds_add_up_exactly_so_the_intersection_cutoff_counts_them(self):
        result = alkire_foster([[1, 1, 1]], [1 / 3, 1 / 3, 1 / 3], 1)

        assert result.headcount_ratio == 1.0

    def test_intensity_is_zero_when_nobody_is_poor(self):
        result = alkire_foster([[0, 1], [0, 0]], [0.5, 0.5], 1)

        assert (result.headcount_ratio, result.intensity, result.m0) == (0.0, 0.0, 0.0)
        assert result.contributions == [0.0, 0.0]


class TestTpmapAsAlkireFoster:
    def test_nested_weights_give_a_twentieth_to_health_and_a_tenth_to_access(self):
        weights = nested_weights(TPMAP_DIMENSIONS)

        assert weights[1] == Fraction(1, 20)
        assert weights[22] == Fraction(1, 15)
        assert weights[27] == Fraction(1, 10)
        assert sum(weights.values()) == 1

    @given(st.lists(st.lists(st.integers(0, 1), min_size=17, max_size=17), min_size=1, max_size=30))
    @settings(max_examples=60, deadline=None)
    def test_the_union_cutoff_makes_poor_exactly_those_failing_any_indicator(self, rows):
        weights = list(nested_weights(TPMAP_DIMENSIONS).values())

        result = alkire_foster(rows, weights, min(weights))

        assert result.poor == [any(row) for row in rows]


matrices = st.integers(1, 6).flatmap(
    lambda d: st.tuples(
        st.lists(st.lists(st.integers(0, 1), min_size=d, max_size=d), min_size=0, max_size=25),
        st.lists(st.integers(1, 20), min_size=d, max_size=d),
    )
)
cutoffs = st.fractions(min_value=Fraction(1, 100), max_value=1)


def _normalise(raw: list[int]) -> list[Fraction]:
    return [Fraction(x, sum(raw)) for x in raw]


class TestAlkireFosterProperties:
    @given(matrices, cutoffs)
    @settings(max_examples=150, deadline=None)
    def test_m0_is_h_times_a_and_the_weighted_censored_headcounts(self, matrix, k):
        rows, raw = matrix
        weights = _normalise(raw)

        r = alkire_foster(rows, weights, k)

        assert r.m0 == pytest.approx(r.headcount_ratio * r.intensity, abs=1e-12)
        assert r.m0 == pytest.approx(
            sum(float(w) * h for w, h in zip(weights, r.censored_headcounts, strict=False)), abs=1e-12
        )

    @given(matrices, cutoffs)
    @settings(max_examples=150, deadline=None)
    def test_contributions_sum_to_one_whenever_anyone_is_poor(self, matrix, k):
        rows, raw = matrix

        r = alkire_foster(rows, _normalise(raw), k)

        if r.m0 > 0:
            assert sum(r.contributions) == pytest.approx(1.0)
        else:
            assert sum(r.contributions) == 0

    @given(matrices, cutoffs, cutoffs)
    @settings(max_examples=150, deadline=None)
    def test_raising_k_never_adds_poor_people_or_raises_m0(self, matrix, k1, k2):
        rows, raw = matrix
        weights = _normalise(raw)
        low, high = sorted((k1, k2))

        loose, strict = alkire_foster(rows, weights, low), alkire_foster(rows, weights, high)

        assert strict.headcount_ratio <= loose.headcount_ratio
        assert strict.m0 <= loose.m0 + 1e-12
        assert all(s <= lo for s, lo in zip(strict.poor, loose.poor, strict=False))

    @given(matrices, cutoffs)
    @settings(max_examples=100, deadline=None)
    def test_intensity_of_the_poor_is_at_least_k(self, matrix, k):
        rows, raw = matrix

        r = alkire_foster(rows, _normalise(raw), k)

        assert r.q == 0 or r.intensity >= float(k) - 1e-12


class TestAlkireFosterRefuses:
    def test_weights_that_do_not_add_up_to_one(self):
        with pytest.raises(InvalidMpiInput) as err:
            alkire_foster([[1, 0]], [0.5, 0.6], 0.5)
        assert err.value.code == "weights_add_up"

    def test_a_cutoff_of_zero(self):
        with pytest.raises(InvalidMpiInput) as err:
            alkire_foster([[1, 0]], [0.5, 0.5], 0)
        assert err.value.code == "poverty_cutoff_greater_most"

    def test_a_row_of_the_wrong_length(self):
        with pytest.raises(InvalidMpiInput) as err:
            alkire_foster([[1, 0], [1]], [0.5, 0.5], 0.5)
        assert err.value.code == "row_length_not_indicator_count"
        assert err.value.params["row"] == 2

    def test_a_deprivation_that_is_not_zero_or_one(self):
        with pytest.raises(InvalidMpiInput) as err:
            alkire_foster([[2, 0]], [0.5, 0.5], 0.5)
        assert err.value.code == "deprivation_not_0_or_1"
