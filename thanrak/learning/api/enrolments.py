"""/batches/{id}/enrolments: enrolling people, the waiting list, leaving."""

from typing import Annotated

from django.http import HttpRequest
from ninja import Field, Query, Schema

from thanrak.apikit import ERRORS, AppRouter, Id, access
from thanrak.learning import actions, queries
from thanrak.learning.api.courses import _window
from thanrak.learning.api.schemas import EnrolmentOut, EnrolmentPage, PageParams
from thanrak.registry.models import Organisation, Person

router = AppRouter("learning", tags=["learning"])
PK = Annotated[int, Field(ge=1, le=2**63 - 1, strict=True)]


class EnrolIn(Schema):
    person_ids: Annotated[list[PK], Field(min_length=1, max_length=2000)]


class EnrolListIn(Schema):
    organisation_id: PK | None = None
    fund_id: PK | None = None


@router.get("/batches/{batch_id}/enrolments", response={200: EnrolmentPage, **ERRORS})
@access("learning.enrolment", "view")
def enrolment_list(request: HttpRequest, batch_id: Id, params: Query[PageParams]) -> dict:
    batch = queries.batch_get(viewer=request.user, pk=batch_id)
    return _window(queries.enrolment_list(viewer=request.user, batch=batch).order_by("pk"), params)


@router.post("/batches/{batch_id}/enrolments", response={200: list[EnrolmentOut], **ERRORS})
@access("learning.enrolment", "change")
def enrol(request: HttpRequest, batch_id: Id, payload: EnrolIn) -> list:
    """Enrol people by registry number, in order; sending the same request twice changes nothing."""
    batch = queries.batch_get(viewer=request.user, pk=batch_id)
    found = {p.pk: p for p in Person.objects.visible_to(request.user).filter(pk__in=payload.person_ids)}
    missing = [pk for pk in payload.person_ids if pk not in found]
    if missing:
        raise Person.DoesNotExist(missing[0])
    if len(payload.person_ids) == 1:
        return [actions.enrol(by=request.user, batch=batch, person=found[payload.person_ids[0]])]
    return actions.enrol_people(
        by=request.user, batch=batch, people=[found[pk] for pk in dict.fromkeys(payload.person_ids)]
    )


@router.post("/batches/{batch_id}/enrolments/list", response={200: list[EnrolmentOut], **ERRORS})
@access("learning.enrolment", "change")
def enrol_list(request: HttpRequest, batch_id: Id, payload: EnrolListIn) -> list:
    """Enrol an organisation's current members or a community fund's active members."""
    batch = queries.batch_get(viewer=request.user, pk=batch_id)
    if payload.organisation_id:
        organisation = Organisation.objects.visible_to(request.user).get(pk=payload.organisation_id)
        return actions.enrol_organisation_members(by=request.user, batch=batch, organisation=organisation)
    if payload.fund_id:
        return actions.enrol_fund_members(by=request.user, batch=batch, fund_id=payload.fund_id)
    from thanrak.learning.errors import CannotEnrol

    raise CannotEnrol("Give organisation_id or fund_id.", code="enrol_list_missing", field="organisation_id")


@router.post("/enrolments/{enrolment_id}/withdraw", response={200: list[EnrolmentOut], **ERRORS})
@access("learning.enrolment", "change")
def withdraw(request: HttpRequest, enrolment_id: Id) -> list:
    """Take the person off the batch; answers those promoted from the waiting list."""
    enrolment = queries.enrolment_get(viewer=request.user, pk=enrolment_id)
    return actions.withdraw(by=request.user, enrolment=enrolment)
