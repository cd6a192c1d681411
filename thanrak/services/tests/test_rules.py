"""The pure cores, without a database."""

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from thanrak.services.rules import (
    Candidate,
    area_distance,
    development_counts,
    mask_name,
    mask_phone,
    may_move,
    referral_waiting,
    suggest_helpers,
    valid_level,
)

D = dt.date(2026, 12, 1)


class TestCaseSteps:
    def test_a_case_goes_intake_assessed_served_closed(self):
        assert (
            may_move("INTAKE", "ASSESSED") and may_move("ASSESSED", "SERVED") and may_move("SERVED", "CLOSED")
        )

    def test_a_case_cannot_skip_assessment_to_be_served(self):
        assert not may_move("INTAKE", "SERVED")

    def test_a_closed_case_moves_nowhere(self):
        assert not any(may_move("CLOSED", s) for s in ("INTAKE", "ASSESSED", "REFERRED", "SERVED", "CLOSED"))


class TestReferralWaiting:
    def test_counts_days_since_sent_and_is_overdue_after_the_agencys_days(self):
        w = referral_waiting(
            status="SENT",
            sent_on=D,
            answered_on=None,
            reported_on=None,
            answer_days=14,
            today=D + dt.timedelta(days=15),
        )
        assert (w.days, w.step, w.overdue) == (15, "answer", True)

    def test_is_not_overdue_on_the_last_day(self):
        w = referral_waiting(
            status="SENT",
            sent_on=D,
            answered_on=None,
            reported_on=None,
            answer_days=14,
            today=D + dt.timedelta(days=14),
        )
        assert not w.overdue

    def test_an_accepted_referral_waits_for_its_report_from_acceptance(self):
        w = referral_waiting(
            status="ACCEPTED",
            sent_on=D,
            answered_on=D + dt.timedelta(days=3),
            reported_on=None,
            answer_days=10,
            today=D + dt.timedelta(days=30),
        )
        assert (w.days, w.step, w.overdue) == (27, "report", False)
        w = referral_waiting(
            status="ACCEPTED",
            sent_on=D,
            answered_on=D + dt.timedelta(days=3),
            reported_on=None,
            answer_days=10,
            today=D + dt.timedelta(days=34),
        )
        assert w.overdue

    @given(st.sampled_from(["DECLINED", "REPORTED"]), st.integers(0, 400))
    def test_an_answered_referral_is_never_overdue(self, status, later):
        w = referral_waiting(
            status=status,
            sent_on=D,
            answered_on=D,
            reported_on=D + dt.timedelta(days=2),
            answer_days=1,
            today=D + dt.timedelta(days=later),
        )
        assert not w.overdue and w.step == "done"


class TestAreaDistance:
    def test_orders_village_subdistrict_district_province_country(self):
        assert [
            area_distance("56010101", b) for b in ("56010101", "56010102", "56010201", "56020101", "50010101")
        ] == [0, 1, 2, 3, 4]

    def test_a_helper_serving_a_whole_district_is_at_district_distance(self):
        assert area_distance("56010101", "5601") == 2

    @given(st.from_regex(r"[0-9]{8}", fullmatch=True), st.from_regex(r"[0-9]{8}", fullmatch=True))
    def test_is_symmetric(self, a, b):
        assert area_distance(a, b) == area_distance(b, a)


def _c(pk, expertise=("PACKAGING",), areas=("5601",), load=0, capacity=5, available=True):
    return Candidate(
        helper_id=pk,
        expertise=frozenset(expertise),
        areas=areas,
        open_cases=load,
        capacity=capacity,
        available=available,
    )


class TestSuggestHelpers:
    def test_prefers_the_nearest_then_the_least_loaded(self):
        got = suggest_helpers(
            topic="MARKETING",
            area_code="56010101",
            candidates=[
                _c(1, areas=("56",), load=0),
                _c(2, areas=("56010101",), load=3),
                _c(3, areas=("56010101",), load=1),
            ],
        )
        assert [m.helper_id for m in got] == [3, 2, 1]

    def test_leaves_out_helpers_without_fitting_expertise_unavailable_or_full(self):
        got = suggest_helpers(
            topic="FINANCE",
            area_code="56010101",
            candidates=[
                _c(1, expertise=("PACKAGING",)),
                _c(2, expertise=("ACCOUNTING",), available=False),
                _c(3, expertise=("FINANCE",), load=5, capacity=5),
                _c(4, expertise=("FINANCE",)),
            ],
        )
        assert [m.helper_id for m in got] == [4]

    @given(st.lists(st.tuples(st.integers(0, 6), st.integers(1, 6)), max_size=12))
    def test_never_suggests_a_helper_at_capacity(self, loads):
        cands = [
            _c(i + 1, expertise=("LEGAL",), load=load, capacity=cap) for i, (load, cap) in enumerate(loads)
        ]
        for m in suggest_helpers(topic="LEGAL", area_code="5601", candidates=cands, limit=20):
            c = cands[m.helper_id - 1]
            assert c.open_cases < c.capacity


class TestMasking:
    def test_keeps_the_first_letter_of_each_word(self):
        assert mask_name("สมชาย ใจดี") == "ส•••• ใ•••"

    def test_a_phone_shows_its_last_three_digits(self):
        assert mask_phone("081-234-5678") == "•••••••678"

    @given(st.text(min_size=2, max_size=30).filter(lambda s: s.strip()))
    def test_a_masked_name_never_shows_more_than_the_initials(self, name):
        masked = mask_name(name)
        assert sum(1 for ch in masked if ch not in "• ") == len(name.split())


class TestDevelopment:
    def test_counts_done_in_progress_dropped_and_raised(self):
        counts = development_counts(
            [("DONE", 1, 3), ("DONE", 2, 2), ("IN_PROGRESS", 1, None), ("DROPPED", 0, None)]
        )
        assert (counts.done, counts.in_progress, counts.dropped, counts.raised) == (2, 1, 1, 1)

    def test_otop_levels_are_stars_and_others_held_or_not(self):
        assert valid_level("OTOP", 5) and not valid_level("OTOP", 6)
        assert valid_level("FDA", 1) and not valid_level("FDA", 2)
