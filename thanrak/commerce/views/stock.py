"""Back office: stock at the shop's locations."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thanrak.commerce import actions, forms, queries
from thanrak.commerce.views.base import (
    _form_error,
    _managed,
    _visible,
)
from thanrak.core.access import require
from thanrak.core.errors import DomainError


@require("commerce.stock", "view")
@require_http_methods(["GET", "POST"])
def stock(request: HttpRequest, shop_id: int) -> HttpResponse:
    shop = _visible(request, shop_id)
    variants = queries.variants_of(viewer=request.user, shop=shop)
    locations = shop.locations.all()
    form = forms.StockForm(request.POST or None, variants=variants, locations=locations)
    if request.method == "POST":
        _managed(request, shop_id)
        if form.is_valid():
            d = form.cleaned_data
            try:
                if d["mode"] == "receive":
                    actions.stock_receive(
                        variant=d["variant"],
                        location=d["location"],
                        quantity=d["quantity"],
                        reason=d["reason"],
                        by=request.user,
                        at=timezone.now(),
                    )
                else:
                    actions.stock_adjust(
                        variant=d["variant"],
                        location=d["location"],
                        delta=d["quantity"],
                        reason=d["reason"],
                        by=request.user,
                        at=timezone.now(),
                    )
            except DomainError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, _("Stock updated."))
                return redirect("commerce:stock", shop_id=shop.pk)
    movements = Paginator(queries.stock_movements(viewer=request.user, shop=shop), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "commerce/stock.html",
        {
            "shop": shop,
            "levels": queries.stock_levels(viewer=request.user, shop=shop),
            "form": form,
            "page": movements,
            "location_form": forms.LocationForm(),
        },
    )


@require("commerce.stock", "change")
@require_POST
def location_add(request: HttpRequest, shop_id: int) -> HttpResponse:
    shop = _managed(request, shop_id)
    form = forms.LocationForm(request.POST)
    if form.is_valid():
        try:
            actions.location_add(shop=shop, by=request.user, **form.cleaned_data)
            messages.success(request, _("Location added."))
        except DomainError as exc:
            messages.error(request, str(exc))
    return redirect("commerce:stock", shop_id=shop.pk)
