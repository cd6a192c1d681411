"""The rules of sending, pure: plain values in, a frozen dataclass out; no database, no network."""

import datetime as dt
import re
from dataclasses import dataclass

QUIET_FROM = dt.time(21, 0)
QUIET_UNTIL = dt.time(8, 0)
DAILY_CAP = 5
MAX_ATTEMPTS = 6
BACKOFF_BASE = dt.timedelta(minutes=1)
BACKOFF_MAX = dt.timedelta(hours=6)


@dataclass(frozen=True)
class Decision:
    action: str  # "send" | "defer" | "skip"
    until: dt.datetime | None = None
    reason: str = ""


def next_morning(local: dt.datetime) -> dt.datetime:
    """The end of the quiet hours after `local` (a Bangkok-aware datetime)."""
    day = local.date() if local.time() < QUIET_UNTIL else local.date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, QUIET_UNTIL, tzinfo=local.tzinfo)


def in_quiet_hours(local: dt.datetime) -> bool:
    return local.time() >= QUIET_FROM or local.time() < QUIET_UNTIL


def decide(
    *, channel: str, local_now: dt.datetime, consented: bool, sent_today: int, cap: int = DAILY_CAP
) -> Decision:
    """Whether a message goes now: never without consent, no SMS in the quiet hours (deferred to
    08:00 Bangkok), at most `cap` messages a person a day (deferred to the next morning)."""
    if not consented:
        return Decision("skip", reason="no_consent")
    if sent_today >= cap:
        tomorrow = dt.datetime.combine(
            local_now.date() + dt.timedelta(days=1), QUIET_UNTIL, tzinfo=local_now.tzinfo
        )
        return Decision("defer", until=tomorrow, reason="daily_cap")
    if channel == "SMS" and in_quiet_hours(local_now):
        return Decision("defer", until=next_morning(local_now), reason="quiet_hours")
    return Decision("send")


def backoff(attempt: int) -> dt.timedelta:
    """The wait after the `attempt`-th failed try: 1, 2, 4 … minutes, at most 6 hours."""
    return min(BACKOFF_BASE * (2 ** min(max(attempt - 1, 0), 20)), BACKOFF_MAX)


@dataclass(frozen=True)
class Outcome:
    state: str  # "sent" | "retry" | "failed"
    note: str = ""


def outcome(*, channel: str, status_code: int | None, attempts: int) -> Outcome:
    """What a provider's answer means. LINE's 409 with our retry key: an earlier try was accepted.
    No answer, 429 and 5xx are retried with back-off up to MAX_ATTEMPTS; other 4xx fail at once."""
    if status_code is not None and 200 <= status_code < 300:
        return Outcome("sent")
    if channel == "LINE" and status_code == 409:
        return Outcome("sent", note="accepted_earlier")
    retryable = status_code is None or status_code == 429 or status_code >= 500
    if not retryable:
        return Outcome("failed", note=f"refused_{status_code}")
    if attempts >= MAX_ATTEMPTS:
        return Outcome("failed", note="gave_up")
    return Outcome("retry", note=f"retry_{status_code or 'no_answer'}")


# LINE's documented limit for the push endpoint ("other API endpoints"): 2,000 requests a second
# per channel (developers.line.biz/en/reference/messaging-api/#rate-limits).
LINE_RATE_PER_SECOND = 2000


@dataclass
class Pacer:
    """Spaces requests so that at most `per_second` start in any second: `delay(now)` books the
    next slot and says how long to wait for it (monotonic seconds in, seconds out)."""

    per_second: float
    next_at: float = 0.0

    def delay(self, now: float) -> float:
        slot = max(self.next_at, now)
        self.next_at = slot + 1 / self.per_second
        return slot - now


MOBILE = re.compile(r"^0[689][0-9]{8}$")


def normalise_mobile(text: str) -> str | None:
    """A Thai mobile number as 10 digits (0…), from '+66 81-234-5678', '081 234 5678'…; None if not one."""
    digits = re.sub(r"[\s\-().]", "", text or "")
    if digits.startswith("+66"):
        digits = "0" + digits[3:]
    elif digits.startswith("66") and len(digits) == 11:
        digits = "0" + digits[2:]
    return digits if MOBILE.match(digits) else None


def mask_address(channel: str, address: str) -> str:
    """What an officer sees: 081-xxx-5678 for a mobile, U1234…cdef for a LINE userId."""
    if not address:
        return ""
    if channel == "SMS":
        return f"{address[:3]}-xxx-{address[-4:]}" if len(address) >= 7 else "xxx"
    return f"{address[:5]}…{address[-4:]}" if len(address) > 9 else "…"


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return ""


def render(template: str, params: dict[str, str]) -> str:
    """The template with its {placeholders} filled; unknown ones are left empty, never an error."""
    try:
        return template.format_map(_Blank(params)).strip()
    except (ValueError, IndexError, AttributeError):
        return template.strip()
