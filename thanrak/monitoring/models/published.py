"""Published figures: the seed report's numbers, each tied to the value or target it states."""

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
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


class MappingStatus(models.TextChoices):
    COMPUTED = "computed", _("Computed from records")
    TYPED = "typed", _("Typed (another agency's figure)")
    UNMAPPED = "unmapped", _("Not yet mapped")


class FigureMapping(models.Model):
    """How a published figure is answered: by a computation over Thanrak's records (with its
    parameters, how its answer is aggregated and the area the figure reads), or typed because the
    platform cannot hold it (with the agency it comes from), or not yet mapped. Loaded from
    monitoring/data/figure_map.csv with the seed; the national manager changes a row on a page."""

    figure = models.OneToOneField(PublishedFigure, on_delete=models.CASCADE, related_name="mapping")
    status = models.CharField(_("status"), max_length=10, choices=MappingStatus.choices)
    computation = models.CharField(_("computed by"), max_length=80, blank=True)
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    aggregate = models.CharField(_("aggregate"), max_length=12, blank=True)
    area_code = models.CharField(_("area"), max_length=8, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    note = models.TextField(_("note"), blank=True)
    source_th = models.CharField(_("source (Thai)"), max_length=200, blank=True)
    note_th = models.TextField(_("note (Thai)"), blank=True)
    changed_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["figure__document", "figure__row"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=MappingStatus.values), name="figure_mapping_status_known"
            )
        ]

    def __str__(self) -> str:
        return f"{self.figure} → {self.status} {self.computation}"

    @property
    def parameters_text(self) -> str:
        return ";".join(f"{k}={v}" for k, v in sorted(self.parameters.items()))

    def source_in(self, lang: str) -> str:
        """The source in the reader's language: Thai first, the English where no Thai is written."""
        return (self.source_th if lang.startswith("th") else "") or self.source

    def note_in(self, lang: str) -> str:
        """The note in the reader's language: Thai first, the English where no Thai is written."""
        return (self.note_th if lang.startswith("th") else "") or self.note

    @property
    def source_shown(self) -> str:
        return self.source_in(get_language() or "th")

    @property
    def note_shown(self) -> str:
        return self.note_in(get_language() or "th")
