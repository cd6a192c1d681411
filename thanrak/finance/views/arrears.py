"""The arrears page: aging buckets and the follow-up list."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language

from thanrak.core.access import require
from thanrak.finance import charts, queries
from thanrak.finance.views.common import fund_context


@require("finance.arrears", "view")
def arrears(request: HttpRequest, fund_id: int) -> HttpResponse:
    """Days past due, aging buckets, PAR, the seed report's line and the committee's follow-up list."""
    fund = queries.fund_get(viewer=request.user, fund_id=fund_id)
    report = queries.arrears_report(viewer=request.user, fund=fund, on=timezone.localdate())
    history = queries.arrears_history(viewer=request.user, fund=fund)
    lang = get_language() or "th"
    return render(
        request,
        "finance/arrears.html",
        fund_context(
            request,
            fund,
            report=report,
            history=history,
            bucket_chart=charts.buckets_chart(report, lang=lang),
            history_chart=charts.history_chart(history, lang=lang),
        ),
    )
