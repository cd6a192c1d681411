"""Year end: the runs posted, members' shares, a preview of a plan before it is posted."""

import datetime as dt

from django.db.models import QuerySet
from django.db.models.functions import Length

from thanrak.accounts.models import User
from thanrak.finance import year_end_plan as plans
from thanrak.finance.models import (
    Fund,
    FundMember,
    MemberYearEnd,
    YearEndRun,
)
from thanrak.finance.queries.funds import fund_get, fund_managed

# --- year end ------------------------------------------------------------------------------------


def year_end_list(*, viewer: User, fund: Fund) -> QuerySet[YearEndRun]:
    fund = fund_get(viewer=viewer, fund_id=fund.pk)
    return fund.year_ends.order_by("-period_end")


def year_end_get(*, viewer: User, run_id: int) -> YearEndRun:
    return YearEndRun.objects.select_related("fund", "bylaw").get(
        pk=run_id, fund__in=Fund.objects.visible_to(viewer).values("pk")
    )


def year_end_members(*, viewer: User, run: YearEndRun) -> QuerySet[MemberYearEnd]:
    """Each member's dividend and refund; a member sees only their own row."""
    return (
        MemberYearEnd.objects.filter(run=run, member__in=FundMember.objects.visible_to(viewer).values("pk"))
        .select_related("member__person", "book")
        .annotate(member_no_length=Length("member__member_no"))
        .order_by("member_no_length", "member__member_no", "book_id")
    )


def year_end_preview(*, viewer: User, fund: Fund, period_end: dt.date) -> plans.YearEndPlan:
    """What closing the year would post, computed without writing anything."""
    fund = fund_managed(viewer=viewer, fund_id=fund.pk)
    return plans.year_end_plan(fund=fund, period_end=period_end)


def suggested_year_end(*, fund: Fund, today: dt.date) -> dt.date:
    """The last day of the latest fiscal year that has ended."""
    start_month = fund.fiscal_year_start_month
    year = today.year if today.month >= start_month else today.year - 1
    return dt.date(year, start_month, 1) - dt.timedelta(days=1)
