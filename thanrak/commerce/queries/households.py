"""What a household's members make and sell: the enterprises they belong to or sell through."""

from dataclasses import dataclass

from django.db.models import (
    Sum,
)

from thanrak.accounts.models import User
from thanrak.commerce.models import (
    SOLD_STATUSES,
    Order,
    OrderLine,
    Shop,
)


@dataclass
class HouseholdEnterprise:
    """A shop of an enterprise the household's members belong to, with what their own goods sold."""

    shop: Shop
    members: list[str]
    sold_satang: int = 0
    share_satang: int = 0


def household_enterprises(*, viewer: User, household_id: int) -> list[HouseholdEnterprise]:
    """Shops the viewer sees of the groups the household's current members belong to, or that sell
    their goods, with the members' names and their goods' sales, in a fixed number of queries."""
    from thanrak.registry.models import Household, HouseholdMember, Membership

    household = Household.objects.visible_to(viewer).get(pk=household_id)
    people = HouseholdMember.objects.filter(household=household, left_date__isnull=True).values("person_id")
    memberships = list(
        Membership.objects.filter(
            person_id__in=people,
            end_date__isnull=True,
            organisation__shop__in=Shop.objects.visible_to(viewer),
        )
        .select_related("person", "organisation__shop")
        .order_by("organisation__shop__name", "person__first_name")
    )
    sales = {
        r["order__shop_id"]: r
        for r in OrderLine.objects.filter(
            producer_id__in=people,
            order__status__in=SOLD_STATUSES,
            order__in=Order.objects.visible_to(viewer),
        )
        .values("order__shop_id")
        .annotate(sold=Sum("line_total_satang"), share=Sum("producer_share_satang"))
    }
    rows: dict[int, HouseholdEnterprise] = {}
    for m in memberships:
        shop = m.organisation.shop
        rows.setdefault(shop.pk, HouseholdEnterprise(shop=shop, members=[])).members.append(
            m.person.full_name
        )
    for shop in Shop.objects.filter(pk__in=set(sales) - set(rows)):
        rows[shop.pk] = HouseholdEnterprise(shop=shop, members=[])
    for shop_id, row in rows.items():
        if shop_id in sales:
            row.sold_satang, row.share_satang = sales[shop_id]["sold"] or 0, sales[shop_id]["share"] or 0
    return sorted(rows.values(), key=lambda r: r.shop.name)
