"""/organisations and /memberships: organisations the caller may see, registering and changing
them, their memberships."""

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Schema, Status

from thanrak.apikit import ERRORS, AppRouter, access, page_schema
from thanrak.registry import actions, queries
from thanrak.registry.api.schemas import (
    AreaCode,
    AreaPrefix,
    Description,
    Email,
    KindName,
    Line20,
    Line40,
    Line50,
    Line100,
    Line200,
    Line300,
    MembershipId,
    Name200,
    OrganisationId,
    PageParams,
    RefId,
    RoleName,
    TaxId,
    reference,
    window,
)
from thanrak.registry.models import (
    MemberRole,
    Membership,
    Organisation,
)

router = AppRouter("registry", tags=["registry"])


class OrganisationOut(Schema):
    id: int
    kind: str
    name_th: str
    name_en: str
    registration_no: str
    registered_date: dt.date | None
    tax_id: str
    vat_registered: bool
    area_code: str
    address: str
    phone: str
    email: str
    line_id: str
    description: str
    network_id: int | None
    is_active: bool
    created_at: dt.datetime
    updated_at: dt.datetime


OrganisationPage = page_schema("OrganisationPage", OrganisationOut)


class OrganisationFilters(PageParams):
    q: Line100 = Field("", description="Part of the name or registration number")
    kind: KindName | None = None  # type: ignore[valid-type]
    area_code: AreaPrefix | None = None
    active_only: bool = True


class OrganisationIn(Schema):
    kind: KindName  # type: ignore[valid-type]
    name_th: Name200
    name_en: Line200 = ""
    registration_no: Line40 = ""
    registered_date: dt.date | None = None
    tax_id: TaxId = ""
    vat_registered: bool = False
    area_code: AreaCode
    address: Line300 = ""
    phone: Line20 = ""
    email: Email = ""
    line_id: Line50 = ""
    description: Description = ""


class OrganisationPatch(Schema):
    kind: KindName | None = None  # type: ignore[valid-type]
    name_th: Name200 | None = None
    name_en: Line200 | None = None
    registration_no: Line40 | None = None
    registered_date: dt.date | None = None
    tax_id: TaxId | None = None
    vat_registered: bool | None = None
    area_code: AreaCode | None = None
    address: Line300 | None = None
    phone: Line20 | None = None
    email: Email | None = None
    line_id: Line50 | None = None
    description: Description | None = None
    is_active: bool | None = None


class MembershipOut(Schema):
    id: int
    person_id: int
    person_name: str
    organisation_id: int
    role: str
    start_date: dt.date
    end_date: dt.date | None

    @staticmethod
    def resolve_person_name(obj: Membership) -> str:
        return obj.person.full_name


MembershipPage = page_schema("MembershipPage", MembershipOut)


class MembershipFilters(PageParams):
    include_ended: bool = Field(False, description="Also list memberships that ended")


class MembershipIn(Schema):
    person_id: RefId
    role: RoleName = MemberRole.MEMBER  # type: ignore[valid-type]
    start_date: dt.date


class MembershipEndIn(Schema):
    end_date: dt.date


def _organisation(request: HttpRequest, organisation_id: int) -> Organisation:
    return queries.organisation_get(viewer=request.user, organisation_id=organisation_id)


@router.get(
    "/organisations",
    response={200: OrganisationPage, **ERRORS},
    summary="Organisations the caller may see",
)
@access("registry.organisation", "view")
def organisation_list(request: HttpRequest, filters: Query[OrganisationFilters]) -> OrganisationPage:
    qs = queries.organisation_list(
        viewer=request.user,
        q=filters.q,
        kind=filters.kind or "",
        area_code=filters.area_code or "",
        active_only=filters.active_only,
    )
    count, rows = window(qs, filters.limit, filters.offset)
    return OrganisationPage(count=count, limit=filters.limit, offset=filters.offset, items=rows)


@router.get(
    "/organisations/{organisation_id}",
    response={200: OrganisationOut, **ERRORS},
    summary="One organisation",
)
@access("registry.organisation", "view")
def organisation_get(request: HttpRequest, organisation_id: OrganisationId) -> Organisation:
    return _organisation(request, organisation_id)


