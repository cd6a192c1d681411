"""What the pages of the commerce module share: the buyer's session, refusals on forms, shops
fetched for the viewer, PDF answers."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse

from thanrak.commerce import queries
from thanrak.core.errors import DomainError
from thanrak.core.forms import refuse

CART = "commerce_cart"
MY_ORDERS = "commerce_orders"


# Fields the actions name differently from the forms (the action's last dotted part is matched).
FIELD_ALIASES = {
    "price_satang": "price",
    "opening_float_satang": "opening_float",
    "counted_cash_satang": "counted_cash",
    "fee_satang": "fee",
    "name": "variant_name",
}


def _form_error(form: Any, exc: DomainError) -> None:
    """core.forms.refuse, with the field named by the last part of a dotted path (`items.0.quantity`)."""
    field = (exc.field or "").split(".")[-1]
    field = field if field in form.fields else FIELD_ALIASES.get(field, "")
    refuse(form, exc, field_map={exc.field or "": field})


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


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _managed(request: HttpRequest, shop_id: int) -> Any:
    return queries.shop_managed_get(viewer=request.user, shop_id=shop_id)


def _visible(request: HttpRequest, shop_id: int) -> Any:
    return queries.shop_get(viewer=request.user, shop_id=shop_id)


def _members(shop: Any) -> Any:
    from thanrak.registry.models import Person

    return (
        Person.objects.filter(memberships__organisation=shop.organisation, memberships__end_date__isnull=True)
        .distinct()
        .order_by("first_name")
    )
