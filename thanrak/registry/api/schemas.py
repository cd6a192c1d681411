"""What the registry's routers share: bounded text and code types, path ids, paging, references."""

from collections.abc import Callable
from typing import Annotated, Any, Literal, TypeVar

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from ninja import Field, Path, Schema
from pydantic import StringConstraints

from thanrak.apikit import MAX_ID, choice_literal
from thanrak.core.errors import DomainError
from thanrak.geo import queries as geo_queries
from thanrak.registry.models import (
    IdKind,
    MemberRole,
    OrganisationKind,
    Relation,
    Sex,
)

T = TypeVar("T")

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

IdKindName = choice_literal(IdKind)
SexName = choice_literal(Sex, "")
RelationName = choice_literal(Relation)
MemberRelationName = Literal[tuple(v for v in Relation.values if v != Relation.HEAD)]  # type: ignore[valid-type]
KindName = choice_literal(OrganisationKind)
RoleName = choice_literal(MemberRole)
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


def reference(get: Callable[..., T], field: str, **kwargs: Any) -> T:
    """A referenced row, or a 422 naming the field (not a 404: the URL itself was found)."""
    try:
        return get(**kwargs)
    except ObjectDoesNotExist as exc:
        raise UnknownReference(
            _("There is no such record in your areas."), code="such_record_your_areas", field=field
        ) from exc


def village_ref(code: str, field: str = "village_code") -> Any:
    return reference(geo_queries.area_get, field, code=code)


def window(qs: QuerySet[Any], limit: int, offset: int) -> tuple[int, list[Any]]:
    return qs.count(), list(qs[offset : offset + limit])


class PageParams(Schema):
    limit: int = Field(50, ge=1, le=200, description="Rows per page")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="Rows to skip")