@router.post(
    "/organisations",
    response={201: OrganisationOut, **ERRORS},
    summary="Register an organisation",
)
@access("registry.organisation", "change")
def organisation_create(request: HttpRequest, payload: OrganisationIn) -> Status:
    return Status(
        201, actions.organisation_register(by=request.user, at=timezone.now(), **payload.model_dump())
    )


@router.patch(
    "/organisations/{organisation_id}",
    response={200: OrganisationOut, **ERRORS},
    summary="Change an organisation's details",
)
@access("registry.organisation", "change")
def organisation_update(
    request: HttpRequest, organisation_id: OrganisationId, payload: OrganisationPatch
) -> Organisation:
    organisation = _organisation(request, organisation_id)
    fields = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    return actions.organisation_update(
        organisation=organisation, by=request.user, at=timezone.now(), **fields
    )


@router.get(
    "/organisations/{organisation_id}/memberships",
    response={200: MembershipPage, **ERRORS},
    summary="An organisation's members and officers",
)
@access("registry.organisation", "view")
def membership_list(
    request: HttpRequest, organisation_id: OrganisationId, filters: Query[MembershipFilters]
) -> MembershipPage:
    organisation = _organisation(request, organisation_id)
    qs = queries.organisation_members(organisation=organisation, include_ended=filters.include_ended)
    count, rows = window(qs, filters.limit, filters.offset)
    return MembershipPage(count=count, limit=filters.limit, offset=filters.offset, items=rows)


@router.post(
    "/organisations/{organisation_id}/memberships",
    response={201: MembershipOut, **ERRORS},
    summary="Enrol a registered person with a role from a date",
)
@access("registry.organisation", "change")
def membership_create(request: HttpRequest, organisation_id: OrganisationId, payload: MembershipIn) -> Status:
    organisation = _organisation(request, organisation_id)
    person = reference(queries.person_get, "person_id", viewer=request.user, person_id=payload.person_id)
    membership = actions.membership_add(
        organisation=organisation,
        person=person,
        by=request.user,
        start_date=payload.start_date,
        role=payload.role,
    )
    return Status(201, membership)


@router.post(
    "/memberships/{membership_id}/end",
    response={200: MembershipOut, **ERRORS},
    summary="End a membership on a date (it stays as history)",
)
@access("registry.organisation", "change")
def membership_end(request: HttpRequest, membership_id: MembershipId, payload: MembershipEndIn) -> Membership:
    membership = queries.membership_get(viewer=request.user, membership_id=membership_id)
    return actions.membership_end(membership=membership, by=request.user, end_date=payload.end_date)


class ProgrammeParticipationOut(Schema):
    id: int
    organisation_id: int
    programme_code: str
    since: dt.date
    until: dt.date | None
    note: str
    created_at: dt.datetime


class ProgrammeParticipationIn(Schema):
    programme_code: Line40 = Field(description="the monitoring programme's code, e.g. 1.1.3(1.1)")
    since: dt.date
    until: dt.date | None = None
    note: Line200 = ""


@router.get(
    "/organisations/{organisation_id}/programmes",
    response={200: list[ProgrammeParticipationOut], **ERRORS},
    summary="The programmes an organisation took part in",
)
@access("registry.organisation", "view")
def programme_participation_list(
    request: HttpRequest, organisation_id: OrganisationId
) -> list[ProgrammeParticipationOut]:
    organisation = _organisation(request, organisation_id)
    return list(queries.organisation_programmes(organisation=organisation))


@router.post(
    "/organisations/{organisation_id}/programmes",
    response={201: ProgrammeParticipationOut, **ERRORS},
    summary="Record that an organisation took part in a programme from a date",
)
@access("registry.organisation", "change")
def programme_participation_create(
    request: HttpRequest, organisation_id: OrganisationId, payload: ProgrammeParticipationIn
) -> Status:
    organisation = _organisation(request, organisation_id)
    participation = actions.programme_participation_add(
        organisation=organisation,
        programme_code=payload.programme_code,
        since=payload.since,
        until=payload.until,
        note=payload.note,
        by=request.user,
        at=timezone.now(),
    )
    return Status(201, participation)
