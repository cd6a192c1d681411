"""Writes of community forests: register, boundary, committee, members, plans, subsidies, incidents."""

import datetime as dt
from collections.abc import Sequence

import shapely
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.assets.actions._access import ensure_manages
from thanrak.assets.actions._boundary import checked
from thanrak.assets.actions._photos import attach
from thanrak.assets.errors import CannotRecordForest
from thanrak.assets.mapcache import forests_changed
from thanrak.assets.models import (
    AssetPhoto,
    CommitteeRole,
    CommunityForest,
    ForestCommitteeMember,
    ForestIncident,
    ForestMember,
    ForestPlan,
    ForestPlanActivity,
    ForestSubsidy,
    IncidentKind,
    LegalStatus,
    PhotoOf,
)
from thanrak.assets.shapes import MAP_TOLERANCE_DEGREES, THAILAND_BOUNDS, simplified
from thanrak.geo.models import Subdistrict, Village
from thanrak.registry.models import Household, Organisation, Person


def _manages(by: User, forest: CommunityForest) -> None:
    ensure_manages(by, area_code=forest.area_code, organisation_id=forest.organisation_id)


def _check_area(area_code: str) -> None:
    model = {6: Subdistrict, 8: Village}.get(len(area_code or ""))
    if model is None or not model.objects.filter(code=area_code).exists():
        raise CannotRecordForest(
            _("Choose the subdistrict or village the forest lies in."), code="area_unknown", field="area_code"
        )


def _check_status(legal_status: str, approved_on: dt.date | None) -> None:
    if legal_status not in LegalStatus.values:
        raise CannotRecordForest(_("Choose a legal status."), code="status_unknown", field="legal_status")
    if legal_status == LegalStatus.APPROVED and approved_on is None:
        raise CannotRecordForest(
            _("An approved community forest needs its approval date."),
            code="approval_date_missing",
            field="approved_on",
        )


@transaction.atomic
def forest_register(
    *,
    name: str,
    area_code: str,
    legal_status: str,
    by: User,
    at: dt.datetime,
    organisation: Organisation | None = None,
    registration_no: str = "",
    approved_on: dt.date | None = None,
) -> CommunityForest:
    """Register a community forest in a subdistrict or village the user manages."""
    name = " ".join((name or "").split())
    if not name:
        raise CannotRecordForest(_("Write the forest's name."), code="name_missing", field="name")
    _check_area(area_code)
    _check_status(legal_status, approved_on)
    ensure_manages(by, area_code=area_code, organisation_id=organisation.pk if organisation else None)
    return CommunityForest.objects.create(
        name=name,
        area_code=area_code,
        organisation=organisation,
        legal_status=legal_status,
        registration_no=registration_no.strip(),
        approved_on=approved_on,
        created_by=by,
        created_at=at,
    )


@transaction.atomic
def forest_update_status(
    *, forest: CommunityForest, legal_status: str, approved_on: dt.date | None, registration_no: str, by: User
) -> CommunityForest:
    """Change the legal status (approved needs its date)."""
    forest = CommunityForest.objects.select_for_update().get(pk=forest.pk)
    _manages(by, forest)
    _check_status(legal_status, approved_on)
    forest.legal_status, forest.approved_on = legal_status, approved_on
    forest.registration_no = registration_no.strip()
    forest.save(update_fields=["legal_status", "approved_on", "registration_no"])
    forests_changed()
    return forest


@transaction.atomic
def forest_set_boundary(*, forest: CommunityForest, geometry: shapely.Geometry, by: User) -> CommunityForest:
    """Replace the boundary: valid, in Thailand, in the forest's district; the area is measured from it."""
    forest = CommunityForest.objects.select_for_update().get(pk=forest.pk)
    _manages(by, forest)
    shape = checked(geometry, area_code=forest.area_code)
    forest.boundary = shape.geojson
    forest.map_boundary = simplified(shape.geojson, MAP_TOLERANCE_DEGREES)
    forest.area_m2 = shape.area.square_metres
    forest.lon, forest.lat = shape.point
    forest.save(update_fields=["boundary", "map_boundary", "area_m2", "lon", "lat"])
    forests_changed()
    return forest


@transaction.atomic
def forest_committee_add(
    *,
    forest: CommunityForest,
    person: Person,
    role: str,
    term_start: dt.date,
    term_end: dt.date,
    by: User,
) -> ForestCommitteeMember:
    """Seat a person on the committee for a term; one chair at a time."""
    _manages(by, forest)
    if role not in CommitteeRole.values:
        raise CannotRecordForest(_("Choose a role on the committee."), code="role_unknown", field="role")
    if term_end < term_start:
        raise CannotRecordForest(
            _("The term cannot end before it starts."), code="term_ends_before_start", field="term_end"
        )
    seated = forest.committee.filter(term_start__lte=term_end, term_end__gte=term_start)
    if seated.filter(person=person).exists():
        raise CannotRecordForest(
            _("This person already sits on the committee in that term."),
            code="already_on_committee",
            field="person",
        )
    if role == CommitteeRole.CHAIR and seated.filter(role=CommitteeRole.CHAIR).exists():
        raise CannotRecordForest(
            _("The committee already has a chair in that term."), code="chair_already_seated", field="role"
        )
    return ForestCommitteeMember.objects.create(
        forest=forest, person=person, role=role, term_start=term_start, term_end=term_end
    )


