"""Shopee and Lazada: listing files out, order exports in."""

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thanrak.commerce import actions, forms, marketplace, queries
from thanrak.commerce.models import Channel
from thanrak.commerce.views.base import (
    _managed,
)
from thanrak.core.access import require
from thanrak.core.errors import DomainError


@require("commerce.marketplace", "view")
@require_http_methods(["GET", "POST"])
def marketplace_page(request: HttpRequest, shop_id: int) -> HttpResponse:
    shop = _managed(request, shop_id)
    products = queries.product_list(viewer=request.user, shop=shop).filter(is_active=True)
    export_form = forms.MarketplaceExportForm(products=products, prefix="export")
    import_form = forms.MarketplaceImportForm(prefix="import")
    return render(
        request,
        "commerce/marketplace.html",
        {
            "shop": shop,
            "export_form": export_form,
            "import_form": import_form,
            "imports": queries.marketplace_imports(viewer=request.user, shop=shop)[:20],
        },
    )


@require("commerce.marketplace", "export")
@require_POST
def marketplace_export(request: HttpRequest, shop_id: int) -> HttpResponse:
    shop = _managed(request, shop_id)
    products = queries.product_list(viewer=request.user, shop=shop).filter(is_active=True)
    form = forms.MarketplaceExportForm(request.POST, products=products, prefix="export")
    if not form.is_valid():
        messages.error(request, _("Choose the marketplace and at least one product."))
        return redirect("commerce:marketplace", shop_id=shop.pk)
    chosen = list(form.cleaned_data["products"].prefetch_related("variants", "photos"))
    images = {p.pk: [request.build_absolute_uri(ph.image.url) for ph in p.photos.all()] for p in chosen}
    build = (
        marketplace.shopee_listing
        if form.cleaned_data["marketplace"] == Channel.SHOPEE
        else marketplace.lazada_listing
    )
    result = build(
        chosen, stock=queries.stock_for_export(shop=shop), category_ids=form.category_ids(), image_urls=images
    )
    response = HttpResponse(
        result.content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{form.cleaned_data["marketplace"].lower()}-{shop.pk}.xlsx"'
    )
    response["X-Export-Warnings"] = str(len(result.warnings))
    return response


@require("commerce.marketplace", "import")
@require_POST
def marketplace_import(request: HttpRequest, shop_id: int) -> HttpResponse:
    shop = _managed(request, shop_id)
    form = forms.MarketplaceImportForm(request.POST, request.FILES, prefix="import")
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = actions.marketplace_orders_import(
                shop=shop,
                marketplace=form.cleaned_data["marketplace"],
                data=upload.read(settings.THANRAK_MAX_IMPORT_BYTES + 1),
                filename=upload.name,
                by=request.user,
                at=timezone.now(),
            )
        except DomainError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _(
                    "%(new)s new orders, %(updated)s with a new status, %(known)s unchanged, %(unknown)s "
                    "unknown SKUs."
                )
                % {
                    "new": result.orders_created,
                    "updated": result.orders_updated,
                    "known": result.orders_already_known,
                    "unknown": len(result.unknown_skus),
                },
            )
            if result.issues:
                messages.warning(
                    request,
                    _("%(n)s rows were not applied: see the problems below.") % {"n": len(result.issues)},
                )
    else:
        messages.error(request, _("Choose the marketplace and the file."))
    return redirect("commerce:marketplace", shop_id=shop.pk)
