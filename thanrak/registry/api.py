"""The registry's JSON API under /api/v1/registry: persons, households, organisations, memberships.

The same rules as the pages: each operation declares its resource (403 for a role that may not),
rows outside the caller's areas or organisations are not found (404), and a refusal by a rule is a
422 naming the field. Citizen IDs are always masked here; the reveal operation returns the full ID
to roles allowed to see it and writes the reveal to the audit log.
"""

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, File, Path, Query, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import StringConstraints

from thanrak.apikit import ERRORS, Error, access
from thanrak.core.citizen_id import mask
from thanrak.core.clientip import client_ip
from thanrak.core.errors import DomainError
from thanrak.geo import queries as geo_queries
from thanrak.registry import actions, exports, imports, queries
from thanrak.registry.models import (
    Household,
    HouseholdMember,
    IdKind,
    MemberRole,
    Membership,
    Organisation,
    OrganisationKind,
    Person,
    Relation,
)

router = Router(tags=["registry"])

T = TypeVar("T")

MAX_ID = 9_223_372_036_854_775_807  # the largest BigAutoField key on PostgreSQL and SQLite
MAX_OFFSET = 1_000_000_000
ONE_LINE = r"^[^\x00-\x1f\x7f]*$"  # no control characters: names, numbers, codes
TEXT = r"^[^\x00]*$"  # free text may have line breaks, never NUL (PostgreSQL refuses it)
AREA_PREFIX = r"^([0-9]{2}){1,4}$"
PERSON_AREA = r"^[0-9]{6}([0-9]{2})?$"


def _line(max_length: int, min_length: int = 0) -> Any:
    return Annotated[str, StringConstraints(max_length=max_length, min_length=min_length, pattern=ONE_LINE)]


# Bounds match the database columns, so nothing valid here can overflow a column (a 500).
Line20 = _line(20)
Line30 = _line(30)
Line40 = _line(40)
Line50 = _line(50)
Line100 = _line(100)
Line200 = _line(200)
Line300 = _line(300)
Name100 = _line(100, 1)
Name200 = _line(200, 1)
HouseNo = _line(30, 1)
AreaPrefix = Annotated[str, StringConstraints(pattern=AREA_PREFIX)]
TaxId = Annotated[str, StringConstraints(pattern=r"^[0-9\-]{0,17}$")]

IdKindName = Literal[tuple(IdKind.values)]  # type: ignore[valid-type]
SexName = Literal["", "M", "F"]
RelationName = Literal[tuple(Relation.values)]  # type: ignore[valid-type]
MemberRelationName = Literal[tuple(v for v in Relation.values if v != Relation.HEAD)]  # type: ignore[valid-type]
KindName = Literal[tuple(OrganisationKind.values)]  # type: ignore[valid-type]
RoleName = Literal[tuple(MemberRole.values)]  # type: ignore[valid-type]
AreaCode = Annotated[str, StringConstraints(pattern=PERSON_AREA)]
VillageCode = Annotated[str, StringConstraints(pattern=r"^[0-9]{8}$")]
HouseCode = Annotated[str, StringConstraints(pattern=r"^([0-9]{11})?$")]
Email = Annotated[str, StringConstraints(max_length=254, pattern=r"^([^@\s\x00-\x1f]+@[^@\s\x00-\x1f]+)?$")]
Description = Annotated[str, StringConstraints(max_length=5000, pattern=TEXT)]

PersonId = Annotated[int, Path(ge=1, le=MAX_ID, description="A person's id")]
HouseholdId = Annotated[int, Path(ge=1, le=MAX_ID, description="A household's id")]
OrganisationId = Annotated[int, Path(ge=1, le=MAX_ID, description="An organisation's id")]
MemberId = Annotated[int, Path(ge=1, le=MAX_ID, description="A household member row's id")]
MembershipId = Annotated[int, Path(ge=1, le=MAX_ID, description="A membership's id")]
RefId = Annotated[int, Field(ge=1, le=MAX_ID)]


class UnknownReference(DomainError):
    """A request names a person, village or member the caller cannot see or that does not exist."""


def _ref(get: Callable[..., T], field: str, **kwargs: Any) -> T:
    """A referenced row, or a 422 naming the field (not a 404: the URL itself was found)."""
    try:
        return get(**kwargs)
    except ObjectDoesNotExist as exc:
        raise UnknownReference(
            _("There is no such record in your areas."), code="such_record_your_areas", field=field
        ) from exc


