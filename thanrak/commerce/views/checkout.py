"""The buyer's side: cart, checkout, following an order, the slip and the receipt."""

import secrets

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thanrak.commerce import actions, documents, forms, queries
from thanrak.commerce.models import OrderStatus, PaymentMethod
from thanrak.commerce.promptpay import promptpay_payload, qr_png
from thanrak.commerce.views.base import (
    CART,
    MY_ORDERS,
    _buyer_order,
    _cart,
    _form_error,
    _pdf_response,
    _remember_order,
)
from thanrak.core.access import public
from thanrak.core.errors import DomainError
from thanrak.core.forms import refuse


@public
@require_POST
def cart_add(request: HttpRequest) -> HttpResponse:
    form = forms.AddToCartForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an item and a quantity from 1 to 999."))
        return redirect("commerce:cart")
    cart = _cart(request)
    key = str(form.cleaned_data["variant"])
    cart[key] = min(999, cart.get(key, 0) + form.cleaned_data["quantity"])
    request.session[CART] = cart
    messages.success(request, _("Added to the cart."))
    return redirect("commerce:cart")


@public
@require_http_methods(["GET", "POST"])
def cart(request: HttpRequest) -> HttpResponse:
    """The cart with today's prices; quantities can be changed or removed."""
    cart = _cart(request)
    if request.method == "POST":
        for key in list(cart):
            raw = request.POST.get(f"qty_{key}")
            if raw is None:
                continue
            if raw.isdigit() and 0 <= int(raw) <= 999:
                if int(raw) == 0:
                    cart.pop(key)
                else:
                    cart[key] = int(raw)
            else:
                messages.error(request, _("Quantities are whole numbers from 0 to 999."))
        request.session[CART] = cart
        return redirect("commerce:cart")
    lines = queries.cart_lines(cart=cart)
    return render(
        request,
        "commerce/cart.html",
        {"lines": lines, "total": sum(line.line_total_satang for line in lines)},
    )


@public
@require_http_methods(["GET", "POST"])
def checkout(request: HttpRequest) -> HttpResponse:
    """Guest checkout: name, phone, a Thai address picker that fills the postal code, payment."""
    lines = queries.cart_lines(cart=_cart(request))
    if not lines:
        messages.info(request, _("Your cart is empty."))
        return redirect("commerce:storefront")
    form = forms.CheckoutForm(request.POST or None, initial={"idempotency_key": secrets.token_urlsafe(24)})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        # The prices shown in the form: a change since then is refused with the new price.
        items = []
        for line in lines:
            shown = request.POST.get(f"price_{line.variant.pk}")
            items.append(
                actions.CartItem(
                    line.variant.pk, line.quantity, int(shown) if shown and shown.isdigit() else None
                )
            )
        try:
            orders = actions.checkout(
                items=items,
                buyer_name=d["buyer_name"],
                buyer_phone=d["buyer_phone"],
                address_line=d["address_line"],
                area_code=d["area_code"] or "",
                postal_code=d["postal_code"],
                carrier=d["carrier"],
                payment_method=d["payment_method"],
                idempotency_key=d["idempotency_key"],
                at=timezone.now(),
            )
        except ObjectDoesNotExist:
            form.add_error(None, _("An item in the cart is no longer sold; the cart was updated."))
        except DomainError as exc:
            _form_error(form, exc)
            if isinstance(exc, actions.CannotCheckout) and (exc.field or "").endswith("price_satang"):
                form = forms.CheckoutForm(request.POST)
                form.is_valid()
                refuse(form, exc)  # above the form: the cart's field is not on it
        else:
            for order in orders:
                _remember_order(request, order.number)
            request.session[CART] = {}
            request.session["commerce_last"] = [o.number for o in orders]
            return redirect("commerce:placed")
    total = sum(line.line_total_satang for line in lines)
    return render(request, "commerce/checkout.html", {"form": form, "lines": lines, "total": total})


@public
@require_GET
def placed(request: HttpRequest) -> HttpResponse:
    numbers = [n for n in request.session.get("commerce_last", []) if n in request.session.get(MY_ORDERS, [])]
    if not numbers:
        return redirect("commerce:track")
    return render(request, "commerce/placed.html", {"orders": queries.orders_by_numbers(numbers=numbers)})


@public
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    """Follow an order with its number and the phone used; a wrong pair shows nothing."""
    form = forms.TrackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        order = queries.order_track(number=form.cleaned_data["number"], phone=form.cleaned_data["phone"])
        if order is not None:
            _remember_order(request, order.number)
            return redirect("commerce:buyer-order", number=order.number)
        form.add_error(None, _("No order matches this number and phone."))
    return render(request, "commerce/track.html", {"form": form})


@public
@require_GET
def buyer_order(request: HttpRequest, number: str) -> HttpResponse:
    order = _buyer_order(request, number)
    return render(request, "commerce/buyer_order.html", {"order": order, "slip_form": forms.SlipForm()})


@public
@require_GET
def order_qr(request: HttpRequest, number: str) -> HttpResponse:
    """The PromptPay QR for the exact amount of the buyer's order."""
    order = _buyer_order(request, number)
    if order.payment_method != PaymentMethod.PROMPTPAY or not order.shop.promptpay_account:
        raise Http404
    png = qr_png(promptpay_payload(order.shop.promptpay_account, order.total_satang))
    return HttpResponse(png, content_type="image/png")


@public
@require_POST
def slip_upload(request: HttpRequest, number: str) -> HttpResponse:
    order = _buyer_order(request, number)
    form = forms.SlipForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.order_slip_upload(order=order, upload=form.cleaned_data["slip"], at=timezone.now())
            messages.success(request, _("Thank you. The shop will check the slip and confirm your payment."))
        except DomainError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _("Choose the picture of the slip."))
    return redirect("commerce:buyer-order", number=order.number)


@public
@require_GET
def buyer_receipt(request: HttpRequest, number: str) -> HttpResponse:
    order = _buyer_order(request, number)
    if order.paid_at is None or order.status in (OrderStatus.CANCELLED, OrderStatus.REFUNDED):
        raise Http404
    return _pdf_response(documents.receipt_pdf(order), f"receipt-{order.number}.pdf")
