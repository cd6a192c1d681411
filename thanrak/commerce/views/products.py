"""Back office: products, variants, photos and certifications."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thanrak.commerce import actions, forms, queries
from thanrak.commerce.views.base import (
    _form_error,
    _managed,
    _members,
    _visible,
)
from thanrak.core.access import require
from thanrak.core.errors import DomainError


@require("commerce.product", "view")
def product_list(request: HttpRequest, shop_id: int) -> HttpResponse:
    shop = _visible(request, shop_id)
    return render(
        request,
        "commerce/product_list.html",
        {"shop": shop, "products": queries.product_list(viewer=request.user, shop=shop)},
    )


@require("commerce.product", "change")
@require_http_methods(["GET", "POST"])
def product_create(request: HttpRequest, shop_id: int) -> HttpResponse:
    shop = _managed(request, shop_id)
    form = forms.ProductCreateForm(request.POST or None, members=_members(shop))
    if request.method == "POST" and form.is_valid():
        try:
            product = actions.product_create(
                shop=shop,
                by=request.user,
                at=timezone.now(),
                variants=[form.variant_fields()],
                opening_stock=form.cleaned_data.get("opening_stock") or 0,
                **form.product_fields(),
            )
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Product listed. Add photos, stock and certifications."))
            return redirect("commerce:product-edit", product_id=product.pk)
    return render(request, "commerce/product_form.html", {"form": form, "shop": shop})


def _product(request: HttpRequest, product_id: int, *, change: bool = False) -> Any:
    product = queries.product_get(viewer=request.user, product_id=product_id)
    if change:
        _managed(request, product.shop_id)
    return product


@require("commerce.product", "view")
@require_http_methods(["GET", "POST"])
def product_edit(request: HttpRequest, product_id: int) -> HttpResponse:
    product = _product(request, product_id)
    can_change = queries.shop_may_change(viewer=request.user, shop_id=product.shop_id)
    initial = {
        k: getattr(product, k)
        for k in (
            "name_th",
            "name_en",
            "category",
            "description_th",
            "description_en",
            "producer",
            "is_active",
        )
    }
    initial["producer_share"] = product.producer_share_bp / 100
    form = forms.ProductForm(request.POST or None, initial=initial, members=_members(product.shop))
    if request.method == "POST":
        if not can_change:
            raise Http404
        if form.is_valid():
            try:
                actions.product_update(
                    product=product, by=request.user, at=timezone.now(), **form.product_fields()
                )
            except DomainError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("commerce:product-edit", product_id=product.pk)
    return render(
        request,
        "commerce/product_edit.html",
        {
            "product": product,
            "form": form,
            "can_change": can_change,
            "variant_form": forms.VariantForm(),
            "photo_form": forms.PhotoForm(),
            "cert_form": forms.CertificationForm(),
            "today": timezone.localdate(),
        },
    )


@require("commerce.product", "change")
@require_POST
def variant_add(request: HttpRequest, product_id: int) -> HttpResponse:
    product = _product(request, product_id, change=True)
    form = forms.VariantForm(request.POST)
    if form.is_valid():
        try:
            actions.variant_add(product=product, by=request.user, **form.variant_fields())
            messages.success(request, _("Variant added."))
        except DomainError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(
            request,
            "; ".join(
                f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items() if f in form.fields
            ),
        )
    return redirect("commerce:product-edit", product_id=product.pk)


@require("commerce.product", "change")
@require_http_methods(["GET", "POST"])
def variant_edit(request: HttpRequest, variant_id: int) -> HttpResponse:
    variant = queries.variant_get(viewer=request.user, variant_id=variant_id)
    _managed(request, variant.shop_id)
    initial = {
        "variant_name": variant.name,
        "size": variant.size,
        "colour": variant.colour,
        "pack": variant.pack,
        "sku": variant.sku,
        "ean13": variant.ean13,
        "price": variant.price_satang,
        "weight_g": variant.weight_g,
        "length_mm": variant.length_mm,
        "width_mm": variant.width_mm,
        "height_mm": variant.height_mm,
    }
    form = forms.VariantForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            actions.variant_update(
                variant=variant,
                by=request.user,
                is_active=request.POST.get("is_active") == "on",
                **form.variant_fields(),
            )
        except DomainError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("commerce:product-edit", product_id=variant.product_id)
    return render(request, "commerce/variant_form.html", {"form": form, "variant": variant})


@require("commerce.product", "change")
@require_POST
def product_photo_add(request: HttpRequest, product_id: int) -> HttpResponse:
    product = _product(request, product_id, change=True)
    form = forms.PhotoForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.product_photo_add(product=product, by=request.user, upload=form.cleaned_data["photo"])
            messages.success(request, _("Photo added."))
        except DomainError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, _("Choose a photo."))
    return redirect("commerce:product-edit", product_id=product.pk)


@require("commerce.certification", "change")
@require_POST
def certification_add(request: HttpRequest, product_id: int) -> HttpResponse:
    product = _product(request, product_id, change=True)
    form = forms.CertificationForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            actions.certification_add(
                product=product, by=request.user, at=timezone.now(), **form.certification_fields()
            )
            messages.success(request, _("Certification recorded."))
        except DomainError as exc:
            messages.error(request, str(exc))
    else:
        messages.error(request, "; ".join(" ".join(e) for e in form.errors.values()))
    return redirect("commerce:product-edit", product_id=product.pk)


@require("commerce.certification", "view")
def certifications_expiring(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "commerce/certifications_expiring.html",
        {
            "certifications": queries.certifications_expiring(viewer=request.user, on=today),
            "today": today,
        },
    )
