"""The pure cores of the commerce module's long writes ("check, then do"): plain values in, a named
frozen result out, no database. The actions read what a plan needs, call it, then write what it says.

- `plan_checkout`: a guest's cart → one priced order per shop, with its weight and shipping fee, or
  the refusal the buyer sees (CannotCheckout).
- `shipping_fee_for`: the fee of the lightest band that takes a parcel.
- `plan_marketplace_import`: a Shopee or Lazada export → the orders to create and the later
  statuses to apply (with the stock each moves), the issues, the unknown SKUs.
- `plan_pos_sale`: a counter sale's items → its lines, total, cash received and change.
"""

from thanrak.commerce.plans.checkout import (
    MAX_CART_LINES,
    MAX_LINE_QUANTITY,
    Band,
    Buyer,
    CartItem,
    CartShop,
    CartVariant,
    CheckoutPlan,
    PlannedLine,
    PlannedOrder,
    merge_cart,
    plan_checkout,
    shipping_fee_for,
)
from thanrak.commerce.plans.marketplace import (
    MARKETPLACE_STATUS,
    KnownLine,
    KnownOrder,
    MarketplaceImportPlan,
    MarketplaceStatusChange,
    NewMarketplaceOrder,
    plan_marketplace_import,
)
from thanrak.commerce.plans.pos import (
    MAX_POS_ITEMS,
    PosItem,
    PosSalePlan,
    plan_pos_sale,
)

__all__ = [
    "Band",
    "Buyer",
    "CartItem",
    "CartShop",
    "CartVariant",
    "CheckoutPlan",
    "KnownLine",
    "KnownOrder",
    "MARKETPLACE_STATUS",
    "MAX_CART_LINES",
    "MAX_LINE_QUANTITY",
    "MAX_POS_ITEMS",
    "MarketplaceImportPlan",
    "MarketplaceStatusChange",
    "NewMarketplaceOrder",
    "PlannedLine",
    "PlannedOrder",
    "PosItem",
    "PosSalePlan",
    "merge_cart",
    "plan_checkout",
    "plan_marketplace_import",
    "plan_pos_sale",
    "shipping_fee_for",
]
