import datetime as dt
import uuid

from ninja import Schema
from ninja.params import P, QueryEx

from thanrak.apikit import choice_literal, page_schema
from thanrak.notify.models import ChannelKind, Kind, Status

Limit = QueryEx[int, P(ge=1, le=500)]
Offset = QueryEx[int, P(ge=0, le=10_000_000)]
StatusFilter = choice_literal(Status, "")
ChannelChoice = choice_literal(ChannelKind)
KindChoice = choice_literal(Kind)


class MessageOut(Schema):
    id: int
    uuid: uuid.UUID
    person_id: int
    channel: str
    to: str  # masked
    kind: str
    reason: str
    text: str
    status: str
    note: str
    attempts: int
    created_at: dt.datetime
    sent_at: dt.datetime | None


MessagePage = page_schema("NotifyMessagePage", MessageOut)


class ChannelOut(Schema):
    channel: str
    linked: bool
    to: str  # masked
    consented: bool
    consent_at: dt.datetime | None
    consent_purpose: str
    withdrawn_at: dt.datetime | None


class OwnOut(Schema):
    person_id: int
    channels: list[ChannelOut]
    kinds_on: list[str]


class ConsentIn(Schema):
    channel: ChannelChoice
    give: bool
