"""Partner agencies a case is referred to, and the Thanrak users who answer for each."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Agency(models.Model):
    """A partner agency and the services it offers (loaded from data/agencies.csv, editable)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_th = models.CharField(_("Thai name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    services = models.TextField(_("services"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    website = models.CharField(_("website"), max_length=200, blank=True)
    # Blank: a national agency; a province code: its provincial office.
    area_code = models.CharField(_("area"), max_length=8, blank=True)
    # Days a referral may wait for an answer before the sender sees it as overdue.
    answer_days = models.PositiveSmallIntegerField(_("days to answer"), default=14)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))

    class Meta:
        verbose_name = _("partner agency")
        verbose_name_plural = _("partner agencies")
        ordering = ["name_th"]
        constraints = [
            models.CheckConstraint(condition=models.Q(answer_days__gte=1), name="services_agency_days")
        ]

    def __str__(self) -> str:
        return self.short_name or self.name_th


class AgencyStaff(models.Model):
    """A user who answers an agency's referral queue (the agency uses Thanrak)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="staff")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="services_agency_staff"
    )
    created_at = models.DateTimeField(_("created at"))

    class Meta:
        verbose_name = _("agency staff")
        verbose_name_plural = _("agency staff")

    def __str__(self) -> str:
        return f"{self.user} → {self.agency}"
