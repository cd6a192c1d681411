"""Planning: courses, their batches (place, trainers, capacity, budget) and the sessions of a batch."""

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.accounts.scope import ensure_area, scope_of
from thanrak.learning.errors import CannotPlanCourse
from thanrak.learning.logos import logo_png
from thanrak.learning.models import Batch, Course, Session
from thanrak.learning.programmes import is_known
from thanrak.registry.models import Organisation, Person


def _check_organisation(by: User, organisation: Organisation | None) -> None:
    if organisation is None:
        return
    if not Organisation.objects.visible_to(by).filter(pk=organisation.pk).exists():
        raise CannotPlanCourse(
            _("You cannot plan courses for this organisation."),
            code="organisation_outside",
            field="organisation",
        )


def _check_area(by: User, area_code: str, organisation: Organisation | None) -> None:
    scope = scope_of(by)
    if organisation is not None and organisation.pk in scope.organisation_ids:
        return
    ensure_area(by, area_code)


@transaction.atomic
def course_create(
    *,
    by: User,
    title: str,
    hours: int,
    fiscal_year: int,
    area_code: str,
    organisation: Organisation | None = None,
    **fields: Any,
) -> Course:
    """A course in an area the user works in (or of the organisation they keep)."""
    if not title.strip():
        raise CannotPlanCourse(_("Give the course a title."), code="course_title_missing", field="title")
    if hours < 1:
        raise CannotPlanCourse(_("A course lasts at least one hour."), code="course_hours", field="hours")
    if not 2500 <= fiscal_year <= 2700:
        raise CannotPlanCourse(
            _("Give the fiscal year in the Buddhist era (e.g. 2569)."),
            code="course_fiscal_year",
            field="fiscal_year",
        )
    if fields.get("pass_score") is not None and fields["pass_score"] > 100:
        raise CannotPlanCourse(_("A score is out of 100."), code="course_pass_score", field="pass_score")
    if fields.get("min_attendance_percent", 80) > 100:
        raise CannotPlanCourse(
            _("Attendance is at most 100%."), code="course_attendance_percent", field="min_attendance_percent"
        )
    if fields.get("programme_code") and not is_known(fields["programme_code"]):
        raise CannotPlanCourse(
            _("Choose the funding programme from the list of the report's programmes."),
            code="course_programme_unknown",
            field="programme_code",
        )
    _check_organisation(by, organisation)
    _check_area(by, area_code, organisation)
    if "agency" in fields:
        fields["agency"] = fields["agency"].replace("\x00", "").strip()[:200]
    return Course.objects.create(
        title=title.strip(),
        hours=hours,
        fiscal_year=fiscal_year,
        area_code=area_code,
        organisation=organisation,
        created_by=by,
        created_at=timezone.now(),
        **fields,
    )


@transaction.atomic
def course_certificate_set(
    *, by: User, course: Course, agency: str, logo: bytes | None = None, remove_logo: bool = False
) -> Course:
    """The agency named on the course's certificates and its logo (checked, stored as PNG; see
    logos.py). Only who may plan the course's batches may change it."""
    course = Course.objects.select_for_update().get(pk=course.pk)
    _check_area(by, course.area_code, course.organisation)
    png = logo_png(logo) if logo is not None else None
    course.agency = agency.replace("\x00", "").strip()[:200]
    if remove_logo or png is not None:
        if course.logo:
            course.logo.delete(save=False)
        course.logo = ""
    if png is not None:
        course.logo.save(f"course-{course.pk}.png", ContentFile(png), save=False)
    course.save(update_fields=["agency", "logo"])
    return course


@transaction.atomic
def batch_create(
    *,
    by: User,
    course: Course,
    start_date: dt.date,
    end_date: dt.date,
    place: str,
    area_code: str,
    capacity: int,
    budget: int = 0,
    trainers: list[Person] | tuple[Person, ...] = (),
) -> Batch:
    """A run of a course: numbered after the course's last batch."""
    course = Course.objects.select_for_update().get(pk=course.pk)
    if end_date < start_date:
        raise CannotPlanCourse(_("The batch ends before it starts."), code="batch_dates", field="end_date")
    if capacity < 1:
        raise CannotPlanCourse(_("A batch has at least one place."), code="batch_capacity", field="capacity")
    if budget < 0:
        raise CannotPlanCourse(_("A budget cannot be negative."), code="batch_budget", field="budget")
    if not place.strip():
        raise CannotPlanCourse(_("Say where the batch meets."), code="batch_place_missing", field="place")
    _check_area(by, area_code, course.organisation)
    number = (course.batches.aggregate(n=Max("number"))["n"] or 0) + 1
    batch = Batch.objects.create(
        course=course,
        number=number,
        start_date=start_date,
        end_date=end_date,
        place=place.strip(),
        area_code=area_code,
        capacity=capacity,
        budget=budget,
        created_by=by,
        created_at=timezone.now(),
    )
    batch.trainers.set(trainers)
    return batch


def session_add(
    *, by: User, batch: Batch, date: dt.date, starts_at: dt.time, ends_at: dt.time, title: str = ""
) -> Session:
    """A session on a day of the batch."""
    if not batch.start_date <= date <= batch.end_date:
        raise CannotPlanCourse(
            _("The session's date is outside the batch's dates."), code="session_date_outside", field="date"
        )
    if ends_at <= starts_at:
        raise CannotPlanCourse(_("The session ends before it starts."), code="session_times", field="ends_at")
    return Session.objects.create(batch=batch, date=date, starts_at=starts_at, ends_at=ends_at, title=title)
