"""Persons, households, organisations and memberships: the one data model every module follows."""

import re
from typing import Self

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from thanrak.accounts.roles import AREA_ROLES, AREA_STAFF
from thanrak.accounts.scope import Scope, ScopedQuerySet, Visibility
from thanrak.geo.models import Village


class Sex(models.TextChoices):
    MALE = "M", _("Male")
    FEMALE = "F", _("Female")


class IdKind(models.TextChoices):
    THAI_ID = "THAI_ID", _("Thai citizen ID")
    FOREIGN = "FOREIGN", _("Other document (passport, pink card…)")
    NONE = "NONE", _("No document")


class Relation(models.TextChoices):
    HEAD = "HEAD", _("Head of household")
    SPOUSE = "SPOUSE", _("Spouse")
    CHILD = "CHILD", _("Child")
    CHILD_IN_LAW = "CHILD_IN_LAW", _("Son- or daughter-in-law")
    GRANDCHILD = "GRANDCHILD", _("Grandchild")
    PARENT = "PARENT", _("Parent")
    SIBLING = "SIBLING", _("Brother or sister")
    RELATIVE = "RELATIVE", _("Other relative")
    NON_RELATIVE = "NON_RELATIVE", _("Not related")


class OrganisationKind(models.TextChoices):
    COMMUNITY_ENTERPRISE = "COMMUNITY_ENTERPRISE", _("Community enterprise")
    COMMUNITY_ENTERPRISE_NETWORK = "COMMUNITY_ENTERPRISE_NETWORK", _("Community enterprise network")
    OTOP_PRODUCER = "OTOP_PRODUCER", _("OTOP producer group")
    COOPERATIVE = "COOPERATIVE", _("Cooperative")
    SAVINGS_GROUP = "SAVINGS_GROUP", _("Savings group for production")
    VILLAGE_FUND = "VILLAGE_FUND", _("Village fund")
    WOMENS_FUND_GROUP = "WOMENS_FUND_GROUP", _("Women's development fund group")
    PEOPLES_FINANCIAL_INSTITUTION = "PEOPLES_FINANCIAL_INSTITUTION", _("People's financial institution")
    COMMUNITY_FUND_CENTRE = "COMMUNITY_FUND_CENTRE", _("Community fund management centre")
    SME = "SME", _("SME")
    SOCIAL_ENTERPRISE = "SOCIAL_ENTERPRISE", _("Social enterprise")
    NETWORK = "NETWORK", _("Network")


class MemberRole(models.TextChoices):
    MEMBER = "MEMBER", _("Member")
    CHAIR = "CHAIR", _("Chair")
    VICE_CHAIR = "VICE_CHAIR", _("Vice chair")
    TREASURER = "TREASURER", _("Treasurer")
    SECRETARY = "SECRETARY", _("Secretary")
    COMMITTEE = "COMMITTEE", _("Committee member")
    AUDITOR = "AUDITOR", _("Internal auditor")
    ADVISOR = "ADVISOR", _("Advisor")


# --- persons -------------------------------------------------------------------------------------


def _member_of_officers_organisations(scope: Scope) -> Exists:
    return Exists(
        Membership.objects.filter(person=OuterRef("pk"), organisation_id__in=scope.organisation_ids)
    )


class PersonQuerySet(ScopedQuerySet["Person"]):
    # Area staff see persons in their areas, organisation officers their organisations' members, a
    # member only themself; everyone else nothing.
    visibility = Visibility(
        area="area_code",
        area_roles=AREA_STAFF,
        organisation=_member_of_officers_organisations,
        person="pk",
    )

    def active(self) -> Self:
        """Not merged into another record."""
        return self.filter(merged_into__isnull=True)


