"""Orders from every channel, their lines, events and shipments; shipping fees; POS sessions;
marketplace imports and producers' payouts."""

from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thanrak.commerce.models.products import Variant
from thanrak.commerce.models.shops import Location, Shop, ShopScopedQuerySet
from thanrak.core.storage import private_storage
from thanrak.registry.models import Person


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
    """Fee for parcels up to a weight with a carrier; a shop's own bands override the defaults (shop "
    "empty)."""

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
    # Per row, what the import did:
    # {"row", "order", "number", "from", "to", "stock", "reason_th", "reason_en"}.
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
