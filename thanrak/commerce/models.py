"""Shops, products and their certifications, stock as a ledger, orders, shipments, POS and payouts."""

import datetime as dt
from typing import Any, Self

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.roles import AREA_READERS, Role
from thanrak.accounts.scope import ScopedQuerySet, Visibility, scope_of
from thanrak.core.storage import private_storage
from thanrak.registry.models import Organisation, Person


class OtopCategory(models.TextChoices):
    """The five OTOP product types of the Community Development Department."""

    FOOD = "FOOD", _("Food")
    BEVERAGE = "BEVERAGE", _("Beverages")
    TEXTILE = "TEXTILE", _("Textiles and clothing")
    HOUSEHOLD = "HOUSEHOLD", _("Household items, decor and souvenirs")
    HERBAL = "HERBAL", _("Non-food herbal products")


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


# --- shops ---------------------------------------------------------------------------------------


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


# --- products ------------------------------------------------------------------------------------


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


# --- stock ---------------------------------------------------------------------------------------


class StockBalance(models.Model):
    """The running quantity of a variant at a location; the database refuses a negative one."""

    variant = models.ForeignKey(Variant, on_delete=models.CASCADE, related_name="balances")
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="balances")
    quantity = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("stock balance")
        verbose_name_plural = _("stock balances")
        constraints = [
            models.UniqueConstraint(fields=["variant", "location"], name="stock_balance_unique"),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="stock_never_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.variant_id}@{self.location_id}={self.quantity}"


class MovementKind(models.TextChoices):
    RECEIVE = "RECEIVE", _("Received")
    SALE = "SALE", _("Sale")
    ADJUSTMENT = "ADJUSTMENT", _("Adjustment")
    RETURN = "RETURN", _("Return")


class StockMovement(models.Model):
    """One line of the stock ledger: what changed, why and who did it. Never edited."""

    variant = models.ForeignKey(Variant, on_delete=models.PROTECT, related_name="movements")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="movements")
    kind = models.CharField(_("kind"), max_length=10, choices=MovementKind.choices)
    quantity = models.IntegerField(_("quantity"))
    balance_after = models.IntegerField(_("balance after"))
    reason = models.CharField(_("reason"), max_length=200)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    at = models.DateTimeField(_("time"))
    order = models.ForeignKey(
        "Order", on_delete=models.PROTECT, null=True, blank=True, related_name="movements"
    )
    # A correction added because a sale that already happened (offline POS, marketplace) found
    # less stock in the ledger than was sold: someone should count the shelf.
    needs_count = models.BooleanField(_("count needed"), default=False)

    class Meta:
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        constraints = [
            models.CheckConstraint(condition=~Q(quantity=0), name="movement_not_zero"),
            models.CheckConstraint(condition=Q(balance_after__gte=0), name="movement_balance_not_negative"),
            models.CheckConstraint(condition=Q(kind__in=MovementKind.values), name="movement_kind_known"),
            models.CheckConstraint(
                condition=Q(kind__in=["SALE", "ADJUSTMENT"]) | Q(quantity__gt=0),
                name="movement_receipts_positive",
            ),
            models.CheckConstraint(
                condition=~Q(kind="SALE") | Q(quantity__lt=0), name="movement_sales_negative"
            ),
        ]
        indexes = [models.Index(fields=["variant", "location", "at"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.quantity:+d} {self.variant_id}@{self.location_id}"


# --- certifications ------------------------------------------------------------------------------


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


# --- orders --------------------------------------------------------------------------------------


class Channel(models.TextChoices):
    STOREFRONT = "STOREFRONT", _("Storefront")
    POS = "POS", _("Counter (POS)")
    SHOPEE = "SHOPEE", _("Shopee")
    LAZADA = "LAZADA", _("Lazada")
    FAIR = "FAIR", _("Fair / market day")


class OrderStatus(models.TextChoices):
    PENDING_PAYMENT = "PENDING_PAYMENT", _("Waiting for payment")
    PAID = "PAID", _("Paid")
    PACKED = "PACKED", _("Packed")
    SHIPPED = "SHIPPED", _("Shipped")
    DELIVERED = "DELIVERED", _("Delivered")
    CANCELLED = "CANCELLED", _("Cancelled")
    REFUNDED = "REFUNDED", _("Refunded")


# Statuses in which the goods count as sold (for sales figures and producers' shares).
SOLD_STATUSES = (OrderStatus.PAID, OrderStatus.PACKED, OrderStatus.SHIPPED, OrderStatus.DELIVERED)


class PaymentMethod(models.TextChoices):
    PROMPTPAY = "PROMPTPAY", _("PromptPay QR")
    COD = "COD", _("Cash on delivery")
    CASH = "CASH", _("Cash")
    MARKETPLACE = "MARKETPLACE", _("Paid through the marketplace")


class Carrier(models.TextChoices):
    THAILAND_POST_EMS = "TP_EMS", _("Thailand Post EMS")
    THAILAND_POST_REGISTERED = "TP_REG", _("Thailand Post registered")
    KERRY = "KERRY", _("Kerry Express")
    FLASH = "FLASH", _("Flash Express")
    JT = "JT", _("J&T Express")
    PICKUP = "PICKUP", _("Pick up at the shop")


THAILAND_POST = (Carrier.THAILAND_POST_EMS, Carrier.THAILAND_POST_REGISTERED)


class ShippingBand(models.Model):
    """Fee for parcels up to a weight with a carrier; a shop's own bands override the defaults (shop empty)."""

    shop = models.ForeignKey(
        Shop, on_delete=models.CASCADE, null=True, blank=True, related_name="shipping_bands"
    )
    carrier = models.CharField(_("carrier"), max_length=8, choices=Carrier.choices)
    max_weight_g = models.PositiveIntegerField(_("up to (g)"))
    fee_satang = models.BigIntegerField(_("fee"))

    class Meta:
        verbose_name = _("shipping band")
        verbose_name_plural = _("shipping bands")
        ordering = ["carrier", "max_weight_g"]
        constraints = [
            models.UniqueConstraint(
                fields=["shop", "carrier", "max_weight_g"],
                condition=Q(shop__isnull=False),
                name="shipping_band_unique",
            ),
            models.UniqueConstraint(
                fields=["carrier", "max_weight_g"],
                condition=Q(shop__isnull=True),
                name="shipping_default_band_unique",
            ),
            models.CheckConstraint(condition=Q(fee_satang__gte=0), name="shipping_fee_not_negative"),
            models.CheckConstraint(condition=Q(max_weight_g__gt=0), name="shipping_band_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.carrier} ≤{self.max_weight_g} g"


class PosSession(models.Model):
    """A cashier's shift at a counter: opening float, closing count and the difference."""

    shop = models.ForeignKey(Shop, on_delete=models.PROTECT, related_name="pos_sessions")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="pos_sessions")
    cashier = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(_("opened at"))
    opening_float_satang = models.BigIntegerField(_("opening float"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    counted_cash_satang = models.BigIntegerField(_("counted cash"), null=True, blank=True)
    expected_cash_satang = models.BigIntegerField(_("expected cash"), null=True, blank=True)
    difference_satang = models.BigIntegerField(_("difference"), null=True, blank=True)

    objects = ShopScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("cashier session")
        verbose_name_plural = _("cashier sessions")
        constraints = [
            models.CheckConstraint(condition=Q(opening_float_satang__gte=0), name="pos_float_not_negative"),
            models.UniqueConstraint(
                fields=["location"],
                condition=Q(closed_at__isnull=True),
                name="pos_one_open_session_per_counter",
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True)
                | Q(counted_cash_satang__isnull=False, expected_cash_satang__isnull=False),
                name="pos_closed_has_count",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.location}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class OrderQuerySet(ShopScopedQuerySet):
    def sold(self) -> Self:
        return self.filter(status__in=SOLD_STATUSES)


class Order(models.Model):
    number = models.CharField(_("order number"), max_length=20, unique=True)
    shop = models.ForeignKey(Shop, on_delete=models.PROTECT, related_name="orders")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=16, choices=OrderStatus.choices)
    payment_method = models.CharField(_("payment"), max_length=12, choices=PaymentMethod.choices)
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="orders")
    buyer_name = models.CharField(_("name"), max_length=200, blank=True)
    buyer_phone = models.CharField(_("phone"), max_length=20, blank=True)
    address_line = models.CharField(_("house number, road"), max_length=300, blank=True)
    area_code = models.CharField(_("subdistrict"), max_length=8, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    carrier = models.CharField(_("carrier"), max_length=8, choices=Carrier.choices, blank=True)
    weight_g = models.PositiveIntegerField(_("weight (g)"), default=0)
    subtotal_satang = models.BigIntegerField(_("subtotal"))
    shipping_satang = models.BigIntegerField(_("shipping"), default=0)
    total_satang = models.BigIntegerField(_("total"))
    # The client's key for this checkout or POS sale: a repeat of the same key has no new effect.
    idempotency_key = models.CharField(max_length=64, blank=True)
    # The marketplace's own order number for imported orders.
    external_id = models.CharField(_("marketplace order number"), max_length=64, blank=True)
    pos_session = models.ForeignKey(
        PosSession, on_delete=models.PROTECT, null=True, blank=True, related_name="orders"
    )
    cash_received_satang = models.BigIntegerField(_("cash received"), null=True, blank=True)
    change_satang = models.BigIntegerField(_("change"), null=True, blank=True)
    slip = models.FileField(
        _("payment slip"), upload_to="commerce/slips/", blank=True, storage=private_storage
    )
    slip_uploaded_at = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    payment_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    placed_at = models.DateTimeField(_("ordered at"), db_index=True)
    updated_at = models.DateTimeField(_("updated at"))

    objects = OrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        constraints = [
            models.CheckConstraint(condition=Q(status__in=OrderStatus.values), name="order_status_known"),
            models.CheckConstraint(condition=Q(channel__in=Channel.values), name="order_channel_known"),
            models.CheckConstraint(
                condition=Q(total_satang=models.F("subtotal_satang") + models.F("shipping_satang")),
                name="order_total_adds_up",
            ),
            models.CheckConstraint(
                condition=Q(subtotal_satang__gte=0, shipping_satang__gte=0), name="order_amounts_not_negative"
            ),
            models.UniqueConstraint(
                fields=["shop", "idempotency_key"], condition=~Q(idempotency_key=""), name="order_idempotent"
            ),
            models.UniqueConstraint(
                fields=["shop", "channel", "external_id"],
                condition=~Q(external_id=""),
                name="order_marketplace_id_unique",
            ),
        ]
        indexes = [models.Index(fields=["shop", "status", "placed_at"], name="order_shop_status")]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status not in (OrderStatus.DELIVERED, OrderStatus.CANCELLED, OrderStatus.REFUNDED)


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    variant = models.ForeignKey(Variant, on_delete=models.PROTECT, related_name="order_lines")
    name = models.CharField(_("item"), max_length=300)
    sku = models.CharField(_("SKU"), max_length=64)
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_price_satang = models.BigIntegerField(_("unit price"))
    line_total_satang = models.BigIntegerField(_("amount"))
    producer = models.ForeignKey(Person, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    producer_share_satang = models.BigIntegerField(_("producer's share"), default=0)
    payout = models.ForeignKey(
        "PayoutStatement", on_delete=models.PROTECT, null=True, blank=True, related_name="lines"
    )

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="order_line_quantity_positive"),
            models.CheckConstraint(
                condition=Q(line_total_satang=models.F("quantity") * models.F("unit_price_satang")),
                name="order_line_total_adds_up",
            ),
            models.CheckConstraint(
                condition=Q(producer_share_satang__gte=0)
                & Q(producer_share_satang__lte=models.F("line_total_satang")),
                name="order_line_share_within_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.name}"


class OrderEvent(models.Model):
    """The order's history: every status change with who and when."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    status = models.CharField(max_length=16, choices=OrderStatus.choices)
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.order_id} {self.status}"


class Shipment(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="shipments")
    carrier = models.CharField(_("carrier"), max_length=8, choices=Carrier.choices)
    tracking_number = models.CharField(_("tracking number"), max_length=40, blank=True)
    shipped_at = models.DateTimeField(_("shipped at"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("shipment")
        verbose_name_plural = _("shipments")
        constraints = [
            models.CheckConstraint(
                condition=~Q(carrier__in=["TP_EMS", "TP_REG"])
                | Q(tracking_number__regex=r"^[A-Z]{2}[0-9]{9}[A-Z]{2}$"),
                name="shipment_thailand_post_is_s10",
            )
        ]

    def __str__(self) -> str:
        return f"{self.carrier} {self.tracking_number}"


# --- marketplace imports and producers' payouts --------------------------------------------------


class PosSessionRecount(models.Model):
    """A closed session's figures changed by a sale synced (or refunded) after it was closed: what the
    expected cash and the difference were, and what they are now. Never edited."""

    session = models.ForeignKey(PosSession, on_delete=models.PROTECT, related_name="recounts")
    order = models.ForeignKey("Order", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("at"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    expected_before_satang = models.BigIntegerField(_("expected cash before"))
    expected_after_satang = models.BigIntegerField(_("expected cash after"))
    difference_before_satang = models.BigIntegerField(_("difference before"))
    difference_after_satang = models.BigIntegerField(_("difference after"))

    class Meta:
        verbose_name = _("session recount")
        verbose_name_plural = _("session recounts")
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"#{self.session_id} {self.expected_before_satang} → {self.expected_after_satang}"


class MarketplaceImport(models.Model):
    shop = models.ForeignKey(Shop, on_delete=models.PROTECT, related_name="marketplace_imports")
    marketplace = models.CharField(
        max_length=10, choices=[(Channel.SHOPEE, "Shopee"), (Channel.LAZADA, "Lazada")]
    )
    filename = models.CharField(max_length=200)
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    orders_created = models.PositiveIntegerField(default=0)
    orders_already_known = models.PositiveIntegerField(default=0)  # known and unchanged
    orders_updated = models.PositiveIntegerField(default=0)  # known, with a later status applied
    unknown_skus = models.JSONField(default=list)
    issues = models.JSONField(default=list)
    # Per row, what the import did: {"row", "order", "number", "from", "to", "stock", "reason_th", "reason_en"}.
    changes = models.JSONField(default=list)

    objects = ShopScopedQuerySet.as_manager()

    def __str__(self) -> str:
        return f"#{self.pk} {self.marketplace} {self.filename}"


class PayoutStatement(models.Model):
    """What an enterprise owes a member producer for their goods sold in a period."""

    shop = models.ForeignKey(Shop, on_delete=models.PROTECT, related_name="payouts")
    producer = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="commerce_payouts")
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("until"))
    sales_satang = models.BigIntegerField(_("sales"))
    amount_satang = models.BigIntegerField(_("producer's share"))
    created_at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)

    objects = ShopScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("payout statement")
        verbose_name_plural = _("payout statements")
        constraints = [
            models.UniqueConstraint(
                fields=["shop", "producer", "period_start", "period_end"], name="payout_once_per_period"
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")), name="payout_period_order"
            ),
            models.CheckConstraint(condition=Q(amount_satang__gte=0), name="payout_not_negative"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.producer_id} {self.period_start}–{self.period_end}"