class Person(models.Model):
    id_kind = models.CharField(
        _("identity document"), max_length=10, choices=IdKind.choices, default=IdKind.THAI_ID
    )
    # NULL, not "", for people without a Thai ID: the unique constraint must not see them.
    citizen_id = models.CharField(_("citizen ID"), max_length=13, null=True, blank=True)  # noqa: DJ001
    other_id = models.CharField(_("other document number"), max_length=40, blank=True)
    title = models.CharField(_("title"), max_length=30, blank=True)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    first_name_en = models.CharField(_("first name (English)"), max_length=100, blank=True)
    last_name_en = models.CharField(_("last name (English)"), max_length=100, blank=True)
    # Normalised Thai name (no title, no spaces, normalised vowels/tone marks) to find likely duplicates.
    name_key = models.CharField(max_length=200, editable=False)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    # Where the person lives: a village (8 digits) or at least a subdistrict (6); scopes access.
    area_code = models.CharField(_("area"), max_length=8)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("user account"),
    )
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_from", db_index=False
    )
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(
                fields=["citizen_id"], condition=Q(citizen_id__isnull=False), name="person_citizen_id_unique"
            ),
            models.CheckConstraint(
                condition=(Q(id_kind=IdKind.THAI_ID) & Q(citizen_id__regex=r"^[1-9][0-9]{12}$"))
                | (~Q(id_kind=IdKind.THAI_ID) & Q(citizen_id__isnull=True)),
                name="person_citizen_id_matches_kind",
            ),
            models.CheckConstraint(condition=Q(sex__in=["", "M", "F"]), name="person_sex_known"),
            models.CheckConstraint(
                condition=Q(area_code__regex=r"^[0-9]{6}([0-9]{2})?$"), name="person_area_code_format"
            ),
            models.CheckConstraint(condition=~Q(first_name=""), name="person_first_name_required"),
        ]
        # Plain b-tree indexes (no varchar_pattern_ops twins: area codes are matched by range, names
        # by equality), and merged_into only where set: every index costs each row an import writes.
        indexes = [
            models.Index(fields=["last_name", "first_name"]),
            models.Index(fields=["area_code"], name="person_area_code"),
            models.Index(fields=["name_key"], name="person_name_key"),
            models.Index(
                fields=["merged_into"], name="person_merged_into", condition=Q(merged_into__isnull=False)
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (f"{self.title}{self.first_name}", self.last_name) if p)

    def age_on(self, day: "object") -> int | None:
        """Completed years on a given day; None when the birth date is unknown."""
        if self.birth_date is None:
            return None
        b = self.birth_date
        return day.year - b.year - ((day.month, day.day) < (b.month, b.day))  # type: ignore[attr-defined]


# --- households ----------------------------------------------------------------------------------


def _members_household(scope: Scope) -> Q:
    return Q(members__person_id=scope.person_id, members__left_date__isnull=True)


class HouseholdQuerySet(ScopedQuerySet["Household"]):
    # Area staff see households in their areas; a member sees their own household only.
    visibility = Visibility(area="area_code", area_roles=AREA_STAFF, person=_members_household)


def house_no_key(house_no: str) -> str:
    """A key that sorts house numbers as people count them: 4 before 10, 12/3 before 12/10 (each run
    of digits, Thai digits too, padded to ten places; the text between runs kept as written)."""
    digits = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
    return re.sub(r"[0-9]+", lambda m: m.group().lstrip("0").rjust(10, "0"), house_no.translate(digits))[:120]


class Household(models.Model):
    house_no = models.CharField(_("house number"), max_length=30)
    # house_no_key(house_no), written with it: lists sort on it, on SQLite and PostgreSQL alike.
    house_no_key = models.CharField(max_length=120, default="", editable=False)
    # รหัสประจำบ้าน: 11 digits from the house registration, when known.
    house_code = models.CharField(_("house registration code"), max_length=11, blank=True)
    village = models.ForeignKey(
        Village, on_delete=models.PROTECT, related_name="households", verbose_name=_("village")
    )
    area_code = models.CharField(_("area"), max_length=8, db_index=True, editable=False)
    address_detail = models.CharField(_("lane, road"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))

    objects = HouseholdQuerySet.as_manager()

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")
        constraints = [
            models.CheckConstraint(
                condition=Q(area_code__regex=r"^[0-9]{8}$"), name="household_area_is_village"
            ),
            models.CheckConstraint(condition=~Q(house_no=""), name="household_house_no_required"),
            models.CheckConstraint(
                condition=Q(house_code="") | Q(house_code__regex=r"^[0-9]{11}$"),
                name="household_house_code_format",
            ),
        ]
        indexes = [
            models.Index(fields=["area_code", "house_no"]),
            models.Index(fields=["area_code", "house_no_key", "id"], name="household_area_house_order"),
        ]

    def __str__(self) -> str:
        return f"{self.house_no} · {self.area_code}"


class HouseholdMember(models.Model):
    """A person living in a household; leaving sets left_date so history stays."""

    household = models.ForeignKey(
        Household, on_delete=models.CASCADE, related_name="members", verbose_name=_("household")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="household_memberships", verbose_name=_("person")
    )
    relation = models.CharField(_("relation to the head"), max_length=16, choices=Relation.choices)
    joined_date = models.DateField(_("joined"), null=True, blank=True)
    left_date = models.DateField(_("left"), null=True, blank=True)

    class Meta:
        verbose_name = _("household member")
        verbose_name_plural = _("household members")
        constraints = [
            models.UniqueConstraint(
                fields=["person"], condition=Q(left_date__isnull=True), name="person_in_one_household"
            ),
            models.UniqueConstraint(
                fields=["household"],
                condition=Q(relation=Relation.HEAD, left_date__isnull=True),
                name="household_one_head",
            ),
            models.CheckConstraint(
                condition=Q(relation__in=Relation.values), name="household_member_relation_known"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.person_id} in {self.household_id} ({self.relation})"


# --- organisations -------------------------------------------------------------------------------


def _members_organisations(scope: Scope) -> Exists:
    return Exists(
        Membership.objects.filter(
            organisation=OuterRef("pk"), person_id=scope.person_id, end_date__isnull=True
        )
    )


class OrganisationQuerySet(ScopedQuerySet["Organisation"]):
    # Area roles see organisations in their areas; officers and members their own.
    visibility = Visibility(
        area="area_code", area_roles=AREA_ROLES, organisation="pk", person=_members_organisations
    )


class Organisation(models.Model):
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    name_th = models.CharField(_("Thai name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    # e.g. the community enterprise register number (รหัสทะเบียน) such as 5-56-01-02/1-0012.
    registration_no = models.CharField(_("registration number"), max_length=40, blank=True)
    registered_date = models.DateField(_("registered on"), null=True, blank=True)
    tax_id = models.CharField(_("tax ID"), max_length=13, blank=True)
    vat_registered = models.BooleanField(_("VAT registered"), default=False)
    area_code = models.CharField(_("area"), max_length=8, db_index=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("email"), blank=True)
    line_id = models.CharField(_("LINE ID"), max_length=50, blank=True)
    description = models.TextField(_("description"), blank=True)
    network = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="network_members",
        verbose_name=_("network"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("updated at"))

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=OrganisationKind.values), name="organisation_kind_known"
            ),
            models.CheckConstraint(
                condition=Q(area_code__regex=r"^[0-9]{6}([0-9]{2})?$"), name="organisation_area_code_format"
            ),
            models.UniqueConstraint(
                fields=["kind", "registration_no"],
                condition=~Q(registration_no=""),
                name="organisation_registration_unique",
            ),
            models.CheckConstraint(
                condition=Q(tax_id="") | Q(tax_id__regex=r"^[0-9]{13}$"), name="organisation_tax_id_format"
            ),
        ]

    def __str__(self) -> str:
        return self.name_th


class MembershipQuerySet(models.QuerySet["Membership"]):
    def current(self, on: object) -> Self:
        return self.filter(Q(start_date__lte=on), Q(end_date__isnull=True) | Q(end_date__gte=on))


class Membership(models.Model):
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("person")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("organisation")
    )
    role = models.CharField(_("role"), max_length=16, choices=MemberRole.choices, default=MemberRole.MEMBER)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="membership_dates_in_order",
            ),
            models.UniqueConstraint(
                fields=["person", "organisation", "role"],
                condition=Q(end_date__isnull=True),
                name="membership_one_open_per_role",
            ),
            models.CheckConstraint(condition=Q(role__in=MemberRole.values), name="membership_role_known"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.person_id} in {self.organisation_id} ({self.role})"


