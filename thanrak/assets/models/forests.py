"""Community forests (ป่าชุมชน, Community Forest Act B.E. 2562): register, committee, members, plans,
subsidies and the patrol and incident log."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.roles import AREA_ROLES
from thanrak.accounts.scope import ScopedQuerySet, Visibility
from thanrak.registry.models import Household, Organisation, Person


class LegalStatus(models.TextChoices):
    PROPOSED = "PROPOSED", _("Application being prepared")
    APPLIED = "APPLIED", _("Applied, waiting for approval")
    APPROVED = "APPROVED", _("Approved (registered community forest)")
    REVOKED = "REVOKED", _("Revoked")


class CommitteeRole(models.TextChoices):
    CHAIR = "CHAIR", _("Chair")
    VICE_CHAIR = "VICE_CHAIR", _("Vice chair")
    SECRETARY = "SECRETARY", _("Secretary")
    TREASURER = "TREASURER", _("Treasurer")
    MEMBER = "MEMBER", _("Committee member")


class IncidentKind(models.TextChoices):
    PATROL = "PATROL", _("Patrol")
    FIRE = "FIRE", _("Forest fire")
    ENCROACHMENT = "ENCROACHMENT", _("Encroachment")
    LOGGING = "LOGGING", _("Illegal logging")
    OTHER = "OTHER", _("Other")


class ForestQuerySet(ScopedQuerySet["CommunityForest"]):
    visibility = Visibility(area="area_code", area_roles=AREA_ROLES, organisation="organisation_id")


class CommunityForest(models.Model):
    name = models.CharField(_("name"), max_length=200)
    # The subdistrict (6 digits) or village (8 digits) the forest lies in.
    area_code = models.CharField(_("area"), max_length=8, db_index=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="community_forests",
        verbose_name=_("managing organisation"),
    )
    legal_status = models.CharField(
        _("legal status"), max_length=12, choices=LegalStatus.choices, default=LegalStatus.PROPOSED
    )
    registration_no = models.CharField(_("registration number"), max_length=40, blank=True)
    approved_on = models.DateField(_("approval date"), null=True, blank=True)
    # Plain GeoJSON geometry in WGS 84 (SQLite and PostgreSQL alike); area measured from it.
    boundary = models.JSONField(_("boundary"), null=True, blank=True)
    area_m2 = models.PositiveBigIntegerField(_("area (m²)"), default=0)
    # The boundary simplified once when it is set (about 50 m), so a province's map only reads it.
    map_boundary = models.JSONField(null=True, blank=True, editable=False)
    # A point inside the boundary (for markers and a quick "which district" read).
    lon = models.FloatField(null=True, blank=True)
    lat = models.FloatField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"))

    objects = ForestQuerySet.as_manager()

    class Meta:
        verbose_name = _("community forest")
        verbose_name_plural = _("community forests")
        ordering = ["area_code", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(area_code__regex=r"^[0-9]{6}([0-9]{2})?$"), name="forest_area_code"
            ),
            models.CheckConstraint(
                condition=~Q(legal_status="APPROVED") | Q(approved_on__isnull=False),
                name="forest_approved_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ForestCommitteeMember(models.Model):
    forest = models.ForeignKey(CommunityForest, on_delete=models.CASCADE, related_name="committee")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    role = models.CharField(_("committee position"), max_length=12, choices=CommitteeRole.choices)
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"))

    class Meta:
        ordering = ["-term_end", "role"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__gte=models.F("term_start")), name="forest_committee_term"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class ForestMember(models.Model):
    forest = models.ForeignKey(CommunityForest, on_delete=models.CASCADE, related_name="members")
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="forest_memberships", verbose_name=_("household")
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["forest", "household"], name="forest_member_once")]

    def __str__(self) -> str:
        return f"{self.household} → {self.forest}"


class ForestPlan(models.Model):
    """The yearly management plan (แผนการจัดการป่าชุมชน), by Buddhist-era year."""

    forest = models.ForeignKey(CommunityForest, on_delete=models.CASCADE, related_name="plans")
    year_be = models.PositiveSmallIntegerField(_("year (B.E.)"))
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-year_be"]
        constraints = [
            models.UniqueConstraint(fields=["forest", "year_be"], name="forest_plan_per_year"),
            models.CheckConstraint(
                condition=Q(year_be__gte=2500, year_be__lte=2700), name="forest_plan_year_be"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.forest} {self.year_be}"


class ForestPlanActivity(models.Model):
    plan = models.ForeignKey(ForestPlan, on_delete=models.CASCADE, related_name="activities")
    name = models.CharField(_("activity"), max_length=200)
    month = models.PositiveSmallIntegerField(_("month"), null=True, blank=True)
    budget_satang = models.BigIntegerField(_("budget"), default=0)
    done = models.BooleanField(_("done"), default=False)

    class Meta:
        ordering = ["month", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(budget_satang__gte=0), name="forest_activity_budget_positive"),
            models.CheckConstraint(
                condition=Q(month__isnull=True) | Q(month__gte=1, month__lte=12), name="forest_activity_month"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ForestSubsidy(models.Model):
    forest = models.ForeignKey(CommunityForest, on_delete=models.CASCADE, related_name="subsidies")
    source = models.CharField(_("given by"), max_length=200)
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    amount_satang = models.BigIntegerField(_("amount"))
    received_on = models.DateField(_("received on"))

    class Meta:
        ordering = ["-received_on"]
        constraints = [
            models.CheckConstraint(condition=Q(amount_satang__gt=0), name="forest_subsidy_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.received_on}"


class ForestIncident(models.Model):
    """A patrol made, or a fire, encroachment or logging found."""

    forest = models.ForeignKey(CommunityForest, on_delete=models.CASCADE, related_name="incidents")
    kind = models.CharField(_("kind"), max_length=14, choices=IncidentKind.choices)
    occurred_on = models.DateField(_("date"))
    area_affected_m2 = models.PositiveBigIntegerField(_("area affected (m²)"), default=0)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    note = models.TextField(_("what happened"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-occurred_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_on}"
