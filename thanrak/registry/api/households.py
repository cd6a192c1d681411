"""/households: households the caller may see, registering them, members joining and leaving, a new head."""

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Schema, Status

from thanrak.apikit import ERRORS, AppRouter, access, page_schema
from thanrak.core.clientip import client_ip
from thanrak.registry import actions, queries
from thanrak.registry.api.schemas import (
    AreaPrefix,
    HouseCode,
    HouseholdId,
    HouseNo,
    Line20,
    Line100,
    Line200,
    MemberId,
    MemberRelationName,
    PageParams,
    RefId,
    RelationName,
    VillageCode,
    reference,
    village_ref,
    window,
)
from thanrak.registry.models import (
    Household,
    HouseholdMember,
)

router = AppRouter("registry", tags=["registry"])


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


HouseholdPage = page_schema("HouseholdPage", HouseholdSummaryOut)


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


@router.get(
    "/households",
    response={200: HouseholdPage, **ERRORS},
    summary="Households the caller may see",
)
@access("registry.household", "view")
def household_list(request: HttpRequest, filters: Query[HouseholdFilters]) -> HouseholdPage:
    actions.citizen_id_search_record(q=filters.q, by=request.user, at=timezone.now(), ip=client_ip(request))
    qs = queries.household_list(viewer=request.user, q=filters.q, area_code=filters.area_code or "")
    count, rows = window(qs, filters.limit, filters.offset)
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
    "/households",
    response={201: HouseholdOut, **ERRORS},
    summary="Register a household of registered people",
)
@access("registry.household", "change")
def household_create(request: HttpRequest, payload: HouseholdIn) -> Status:
    viewer = request.user
    head = reference(queries.person_get, "head_id", viewer=viewer, person_id=payload.head_id)
    members = [
        (
            reference(queries.person_get, f"members.{i}.person_id", viewer=viewer, person_id=m.person_id),
            m.relation,
        )
        for i, m in enumerate(payload.members)
    ]
    household = actions.household_register(
        by=viewer,
        at=timezone.now(),
        village=village_ref(payload.village_code),
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
        fields["village"] = village_ref(code)
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
    person = reference(queries.person_get, "person_id", viewer=request.user, person_id=payload.person_id)
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
    new_head = reference(
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
