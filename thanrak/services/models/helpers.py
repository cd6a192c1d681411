"""The one directory of people who help: advisers and volunteers, each a registry person."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.roles import AREA_ROLES
from thanrak.accounts.scope import ScopedQuerySet, Visibility
from thanrak.registry.models import Person


class HelperKind(models.TextChoices):
    KBO_ADVISER = "KBO_ADVISER", _("KBO adviser")
    SME_VOLUNTEER = "SME_VOLUNTEER", _("SME volunteer (อสสว.)")
    SAGE = "SAGE", _("Sage (ปราชญ์ชาวบ้าน)")
    COMMUNITY_LEADER = "COMMUNITY_LEADER", _("Community leader")
    WELFARE_VOLUNTEER = "WELFARE_VOLUNTEER", _("Social-welfare volunteer (อพม.)")
    SURVEY_COLLECTOR = "SURVEY_COLLECTOR", _("Basic-needs (จปฐ.) collector")


class Expertise(models.TextChoices):
    """The controlled list of what a helper knows; free words go in `expertise_words`."""

    PACKAGING = "PACKAGING", _("Packaging")
    BRANDING = "BRANDING", _("Branding and design")
    ONLINE_MARKETING = "ONLINE_MARKETING", _("Online marketing")
    MARKETING = "MARKETING", _("Markets and sales")
    ACCOUNTING = "ACCOUNTING", _("Accounting")
    FINANCE = "FINANCE", _("Finance and loans")
    PRODUCTION = "PRODUCTION", _("Production and quality")
    FOOD_SAFETY = "FOOD_SAFETY", _("Food safety")
    STANDARDS = "STANDARDS", _("Product standards")
    REGISTRATION = "REGISTRATION", _("Registration and permits")
    LEGAL = "LEGAL", _("Law")
    TECHNOLOGY = "TECHNOLOGY", _("Technology")
    AGRICULTURE = "AGRICULTURE", _("Agriculture")
    HANDICRAFT = "HANDICRAFT", _("Handicraft and weaving")
    TOURISM = "TOURISM", _("Community tourism")
    WELFARE = "WELFARE", _("Social welfare")
    CAREER = "CAREER", _("Careers and skills")


class Availability(models.TextChoices):
    AVAILABLE = "AVAILABLE", _("Available")
    LIMITED = "LIMITED", _("Limited")
    UNAVAILABLE = "UNAVAILABLE", _("Not available")


class HelperQuerySet(ScopedQuerySet["Helper"]):
    visibility = Visibility(area="area_code", area_roles=AREA_ROLES)


class Helper(models.Model):
    """A person in the directory of helpers: kinds, expertise, areas served, availability."""

    person = models.OneToOneField(Person, on_delete=models.PROTECT, related_name="services_helper")
    # The person's area when listed: whose officers keep the entry.
    area_code = models.CharField(_("area"), max_length=8, db_index=True)
    expertise_words = models.CharField(_("other expertise (free words)"), max_length=300, blank=True)
    availability = models.CharField(
        _("availability"), max_length=12, choices=Availability.choices, default=Availability.AVAILABLE
    )
    # How many open cases the helper takes at once (the match prefers helpers under it).
    capacity = models.PositiveSmallIntegerField(_("open cases at once"), default=5)
    note = models.CharField(_("note"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))

    objects = HelperQuerySet.as_manager()

    class Meta:
        verbose_name = _("helper")
        verbose_name_plural = _("helpers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(availability__in=Availability.values), name="services_helper_availability"
            )
        ]

    def __str__(self) -> str:
        return self.person.full_name


class HelperKindRow(models.Model):
    helper = models.ForeignKey(Helper, on_delete=models.CASCADE, related_name="kinds")
    kind = models.CharField(_("kind"), max_length=20, choices=HelperKind.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["helper", "kind"], name="services_helper_kind_once"),
            models.CheckConstraint(
                condition=models.Q(kind__in=HelperKind.values), name="services_kind_known"
            ),
        ]
        indexes = [models.Index(fields=["kind"], name="services_helper_kind")]

    def __str__(self) -> str:
        return self.kind


class HelperExpertise(models.Model):
    helper = models.ForeignKey(Helper, on_delete=models.CASCADE, related_name="expertise")
    topic = models.CharField(_("expertise"), max_length=20, choices=Expertise.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["helper", "topic"], name="services_expertise_once"),
            models.CheckConstraint(
                condition=models.Q(topic__in=Expertise.values), name="services_expertise_known"
            ),
        ]
        indexes = [models.Index(fields=["topic"], name="services_expertise_topic")]

    def __str__(self) -> str:
        return self.topic


class HelperArea(models.Model):
    """An area the helper serves (any level: a province, a district, a village)."""

    helper = models.ForeignKey(Helper, on_delete=models.CASCADE, related_name="areas")
    area_code = models.CharField(_("area served"), max_length=8, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["helper", "area_code"], name="services_area_once")]

    def __str__(self) -> str:
        return self.area_code
