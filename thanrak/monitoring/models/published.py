"""Published figures: the seed report's numbers, each tied to the value or target it states."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thanrak.monitoring.models.programmes import Indicator
from thanrak.monitoring.models.values import Target, Value


class FigureRole(models.TextChoices):
    VALUE = "VALUE", _("Achieved value")
    TARGET = "TARGET", _("Target")
    PERCENT_OF_TARGET = "PCT_TARGET", _("Percentage of the target")
    SHARE = "SHARE", _("Share of a total")
    CALLOUT = "CALLOUT", _("Repeated in a call-out box")


class PublishedFigure(models.Model):
    """A figure exactly as a published report printed it, tied to the data that must reproduce it."""

    document = models.CharField(max_length=60)
    row = models.PositiveIntegerField()
    section = models.CharField(max_length=30)
    role = models.CharField(max_length=10, choices=FigureRole.choices)
    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="published_figures")
    value = models.ForeignKey(
        Value, on_delete=models.PROTECT, null=True, blank=True, related_name="published_as"
    )
    target = models.ForeignKey(
        Target, on_delete=models.PROTECT, null=True, blank=True, related_name="published_as"
    )
    fiscal_year = models.PositiveSmallIntegerField()
    printed_as = models.CharField(max_length=120)
    printed_number = models.CharField(max_length=40)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["document", "row"]
        constraints = [
            models.UniqueConstraint(fields=["document", "row"], name="published_figure_unique"),
            models.CheckConstraint(
                condition=Q(role__in=FigureRole.values), name="published_figure_role_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} row {self.row}: {self.printed_as}"
