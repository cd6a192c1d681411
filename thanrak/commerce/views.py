"""Pages of the commerce module: the public storefront, the buyer's order, the shop's back office,
the counter (POS), marketplace files, sales and producers' payouts."""

import datetime as dt
import json
import secrets
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thanrak.accounts.scope import OutsideScope
from thanrak.commerce import actions, documents, forms, marketplace, queries
from thanrak.commerce.models import Carrier, Channel, OrderStatus, PaymentMethod
from thanrak.commerce.promptpay import promptpay_payload, qr_png
from thanrak.core.access import public, require
from thanrak.core.errors import DomainError

CART = "commerce_cart"
MY_ORDERS = "commerce_orders"


def _form_error(form: Any, exc: DomainError) -> None:
    field = (exc.field or "").split(".")[-1]
    aliases = {
        "price_satang": "price",
        "opening_float_satang": "opening_float",
        "counted_cash_satang": "counted_cash",
        "fee_satang": "fee",
        "name": "variant_name",
    }
    field = field if field in form.fields else aliases.get(field, "")
    form.add_error(field if field in form.fields else None, str(exc))


def _today() -> dt.date:
    return timezone.localdate()


def _remember_order(request: HttpRequest, number: str) -> None:
    """The buyer's session may see orders it placed or proved (number + phone)."""
    numbers = request.session.get(MY_ORDERS, [])
    if number not in numbers:
        request.session[MY_ORDERS] = [*numbers, number][-50:]


def _buyer_order(request: HttpRequest, number: str) -> Any:
    if number not in request.session.get(MY_ORDERS, []):
        raise Http404
    orders = queries.orders_by_numbers(numbers=[number])
    if not orders:
        raise Http404
    return orders[0]


def _with_covers(page: Any) -> Any:
    from django.core.files.storage import default_storage

    for p in page.object_list:
        p.cover_url = default_storage.url(p.cover) if p.cover else ""
    return page


def _cart(request: HttpRequest) -> dict[str, int]:
    return dict(request.session.get(CART, {}))


# --- storefront ----------------------------------------------------------------------------------


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
            queries.storefront_products(filters=filters, on=_today()), queries.PAGE_SIZE
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
        product = queries.storefront_product(product_id=product_id, on=_today())
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
    products = queries.storefront_products(filters=queries.StorefrontFilters(shop_id=shop.pk), on=_today())
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


# --- cart and checkout ---------------------------------------------------------------------------


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
                form.add_error(None, str(exc))
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


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@public
@require_GET
def buyer_receipt(request: HttpRequest, number: str) -> HttpResponse:
    order = _buyer_order(request, number)
    if order.paid_at is None or order.status in (OrderStatus.CANCELLED, OrderStatus.REFUNDED):
        raise Http404
    return _pdf_response(documents.receipt_pdf(order), f"receipt-{order.number}.pdf")


# --- back office: shops --------------------------------------------------------------------------


def _managed(request: HttpRequest, shop_id: int) -> Any:
    try:
        return queries.shop_managed_get(viewer=request.user, shop_id=shop_id)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


