"""The public storefront: listings, a product, a shop, the origin map."""

import json
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from thanrak.commerce import forms, queries
from thanrak.commerce.views.base import (
    _cart,
    _with_covers,
)
from thanrak.core.access import public


@public
@require_GET
def storefront(request: HttpRequest) -> HttpResponse:
    """Browse and search community products: province, category, GI, stars, price."""
    provinces = queries.storefront_provinces()
    form = forms.StorefrontFilterForm(request.GET or None, provinces=provinces)
    filters = queries.StorefrontFilters()
    if form.is_valid():
        d = form.cleaned_data
        filters = queries.StorefrontFilters(
            q=d["q"],
            province=d["province"],
            category=d["category"],
            gi=d["gi"],
            min_stars=d["stars"],
            min_price_satang=d["min_price"],
            max_price_satang=d["max_price"],
            sort=d["sort"] or "new",
        )
    results_html = _listing_html(request, form, filters)
    if request.htmx and request.htmx.target == "results":
        return HttpResponse(results_html)
    return render(
        request,
        "commerce/storefront.html",
        {"form": form, "results_html": results_html, "cart_count": len(_cart(request))},
    )


def _listing_html(request: HttpRequest, form: Any, filters: Any) -> str:
    """The product grid of a listing. The same for every visitor, so it is kept for a short while
    (COMMERCE_LISTING_CACHE_SECONDS, 60 by default): new products and prices show within a minute."""
    from django.core.cache import cache
    from django.template.loader import render_to_string
    from django.utils.translation import get_language

    seconds = getattr(settings, "COMMERCE_LISTING_CACHE_SECONDS", 60)
    key = f"commerce:listing:{get_language()}:{request.GET.urlencode()}"
    html = cache.get(key) if seconds else None
    if html is None:
        paginator = queries.CappedPaginator(
            queries.storefront_products(filters=filters, on=timezone.localdate()), queries.PAGE_SIZE
        )
        page = _with_covers(paginator.get_page(request.GET.get("page")))
        html = render_to_string("commerce/_results.html", {"form": form, "page": page}, request=request)
        if seconds:
            cache.set(key, html, seconds)
    from django.utils.safestring import mark_safe

    return mark_safe(html)  # noqa: S308  rendered by our own template, escaped there


@public
@require_GET
def product_detail(request: HttpRequest, product_id: int) -> HttpResponse:
    try:
        product = queries.storefront_product(product_id=product_id, on=timezone.localdate())
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
    return render(
        request,
        "commerce/product_detail.html",
        {"product": product, "form": forms.AddToCartForm(), "cart_count": len(_cart(request))},
    )


@public
@require_GET
def shop_public(request: HttpRequest, shop_id: int) -> HttpResponse:
    try:
        shop = queries.storefront_shop(shop_id=shop_id)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
    products = queries.storefront_products(
        filters=queries.StorefrontFilters(shop_id=shop.pk), on=timezone.localdate()
    )
    page = _with_covers(
        queries.CappedPaginator(products, queries.PAGE_SIZE).get_page(request.GET.get("page"))
    )
    return render(request, "commerce/shop_public.html", {"shop": shop, "page": page})


@lru_cache(maxsize=128)
def _province_feature(code: str) -> str:
    path = settings.REFERENCE_DATA_DIR / "geo" / "th_adm1.geojson"
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    features = [f for f in data["features"] if f["properties"].get("ADM1_PCODE") == f"TH{code}"]
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)


@public
@require_GET
def origin_shape(request: HttpRequest, province_code: str) -> HttpResponse:
    """The province's outline for the product's map of origin (data/geo, RTSD 2019 via OCHA/mapthai)."""
    if not (province_code.isdigit() and len(province_code) == 2):
        raise Http404
    response = HttpResponse(_province_feature(province_code), content_type="application/geo+json")
    response["Cache-Control"] = "public, max-age=86400"
    return response