class ProgrammeParticipationQuerySet(ScopedQuerySet["ProgrammeParticipation"]):
    visibility = Visibility(via="organisation")

    def current(self, on: object) -> Self:
        return self.filter(Q(since__lte=on), Q(until__isnull=True) | Q(until__gte=on))


class ProgrammeParticipation(models.Model):
    """An organisation took part in a programme (a monitoring programme, by its code, so the
    registry imports no domain app) from a date, until a date or still. The Policy 7 report counts
    groups, their members and their households per programme from these."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="programmes", verbose_name=_("organisation")
    )
    programme_code = models.CharField(_("programme (code)"), max_length=40, db_index=True)
    since = models.DateField(_("from"))
    until = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"))

    objects = ProgrammeParticipationQuerySet.as_manager()

    class Meta:
        verbose_name = _("programme participation")
        verbose_name_plural = _("programme participations")
        ordering = ["programme_code", "since", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=models.F("since")),
                name="participation_dates_in_order",
            ),
            models.CheckConstraint(condition=~Q(programme_code=""), name="participation_programme_required"),
            models.UniqueConstraint(
                fields=["organisation", "programme_code"],
                condition=Q(until__isnull=True),
                name="participation_one_open_per_programme",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} · {self.programme_code}"


class OrganisationAssignment(models.Model):
    """A user account that manages an organisation (its chair, treasurer or secretary)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisation_assignments"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="officer_assignments"
    )
    title = models.CharField(
        pgettext_lazy("officer of an organisation", "title"),
        max_length=16,
        choices=MemberRole.choices,
        default=MemberRole.TREASURER,
    )

    class Meta:
        verbose_name = _("organisation assignment")
        verbose_name_plural = _("organisation assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="organisation_assignment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.organisation_id}"