def _visible(request: HttpRequest, shop_id: int) -> Any:
    try:
        return queries.shop_get(viewer=request.user, shop_id=shop_id)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


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
    can_change = queries.Shop.objects.managed_by(request.user).filter(pk=shop.pk).exists()
    return render(
        request,
        "commerce/shop_detail.html",
        {
            "shop": shop,
            "can_change": can_change,
            "counts": queries.order_status_counts(viewer=request.user, shop=shop),
            "totals": queries.sales_totals(viewer=request.user, shop_id=shop.pk),
            "photo_form": forms.PhotoForm(),
            "expiring": queries.certifications_expiring(viewer=request.user, on=_today()).filter(
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


# --- back office: products -----------------------------------------------------------------------


def _members(shop: Any) -> Any:
    from thanrak.registry.models import Person

    return (
        Person.objects.filter(memberships__organisation=shop.organisation, memberships__end_date__isnull=True)
        .distinct()
        .order_by("first_name")
    )


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
    try:
        product = queries.product_get(viewer=request.user, product_id=product_id)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
    if change:
        _managed(request, product.shop_id)
    return product


@require("commerce.product", "view")
@require_http_methods(["GET", "POST"])
def product_edit(request: HttpRequest, product_id: int) -> HttpResponse:
    product = _product(request, product_id)
    can_change = queries.Shop.objects.managed_by(request.user).filter(pk=product.shop_id).exists()
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
            "today": _today(),
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
    try:
        variant = queries.variant_get(viewer=request.user, variant_id=variant_id)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
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
    today = _today()
    return render(
        request,
        "commerce/certifications_expiring.html",
        {
            "certifications": queries.certifications_expiring(viewer=request.user, on=today),
            "today": today,
        },
    )


# --- back office: stock --------------------------------------------------------------------------


@require("commerce.stock", "view")
@require_http_methods(["GET", "POST"])
def stock(request: HttpRequest, shop_id: int) -> HttpResponse:
    shop = _visible(request, shop_id)
    variants = queries.Variant.objects.visible_to(request.user).filter(shop=shop).select_related("product")
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


# --- back office: orders and shipping ------------------------------------------------------------


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
    try:
        return queries.order_get(viewer=request.user, order_id=order_id)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


@require("commerce.order", "view")
def order_detail(request: HttpRequest, order_id: int) -> HttpResponse:
    order = _order(request, order_id)
    can_change = queries.Shop.objects.managed_by(request.user).filter(pk=order.shop_id).exists()
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


@require("commerce.order", "change")
@require_POST
def order_act(request: HttpRequest, order_id: int, step: str) -> HttpResponse:
    """One step of the order's life: confirm payment, pack, ship, deliver, cancel or refund."""
    order = _order(request, order_id)
    now = timezone.now()
    try:
        if step == "confirm":
            _order_obj, changed = actions.order_payment_confirm(order=order, by=request.user, at=now)
            if changed:
                messages.success(request, _("Payment confirmed."))
            else:
                messages.info(request, _("This payment was already confirmed; nothing changed."))
        elif step == "pack":
            actions.order_pack(order=order, by=request.user, at=now)
        elif step == "ship":
            form = forms.ShipForm(request.POST)
            if not form.is_valid():
                raise actions.CannotChangeOrder(
                    _("Choose a carrier."), code="choose_carrier", field="carrier"
                )
            actions.order_ship(order=order, by=request.user, at=now, **form.cleaned_data)
        elif step == "deliver":
            actions.order_deliver(order=order, by=request.user, at=now)
        elif step == "cancel":
            actions.order_cancel(order=order, by=request.user, at=now, reason=request.POST.get("reason", ""))
        elif step == "refund":
            actions.order_refund(order=order, by=request.user, at=now, reason=request.POST.get("reason", ""))
        else:
            raise Http404
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
    try:
        certification = queries.certification_get(viewer=request.user, certification_id=certification_id)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
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


# --- POS -----------------------------------------------------------------------------------------


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
    try:
        return queries.pos_session_get(viewer=request.user, session_id=session_id)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


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


# --- marketplaces --------------------------------------------------------------------------------


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
                    "%(new)s new orders, %(updated)s with a new status, %(known)s unchanged, %(unknown)s unknown SKUs."
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


# --- sales and payouts ---------------------------------------------------------------------------


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
    managed = list(queries.Shop.objects.managed_by(request.user).order_by("name"))
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
    try:
        statement = queries.payout_get(viewer=request.user, statement_id=statement_id)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc
    if request.method == "POST":
        try:
            actions.payout_mark_paid(statement=statement, by=request.user, at=timezone.now())
        except OutsideScope as exc:
            raise Http404 from exc
        return redirect("commerce:payout-detail", statement_id=statement.pk)
    if request.GET.get("format") == "pdf":
        return _pdf_response(documents.payout_pdf(statement), f"payout-{statement.pk}.pdf")
    can_change = queries.Shop.objects.managed_by(request.user).filter(pk=statement.shop_id).exists()
    return render(
        request,
        "commerce/payout_detail.html",
        {"statement": statement, "lines": statement.lines.select_related("order"), "can_change": can_change},
    )


# --- panels --------------------------------------------------------------------------------------


@require("commerce.shop", "view")
def panel(request: HttpRequest) -> HttpResponse:
    return render(request, "commerce/panel.html", queries.shop_panel(viewer=request.user, on=_today()))


@require("commerce.shop", "view")
def household_panel(request: HttpRequest, household_id: int) -> HttpResponse:
    """The enterprises the household's members belong to or sell their goods through."""
    try:
        rows = queries.household_enterprises(viewer=request.user, household_id=household_id)
    except ObjectDoesNotExist:
        return HttpResponse("")
    return render(request, "commerce/household_panel.html", {"rows": rows})


@require("commerce.shop", "view")
def organisation_panel(request: HttpRequest, organisation_id: int) -> HttpResponse:
    shop = queries.shop_list(viewer=request.user).filter(organisation_id=organisation_id).first()
    totals = queries.sales_totals(viewer=request.user, shop_id=shop.pk) if shop else None
    return render(request, "commerce/organisation_panel.html", {"shop": shop, "totals": totals})
