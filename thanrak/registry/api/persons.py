"""/persons: people the caller may see, registering and changing them, revealing a citizen ID."""

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from ninja import Field, Query, Schema, Status

from thanrak.apikit import ERRORS, AppRouter, access, choice_literal, page_schema
from thanrak.core.citizen_id import mask
from thanrak.core.clientip import client_ip
from thanrak.registry import actions, queries
from thanrak.registry.api.schemas import (
    AreaCode,
    AreaPrefix,
    IdKindName,
    Line20,
    Line30,
    Line40,
    Line100,
    Name100,
    PageParams,
    PersonId,
    SexName,
    UnknownReference,
    window,
)
from thanrak.registry.models import (
    IdKind,
    Person,
    Sex,
)

router = AppRouter("registry", tags=["registry"])


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


PersonPage = page_schema("PersonPage", PersonOut)


class PersonFilters(PageParams):
    q: Line100 = Field("", description="Part of a name, or a full 13-digit citizen ID")
    area_code: AreaPrefix | None = Field(
        None, description="Only people living in this area (2, 4, 6 or 8 digits)"
    )
    sex: choice_literal(Sex) | None = None  # type: ignore[valid-type]


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


@router.get(
    "/persons",
    response={200: PersonPage, **ERRORS},
    summary="People the caller may see",
)
@access("registry.person", "view")
def person_list(request: HttpRequest, filters: Query[PersonFilters]) -> PersonPage:
    actions.citizen_id_search_record(q=filters.q, by=request.user, at=timezone.now(), ip=client_ip(request))
    qs = queries.person_list(
        viewer=request.user, q=filters.q, area_code=filters.area_code or "", sex=filters.sex or ""
    )
    count, rows = window(qs, filters.limit, filters.offset)
    return PersonPage(count=count, limit=filters.limit, offset=filters.offset, items=rows)


@router.get(
    "/persons/{person_id}",
    response={200: PersonOut, **ERRORS},
    summary="One person",
)
@access("registry.person", "view")
def person_get(request: HttpRequest, person_id: PersonId) -> Person:
    return queries.person_get(viewer=request.user, person_id=person_id)


@router.post(
    "/persons",
    response={201: PersonOut, **ERRORS},
    summary="Register a person",
)
@access("registry.person", "change")
def person_create(request: HttpRequest, payload: PersonIn) -> Status:
    return Status(201, actions.person_register(by=request.user, at=timezone.now(), **payload.model_dump()))


@router.patch(
    "/persons/{person_id}",
    response={200: PersonOut, **ERRORS},
    summary="Change a person's details",
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
