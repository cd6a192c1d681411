"""The counter (POS): sessions, sales, closing the drawer."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from thanrak.commerce import actions, documents, forms, queries
from thanrak.commerce.promptpay import promptpay_payload, qr_png
from thanrak.commerce.views.base import (
    _form_error,
    _managed,
    _pdf_response,
    _visible,
)
from thanrak.core.access import public, require
from thanrak.core.errors import DomainError


@require("commerce.pos", "view")
@require_http_methods(["GET", "POST"])
def pos_sessions(request: HttpRequest, shop_id: int) -> HttpResponse:
    shop = _visible(request, shop_id)
    default = shop.locations.filter(is_default=True).first()
    form = forms.PosOpenForm(
        request.POST or None, locations=shop.locations.all(), initial={"location": default}
    )
    if request.method == "POST":
        _managed(request, shop_id)
        if form.is_valid():
            try:
                session = actions.pos_session_open(
                    location=form.cleaned_data["location"],
                    cashier=request.user,
                    opening_float_satang=form.cleaned_data["opening_float"],
                    at=timezone.now(),
                )
            except DomainError as exc:
                _form_error(form, exc)
            else:
                return redirect("commerce:pos", session_id=session.pk)
    return render(
        request,
        "commerce/pos_sessions.html",
        {"shop": shop, "form": form, "sessions": queries.pos_sessions(viewer=request.user, shop=shop)[:50]},
    )


def _session(request: HttpRequest, session_id: int) -> Any:
    return queries.pos_session_get(viewer=request.user, session_id=session_id)


@require("commerce.pos", "change")
def pos(request: HttpRequest, session_id: int) -> HttpResponse:
    """The counter's sale screen. The catalogue travels with the page so selling goes on offline."""
    session = _session(request, session_id)
    _managed(request, session.shop_id)
    if session.closed_at:
        return redirect("commerce:pos-close", session_id=session.pk)
    return render(
        request,
        "commerce/pos.html",
        {
            "session": session,
            "catalogue": queries.pos_catalogue(session=session),
            "sync_url": reverse("api:commerce_pos_sales_sync", args=[session.pk]),
            "promptpay": session.shop.promptpay_account,
        },
    )


@public
@require_GET
def pos_service_worker(request: HttpRequest) -> HttpResponse:
    """The counter's service worker, served from /shop/manage/pos/ so that it may answer for the
    sale screens there (a worker's reach is the folder it is served from). Code only, no data."""
    path = settings.BASE_DIR / "thanrak" / "commerce" / "static" / "commerce" / "pos-sw.js"
    response = HttpResponse(path.read_text(encoding="utf-8"), content_type="text/javascript")
    response["Cache-Control"] = "no-cache"
    return response


@require("commerce.pos", "change")
@require_GET
def pos_qr(request: HttpRequest, session_id: int) -> HttpResponse:
    """A PromptPay QR for an amount typed at the counter (online only; offline the shop's static QR)."""
    session = _session(request, session_id)
    raw = request.GET.get("amount", "")
    if not session.shop.promptpay_account:
        raise Http404
    amount = int(raw) if raw.isdigit() and 0 < int(raw) <= 10**9 else None
    return HttpResponse(
        qr_png(promptpay_payload(session.shop.promptpay_account, amount)), content_type="image/png"
    )


@require("commerce.pos", "change")
@require_http_methods(["GET", "POST"])
def pos_close(request: HttpRequest, session_id: int) -> HttpResponse:
    session = _session(request, session_id)
    _managed(request, session.shop_id)
    form = forms.PosCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and session.closed_at is None:
        try:
            session = actions.pos_session_close(
                session=session,
                counted_cash_satang=form.cleaned_data["counted_cash"],
                by=request.user,
                at=timezone.now(),
            )
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Session closed."))
            return redirect("commerce:pos-close", session_id=session.pk)
    return render(
        request,
        "commerce/pos_close.html",
        {"session": session, "form": form, "summary": queries.pos_session_summary(session=session)},
    )


@require("commerce.pos", "change")
@require_GET
def pos_receipt(request: HttpRequest, session_id: int, number: str) -> HttpResponse:
    session = _session(request, session_id)
    order = session.orders.filter(number=number).first()
    if order is None:
        raise Http404
    return _pdf_response(documents.receipt_pdf(order), f"receipt-{order.number}.pdf")
