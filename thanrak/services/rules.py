"""Pure cores of the services rules: plain values in, frozen dataclasses out; no database, no clock."""

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Which state a case may move to from each state (the case's life: intake → assessed → referred or
# served → closed). A referred case may be served by the sender once the agency reports back.
TRANSITIONS: dict[str, frozenset[str]] = {
    "INTAKE": frozenset({"ASSESSED", "CLOSED"}),
    "ASSESSED": frozenset({"REFERRED", "SERVED", "CLOSED"}),
    "REFERRED": frozenset({"SERVED", "CLOSED"}),
    "SERVED": frozenset({"CLOSED"}),
    "CLOSED": frozenset(),
}


def may_move(from_status: str, to_status: str) -> bool:
    """True when a case in `from_status` may move to `to_status`."""
    return to_status in TRANSITIONS.get(from_status, frozenset())


@dataclass(frozen=True)
class Waiting:
    """How long a referral has waited at its current step, and whether the sender should chase it."""

    days: int
    step: str  # "answer" (waiting for accept/decline), "report" (accepted, waiting for the report), "done"
    overdue: bool


def referral_waiting(
    *,
    status: str,
    sent_on: dt.date,
    answered_on: dt.date | None,
    reported_on: dt.date | None,
    answer_days: int,
    today: dt.date,
) -> Waiting:
    """Days waiting at the referral's step: for an answer since it was sent, for a report since it was
    accepted (three times the answer time is allowed for the service itself)."""
    if status == "SENT":
        days = (today - sent_on).days
        return Waiting(days=max(days, 0), step="answer", overdue=days > answer_days)
    if status == "ACCEPTED":
        since = answered_on or sent_on
        days = (today - since).days
        return Waiting(days=max(days, 0), step="report", overdue=days > 3 * answer_days)
    end = reported_on or answered_on or sent_on
    return Waiting(days=max((end - sent_on).days, 0), step="done", overdue=False)


# --- matching helpers to cases ------------------------------------------------------------------

# The expertise (controlled list) that answers each kind of request.
TOPIC_EXPERTISE: dict[str, frozenset[str]] = {
    "FINANCE": frozenset({"FINANCE", "ACCOUNTING"}),
    "MARKETING": frozenset({"MARKETING", "ONLINE_MARKETING", "BRANDING", "PACKAGING"}),
    "STANDARDS": frozenset({"STANDARDS", "FOOD_SAFETY", "PACKAGING", "PRODUCTION"}),
    "REGISTRATION": frozenset({"REGISTRATION", "LEGAL"}),
    "LEGAL": frozenset({"LEGAL"}),
    "TECHNOLOGY": frozenset({"TECHNOLOGY", "PRODUCTION"}),
}


def area_distance(a: str, b: str) -> int:
    """How far apart two DOPA codes are, by the widest level they share: 0 the same village,
    1 the same subdistrict, 2 district, 3 province, 4 nothing. A helper serving a whole district is at
    district distance from a village in it: nearer helpers serve narrower areas."""
    for distance, length in ((0, 8), (1, 6), (2, 4), (3, 2)):
        if len(a) >= length and len(b) >= length and a[:length] == b[:length]:
            return distance
    return 4


@dataclass(frozen=True)
class Candidate:
    helper_id: int
    expertise: frozenset[str]
    areas: tuple[str, ...]
    open_cases: int
    capacity: int
    available: bool = True


@dataclass(frozen=True)
class Match:
    helper_id: int
    expertise: tuple[str, ...]  # what of the helper's expertise fits the request
    distance: int
    load: float  # open cases / capacity


def suggest_helpers(
    *, topic: str, area_code: str, candidates: Iterable[Candidate], limit: int = 5
) -> list[Match]:
    """Helpers who know what the case asks, nearest first, then the least loaded; helpers who are not
    available, know nothing that fits, or are at capacity are left out."""
    wanted = TOPIC_EXPERTISE.get(topic, frozenset())
    matches = []
    for c in candidates:
        fits = wanted & c.expertise
        if not c.available or not fits or c.open_cases >= c.capacity:
            continue
        distance = min((area_distance(area_code, a) for a in c.areas), default=4)
        matches.append(
            Match(
                helper_id=c.helper_id,
                expertise=tuple(sorted(fits)),
                distance=distance,
                load=c.open_cases / c.capacity if c.capacity else 1.0,
            )
        )
    matches.sort(key=lambda m: (m.distance, m.load, -len(m.expertise), m.helper_id))
    return matches[:limit]


# --- masking for partners (PDPA) ---------------------------------------------------------------


def mask_word(word: str) -> str:
    """The first letter of a word, the rest hidden: 'สมชาย' → 'ส••••'."""
    return word[:1] + "•" * (len(word) - 1) if word else ""


def mask_name(name: str) -> str:
    """A name a partner may read without the person's consent: each word's first letter only."""
    return " ".join(mask_word(w) for w in name.split())


def mask_phone(phone: str) -> str:
    """The last three digits only: '0812345678' → '•••••••678'."""
    digits = [ch for ch in phone if ch.isdigit()]
    if len(digits) <= 3:
        return "•" * len(digits)
    return "•" * (len(digits) - 3) + "".join(digits[-3:])


# --- product development ----------------------------------------------------------------------


@dataclass(frozen=True)
class DevelopmentCounts:
    done: int
    in_progress: int
    dropped: int
    raised: int  # done and ended above where it started


def development_counts(rows: Sequence[tuple[str, int, int | None]]) -> DevelopmentCounts:
    """The district's figures from (status, level before, level after) rows."""
    done = sum(1 for s, _b, _a in rows if s == "DONE")
    return DevelopmentCounts(
        done=done,
        in_progress=sum(1 for s, _b, _a in rows if s == "IN_PROGRESS"),
        dropped=sum(1 for s, _b, _a in rows if s == "DROPPED"),
        raised=sum(1 for s, b, a in rows if s == "DONE" and a is not None and a > b),
    )


def valid_level(standard: str, level: int) -> bool:
    """OTOP levels are stars 1–5; other standards are 0 (not held) or 1 (held)."""
    return 0 <= level <= 5 if standard == "OTOP" else level in (0, 1)


# --- household caseloads -----------------------------------------------------------------------


def failed_dimensions(failed: Iterable[int], dimension_of: dict[int, str]) -> frozenset[str]:
    """TPMAP dimensions in which the household fails at least one indicator."""
    return frozenset(dimension_of[n] for n in failed if dimension_of.get(n))


@dataclass(frozen=True)
class Improvement:
    """How a household changed from the round it was assigned on to its next round."""

    compared: bool  # a later round has a result for the household
    improved: frozenset[str]  # dimensions failed before, passed in full now
    still_failed: frozenset[str]


def improvement(
    *, before: Iterable[int], after: Iterable[int] | None, dimension_of: dict[int, str]
) -> Improvement:
    """Dimensions the household no longer fails at the next round (the seed's "improved in at
    least one of five dimensions" counts households with any)."""
    was = failed_dimensions(before, dimension_of)
    if after is None:
        return Improvement(compared=False, improved=frozenset(), still_failed=was)
    now = failed_dimensions(after, dimension_of)
    return Improvement(compared=True, improved=was - now, still_failed=was & now)
