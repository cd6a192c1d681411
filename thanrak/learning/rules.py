"""The rules of a training, without a database: completion, lateness, who leaves the waiting list,
certificate numbers and the masked name on the public verification page."""

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

LATE_AFTER_MINUTES = 15
# Unambiguous capitals and digits (no 0/O, 1/I): read aloud or typed from paper without mistakes.
NUMBER_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


@dataclass(frozen=True)
class Completion:
    sessions: int
    attended: int  # present or late
    percent: int  # attended / sessions, rounded down
    attendance_ok: bool
    score_ok: bool
    completed: bool


def completion(
    *, sessions: int, attended: int, min_percent: int, score: int | None, pass_score: int | None
) -> Completion:
    """A participant completes when they attended at least `min_percent` of the sessions (late counts)
    and, when the course has a test, scored at least `pass_score`. A batch with no session completes
    no one."""
    percent = attended * 100 // sessions if sessions else 0
    attendance_ok = sessions > 0 and percent >= min_percent
    score_ok = pass_score is None or (score is not None and score >= pass_score)
    return Completion(sessions, attended, percent, attendance_ok, score_ok, attendance_ok and score_ok)


def arrival_mark(*, arrived: dt.datetime, starts: dt.datetime, late_after: int = LATE_AFTER_MINUTES) -> str:
    """PRESENT up to `late_after` minutes after the start, LATE afterwards."""
    return "LATE" if arrived > starts + dt.timedelta(minutes=late_after) else "PRESENT"


@dataclass(frozen=True)
class Promotion:
    promoted: tuple[int, ...]  # enrolment ids leaving the waiting list, first come first served


def promote(*, capacity: int, enrolled: int, waiting: Sequence[int]) -> Promotion:
    """Who moves from the waiting list (in order) to the free places."""
    free = max(capacity - enrolled, 0)
    return Promotion(tuple(waiting[:free]))


def certificate_number(year_be: int, *, length: int = 10) -> str:
    """LRN-2569-XXXXXXXXXX: 10 random characters from 32, 50 bits, so one number says nothing of another."""
    return f"LRN-{year_be}-" + "".join(secrets.choice(NUMBER_ALPHABET) for _ in range(length))


def mask_name(first: str, last: str) -> str:
    """The first name in full and the family name's first letter: สมชาย ใ***."""
    first = first.strip()
    last = last.strip()
    return f"{first} {last[:1]}***" if last else first