def _village(code: str, field: str = "village_code") -> Any:
    return _ref(geo_queries.area_get, field, code=code)


def _window(qs: QuerySet[Any], limit: int, offset: int) -> tuple[int, list[Any]]:
    return qs.count(), list(qs[offset : offset + limit])


class PageParams(Schema):
    limit: int = Field(50, ge=1, le=200, description="Rows per page")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Rows to skip")


# --- persons -------------------------------------------------------------------------------------


class PersonOut(Schema):
    id: int
    id_kind: str
    citizen_id_masked: str | None = Field(
        description="1-2345-xxxxx-xx-1; the full ID only via the reveal operation"
    )
    other_id: str
    title: str
    first_name: str
    last_name: str
    first_name_en: str
    last_name_en: str
    full_name: str
    sex: str
    birth_date: dt.date | None
    phone: str
    area_code: str
    merged_into_id: int | None
    created_at: dt.datetime
    updated_at: dt.datetime

    @staticmethod
    def resolve_citizen_id_masked(obj: Person) -> str | None:
        return mask(obj.citizen_id) if obj.citizen_id else None


class PersonPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[PersonOut]


class PersonFilters(PageParams):
    q: Line100 = Field("", description="Part of a name, or a full 13-digit citizen ID")
    area_code: AreaPrefix | None = Field(
        None, description="Only people living in this area (2, 4, 6 or 8 digits)"
    )
    sex: Literal["M", "F"] | None = None


class PersonIn(Schema):
    id_kind: IdKindName = IdKind.THAI_ID  # type: ignore[valid-type]
    citizen_id: Line20 | None = Field(None, description="13 digits; dashes and spaces are ignored")
    other_id: Line40 = ""
    title: Line30 = ""
    first_name: Name100
    last_name: Line100 = ""
    first_name_en: Line100 = ""
    last_name_en: Line100 = ""
    sex: SexName = ""
    birth_date: dt.date | None = None
    phone: Line20 = ""
    area_code: AreaCode = Field(
        description="Subdistrict (6 digits) or village (8 digits) where the person lives"
    )


class PersonPatch(Schema):
    id_kind: IdKindName | None = None  # type: ignore[valid-type]
    citizen_id: Line20 | None = None
    other_id: Line40 | None = None
    title: Line30 | None = None
    first_name: Name100 | None = None
    last_name: Line100 | None = None
    first_name_en: Line100 | None = None
    last_name_en: Line100 | None = None
    sex: SexName | None = None
    birth_date: dt.date | None = None
    phone: Line20 | None = None
    area_code: AreaCode | None = None


class CitizenIdOut(Schema):
    person_id: int
    citizen_id: str = Field(description="The full 13 digits; this answer was written to the audit log")


@router.get("/persons", response={200: PersonPage, **ERRORS}, summary="People the caller may see")
@access("registry.person", "view")
def person_list(request: HttpRequest, filters: Query[PersonFilters]) -> PersonPage:
    actions.citizen_id_search_record(q=filters.q, by=request.user, at=timezone.now(), ip=client_ip(request))
    qs = queries.person_list(
        viewer=request.user, q=filters.q, area_code=filters.area_code or "", sex=filters.sex or ""
    )
    count, rows = _window(qs, filters.limit, filters.offset)
    return PersonPage(count=count, limit=filters.limit, offset=filters.offset, items=rows)


@router.get("/persons/{person_id}", response={200: PersonOut, **ERRORS}, summary="One person")
@access("registry.person", "view")
def person_get(request: HttpRequest, person_id: PersonId) -> Person:
    return queries.person_get(viewer=request.user, person_id=person_id)


@router.post("/persons", response={201: PersonOut, **ERRORS}, summary="Register a person")
@access("registry.person", "change")
def person_create(request: HttpRequest, payload: PersonIn) -> Status:
    return Status(201, actions.person_register(by=request.user, at=timezone.now(), **payload.model_dump()))


@router.patch(
    "/persons/{person_id}", response={200: PersonOut, **ERRORS}, summary="Change a person's details"
)
@access("registry.person", "change")
def person_update(request: HttpRequest, person_id: PersonId, payload: PersonPatch) -> Person:
    person = queries.person_get(viewer=request.user, person_id=person_id)
    return actions.person_update(
        person=person,
        by=request.user,
        at=timezone.now(),
        ip=client_ip(request),
        **payload.model_dump(exclude_unset=True),
    )


