from django.contrib import admin

from thanrak.geo.models import District, Province, Subdistrict, Village


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ("code", "name_th", "name_en")
    search_fields = ("code", "name_th", "name_en")


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ("code", "name_th", "name_en", "province")
    search_fields = ("code", "name_th", "name_en")
    list_select_related = ("province",)


@admin.register(Subdistrict)
class SubdistrictAdmin(admin.ModelAdmin):
    list_display = ("code", "name_th", "name_en", "district", "postal_codes")
    search_fields = ("code", "name_th", "name_en", "postal_codes")
    list_select_related = ("district",)


@admin.register(Village)
class VillageAdmin(admin.ModelAdmin):
    list_display = ("code", "number", "name_th", "subdistrict")
    search_fields = ("code", "name_th")
    list_select_related = ("subdistrict",)
