"""Sales figures and producers' payouts."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thanrak.accounts.scope import OutsideScope
from thanrak.commerce import actions, documents, forms, queries
from thanrak.commerce.views.base import (
    _form_error,
    _members,
    _pdf_response,
)
from thanrak.core.access import require
from thanrak.core.errors import DomainError


@require("commerce.sales", "view")
def sales(request: HttpRequest) -> HttpResponse:
    """Sales by product, shop, month, channel, district or province, with a chart."""
    shops = queries.shop_list(viewer=request.user)
    form = forms.SalesFilterForm(request.GET or None, shops=shops)
    by, date_from, date_to, shop = "month", None, None, None
    if form.is_valid():
        by = form.cleaned_data["by"] or "month"
        date_from, date_to, shop = (
            form.cleaned_data["date_from"],
            form.cleaned_data["date_to"],
            form.cleaned_data["shop"],
        )
    shop_id = shop.pk if shop else None
    rows = queries.sales_summary(
        viewer=request.user, by=by, date_from=date_from, date_to=date_to, shop_id=shop_id
    )
    top = queries.sales_summary(
        viewer=request.user, by="product", date_from=date_from, date_to=date_to, shop_id=shop_id, limit=10
    )
    totals = queries.sales_totals(viewer=request.user, date_from=date_from, date_to=date_to, shop_id=shop_id)
    chart = {
        "$schema": "https://vega.github.io/schema/vega-lite/v6.json",
        "width": "container",
        "height": 260,
        "data": {"values": [{"label": r["label"], "baht": r["amount"] / 100} for r in rows[:30]]},
        "mark": {"type": "line" if by == "month" else "bar", "point": by == "month", "tooltip": True},
        "encoding": {
            "x" if by == "month" else "y": {"field": "label", "type": "ordinal", "sort": None, "title": None},
            "y" if by == "month" else "x": {
                "field": "baht",
                "type": "quantitative",
                "title": _("Sales (baht)"),
            },
        },
    }
    return render(
        request,
        "commerce/sales.html",
        {"form": form, "rows": rows, "top": top, "totals": totals, "chart": chart, "by": by},
    )


@require("commerce.payout", "view")
@require_http_methods(["GET", "POST"])
def payout_list(request: HttpRequest) -> HttpResponse:
    """Member producers' shares still owed, per shop, and the statements already made."""
    managed = list(queries.shops_managed(viewer=request.user).order_by("name"))
    shop = None
    if managed:
        wanted = request.GET.get("shop") or request.POST.get("shop")
        shop = next((s for s in managed if str(s.pk) == wanted), managed[0])
    form = None
    if shop is not None:
        form = forms.PayoutForm(request.POST or None, producers=_members(shop))
        if request.method == "POST" and form.is_valid():
            try:
                statement = actions.payout_statement_create(
                    shop=shop, by=request.user, at=timezone.now(), **form.cleaned_data
                )
            except DomainError as exc:
                _form_error(form, exc)
            else:
                return redirect("commerce:payout-detail", statement_id=statement.pk)
    elif request.method == "POST":
        raise Http404
    return render(
        request,
        "commerce/payout_list.html",
        {
            "shops": managed,
            "shop": shop,
            "form": form,
            "owed": queries.producer_shares(viewer=request.user, shop=shop) if shop else [],
            "statements": queries.payout_list(viewer=request.user)[:100],
        },
    )


@require("commerce.payout", "view")
@require_http_methods(["GET", "POST"])
def payout_detail(request: HttpRequest, statement_id: int) -> HttpResponse:
    statement = queries.payout_get(viewer=request.user, statement_id=statement_id)
    if request.method == "POST":
        try:
            actions.payout_mark_paid(statement=statement, by=request.user, at=timezone.now())
        except OutsideScope as exc:
            raise Http404 from exc
        return redirect("commerce:payout-detail", statement_id=statement.pk)
    if request.GET.get("format") == "pdf":
        return _pdf_response(documents.payout_pdf(statement), f"payout-{statement.pk}.pdf")
    can_change = queries.shop_may_change(viewer=request.user, shop_id=statement.shop_id)
    return render(
        request,
        "commerce/payout_detail.html",
        {"statement": statement, "lines": statement.lines.select_related("order"), "can_change": can_change},
    )
