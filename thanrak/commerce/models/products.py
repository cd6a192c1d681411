"""Products, their variants, photos and certifications."""

import datetime as dt
from typing import Any, Self

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from thanrak.commerce.models.shops import Shop, ShopScopedQuerySet, shop_visibility
from thanrak.core.storage import private_storage
from thanrak.registry.models import Person


class OtopCategory(models.TextChoices):
    """The five OTOP product types of the Community Development Department."""

    FOOD = "FOOD", _("Food")
    BEVERAGE = "BEVERAGE", _("Beverages")
    TEXTILE = "TEXTILE", _("Textiles and clothing")
    HOUSEHOLD = "HOUSEHOLD", _("Household items, decor and souvenirs")
    HERBAL = "HERBAL", _("Non-food herbal products")


class SearchTermsField(models.TextField):
    """Space-separated segmented words (' ผ้า ไหม แพรวา '); the `words_all` lookup finds rows with
    every given word. On PostgreSQL it is an array containment on the generated column
    search_words (migration 0003), served by a GIN index."""


@SearchTermsField.register_lookup
class WordsAll(models.Lookup):
    lookup_name = "words_all"
    prepare_rhs = False  # the right-hand side is a list of words, not a text value

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        words = list(self.rhs)
        if connection.vendor == "postgresql" and lhs.endswith('"search_terms"'):
            # The stored array column next to search_terms (migration 0003), GIN-indexed.
            column = lhs[: -len('"search_terms"')] + '"search_words"'
            return f"{column} @> %s::text[]", [*lhs_params, words]
        if connection.vendor == "postgresql":
            return f"string_to_array(btrim({lhs}), ' ') @> %s::text[]", [*lhs_params, words]
        if not words:
            return "1=1", []
        sql = " AND ".join(f"{lhs} LIKE %s" for _ in words)
        params: list[Any] = []
        for w in words:
            params += [*lhs_params, f"% {w} %"]
        return sql, params

    def get_db_prep_lookup(self, value: Any, connection: Any) -> tuple[str, list[Any]]:
        return "%s", [value]


class ProductQuerySet(ShopScopedQuerySet):
    def on_sale(self) -> Self:
        """Active products of open shops with at least one active variant (the actions keep
        price_satang NULL while the shop is closed or nothing is for sale, so no join is needed)."""
        return self.filter(is_active=True, price_satang__isnull=False)

    def certified(self, kind: str, on: dt.date, *, min_stars: int | None = None) -> Self:
        """Products holding a certification of this kind that is valid on the day."""
        certs = Certification.objects.valid_on(on).filter(product=OuterRef("pk"), kind=kind)
        if min_stars:
            certs = certs.filter(stars__gte=min_stars)
        return self.filter(Exists(certs))


class Product(models.Model):
    shop = models.ForeignKey(Shop, on_delete=models.PROTECT, related_name="products")
    name_th = models.CharField(_("Thai name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    description_th = models.TextField(_("description (Thai)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    category = models.CharField(_("OTOP category"), max_length=10, choices=OtopCategory.choices)
    # A member of the enterprise who made it, and their share of each sale in basis points.
    producer = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commerce_products",
        verbose_name=_("member producer"),
    )
    producer_share_bp = models.PositiveIntegerField(_("producer's share (basis points)"), default=0)
    is_active = models.BooleanField(_("on sale"), default=True)
    # Copied from the shop so that listings filter without a join.
    area_code = models.CharField(max_length=8, editable=False)
    province_code = models.CharField(max_length=2, editable=False)
    # The lowest active variant price: what listings show and sort by (NULL: nothing to sell).
    price_satang = models.BigIntegerField(null=True, editable=False)
    search_terms = SearchTermsField(editable=False, default="")
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))

    objects = ProductQuerySet.as_manager()

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        constraints = [
            models.CheckConstraint(
                condition=Q(category__in=OtopCategory.values), name="product_category_known"
            ),
            models.CheckConstraint(condition=~Q(name_th=""), name="product_name_required"),
            models.CheckConstraint(
                condition=Q(producer_share_bp__lte=10000), name="product_producer_share_at_most_all"
            ),
            models.CheckConstraint(
                condition=Q(producer__isnull=False) | Q(producer_share_bp=0),
                name="product_share_needs_producer",
            ),
        ]
        indexes = [
            models.Index(fields=["province_code", "category", "price_satang"], name="product_listing"),
            models.Index(fields=["-created_at"], name="product_newest"),
            models.Index(fields=["price_satang"], name="product_price"),
        ]

    def __str__(self) -> str:
        return self.name_th

    @property
    def name(self) -> str:
        from django.utils.translation import get_language

        return self.name_en if (get_language() or "th").startswith("en") and self.name_en else self.name_th

    @property
    def description(self) -> str:
        from django.utils.translation import get_language

        en = (get_language() or "th").startswith("en")
        return self.description_en if en and self.description_en else self.description_th


class ProductPhoto(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="commerce/products/")
    thumbnail = models.ImageField(upload_to="commerce/products/thumbs/")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("product photo")
        verbose_name_plural = _("product photos")

    def __str__(self) -> str:
        return f"#{self.pk} {self.product_id}"