class PersonMerge(models.Model):
    """History of a merge: which record was folded into which, by whom, and what moved."""

    survivor = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_received")
    merged = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="merges_given")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    moved = models.JSONField(default=dict)
    before = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("person merge")
        verbose_name_plural = _("person merges")

    def __str__(self) -> str:
        return f"#{self.pk} {self.merged_id} → {self.survivor_id}"


class ImportStatus(models.TextChoices):
    QUEUED = "QUEUED", _("Waiting to run")
    RUNNING = "RUNNING", _("Running")
    DONE = "DONE", _("Imported")
    REJECTED = "REJECTED", _("Rejected: nothing imported")


class RegistryImport(models.Model):
    """A file uploaded on the import page: its status and, once run, its report.

    The file is kept (`data`) until it has been imported, so that an officer can import the valid
    rows of a rejected file without uploading it again; an import that is done keeps only its report.
    """

    kind = models.CharField(_("kind"), max_length=16)
    filename = models.CharField(_("file"), max_length=200, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("uploaded at"))
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED
    )
    skip_invalid = models.BooleanField(_("skip invalid rows"), default=False)
    rows_estimated = models.PositiveIntegerField(default=0)
    data = models.BinaryField(null=True, editable=False)
    report = models.JSONField(default=dict, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("registry import")
        verbose_name_plural = _("registry imports")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["persons", "households", "organisations"]),
                name="registry_import_kind_known",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind} {self.filename} ({self.status})"
