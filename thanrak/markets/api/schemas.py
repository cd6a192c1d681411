"""The markets API's shared types."""

import datetime as dt
from typing import Annotated, Any

from ninja import Field, Schema
from pydantic import AfterValidator, AwareDatetime, BeforeValidator

from thanrak.apikit import choice_literal, page_schema
from thanrak.commerce.models import OtopCategory
from thanrak.markets import rules
from thanrak.markets.models import BuyerKind, EventKind, MeetingStatus


def _text_only(value: Any) -> Any:
    """A date or time in a body is ISO text: pydantic would read the number 0 as 1 January 1970."""
    if isinstance(value, (int, float)):
        raise ValueError("write it as ISO text (2026-11-02, 2026-11-02T09:00:00+07:00)")
    return value


def _in_range(value: Any) -> Any:
    """Dates of markets are within this era: year 2000 to 2200 (a year 1 or 9999 is a mistake)."""
    if not 2000 <= value.year <= 2200:
        raise ValueError("give a date between the years 2000 and 2200 (C.E.)")
    return value


Day = Annotated[dt.date, BeforeValidator(_text_only), AfterValidator(_in_range)]
# A moment with its UTC offset (2026-11-21T10:00:00+07:00): a naive time could be any time zone's.
Moment = Annotated[AwareDatetime, BeforeValidator(_text_only), AfterValidator(_in_range)]
Title = Annotated[str, Field(min_length=1, max_length=200)]
AreaCode = Annotated[str, Field(pattern=r"^\d{6}(\d{2})?$")]
RowId = Annotated[int, Field(ge=1, le=2**63 - 1, strict=True)]
Satang = Annotated[int, Field(ge=0, le=10**13, strict=True)]
KindName = choice_literal(EventKind)
CategoryName = choice_literal(OtopCategory)
BuyerKindName = choice_literal(BuyerKind)
OutcomeName = choice_literal(MeetingStatus)


class PageParams(Schema):
    limit: int = Field(50, ge=1, le=500)
    offset: int = Field(0, ge=0, le=10**9)


class EventOut(Schema):
    id: int
    kind: str
    name: str
    programme_code: str
    fiscal_year: int
    organiser_id: int | None
    fund_id: int | None
    place: str
    area_code: str
    start_date: dt.date
    end_date: dt.date | None
    weekdays: list[int] = Field(description="Recurring markets: 0 = Monday … 6 = Sunday")
    slot_minutes: int

    @staticmethod
    def resolve_weekdays(obj: Any) -> list[int]:
        return rules.weekdays_of(obj.weekdays)


class EventIn(Schema):
    kind: KindName  # type: ignore[valid-type]
    name: Title
    programme_code: Annotated[str, Field(max_length=40)] = ""
    fiscal_year: Annotated[int, Field(ge=2500, le=2700, strict=True)]
    place: Title
    area_code: AreaCode
    start_date: Day
    end_date: Day | None = None
    weekdays: Annotated[list[Annotated[int, Field(ge=0, le=6, strict=True)]], Field(max_length=7)] = []
    organiser_id: RowId | None = None
    fund_id: RowId | None = None
    slot_minutes: Annotated[int, Field(ge=5, le=240, strict=True)] = 30


class BoothOut(Schema):
    id: int
    event_id: int
    label: str
    vendor_id: int
    vendor_name: str
    category: str
    pos_location_id: int | None
    fee_satang: int
    fee_state: str
    fee_paid_on: dt.date | None

    @staticmethod
    def resolve_vendor_name(obj: Any) -> str:
        return obj.vendor.name_th


class BoothIn(Schema):
    label: Annotated[str, Field(min_length=1, max_length=20)]
    vendor_id: RowId
    category: CategoryName  # type: ignore[valid-type]
    fee_satang: Satang = 0
    pos_location_id: RowId | None = None


class FeePaidIn(Schema):
    on: Day


