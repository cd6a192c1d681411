"""What participants did after a batch, 3 and 6 months on, read from other modules' records.

Registry memberships are read directly (registry is below learning); loans from community funds
through finance's queries (a count of borrowers, no loan shown)."""

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from thanrak.finance.queries import people as finance_people
from thanrak.learning.models import Batch, EnrolmentStatus
from thanrak.registry.models import Membership

HORIZONS = (3, 6)


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class FollowUp:
    months: int
    due_on: dt.date
    reached: bool  # the date has come: the figures are final
    participants: int
    joined_group: int  # became a member of an organisation (enterprise, savings group…) after the batch
    got_loan: int  # a community-fund loan paid out after the batch


def _loans(person_ids: QuerySet, start: dt.date, end: dt.date) -> int:
    return finance_people.borrowers_among(person_ids=person_ids, after=start, until=end)


def batch_followup(batch: Batch, *, today: dt.date | None = None) -> list[FollowUp]:
    """The batch's participants at each horizon: how many joined a group or got a loan by then."""
    today = today or timezone.localdate()
    people = batch.enrolments.filter(status=EnrolmentStatus.ENROLLED).values("person_id")
    count = people.count()
    out = []
    for months in HORIZONS:
        due = add_months(batch.end_date, months)
        until = min(due, today)
        joined = (
            Membership.objects.filter(
                person_id__in=people, start_date__gt=batch.end_date, start_date__lte=until
            )
            .values("person_id")
            .distinct()
            .count()
        )
        out.append(FollowUp(months, due, today >= due, count, joined, _loans(people, batch.end_date, until)))
    return out
