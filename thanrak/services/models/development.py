"""Product development cases: an adviser takes a product towards a standard, step by step."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.scope import ScopedQuerySet, Visibility
from thanrak.commerce.models import Certification, Product
from thanrak.core.storage import private_storage
from thanrak.services.models.helpers import Helper


class TargetStandard(models.TextChoices):
    """The standards the seed names; the values are commerce's certification kinds."""

    OTOP = "OTOP", _("OTOP stars")
    MPC = "MPC", _("Community product standard (มผช.)")
    FDA = "FDA", _("Thai FDA number (อย.)")
    GI = "GI", _("Geographical indication (GI)")


class DevelopmentStatus(models.TextChoices):
    IN_PROGRESS = "IN_PROGRESS", _("In progress")
    DONE = "DONE", _("Done")
    DROPPED = "DROPPED", _("Dropped")


class DevelopmentQuerySet(ScopedQuerySet["DevelopmentCase"]):
    # Area officers see their areas' products; the shop's officers their own; the adviser theirs.
    visibility = Visibility(
        combine=True,
        area="area_code",
        organisation="product__shop__organisation_id",
        own="adviser__person_id",
    )


class DevelopmentCase(models.Model):
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="services_development")
    adviser = models.ForeignKey(
        Helper, on_delete=models.PROTECT, null=True, blank=True, related_name="developments"
    )
    standard = models.CharField(_("standard aimed at"), max_length=8, choices=TargetStandard.choices)
    # OTOP: stars (1–5); other standards: 0 not held, 1 held.
    level_before = models.PositiveSmallIntegerField(_("level before"), default=0)
    level_target = models.PositiveSmallIntegerField(_("level aimed at"), default=1)
    level_after = models.PositiveSmallIntegerField(_("level after"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=DevelopmentStatus.choices, default=DevelopmentStatus.IN_PROGRESS
    )
    started_on = models.DateField(_("started on"))
    finished_on = models.DateField(_("finished on"), null=True, blank=True)
    drop_reason = models.CharField(_("why dropped"), max_length=300, blank=True)
    certification = models.ForeignKey(
        Certification, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Done by someone who does not keep the shop: the shop's officer records the certificate.
    certification_pending = models.BooleanField(_("certificate to record"), default=False)
    area_code = models.CharField(max_length=8, db_index=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"))

    objects = DevelopmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("product development case")
        verbose_name_plural = _("product development cases")
        ordering = ["-started_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=DevelopmentStatus.values), name="services_dev_status"
            ),
            models.CheckConstraint(
                condition=Q(level_before__lte=5, level_target__lte=5, level_target__gte=1),
                name="services_dev_levels",
            ),
            models.CheckConstraint(
                condition=Q(status="IN_PROGRESS", finished_on__isnull=True)
                | (~Q(status="IN_PROGRESS") & Q(finished_on__isnull=False)),
                name="services_dev_finished_when_ended",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} → {self.get_standard_display()}"


class DevelopmentStep(models.Model):
    case = models.ForeignKey(DevelopmentCase, on_delete=models.CASCADE, related_name="steps")
    on = models.DateField(_("date"))
    what = models.CharField(_("what was done"), max_length=500)
    # A private file: served only to who may see the case (views.development_step_photo).
    photo = models.FileField(
        _("photo"), upload_to="services/development/", blank=True, storage=private_storage
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("recorded at"))

    class Meta:
        ordering = ["on", "pk"]

    def __str__(self) -> str:
        return f"{self.on} {self.what}"
