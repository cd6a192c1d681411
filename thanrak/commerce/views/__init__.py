"""Pages of the commerce module: the public storefront, the buyer's order, the shop's back office,
the counter (POS), marketplace files, sales and producers' payouts. One module per part; the views
are re-exported here for urls.py."""

from thanrak.commerce.views.checkout import (
    buyer_order,
    buyer_receipt,
    cart,
    cart_add,
    checkout,
    order_qr,
    placed,
    slip_upload,
    track,
)
from thanrak.commerce.views.marketplaces import (
    marketplace_export,
    marketplace_import,
    marketplace_page,
)
from thanrak.commerce.views.orders import (
    certification_document,
    order_act,
    order_detail,
    order_list,
    order_receipt,
    order_slip,
    shipping,
)
from thanrak.commerce.views.panels import (
    household_panel,
    organisation_panel,
    panel,
)
from thanrak.commerce.views.pos import (
    pos,
    pos_close,
    pos_qr,
    pos_receipt,
    pos_service_worker,
    pos_sessions,
)
from thanrak.commerce.views.products import (
    certification_add,
    certifications_expiring,
    product_create,
    product_edit,
    product_list,
    product_photo_add,
    variant_add,
    variant_edit,
)
from thanrak.commerce.views.sales import (
    payout_detail,
    payout_list,
    sales,
)
from thanrak.commerce.views.shops import (
    shop_detail,
    shop_edit,
    shop_list,
    shop_open,
    shop_photo_add,
)
from thanrak.commerce.views.stock import (
    location_add,
    stock,
)
from thanrak.commerce.views.storefront import (
    origin_shape,
    product_detail,
    shop_public,
    storefront,
)

__all__ = [
    "buyer_order",
    "buyer_receipt",
    "cart",
    "cart_add",
    "certification_add",
    "certification_document",
    "certifications_expiring",
    "checkout",
    "household_panel",
    "location_add",
    "marketplace_export",
    "marketplace_import",
    "marketplace_page",
    "order_act",
    "order_detail",
    "order_list",
    "order_qr",
    "order_receipt",
    "order_slip",
    "organisation_panel",
    "origin_shape",
    "panel",
    "payout_detail",
    "payout_list",
    "placed",
    "pos",
    "pos_close",
    "pos_qr",
    "pos_receipt",
    "pos_service_worker",
    "pos_sessions",
    "product_create",
    "product_detail",
    "product_edit",
    "product_list",
    "product_photo_add",
    "sales",
    "shipping",
    "shop_detail",
    "shop_edit",
    "shop_list",
    "shop_open",
    "shop_photo_add",
    "shop_public",
    "slip_upload",
    "stock",
    "storefront",
    "track",
    "variant_add",
    "variant_edit",
]
