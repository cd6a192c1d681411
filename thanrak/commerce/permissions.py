"""Who may do what in commerce. Buyers need no account: the storefront and checkout are public.

Rows are scoped by the querysets' visible_to (shop's organisation for its officers, shop area for
district and provincial officers); changes also check that the user manages the shop.
"""

from django.utils.translation import gettext_lazy as _

from thanrak.accounts.roles import Role
from thanrak.core.access import register

SELLERS = [Role.ORG_OFFICER, Role.NATIONAL_MANAGER]
READERS = [Role.ORG_OFFICER, Role.DISTRICT_OFFICER, Role.PROVINCIAL_OFFICER, Role.NATIONAL_MANAGER]

register(
    "commerce.shop",
    description=_("Shops, their story, photos, contact and PromptPay account"),
    view=READERS,
    change=SELLERS,
)
register(
    "commerce.product",
    description=_("Products, variants, prices and photos"),
    view=READERS,
    change=SELLERS,
    export=SELLERS,
)
register(
    "commerce.stock",
    description=_("Stock locations, balances and the stock ledger"),
    view=READERS,
    change=SELLERS,
)
register(
    "commerce.certification",
    description=_("Certifications (OTOP, GI, มผช., อย., Halal, GAP, Organic)"),
    view=READERS,
    change=SELLERS,
)
register(
    "commerce.order",
    description=_("Orders of a shop: payments, packing, shipping, refunds"),
    view=[*READERS, Role.AUDITOR],
    change=SELLERS,
    export=SELLERS,
)
register("commerce.shipping", description=_("Shipping fee tables by weight"), view=READERS, change=SELLERS)
register(
    "commerce.pos",
    description=_("Counter sales and cashier sessions"),
    view=READERS,
    change=[Role.ORG_OFFICER],
)
register(
    "commerce.marketplace",
    description=_("Shopee and Lazada listing files and order imports"),
    view=SELLERS,
    export=SELLERS,
    **{"import": SELLERS},
)
register(
    "commerce.sales",
    description=_("Sales figures by product, shop, month, channel and area"),
    view=[*READERS, Role.AUDITOR],
    export=[*READERS, Role.AUDITOR],
)
register(
    "commerce.payout",
    description=_("Member producers' shares and payout statements"),
    view=[*READERS, Role.MEMBER],
    change=SELLERS,
)
