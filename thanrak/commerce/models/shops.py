"""Shops, their photos and stock locations; who sees a shop's rows."""

from typing import Self

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.roles import AREA_READERS, Role
from thanrak.accounts.scope import ScopedQuerySet, Visibility, scope_of
from thanrak.registry.models import Organisation


def shop_visibility(shop_path: str) -> Visibility:
    """Rows of a shop (reached through `shop_path`, '' for the shop itself): seen by the shop's
    organisation officers and by the officers and auditors of the shop's area."""
    prefix = f"{shop_path}__" if shop_path else ""
    return Visibility(
        area=f"{prefix}area_code", area_roles=AREA_READERS, organisation=f"{prefix}organisation_id"
    )


class ShopScopedQuerySet(ScopedQuerySet):
    """Rows belonging to a shop: visible to the shop's organisation officers and area officers."""

    visibility = shop_visibility("shop")


class ShopQuerySet(ShopScopedQuerySet):
    visibility = shop_visibility("")

    def managed_by(self, user: object) -> Self:
        """Shops the user may change: their organisations' (national managers: all)."""
        scope = scope_of(user)
        if scope.everything:
            return self
        if scope.role == Role.ORG_OFFICER:
            return self.filter(scope.organisation_q("organisation_id"))
        return self.none()


class Shop(models.Model):
    organisation = models.OneToOneField(
        Organisation, on_delete=models.PROTECT, related_name="shop", verbose_name=_("organisation")
    )
    name = models.CharField(_("shop name"), max_length=200)
    story_th = models.TextField(_("story (Thai)"), blank=True)
    story_en = models.TextField(_("story (English)"), blank=True)
    # The organisation's subdistrict or village: where the products come from.
    area_code = models.CharField(_("area"), max_length=8, db_index=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    line_id = models.CharField(_("LINE ID"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    promptpay_account = models.CharField(_("PromptPay account"), max_length=20, blank=True)
    is_open = models.BooleanField(_("open"), default=True)
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))

    objects = ShopQuerySet.as_manager()

    class Meta:
        verbose_name = _("shop")
        verbose_name_plural = _("shops")
        constraints = [
            models.CheckConstraint(
                condition=Q(area_code__regex=r"^[0-9]{6}([0-9]{2})?$"), name="shop_area_code_format"
            ),
            models.CheckConstraint(condition=~Q(name=""), name="shop_name_required"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def province_code(self) -> str:
        return self.area_code[:2]


class ShopPhoto(models.Model):
    shop = models.ForeignKey(Shop, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="commerce/shops/")
    thumbnail = models.ImageField(upload_to="commerce/shops/thumbs/")
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("shop photo")
        verbose_name_plural = _("shop photos")

    def __str__(self) -> str:
        return f"#{self.pk} {self.shop_id}"


class Location(models.Model):
    """Where stock is kept: the shop counter, a producer's home, a fair booth…"""

    class Kind(models.TextChoices):
        SHOP = "SHOP", _("Shop")
        HOME = "HOME", _("Producer's home")
        WAREHOUSE = "WAREHOUSE", _("Warehouse")
        BOOTH = "BOOTH", _("Fair booth")

    shop = models.ForeignKey(Shop, on_delete=models.CASCADE, related_name="locations")
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SHOP)
    is_default = models.BooleanField(_("sells online from here"), default=False)

    objects = ShopScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("stock location")
        verbose_name_plural = _("stock locations")
        constraints = [
            models.UniqueConstraint(fields=["shop", "name"], name="location_name_unique"),
            models.UniqueConstraint(
                fields=["shop"], condition=Q(is_default=True), name="location_one_default_per_shop"
            ),
        ]

    def __str__(self) -> str:
        return self.name
