"""Reading buyers, meetings and deals; producers' public profiles for buyers (no personal data)."""

from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from thanrak.commerce.models import Shop
from thanrak.markets.models import Booth, Buyer, Event, Meeting, MeetingStatus


def buyer_list(*, viewer: Any, category: str = "") -> QuerySet[Buyer]:
    rows = Buyer.objects.visible_to(viewer).prefetch_related("interests")
    if category:
        rows = rows.filter(interests__category=category)
    return rows.order_by("name", "pk")


def buyer_get(*, viewer: Any, pk: int) -> Buyer:
    return Buyer.objects.visible_to(viewer).get(pk=pk)


def meeting_list(*, viewer: Any, event: Event | None = None) -> QuerySet[Meeting]:
    rows = Meeting.objects.visible_to(viewer).select_related(
        "buyer", "booth", "booth__vendor", "event", "order"
    )
    if event is not None:
        rows = rows.filter(event=event)
    return rows.order_by("starts_at", "pk")


def meeting_get(*, viewer: Any, pk: int) -> Meeting:
    return (
        Meeting.objects.visible_to(viewer)
        .select_related("buyer", "booth", "booth__vendor", "event", "order")
        .get(pk=pk)
    )


def deals_summary(*, meetings: QuerySet[Meeting]) -> dict[str, int]:
    """Meetings held, deals made (held with a value), their value and how many went to an order."""
    agg = meetings.aggregate(
        meetings=Count("id", filter=~Q(status=MeetingStatus.CANCELLED)),
        held=Count("id", filter=Q(status=MeetingStatus.HELD)),
        deals=Count("id", filter=Q(status=MeetingStatus.HELD, deal_satang__gt=0)),
        value=Sum("deal_satang", filter=Q(status=MeetingStatus.HELD)),
        ordered=Count("id", filter=Q(order__isnull=False)),
    )
    return {k: v or 0 for k, v in agg.items()}


def producer_profiles(*, category: str = "", q: str = "") -> list[dict[str, Any]]:
    """The public face of producers who sell at events: the shop's name, area, story and categories,
    the events they attend. Nothing about their members."""
    booths = Booth.objects.select_related("vendor", "event").order_by("vendor__name_th", "-event__start_date")
    if category:
        booths = booths.filter(category=category)
    if q:
        booths = booths.filter(vendor__name_th__icontains=q)
    shops = {
        s.organisation_id: s for s in Shop.objects.filter(organisation_id__in=booths.values("vendor_id"))
    }
    out: dict[int, dict[str, Any]] = {}
    for b in booths[:500]:
        shop = shops.get(b.vendor_id)
        profile = out.setdefault(
            b.vendor_id,
            {
                "organisation_id": b.vendor_id,
                "name": shop.name if shop else b.vendor.name_th,
                "area_code": shop.area_code if shop else b.vendor.area_code,
                "story": shop.story_th if shop else "",
                "shop_id": shop.pk if shop and shop.is_open else None,
                "categories": set(),
                "events": [],
            },
        )
        profile["categories"].add(b.get_category_display())
        profile["events"].append(b.event.name)
    for profile in out.values():
        profile["categories"] = sorted(profile["categories"])
        profile["events"] = list(dict.fromkeys(profile["events"]))[:5]
    return list(out.values())
