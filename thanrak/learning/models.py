"""Courses, their batches and sessions, enrolments with a waiting list, attendance and certificates.

A course is funded by a monitoring programme (by its code, so learning imports no other domain app)
in a fiscal year; a batch is one run of it in a place; people are registry persons (anyone, with or
without a Thai ID). Rows are scoped through the batch: area officers see batches in their areas, an
organisation's officer the batches of courses their organisation runs, a member their own."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.roles import AREA_ROLES
from thanrak.accounts.scope import Scope, ScopedQuerySet, Visibility
from thanrak.registry.models import Organisation, Person


class Topic(models.TextChoices):
    AGRICULTURE = "AGRICULTURE", _("Agriculture and natural farming")
    OCCUPATION = "OCCUPATION", _("Occupation and skills")
    BUSINESS = "BUSINESS", _("Business, marketing and products")
    FINANCE = "FINANCE", _("Money, savings and fund management")
    DIGITAL = "DIGITAL", _("Digital skills")
    LEADERSHIP = "LEADERSHIP", _("Leaders and committees")
    OTHER = "OTHER", _("Other")


def _own_batches(scope: Scope) -> Q:
    return Q(Exists(Enrolment.objects.filter(batch=OuterRef("pk"), person_id=scope.person_id)))


def _own_courses(scope: Scope) -> Q:
    return Q(Exists(Enrolment.objects.filter(batch__course=OuterRef("pk"), person_id=scope.person_id)))


class CourseQuerySet(ScopedQuerySet["Course"]):
    visibility = Visibility(
        area="area_code",
        area_roles=AREA_ROLES,
        area_above=True,
        organisation="organisation_id",
        person=_own_courses,
    )


class Course(models.Model):
    title = models.CharField(_("course title"), max_length=200)
    topic = models.CharField(_("topic"), max_length=16, choices=Topic.choices, default=Topic.OTHER)
    curriculum = models.TextField(_("standard curriculum"), blank=True)
    hours = models.PositiveSmallIntegerField(_("hours"))
    programme_code = models.CharField(_("funding programme (code)"), max_length=40, blank=True)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (B.E.)"))
    min_attendance_percent = models.PositiveSmallIntegerField(_("minimum attendance (%)"), default=80)
    pass_score = models.PositiveSmallIntegerField(_("pass score (blank: no test)"), null=True, blank=True)
    area_code = models.CharField(_("area"), max_length=8, db_index=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="courses",
        verbose_name=_("organiser"),
    )
    # Printed on the certificates: the agency's logo (checked and re-encoded as PNG, see logos.py)
    # and its name; without a name, the organiser's (or nothing).
    agency = models.CharField(_("agency named on the certificates"), max_length=200, blank=True)
    logo = models.ImageField(_("agency logo"), upload_to="learning/logos/", blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"))

    objects = CourseQuerySet.as_manager()

    class Meta:
        ordering = ["-fiscal_year", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gte=1), name="learning_course_hours_positive"),
            models.CheckConstraint(
                condition=Q(min_attendance_percent__lte=100), name="learning_course_attendance_percent"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def issuer(self) -> str:
        """The agency named on the certificates: the one typed for the course, else the organiser."""
        return self.agency or (self.organisation.name_th if self.organisation_id else "")


class BatchQuerySet(ScopedQuerySet["Batch"]):
    # A volunteer of a village sees the batches held for their subdistrict or district too.
    visibility = Visibility(
        area="area_code",
        area_roles=AREA_ROLES,
        area_above=True,
        organisation="course__organisation_id",
        person=_own_batches,
    )


class Batch(models.Model):
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="batches", verbose_name=_("course")
    )
    number = models.PositiveSmallIntegerField(_("batch number"))
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"))
    place = models.CharField(_("place"), max_length=200)
    area_code = models.CharField(_("area"), max_length=8, db_index=True)
    capacity = models.PositiveIntegerField(_("places"))
    budget = models.BigIntegerField(_("budget (satang)"), default=0)
    trainers = models.ManyToManyField(
        Person, related_name="batches_trained", blank=True, verbose_name=_("trainers")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"))

    objects = BatchQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["course", "number"], name="learning_batch_number_unique"),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="learning_batch_dates"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="learning_batch_capacity"),
            models.CheckConstraint(condition=Q(budget__gte=0), name="learning_batch_budget"),
        ]

    def __str__(self) -> str:
        return f"{self.course.title} · {_('batch')} {self.number}"


class SessionQuerySet(ScopedQuerySet["Session"]):
    visibility = Visibility(via="batch")


class Session(models.Model):
    batch = models.ForeignKey(
        Batch, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("batch")
    )
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    title = models.CharField(_("subject"), max_length=200, blank=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["date", "starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="learning_session_times"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.starts_at:%H:%M}"


class EnrolmentStatus(models.TextChoices):
    ENROLLED = "ENROLLED", _("Enrolled")
    WAITING = "WAITING", _("Waiting list")
    WITHDRAWN = "WITHDRAWN", _("Withdrawn")


class EnrolmentSource(models.TextChoices):
    ONE = "ONE", _("One by one")
    LIST = "LIST", _("From a list")
    FILE = "FILE", _("From a file")


class EnrolmentQuerySet(ScopedQuerySet["Enrolment"]):
    visibility = Visibility(
        area="batch__area_code",
        area_roles=AREA_ROLES,
        area_above=True,
        organisation="batch__course__organisation_id",
        person="person_id",
    )


class Enrolment(models.Model):
    batch = models.ForeignKey(
        Batch, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("batch")
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("person")
    )
    status = models.CharField(_("status"), max_length=10, choices=EnrolmentStatus.choices)
    source = models.CharField(_("source"), max_length=5, choices=EnrolmentSource.choices, default="ONE")
    enrolled_at = models.DateTimeField(_("enrolled at"))
    left_at = models.DateTimeField(_("left at"), null=True, blank=True)
    score = models.PositiveSmallIntegerField(_("test score"), null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["enrolled_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "person"], name="learning_enrolment_once"),
            models.CheckConstraint(
                condition=Q(status__in=EnrolmentStatus.values), name="learning_enrolment_status"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.full_name} · {self.batch}"


class Mark(models.TextChoices):
    PRESENT = "PRESENT", _("Present")
    LATE = "LATE", _("Arrived late")
    ABSENT = "ABSENT", _("Absent")


class Method(models.TextChoices):
    LIST = "LIST", _("Ticked on the list")
    QR = "QR", _("QR check-in")


class AttendanceQuerySet(ScopedQuerySet["Attendance"]):
    visibility = Visibility(via="enrolment")


class Attendance(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendances")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    mark = models.CharField(_("attendance"), max_length=8, choices=Mark.choices)
    method = models.CharField(_("how"), max_length=4, choices=Method.choices)
    at = models.DateTimeField(_("recorded at"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = AttendanceQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "session"], name="learning_attendance_once"),
            models.CheckConstraint(condition=Q(mark__in=Mark.values), name="learning_attendance_mark"),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id} · {self.session_id} · {self.mark}"


class CertificateQuerySet(ScopedQuerySet["Certificate"]):
    visibility = Visibility(via="enrolment")


class Certificate(models.Model):
    enrolment = models.OneToOneField(Enrolment, on_delete=models.PROTECT, related_name="certificate")
    # Random, not a sequence: a number cannot be guessed from another (see rules.certificate_number).
    number = models.CharField(_("certificate number"), max_length=24, unique=True)
    issued_on = models.DateField(_("issued on"))
    hours = models.PositiveSmallIntegerField(_("hours"))
    attendance_percent = models.PositiveSmallIntegerField(_("attendance (%)"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = CertificateQuerySet.as_manager()

    def __str__(self) -> str:
        return self.number
