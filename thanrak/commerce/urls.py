from django.urls import path

from thanrak.commerce import views

app_name = "commerce"

urlpatterns = [
    # public storefront and the buyer's orders
    path("", views.storefront, name="storefront"),
    path("p/<int:product_id>/", views.product_detail, name="product"),
    path("s/<int:shop_id>/", views.shop_public, name="shop"),
    path("origin/<str:province_code>.geojson", views.origin_shape, name="origin-shape"),
    path("cart/", views.cart, name="cart"),
    path("cart/add/", views.cart_add, name="cart-add"),
    path("checkout/", views.checkout, name="checkout"),
    path("placed/", views.placed, name="placed"),
    path("track/", views.track, name="track"),
    path("o/<str:number>/", views.buyer_order, name="buyer-order"),
    path("o/<str:number>/qr.png", views.order_qr, name="buyer-order-qr"),
    path("o/<str:number>/slip/", views.slip_upload, name="buyer-order-slip"),
    path("o/<str:number>/receipt.pdf", views.buyer_receipt, name="buyer-receipt"),
    # back office
    path("manage/", views.shop_list, name="shop-list"),
    path("manage/open/", views.shop_open, name="shop-open"),
    path("manage/<int:shop_id>/", views.shop_detail, name="shop-detail"),
    path("manage/<int:shop_id>/edit/", views.shop_edit, name="shop-edit"),
    path("manage/<int:shop_id>/photos/", views.shop_photo_add, name="shop-photo-add"),
    path("manage/<int:shop_id>/products/", views.product_list, name="product-list"),
    path("manage/<int:shop_id>/products/new/", views.product_create, name="product-create"),
    path("manage/products/<int:product_id>/", views.product_edit, name="product-edit"),
    path("manage/products/<int:product_id>/variants/", views.variant_add, name="variant-add"),
    path("manage/products/<int:product_id>/photos/", views.product_photo_add, name="product-photo-add"),
    path(
        "manage/products/<int:product_id>/certifications/", views.certification_add, name="certification-add"
    ),
    path("manage/variants/<int:variant_id>/", views.variant_edit, name="variant-edit"),
    path("manage/<int:shop_id>/stock/", views.stock, name="stock"),
    path("manage/<int:shop_id>/locations/", views.location_add, name="location-add"),
    path("manage/<int:shop_id>/orders/", views.order_list, name="order-list"),
    path("manage/orders/<int:order_id>/", views.order_detail, name="order-detail"),
    path("manage/orders/<int:order_id>/slip/", views.order_slip, name="order-slip"),
    path("manage/orders/<int:order_id>/receipt.pdf", views.order_receipt, name="order-receipt"),
    path("manage/orders/<int:order_id>/<str:step>/", views.order_act, name="order-act"),
    path("manage/<int:shop_id>/shipping/", views.shipping, name="shipping"),
    path("manage/<int:shop_id>/pos/", views.pos_sessions, name="pos-sessions"),
    path("manage/pos/sw.js", views.pos_service_worker, name="pos-service-worker"),
    path("manage/pos/<int:session_id>/", views.pos, name="pos"),
    path("manage/pos/<int:session_id>/qr.png", views.pos_qr, name="pos-qr"),
    path("manage/pos/<int:session_id>/close/", views.pos_close, name="pos-close"),
    path("manage/pos/<int:session_id>/receipt/<str:number>.pdf", views.pos_receipt, name="pos-receipt"),
    path("manage/<int:shop_id>/marketplace/", views.marketplace_page, name="marketplace"),
    path("manage/<int:shop_id>/marketplace/export/", views.marketplace_export, name="marketplace-export"),
    path("manage/<int:shop_id>/marketplace/import/", views.marketplace_import, name="marketplace-import"),
    path("certifications/expiring/", views.certifications_expiring, name="certifications-expiring"),
    path(
        "manage/certifications/<int:certification_id>/document/",
        views.certification_document,
        name="certification-document",
    ),
    path("sales/", views.sales, name="sales"),
    path("payouts/", views.payout_list, name="payout-list"),
    path("payouts/<int:statement_id>/", views.payout_detail, name="payout-detail"),
    path("panel/", views.panel, name="panel"),
    path("organisation/<int:organisation_id>/panel/", views.organisation_panel, name="organisation-panel"),
    path("household/<int:household_id>/panel/", views.household_panel, name="household-panel"),
]