class DayFigureOut(Schema):
    booth_id: int
    date: dt.date
    pos_satang: int
    typed_satang: int | None
    satang: int
    source: str


class DayTotal(Schema):
    date: dt.date
    satang: int


class CategoryTotal(Schema):
    category: str
    label: str
    satang: int


class VendorTotal(Schema):
    booth_id: int
    label: str
    vendor_id: int
    vendor_name: str
    pos_satang: int
    typed_satang: int
    satang: int


class TurnoverOut(Schema):
    event_id: int
    date_from: dt.date
    date_to: dt.date
    total_satang: int
    by_day: list[DayTotal]
    by_category: list[CategoryTotal]
    by_vendor: list[VendorTotal]
    days: list[DayFigureOut]


class TurnoverIn(Schema):
    booth_id: RowId
    date: Day
    amount_satang: Satang
    reason: Annotated[str, Field(max_length=200)] = ""


class TypedOut(Schema):
    id: int
    booth_id: int
    date: dt.date
    amount_satang: int
    typed_by: str
    typed_at: dt.datetime

    @staticmethod
    def resolve_typed_by(obj: Any) -> str:
        return obj.typed_by.username


class ImportOut(Schema):
    saved: int


class BuyerOut(Schema):
    id: int
    name: str
    kind: str
    area_code: str
    categories: list[str]

    @staticmethod
    def resolve_categories(obj: Any) -> list[str]:
        return sorted(i.category for i in obj.interests.all())


class BuyerIn(Schema):
    name: Title
    kind: BuyerKindName  # type: ignore[valid-type]
    categories: Annotated[list[CategoryName], Field(min_length=1, max_length=5)]  # type: ignore[valid-type]
    area_code: Annotated[str, Field(pattern=r"^(\d{2}(\d{2}){0,3})?$")] = ""
    contact: Annotated[str, Field(max_length=200)] = ""


class InterestsIn(Schema):
    categories: Annotated[list[CategoryName], Field(min_length=1, max_length=5)]  # type: ignore[valid-type]


class MeetingOut(Schema):
    id: int
    event_id: int
    buyer_id: int
    buyer_name: str
    booth_id: int
    producer_name: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    status: str
    deal_satang: int
    follow_up: str
    follow_up_on: dt.date | None
    order_number: str | None
    order_status: str | None

    @staticmethod
    def resolve_buyer_name(obj: Any) -> str:
        return obj.buyer.name

    @staticmethod
    def resolve_producer_name(obj: Any) -> str:
        return obj.booth.vendor.name_th

    @staticmethod
    def resolve_order_number(obj: Any) -> str | None:
        return obj.order.number if obj.order_id else None

    @staticmethod
    def resolve_order_status(obj: Any) -> str | None:
        return obj.order.status if obj.order_id else None


class MeetingIn(Schema):
    buyer_id: RowId
    booth_id: RowId
    starts_at: Moment


class OutcomeIn(Schema):
    status: OutcomeName  # type: ignore[valid-type]
    deal_satang: Satang = 0
    follow_up: Annotated[str, Field(max_length=300)] = ""
    follow_up_on: Day | None = None
    order_number: Annotated[str, Field(max_length=20)] = ""


class ProducerOut(Schema):
    organisation_id: int
    name: str
    area_code: str
    story: str
    shop_id: int | None
    categories: list[str]
    events: list[str]


EventPage = page_schema("MarketsEventPage", EventOut)
BoothPage = page_schema("MarketsBoothPage", BoothOut)
BuyerPage = page_schema("MarketsBuyerPage", BuyerOut)
MeetingPage = page_schema("MarketsMeetingPage", MeetingOut)
TypedPage = page_schema("MarketsTypedPage", TypedOut)


def window(rows: Any, params: PageParams) -> dict:
    return {
        "count": rows.count(),
        "limit": params.limit,
        "offset": params.offset,
        "items": list(rows[params.offset : params.offset + params.limit]),
    }
