"""Back office: shops."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thanrak.accounts.scope import OutsideScope
from thanrak.commerce import actions, forms, queries
from thanrak.commerce.views.base import (
    _form_error,
    _managed,
    _visible,
)
from thanrak.core.access import require
from thanrak.core.errors import DomainError


@require("commerce.shop", "view")
def shop_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "commerce/shop_list.html",
        {
            "shops": queries.shop_list(viewer=request.user),
            "can_open": queries.organisations_without_shop(viewer=request.user).exists(),
        },
    )


@require("commerce.shop", "change")
@require_http_methods(["GET", "POST"])
def shop_open(request: HttpRequest) -> HttpResponse:
    organisations = queries.organisations_without_shop(viewer=request.user)
    form = forms.ShopOpenForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        organisation = data.pop("organisation")
        try:
            shop = actions.shop_open(organisation=organisation, by=request.user, at=timezone.now(), **data)
        except DomainError as exc:
            _form_error(form, exc)
        except OutsideScope:
            form.add_error("organisation", _("You do not manage this organisation."))
        else:
            messages.success(request, _("The shop is open. Add its products next."))
            return redirect("commerce:shop-detail", shop_id=shop.pk)
    return render(request, "commerce/shop_form.html", {"form": form, "title": _("Open a shop")})


@require("commerce.shop", "view")
def shop_detail(request: HttpRequest, shop_id: int) -> HttpResponse:
    shop = _visible(request, shop_id)
    can_change = queries.shop_may_change(viewer=request.user, shop_id=shop.pk)
    return render(
        request,
        "commerce/shop_detail.html",
        {
            "shop": shop,
            "can_change": can_change,
            "counts": queries.order_status_counts(viewer=request.user, shop=shop),
            "totals": queries.sales_totals(viewer=request.user, shop_id=shop.pk),
            "photo_form": forms.PhotoForm(),
            "expiring": queries.certifications_expiring(viewer=request.user, on=timezone.localdate()).filter(
                product__shop=shop
            ),
        },
    )


@require("commerce.shop", "change")
@require_http_methods(["GET", "POST"])
def shop_edit(request: HttpRequest, shop_id: int) -> HttpResponse:
    shop = _managed(request, shop_id)
    initial = {k: getattr(shop, k) for k in actions.SHOP_FIELDS}
    form = forms.ShopForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.shop_update(shop=shop, by=request.user, at=timezone.now(), **form.cleaned_data)
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("commerce:shop-detail", shop_id=shop.pk)
    return render(
        request, "commerce/shop_form.html", {"form": form, "shop": shop, "title": _("Shop details")}
    )


@require("commerce.shop", "change")
@require_POST
def shop_photo_add(request: HttpRequest, shop_id: int) -> HttpResponse:
    shop = _managed(request, shop_id)
    form = forms.PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.shop_photo_add(shop=shop, by=request.user, upload=form.cleaned_data["photo"])
            messages.success(request, _("Photo added."))
        except DomainError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _("Choose a photo."))
    return redirect("commerce:shop-detail", shop_id=shop.pk)
