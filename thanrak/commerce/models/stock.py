"""Stock as a ledger: a balance per variant and location, and every movement."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thanrak.commerce.models.products import Variant
from thanrak.commerce.models.shops import Location


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
