"""Every write of the commerce module, one module per sub-domain. Keyword-only, atomic; stock changes
lock their balance rows. The names are re-exported here: `from thanrak.commerce import actions` and
`actions.checkout(...)` keep working."""

from thanrak.commerce.actions.checkout import checkout
from thanrak.commerce.actions.marketplaces import (
    MARKETPLACE_STATUS,
    marketplace_orders_import,
)
from thanrak.commerce.actions.orders import (
    COD_TRANSITIONS,
    TRANSITIONS,
    order_cancel,
    order_deliver,
    order_pack,
    order_payment_confirm,
    order_refund,
    order_ship,
    order_slip_upload,
    orders_expire_unpaid,
)
from thanrak.commerce.actions.payouts import (
    payout_mark_paid,
    payout_statement_create,
)
from thanrak.commerce.actions.pos import (
    pos_sale_record,
    pos_session_close,
    pos_session_open,
)
from thanrak.commerce.actions.products import (
    PRODUCT_FIELDS,
    VARIANT_FIELDS,
    certification_add,
    product_create,
    product_photo_add,
    product_update,
    variant_add,
    variant_update,
)
from thanrak.commerce.actions.shops import (
    SHOP_FIELDS,
    location_add,
    shipping_band_delete,
    shipping_band_set,
    shipping_fee,
    shop_open,
    shop_photo_add,
    shop_update,
)
from thanrak.commerce.actions.stock import (
    stock_adjust,
    stock_receive,
)
from thanrak.commerce.errors import (
    CannotCertify,
    CannotChangeOrder,
    CannotChangeProduct,
    CannotChangeShop,
    CannotCheckout,
    CannotImport,
    CannotMoveStock,
    CannotPayOut,
    CannotUsePos,
    OutOfStock,
)
from thanrak.commerce.plans import MAX_CART_LINES, MAX_LINE_QUANTITY, CartItem, PosItem
from thanrak.commerce.queries import pos_expected_cash
from thanrak.commerce.rules import clean_phone

__all__ = [
    "COD_TRANSITIONS",
    "CannotCertify",
    "CannotChangeOrder",
    "CannotChangeProduct",
    "CannotChangeShop",
    "CannotCheckout",
    "CannotImport",
    "CannotMoveStock",
    "CannotPayOut",
    "CannotUsePos",
    "CartItem",
    "MARKETPLACE_STATUS",
    "MAX_CART_LINES",
    "MAX_LINE_QUANTITY",
    "OutOfStock",
    "PRODUCT_FIELDS",
    "PosItem",
    "SHOP_FIELDS",
    "TRANSITIONS",
    "VARIANT_FIELDS",
    "certification_add",
    "checkout",
    "clean_phone",
    "location_add",
    "marketplace_orders_import",
    "order_cancel",
    "order_deliver",
    "order_pack",
    "order_payment_confirm",
    "order_refund",
    "order_ship",
    "order_slip_upload",
    "orders_expire_unpaid",
    "payout_mark_paid",
    "payout_statement_create",
    "pos_expected_cash",
    "pos_sale_record",
    "pos_session_close",
    "pos_session_open",
    "product_create",
    "product_photo_add",
    "product_update",
    "shipping_band_delete",
    "shipping_band_set",
    "shipping_fee",
    "shop_open",
    "shop_photo_add",
    "shop_update",
    "stock_adjust",
    "stock_receive",
    "variant_add",
    "variant_update",
]