class Variant(models.Model):
    """What is actually sold and counted: a size, colour or pack of a product, with its own SKU."""

    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="variants")
    shop = models.ForeignKey(Shop, on_delete=models.PROTECT, related_name="variants", editable=False)
    # Shown to buyers; composed from size, colour and pack when any of them is given.
    name = models.CharField(_("variant"), max_length=100, blank=True)
    size = models.CharField(_("size"), max_length=30, blank=True, default="", db_default="")
    colour = models.CharField(_("colour"), max_length=30, blank=True, default="", db_default="")
    pack = models.CharField(_("pack"), max_length=30, blank=True, default="", db_default="")
    sku = models.CharField(_("SKU"), max_length=64)
    ean13 = models.CharField(_("EAN-13 barcode"), max_length=13, blank=True)
    price_satang = models.BigIntegerField(_("price"))
    weight_g = models.PositiveIntegerField(_("weight (g)"), default=0)
    length_mm = models.PositiveIntegerField(_("length (mm)"), default=0)
    width_mm = models.PositiveIntegerField(_("width (mm)"), default=0)
    height_mm = models.PositiveIntegerField(_("height (mm)"), default=0)
    is_active = models.BooleanField(_("on sale"), default=True)

    objects = ShopScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("variant")
        verbose_name_plural = _("variants")
        ordering = ["price_satang", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["shop", "sku"], name="variant_sku_unique_per_shop"),
            models.CheckConstraint(condition=Q(price_satang__gt=0), name="variant_price_positive"),
            models.CheckConstraint(condition=~Q(sku=""), name="variant_sku_required"),
            models.CheckConstraint(
                condition=Q(ean13="") | Q(ean13__regex=r"^[0-9]{13}$"), name="variant_ean13_format"
            ),
        ]
        indexes = [models.Index(fields=["shop", "ean13"], name="variant_barcode")]

    def __str__(self) -> str:
        return f"{self.product.name_th} {self.name}".strip()

    @property
    def label(self) -> str:
        return f"{self.product.name} · {self.name}" if self.name else self.product.name

    @property
    def attributes(self) -> list[tuple[str, str]]:
        """(label, value) of the structured attributes given, in the order size, colour, pack."""
        return [
            (str(label), value)
            for label, value in ((_("Size"), self.size), (_("Colour"), self.colour), (_("Pack"), self.pack))
            if value
        ]


def compose_variant_name(*, size: str = "", colour: str = "", pack: str = "") -> str:
    """The variant's display name from its attributes: "M / คราม / 3 ชิ้น"."""
    return " / ".join(v for v in (size, colour, pack) if v)


class CertificationKind(models.TextChoices):
    OTOP = "OTOP", _("OTOP Product Champion stars")
    GI = "GI", _("Geographical indication (GI)")
    MPC = "MPC", _("Community product standard (มผช.)")
    FDA = "FDA", _("Thai FDA number (อย.)")
    HALAL = "HALAL", _("Halal")
    GAP = "GAP", _("GAP")
    ORGANIC = "ORGANIC", _("Organic Thailand")


class CertificationQuerySet(ShopScopedQuerySet):
    visibility = shop_visibility("product__shop")

    def valid_on(self, day: dt.date) -> Self:
        """In force on the day: started (or no start) and not yet expired (or no expiry)."""
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_until__isnull=True) | Q(valid_until__gte=day),
        )

    def expiring(self, day: dt.date, *, within_days: int = 60) -> Self:
        return self.filter(valid_until__gte=day, valid_until__lte=day + dt.timedelta(days=within_days))


class Certification(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="certifications")
    kind = models.CharField(_("kind"), max_length=8, choices=CertificationKind.choices)
    number = models.CharField(_("number"), max_length=60, blank=True)
    issuer = models.CharField(_("issuer"), max_length=200, blank=True)
    issued_date = models.DateField(_("issued on"), null=True, blank=True)
    # For GI this is the producer's licence to use the GI logo; the GI itself does not expire.
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    stars = models.PositiveSmallIntegerField(_("stars"), null=True, blank=True)
    year_rated = models.PositiveSmallIntegerField(_("year rated (CE)"), null=True, blank=True)
    gi_name = models.CharField(_("registered GI name"), max_length=200, blank=True)
    standard_ref = models.CharField(_("standard"), max_length=60, blank=True)
    document = models.FileField(
        _("document"), upload_to="commerce/certificates/", blank=True, storage=private_storage
    )
    created_at = models.DateTimeField(_("created at"))

    objects = CertificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=CertificationKind.values), name="cert_kind_known"),
            models.CheckConstraint(
                condition=(Q(kind="OTOP") & Q(stars__gte=1, stars__lte=5, year_rated__isnull=False))
                | (~Q(kind="OTOP") & Q(stars__isnull=True)),
                name="cert_stars_only_for_otop",
            ),
            models.CheckConstraint(condition=~Q(kind="GI") | ~Q(gi_name=""), name="cert_gi_named"),
            models.CheckConstraint(
                condition=~Q(kind="FDA") | Q(number__regex=r"^[0-9]{13}$"), name="cert_fda_13_digits"
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_until__isnull=True)
                | Q(valid_until__gte=models.F("valid_from")),
                name="cert_dates_in_order",
            ),
        ]
        indexes = [models.Index(fields=["product", "kind", "valid_until"], name="cert_product_kind")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}".strip()

    def is_valid_on(self, day: dt.date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_until is None or self.valid_until >= day
        )
