"""Back office: orders, their documents and shipping fees."""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thanrak.accounts.scope import OutsideScope
from thanrak.commerce import actions, documents, forms, queries
from thanrak.commerce.models import Carrier, Channel, OrderStatus
from thanrak.commerce.views.base import (
    _form_error,
    _managed,
    _pdf_response,
    _visible,
)
from thanrak.core.access import require
from thanrak.core.errors import DomainError


@require("commerce.order", "view")
def order_list(request: HttpRequest, shop_id: int) -> HttpResponse:
    shop = _visible(request, shop_id)
    status = request.GET.get("status", "")
    channel = request.GET.get("channel", "")
    orders = queries.order_list(
        viewer=request.user,
        shop=shop,
        status=status if status in OrderStatus.values else "",
        channel=channel if channel in Channel.values else "",
    )
    page = Paginator(orders, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "commerce/order_list.html",
        {
            "shop": shop,
            "page": page,
            "statuses": OrderStatus.choices,
            "channels": Channel.choices,
            "status": status,
            "channel": channel,
        },
    )


def _order(request: HttpRequest, order_id: int) -> Any:
    return queries.order_get(viewer=request.user, order_id=order_id)


@require("commerce.order", "view")
def order_detail(request: HttpRequest, order_id: int) -> HttpResponse:
    order = _order(request, order_id)
    can_change = queries.shop_may_change(viewer=request.user, shop_id=order.shop_id)
    return render(
        request,
        "commerce/order_detail.html",
        {
            "order": order,
            "can_change": can_change,
            "ship_form": forms.ShipForm(initial={"carrier": order.carrier or Carrier.THAILAND_POST_EMS}),
            "reason_form": forms.ReasonForm(),
        },
    )


def _confirm(request: HttpRequest, order: Any, now: dt.datetime) -> None:
    _order_obj, changed = actions.order_payment_confirm(order=order, by=request.user, at=now)
    if changed:
        messages.success(request, _("Payment confirmed."))
    else:
        messages.info(request, _("This payment was already confirmed; nothing changed."))


def _ship(request: HttpRequest, order: Any, now: dt.datetime) -> None:
    form = forms.ShipForm(request.POST)
    if not form.is_valid():
        raise actions.CannotChangeOrder(_("Choose a carrier."), code="choose_carrier", field="carrier")
    actions.order_ship(order=order, by=request.user, at=now, **form.cleaned_data)


def _with_reason(act: Callable[..., Any]) -> Callable[[HttpRequest, Any, dt.datetime], Any]:
    return lambda request, order, now: act(
        order=order, by=request.user, at=now, reason=request.POST.get("reason", "")
    )


# The steps of an order's life a seller takes from the order's page.
ORDER_STEPS: dict[str, Callable[[HttpRequest, Any, dt.datetime], Any]] = {
    "confirm": _confirm,
    "pack": lambda request, order, now: actions.order_pack(order=order, by=request.user, at=now),
    "ship": _ship,
    "deliver": lambda request, order, now: actions.order_deliver(order=order, by=request.user, at=now),
    "cancel": _with_reason(actions.order_cancel),
    "refund": _with_reason(actions.order_refund),
}


@require("commerce.order", "change")
@require_POST
def order_act(request: HttpRequest, order_id: int, step: str) -> HttpResponse:
    """One step of the order's life: confirm payment, pack, ship, deliver, cancel or refund."""
    order = _order(request, order_id)
    if step not in ORDER_STEPS:
        raise Http404
    try:
        ORDER_STEPS[step](request, order, timezone.now())
    except DomainError as exc:
        messages.error(request, str(exc))
    except OutsideScope:
        messages.error(request, _("You do not manage this shop."))
    return redirect("commerce:order-detail", order_id=order.pk)


@require("commerce.order", "view")
def order_receipt(request: HttpRequest, order_id: int) -> HttpResponse:
    order = _order(request, order_id)
    if order.paid_at is None:
        raise Http404
    return _pdf_response(documents.receipt_pdf(order), f"receipt-{order.number}.pdf")


@require("commerce.certification", "view")
def certification_document(request: HttpRequest, certification_id: int) -> HttpResponse:
    """A certificate's scanned document, a private file: only for who may see the shop's products."""
    certification = queries.certification_get(viewer=request.user, certification_id=certification_id)
    if not certification.document:
        raise Http404
    name = certification.document.name.rsplit("/", 1)[-1]
    # Shown in the browser only when it is a PDF or a picture; anything else is downloaded.
    inline = name.lower().endswith((".pdf", ".jpg", ".jpeg", ".png"))
    return FileResponse(certification.document.open("rb"), as_attachment=not inline, filename=name)


@require("commerce.order", "view")
def order_slip(request: HttpRequest, order_id: int) -> HttpResponse:
    order = _order(request, order_id)
    if not order.slip:
        raise Http404
    return FileResponse(order.slip.open("rb"), content_type="image/jpeg")


@require("commerce.shipping", "view")
@require_http_methods(["GET", "POST"])
def shipping(request: HttpRequest, shop_id: int) -> HttpResponse:
    shop = _visible(request, shop_id)
    form = forms.ShippingBandForm(request.POST or None)
    if request.method == "POST":
        _managed(request, shop_id)
        if "delete" in request.POST:
            band = shop.shipping_bands.filter(pk=request.POST.get("delete")).first()
            if band is not None:
                actions.shipping_band_delete(band=band, by=request.user)
            return redirect("commerce:shipping", shop_id=shop.pk)
        if form.is_valid():
            d = form.cleaned_data
            try:
                actions.shipping_band_set(
                    shop=shop,
                    by=request.user,
                    carrier=d["carrier"],
                    max_weight_g=d["max_weight_g"],
                    fee_satang=d["fee"],
                )
            except DomainError as exc:
                _form_error(form, exc)
            else:
                return redirect("commerce:shipping", shop_id=shop.pk)
    own, defaults = queries.shipping_bands(shop=shop)
    return render(
        request, "commerce/shipping.html", {"shop": shop, "form": form, "own": own, "defaults": defaults}
    )
