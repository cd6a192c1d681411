"""The admin shows registry rows scoped like every page, and read-only: only actions write."""

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from thanrak.registry.models import (
    Household,
    HouseholdMember,
    Membership,
    Organisation,
    OrganisationAssignment,
    Person,
    PersonMerge,
)


class ScopedAdminMixin:
    """Rows the operator may see as a user (their role and areas), never more; no edits here.

    `scope_through` names the relation whose `visible_to` decides, for models without their own.
    """

    scope_through: tuple[type, str] | None = None

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        qs = super().get_queryset(request)  # type: ignore[misc]
        if self.scope_through is None:
            return qs.visible_to(request.user)
        model, field = self.scope_through
        return qs.filter(**{f"{field}__in": model.objects.visible_to(request.user).values("pk")})

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Person)
class PersonAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("id", "full_name", "masked_citizen_id", "sex", "birth_date", "area_code", "merged_into")
    list_filter = ("sex", "id_kind")
    search_fields = ("first_name", "last_name", "=citizen_id")
    exclude = ("citizen_id",)  # a full ID is shown only through the audit-logged reveal

    @admin.display(description=_("citizen ID"))
    def masked_citizen_id(self, obj: Person) -> str:
        from thanrak.core.citizen_id import mask

        return mask(obj.citizen_id) if obj.citizen_id else ""


@admin.register(Household)
class HouseholdAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("id", "house_no", "village", "area_code", "phone", "updated_at")
    search_fields = ("house_no", "house_code", "area_code")
    list_select_related = ("village",)


@admin.register(HouseholdMember)
class HouseholdMemberAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_through = (Household, "household")
    list_display = ("id", "household", "person", "relation", "joined_date", "left_date")
    list_select_related = ("household", "person")


@admin.register(Organisation)
class OrganisationAdmin(ScopedAdminMixin, admin.ModelAdmin):
    list_display = ("id", "name_th", "kind", "registration_no", "area_code", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name_th", "name_en", "registration_no")


@admin.register(Membership)
class MembershipAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_through = (Organisation, "organisation")
    list_display = ("id", "organisation", "person", "role", "start_date", "end_date")
    list_filter = ("role",)
    list_select_related = ("organisation", "person")


@admin.register(OrganisationAssignment)
class OrganisationAssignmentAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_through = (Organisation, "organisation")
    list_display = ("id", "user", "organisation", "title")
    list_select_related = ("user", "organisation")


@admin.register(PersonMerge)
class PersonMergeAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_through = (Person, "survivor")
    list_display = ("id", "survivor", "merged", "by", "at")
    list_select_related = ("survivor", "merged", "by")