@transaction.atomic
def forest_member_add(
    *, forest: CommunityForest, household: Household, joined_on: dt.date, by: User
) -> ForestMember:
    """A household joins the forest's members (once)."""
    _manages(by, forest)
    try:
        with transaction.atomic():
            return ForestMember.objects.create(forest=forest, household=household, joined_on=joined_on)
    except IntegrityError as exc:
        raise CannotRecordForest(
            _("This household is already a member."), code="already_member", field="household"
        ) from exc


@transaction.atomic
def forest_plan_add(
    *, forest: CommunityForest, year_be: int, by: User, approved_on: dt.date | None = None, note: str = ""
) -> ForestPlan:
    """The management plan of a year (one per year)."""
    _manages(by, forest)
    if not 2500 <= year_be <= 2700:
        raise CannotRecordForest(
            _("Write the year in B.E., for example 2569."), code="year_not_be", field="year_be"
        )
    if forest.plans.filter(year_be=year_be).exists():
        raise CannotRecordForest(
            _("The forest already has a plan for %(year)s."),
            code="plan_exists",
            field="year_be",
            params={"year": year_be},
        )
    return ForestPlan.objects.create(forest=forest, year_be=year_be, approved_on=approved_on, note=note)


@transaction.atomic
def forest_activity_add(
    *, plan: ForestPlan, name: str, budget_satang: int, by: User, month: int | None = None
) -> ForestPlanActivity:
    """An activity of the year's plan with its budget (satang, not negative)."""
    _manages(by, plan.forest)
    if not (name or "").strip():
        raise CannotRecordForest(_("Name the activity."), code="activity_name_missing", field="name")
    if budget_satang < 0:
        raise CannotRecordForest(_("The budget cannot be negative."), code="budget_negative", field="budget")
    if month is not None and not 1 <= month <= 12:
        raise CannotRecordForest(_("Choose a month."), code="month_unknown", field="month")
    return ForestPlanActivity.objects.create(
        plan=plan, name=name.strip(), month=month, budget_satang=budget_satang
    )


@transaction.atomic
def forest_subsidy_record(
    *,
    forest: CommunityForest,
    source: str,
    amount_satang: int,
    received_on: dt.date,
    by: User,
    purpose: str = "",
) -> ForestSubsidy:
    """A subsidy received (more than zero baht)."""
    _manages(by, forest)
    if not (source or "").strip():
        raise CannotRecordForest(_("Write who gave the subsidy."), code="source_missing", field="source")
    if amount_satang <= 0:
        raise CannotRecordForest(
            _("The amount must be more than zero."), code="amount_not_positive", field="amount"
        )
    return ForestSubsidy.objects.create(
        forest=forest,
        source=source.strip(),
        purpose=purpose.strip(),
        amount_satang=amount_satang,
        received_on=received_on,
    )


def _check_point(lat: float | None, lon: float | None) -> None:
    if lat is None and lon is None:
        return
    west, south, east, north = THAILAND_BOUNDS
    if lat is None or lon is None or not (south <= lat <= north and west <= lon <= east):
        raise CannotRecordForest(
            _("The location is outside Thailand: check the latitude and longitude."),
            code="outside_thailand",
            field="lat",
        )


@transaction.atomic
def forest_incident_record(
    *,
    forest: CommunityForest,
    kind: str,
    occurred_on: dt.date,
    by: User,
    at: dt.datetime,
    note: str = "",
    area_affected_m2: int = 0,
    lat: float | None = None,
    lon: float | None = None,
    photo: UploadedFile | None = None,
    photos: Sequence[UploadedFile] = (),
) -> ForestIncident:
    """A patrol, or a fire, encroachment or logging found (not dated after the day it is recorded)."""
    _manages(by, forest)
    if kind not in IncidentKind.values:
        raise CannotRecordForest(_("Choose what happened."), code="kind_unknown", field="kind")
    if area_affected_m2 < 0:
        raise CannotRecordForest(
            _("The area cannot be negative."), code="area_negative", field="area_affected"
        )
    _check_point(lat, lon)
    incident = ForestIncident.objects.create(
        forest=forest,
        kind=kind,
        occurred_on=occurred_on,
        note=note.strip(),
        area_affected_m2=area_affected_m2,
        lat=lat,
        lon=lon,
        recorded_by=by,
        recorded_at=at,
    )
    attach([photo, *photos], of=PhotoOf.INCIDENT, incident=incident, by=by, at=at)
    return incident


@transaction.atomic
def incident_photos_add(
    *, incident: ForestIncident, uploads: Sequence[UploadedFile], by: User, at: dt.datetime
) -> list[AssetPhoto]:
    """Add photos to a patrol or incident (who manages its forest); all or none."""
    incident = ForestIncident.objects.select_for_update().select_related("forest").get(pk=incident.pk)
    _manages(by, incident.forest)
    return attach(uploads, of=PhotoOf.INCIDENT, incident=incident, by=by, at=at)