@router.post(
    "/persons/{person_id}/citizen-id",
    response={200: CitizenIdOut, **ERRORS},
    summary="Reveal a person's full citizen ID (written to the audit log)",
)
@access("registry.citizen_id", "reveal")
def person_citizen_id_reveal(request: HttpRequest, person_id: PersonId) -> CitizenIdOut:
    person = queries.person_get(viewer=request.user, person_id=person_id)
    if not person.citizen_id:
        raise UnknownReference(
            _("This person has no Thai citizen ID."), code="person_thai_citizen_id", field="person_id"
        )
    digits = actions.citizen_id_reveal(
        person=person, by=request.user, at=timezone.now(), ip=client_ip(request)
    )
    return CitizenIdOut(person_id=person.pk, citizen_id=digits)


# --- households ----------------------------------------------------------------------------------


class HouseholdMemberOut(Schema):
    id: int
    person_id: int
    person_name: str
    relation: str
    joined_date: dt.date | None
    left_date: dt.date | None

    @staticmethod
    def resolve_person_name(obj: HouseholdMember) -> str:
        return obj.person.full_name


class HouseholdSummaryOut(Schema):
    id: int
    house_no: str
    house_code: str
    village_code: str
    village_name: str
    area_code: str
    phone: str
    head_id: int | None = Field(description="The head's person id")
    head_name: str
    member_count: int

    @staticmethod
    def resolve_village_code(obj: Household) -> str:
        return obj.village_id

    @staticmethod
    def resolve_village_name(obj: Household) -> str:
        return str(obj.village)

    @staticmethod
    def resolve_head_id(obj: Household) -> int | None:
        return obj.current_heads[0].person_id if obj.current_heads else None

    @staticmethod
    def resolve_head_name(obj: Household) -> str:
        return obj.current_heads[0].person.full_name if obj.current_heads else ""


class HouseholdOut(Schema):
    id: int
    house_no: str
    house_code: str
    village_code: str
    village_name: str
    area_code: str
    address_detail: str
    phone: str
    created_at: dt.datetime
    updated_at: dt.datetime
    members: list[HouseholdMemberOut] = Field(description="Current members, the head first")

    @staticmethod
    def resolve_village_code(obj: Household) -> str:
        return obj.village_id

    @staticmethod
    def resolve_village_name(obj: Household) -> str:
        return str(obj.village)

    @staticmethod
    def resolve_members(obj: Household) -> list[HouseholdMember]:
        return list(queries.household_members(household=obj))


class HouseholdPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[HouseholdSummaryOut]


class HouseholdFilters(PageParams):
    q: Line100 = Field("", description="A name, a full citizen ID, a house number or registration code")
    area_code: AreaPrefix | None = Field(
        None, description="Only households in this area (2, 4, 6 or 8 digits)"
    )


class MemberRef(Schema):
    person_id: RefId
    relation: MemberRelationName  # type: ignore[valid-type]


class HouseholdIn(Schema):
    village_code: VillageCode
    house_no: HouseNo
    house_code: HouseCode = ""
    address_detail: Line200 = ""
    phone: Line20 = ""
    head_id: RefId = Field(description="The person id of the head of household")
    members: list[MemberRef] = Field(default_factory=list, max_length=50)


class HouseholdPatch(Schema):
    village_code: VillageCode | None = None
    house_no: HouseNo | None = None
    house_code: HouseCode | None = None
    address_detail: Line200 | None = None
    phone: Line20 | None = None


class MemberAddIn(Schema):
    person_id: RefId
    relation: RelationName  # type: ignore[valid-type]


class HeadChangeIn(Schema):
    member_id: RefId = Field(description="The member row of the new head")
    old_head_relation: MemberRelationName  # type: ignore[valid-type]


def _household(request: HttpRequest, household_id: int) -> Household:
    return queries.household_get(viewer=request.user, household_id=household_id)


@router.get("/households", response={200: HouseholdPage, **ERRORS}, summary="Households the caller may see")
@access("registry.household", "view")
def household_list(request: HttpRequest, filters: Query[HouseholdFilters]) -> HouseholdPage:
    actions.citizen_id_search_record(q=filters.q, by=request.user, at=timezone.now(), ip=client_ip(request))
    qs = queries.household_list(viewer=request.user, q=filters.q, area_code=filters.area_code or "")
    count, rows = _window(qs, filters.limit, filters.offset)
    return HouseholdPage(count=count, limit=filters.limit, offset=filters.offset, items=rows)


