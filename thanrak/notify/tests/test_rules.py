import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from thanrak.notify import rules

BKK = ZoneInfo("Asia/Bangkok")


def at(hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 12, 7, hour, minute, tzinfo=BKK)


class TestDecide:
    def test_nothing_without_consent(self):
        assert rules.decide(channel="LINE", local_now=at(12), consented=False, sent_today=0).action == "skip"

    def test_sms_at_night_waits_for_eight(self):
        night = rules.decide(channel="SMS", local_now=at(22), consented=True, sent_today=0)
        assert (night.action, night.until, night.reason) == (
            "defer",
            at(8) + dt.timedelta(days=1),
            "quiet_hours",
        )
        early = rules.decide(channel="SMS", local_now=at(6), consented=True, sent_today=0)
        assert early.until == at(8)

    def test_line_is_not_held_at_night(self):
        assert rules.decide(channel="LINE", local_now=at(22), consented=True, sent_today=0).action == "send"

    def test_edges_of_the_quiet_hours(self):
        assert rules.decide(channel="SMS", local_now=at(8), consented=True, sent_today=0).action == "send"
        assert (
            rules.decide(channel="SMS", local_now=at(20, 59), consented=True, sent_today=0).action == "send"
        )
        assert rules.decide(channel="SMS", local_now=at(21), consented=True, sent_today=0).action == "defer"

    def test_daily_cap_defers_to_the_next_morning(self):
        capped = rules.decide(channel="LINE", local_now=at(12), consented=True, sent_today=rules.DAILY_CAP)
        assert (capped.action, capped.reason, capped.until) == (
            "defer",
            "daily_cap",
            at(8) + dt.timedelta(days=1),
        )


@given(st.integers(min_value=1, max_value=100))
def test_backoff_grows_and_is_capped(attempt):
    assert rules.BACKOFF_BASE <= rules.backoff(attempt) <= rules.BACKOFF_MAX
    assert rules.backoff(attempt + 1) >= rules.backoff(attempt)


class TestOutcome:
    def test_line_409_means_accepted_earlier(self):
        assert rules.outcome(channel="LINE", status_code=409, attempts=2) == rules.Outcome(
            "sent", "accepted_earlier"
        )

    def test_sms_409_is_a_refusal(self):
        assert rules.outcome(channel="SMS", status_code=409, attempts=1).state == "failed"

    def test_server_errors_and_silence_are_retried_then_given_up(self):
        assert rules.outcome(channel="LINE", status_code=500, attempts=1).state == "retry"
        assert rules.outcome(channel="LINE", status_code=None, attempts=1).state == "retry"
        assert rules.outcome(channel="LINE", status_code=429, attempts=rules.MAX_ATTEMPTS).note == "gave_up"

    def test_a_bad_request_is_not_retried(self):
        assert rules.outcome(channel="LINE", status_code=400, attempts=1).state == "failed"


class TestMobile:
    def test_forms_people_write(self):
        for text in ("081-234-5678", "+66 81 234 5678", "66812345678", "0812345678"):
            assert rules.normalise_mobile(text) == "0812345678"

    def test_not_a_mobile(self):
        for text in ("053123456", "12345", "", "0212345678"):
            assert rules.normalise_mobile(text) is None

    @given(st.text(max_size=20))
    def test_whatever_comes_back_is_ten_digits_or_none(self, text):
        out = rules.normalise_mobile(text)
        assert out is None or (len(out) == 10 and out.isdigit())


def test_masking():
    assert rules.mask_address("SMS", "0812345678") == "081-xxx-5678"
    assert "2345" not in rules.mask_address("SMS", "0812345678")
    assert rules.mask_address("LINE", "U4af4980629abcdef0123456789abcdef") == "U4af4…cdef"


def test_render_leaves_unknown_placeholders_empty():
    assert (
        rules.render("{fund} {nope} {amount} บาท", {"fund": "กองทุน", "amount": "1,000.00"})
        == "กองทุน  1,000.00 บาท"
    )
    assert rules.render("{broken", {}) == "{broken"


@given(st.floats(min_value=1, max_value=5000), st.lists(st.floats(min_value=0, max_value=0.01), max_size=300))
def test_the_pacer_never_lets_more_than_the_limit_start_in_a_second(per_second, gaps):
    from thanrak.notify.rules import Pacer

    pacer, now, starts = Pacer(per_second), 0.0, []
    for gap in gaps:
        now += gap
        wait = pacer.delay(now)
        assert wait >= 0
        now += wait
        starts.append(now)
    for i, start in enumerate(starts):
        in_window = [s for s in starts[i:] if s < start + 1 - 1e-9]
        assert len(in_window) <= int(per_second) + 1
