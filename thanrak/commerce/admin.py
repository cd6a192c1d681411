"""Read-only admin views for support staff; every change goes through the pages and actions."""

from django.contrib import admin

from thanrak.commerce import models


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(models.Shop)
class ShopAdmin(ReadOnly):
    list_display = ("name", "organisation", "area_code", "is_open")
    search_fields = ("name", "organisation__name_th")


@admin.register(models.Product)
class ProductAdmin(ReadOnly):
    list_display = ("name_th", "shop", "category", "price_satang", "is_active")
    list_filter = ("category", "is_active")
    search_fields = ("name_th", "name_en")


@admin.register(models.Order)
class OrderAdmin(ReadOnly):
    list_display = ("number", "shop", "channel", "status", "total_satang", "placed_at")
    list_filter = ("channel", "status")
    search_fields = ("number", "external_id")


@admin.register(models.StockMovement)
class StockMovementAdmin(ReadOnly):
    list_display = ("at", "variant", "location", "kind", "quantity", "balance_after", "reason", "needs_count")
    list_filter = ("kind", "needs_count")


@admin.register(models.Certification)
class CertificationAdmin(ReadOnly):
    list_display = ("product", "kind", "number", "valid_until")
    list_filter = ("kind",)