@router.get(
    "/households/{household_id}",
    response={200: HouseholdOut, **ERRORS},
    summary="A household with its members",
)
@access("registry.household", "view")
def household_get(request: HttpRequest, household_id: HouseholdId) -> Household:
    return _household(request, household_id)


@router.post(
    "/households", response={201: HouseholdOut, **ERRORS}, summary="Register a household of registered people"
)
@access("registry.household", "change")
def household_create(request: HttpRequest, payload: HouseholdIn) -> Status:
    viewer = request.user
    head = _ref(queries.person_get, "head_id", viewer=viewer, person_id=payload.head_id)
    members = [
        (_ref(queries.person_get, f"members.{i}.person_id", viewer=viewer, person_id=m.person_id), m.relation)
        for i, m in enumerate(payload.members)
    ]
    household = actions.household_register(
        by=viewer,
        at=timezone.now(),
        village=_village(payload.village_code),
        house_no=payload.house_no,
        head=head,
        members=members,
        house_code=payload.house_code,
        address_detail=payload.address_detail,
        phone=payload.phone,
    )
    return Status(201, _household(request, household.pk))


@router.patch(
    "/households/{household_id}",
    response={200: HouseholdOut, **ERRORS},
    summary="Change a household's address",
)
@access("registry.household", "change")
def household_update(request: HttpRequest, household_id: HouseholdId, payload: HouseholdPatch) -> Household:
    household = _household(request, household_id)
    fields = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    if code := fields.pop("village_code", None):
        fields["village"] = _village(code)
    actions.household_update(
        household=household, by=request.user, at=timezone.now(), ip=client_ip(request), **fields
    )
    return _household(request, household_id)


@router.post(
    "/households/{household_id}/members",
    response={201: HouseholdMemberOut, **ERRORS},
    summary="Add a registered person to a household",
)
@access("registry.household", "change")
def household_member_add(request: HttpRequest, household_id: HouseholdId, payload: MemberAddIn) -> Status:
    household = _household(request, household_id)
    person = _ref(queries.person_get, "person_id", viewer=request.user, person_id=payload.person_id)
    member = actions.household_member_add(
        household=household, person=person, relation=payload.relation, by=request.user, at=timezone.now()
    )
    return Status(201, member)


@router.post(
    "/households/{household_id}/members/{member_id}/leave",
    response={200: HouseholdMemberOut, **ERRORS},
    summary="Record that a member left the household today",
)
@access("registry.household", "change")
def household_member_leave(
    request: HttpRequest, household_id: HouseholdId, member_id: MemberId
) -> HouseholdMember:
    household = _household(request, household_id)
    member = queries.household_member_get(household=household, member_id=member_id)
    return actions.household_member_leave(member=member, by=request.user, at=timezone.now())


@router.post(
    "/households/{household_id}/head",
    response={200: HouseholdOut, **ERRORS},
    summary="Make another current member the head of household",
)
@access("registry.household", "change")
def household_head_change(
    request: HttpRequest, household_id: HouseholdId, payload: HeadChangeIn
) -> Household:
    household = _household(request, household_id)
    new_head = _ref(
        queries.household_member_get, "member_id", household=household, member_id=payload.member_id
    )
    actions.household_head_change(
        household=household,
        new_head=new_head,
        old_head_relation=payload.old_head_relation,
        by=request.user,
        at=timezone.now(),
    )
    return _household(request, household_id)


# --- organisations and memberships ---------------------------------------------------------------


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


class OrganisationPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[OrganisationOut]


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


class MembershipPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[MembershipOut]


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
    "/organisations", response={200: OrganisationPage, **ERRORS}, summary="Organisations the caller may see"
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
    count, rows = _window(qs, filters.limit, filters.offset)
    return OrganisationPage(count=count, limit=filters.limit, offset=filters.offset, items=rows)


@router.get(
    "/organisations/{organisation_id}", response={200: OrganisationOut, **ERRORS}, summary="One organisation"
)
@access("registry.organisation", "view")
def organisation_get(request: HttpRequest, organisation_id: OrganisationId) -> Organisation:
    return _organisation(request, organisation_id)


@router.post("/organisations", response={201: OrganisationOut, **ERRORS}, summary="Register an organisation")
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
    count, rows = _window(qs, filters.limit, filters.offset)
    return MembershipPage(count=count, limit=filters.limit, offset=filters.offset, items=rows)


