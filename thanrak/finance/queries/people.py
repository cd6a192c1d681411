"""What the modules above finance (trainings…) read of it about registry persons, so that they
import no finance model: a fund's active members, and how many persons got a loan in a period."""

import datetime as dt

from django.db.models import QuerySet

from thanrak.accounts.models import User
from thanrak.finance.models import FundMember, Loan
from thanrak.finance.queries.funds import fund_get
from thanrak.registry.models import Person


def fund_active_people(*, viewer: User, fund_id: int) -> QuerySet[Person]:
    """The registry persons who are active members of a fund the viewer may see (Fund.DoesNotExist
    otherwise); a person merged into another is left out."""
    fund = fund_get(viewer=viewer, fund_id=fund_id)
    ids = FundMember.objects.filter(fund=fund, left_on__isnull=True).values("person_id")
    return Person.objects.filter(pk__in=ids, merged_into=None).order_by("pk")


def borrowers_among(*, person_ids: QuerySet | list[int], after: dt.date, until: dt.date) -> int:
    """How many of these persons had a community-fund loan paid out after `after`, up to `until`.
    A count only (a batch's follow-up): no loan, fund or amount is shown to the caller."""
    rows = Loan.objects.filter(
        borrower__person_id__in=person_ids, disbursed_on__gt=after, disbursed_on__lte=until
    )
    return rows.values("borrower__person_id").distinct().count()
