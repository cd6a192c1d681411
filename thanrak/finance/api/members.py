"""Members and their savings: enrolment, passbooks, deposits and withdrawals, collection days, welfare."""

import datetime as dt
from typing import Annotated, Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Schema
from ninja.params import P, QueryEx

from thanrak.apikit import ERRORS, AppRouter, Id, access
from thanrak.core.clientip import client_ip
from thanrak.finance import actions, queries
from thanrak.finance.api.common import fund_of
from thanrak.finance.api.schemas import (
    Day,
    EntryOut,
    Key,
    MemberOut,
    RowId,
    Satang,
    SavingsKindName,
    entry_out,
    member_out,
)
from thanrak.finance.models import MemberStatus

router = AppRouter("finance")


class EnrolIn(Schema):
    citizen_id: Annotated[str, Field(min_length=13, max_length=20)]
    joined_on: Day
    member_no: Annotated[str, Field(max_length=20)] = ""


class MovementOut(Schema):
    id: int
    member_id: int
    kind: str
    on: dt.date
    for_month: dt.date | None
    amount_satang: int
    units: int
    entry_id: int


class PassbookLineOut(MovementOut):
    balance_satang: int


class PassbookOut(Schema):
    member: MemberOut
    lines: list[PassbookLineOut]


class SavingsIn(Schema):
    direction: Literal["in", "out"] = "in"
    kind: SavingsKindName
    amount_satang: Satang
    on: Day
    for_month: Day | None = None
    idempotency_key: Key | None = None


class CollectItemIn(Schema):
    member_id: RowId
    kind: SavingsKindName = "SAJJA"
    amount_satang: Satang


class CollectIn(Schema):
    on: Day
    for_month: Day | None = None
    items: Annotated[list[CollectItemIn], Field(min_length=1, max_length=2000)]
    idempotency_key: Key | None = None


class MissedOut(Schema):
    member_id: int
    member_no: str
    name: str
    paid_satang: int
    required_satang: int


class WelfareIn(Schema):
    amount_satang: Satang
    on: Day
    reason: Annotated[str, Field(min_length=1, max_length=200)]
    idempotency_key: Key | None = None


# --- operations ---


@router.get("/funds/{fund_id}/members", response={200: list[MemberOut], **ERRORS})
@access("finance.member", "view")
def members(
    request: HttpRequest,
    fund_id: Id,
    q: QueryEx[str, P(max_length=100)] = "",
    status: Literal[(*MemberStatus.values, "")] = MemberStatus.ACTIVE.value,  # type: ignore[valid-type],
):
    """The fund's members with their savings by kind and what they owe (a member sees only themself)."""
    rows = queries.member_list(viewer=request.user, fund=fund_of(request, fund_id), q=q, status=status)
    return [member_out(r) for r in rows]


@router.post("/funds/{fund_id}/members", response={200: MemberOut, **ERRORS})
@access("finance.member", "change")
def member_enrol(request: HttpRequest, fund_id: Id, payload: EnrolIn):
    """Enrol a registered person by their citizen ID: someone the caller may see in the registry or who
    lives in the fund's area (anyone else is refused without a name); every look-up is audit-logged."""
    fund = fund_of(request, fund_id)
    member = actions.fund_member_enrol_by_citizen_id(
        fund=fund,
        citizen_id=payload.citizen_id,
        joined_on=payload.joined_on,
        member_no=payload.member_no,
        by=request.user,
        at=timezone.now(),
        ip=client_ip(request),
    )
    return member_out(queries.member_row(member=member))


@router.get("/members/{member_id}/passbook", response={200: PassbookOut, **ERRORS})
@access("finance.member", "view")
def passbook(request: HttpRequest, member_id: Id):
    """A member's movements in date order with the running balance of each kind."""
    member = queries.member_get(viewer=request.user, member_id=member_id)
    lines = queries.passbook(viewer=request.user, member=member)
    return {
        "member": member_out(queries.member_row(member=member)),
        "lines": [
            {
                **{
                    f: getattr(line.movement, f)
                    for f in (
                        "id",
                        "member_id",
                        "kind",
                        "on",
                        "for_month",
                        "amount_satang",
                        "units",
                        "entry_id",
                    )
                },
                "balance_satang": line.balance_satang,
            }
            for line in lines
        ],
    }


@router.post("/members/{member_id}/savings", response={200: MovementOut, **ERRORS})
@access("finance.savings", "change")
def savings_record(request: HttpRequest, member_id: Id, payload: SavingsIn):
    """A deposit (sajja savings, deposit, shares, welfare contribution) or a withdrawal, \
as the bylaw allows."""
    member = queries.member_get(viewer=request.user, member_id=member_id)
    if payload.direction == "in":
        return actions.savings_deposit(
            member=member,
            kind=payload.kind,
            amount_satang=payload.amount_satang,
            on=payload.on,
            for_month=payload.for_month,
            by=request.user,
            at=timezone.now(),
            key=payload.idempotency_key,
        )
    return actions.savings_withdraw(
        member=member,
        kind=payload.kind,
        amount_satang=payload.amount_satang,
        on=payload.on,
        by=request.user,
        at=timezone.now(),
        key=payload.idempotency_key,
    )


@router.post("/funds/{fund_id}/savings/collect", response={200: list[MovementOut], **ERRORS})
@access("finance.savings", "change")
def savings_collect(request: HttpRequest, fund_id: Id, payload: CollectIn):
    """A meeting's savings for many members at once: all or nothing."""
    fund = fund_of(request, fund_id)
    items = [actions.CollectItem(i.member_id, i.kind, i.amount_satang) for i in payload.items]
    return actions.savings_collect(
        fund=fund,
        items=items,
        on=payload.on,
        for_month=payload.for_month,
        by=request.user,
        at=timezone.now(),
        key=payload.idempotency_key,
    )


@router.get("/funds/{fund_id}/savings/missed", response={200: list[MissedOut], **ERRORS})
@access("finance.savings", "view")
def savings_missed(request: HttpRequest, fund_id: Id, month: Day | None = None):
    """Active members who have not paid the month's savings in full."""
    rows = queries.members_missed(
        viewer=request.user, fund=fund_of(request, fund_id), month=month or timezone.localdate()
    )
    return [
        {
            "member_id": r.member.pk,
            "member_no": r.member.member_no,
            "name": r.member.person.full_name,
            "paid_satang": r.paid_satang,
            "required_satang": r.required_satang,
        }
        for r in rows
    ]


@router.post("/members/{member_id}/welfare", response={200: EntryOut, **ERRORS})
@access("finance.savings", "change")
def welfare_pay(request: HttpRequest, member_id: Id, payload: WelfareIn):
    """Pay a welfare benefit (a welfare fund's expense, or from another fund's welfare reserve)."""
    member = queries.member_get(viewer=request.user, member_id=member_id)
    entry = actions.welfare_benefit_pay(
        member=member,
        amount_satang=payload.amount_satang,
        on=payload.on,
        reason=payload.reason,
        by=request.user,
        at=timezone.now(),
        key=payload.idempotency_key,
    )
    return entry_out(entry)