@router.post(
    "/organisations/{organisation_id}/memberships",
    response={201: MembershipOut, **ERRORS},
    summary="Enrol a registered person with a role from a date",
)
@access("registry.organisation", "change")
def membership_create(request: HttpRequest, organisation_id: OrganisationId, payload: MembershipIn) -> Status:
    organisation = _organisation(request, organisation_id)
    person = _ref(queries.person_get, "person_id", viewer=request.user, person_id=payload.person_id)
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


# --- import and export ---------------------------------------------------------------------------

KindName_ = Literal["persons", "households", "organisations"]


class ImportIssueOut(Schema):
    row: int | None = Field(description="Spreadsheet row (1 is the header); null for the whole file")
    column: str | None = Field(description="The column at fault, by its layout name")
    reason_th: str
    reason_en: str


class ImportOut(Schema):
    kind: str
    dry_run: bool
    skip_invalid: bool
    encoding: str = Field(description="utf-8, utf-8-sig, cp874 or xlsx")
    rows: int = Field(description="Data rows read")
    imported: int = Field(description="Records written (or that would be, on a dry run)")
    skipped: int
    skipped_rows: list[int]
    issues: list[ImportIssueOut]
    unlisted: int = Field(description="Problems found beyond those listed")


class ImportErrorOut(Error):
    report: ImportOut | None = None


@router.post(
    "/imports/{kind}",
    response={200: ImportOut, **ERRORS, 422: ImportErrorOut},
    summary="Import persons, households or organisations from CSV or XLSX (all rows or none)",
)
@access("registry.data", "import")
def registry_import(
    request: HttpRequest,
    kind: Path[KindName_],
    file: File[UploadedFile | None] = None,
    skip_invalid: bool = False,
    dry_run: bool = False,
) -> Any:
    """The layouts are in docs/import-layouts.md. A rejected file (422) lists each problem with its
    row, column and reason in Thai and English, and nothing is written; with skip_invalid the valid
    rows are written and the skipped ones listed."""
    limit = imports.max_bytes()
    # An empty upload reaches us as no file at all (Django drops empty parts): the same answer.
    data = file.read(limit + 1) if file is not None else b""
    try:
        report = imports.registry_import(
            kind=kind,
            source=data,
            by=request.user,
            at=timezone.now(),
            skip_invalid=skip_invalid,
            dry_run=dry_run,
            max_bytes=limit,
            filename=(file.name if file else "") or "",
            ip=client_ip(request),
        )
    except imports.ImportRejected as exc:
        out = exc.report.as_dict()
        first = exc.report.issues[0] if exc.report.issues else None
        errors = [
            {"field": ":".join(str(p) for p in (i.row, i.column) if p is not None) or "file", "message": i.en}
            for i in exc.report.issues
        ]
        return Status(
            422,
            ImportErrorOut(
                detail=first.en if first else "rejected",
                field=errors[0]["field"] if errors else None,
                errors=errors,
                report=ImportOut(**out),
            ),
        )
    return ImportOut(**report.as_dict())


EXPORT_RESPONSES = {
    "200": {
        "description": "The file; citizen IDs masked unless the caller's role may see them. Audit-logged.",
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            exports.CONTENT_TYPES["xlsx"]: {"schema": {"type": "string", "format": "binary"}},
        },
    }
}


@router.get(
    "/exports/{kind}",
    response=ERRORS,
    summary="Export the persons, households or organisations in the caller's areas as CSV or XLSX",
    openapi_extra={"responses": EXPORT_RESPONSES},
)
@access("registry.data", "export")
def registry_export(
    request: HttpRequest,
    kind: Path[KindName_],
    format: Literal["csv", "xlsx"] = "csv",  # noqa: A002 — the query parameter's name
    area: Annotated[str, StringConstraints(pattern=r"^(([0-9]{2}){1,4})?$")] = "",
    lang: Literal["th", "en"] = "th",
    layout: Literal["people", "machine"] = "people",
) -> Any:
    """Columns as in the import layouts, so a file can be imported again. layout=people (default):
    labels and Buddhist-era dates under Thai names with lang=th; layout=machine: the codes, ISO dates
    and English column names documented in docs/import-layouts.md."""
    at = timezone.now()
    data, _rows = exports.registry_export(
        kind=kind,
        fmt=format,
        by=request.user,
        at=at,
        area=area,
        lang=lang,
        layout=layout,
        ip=client_ip(request),
    )
    response = HttpResponse(data, content_type=exports.CONTENT_TYPES[format])
    response["Content-Disposition"] = (
        f'attachment; filename="{exports.filename(kind, format, at, area, layout)}"'
    )
    return response
