"""Types and schemas several finance routers share: amounts, dates, ids, members, loans, entries."""

import datetime as dt
from typing import Annotated

from ninja import Field, Schema
from ninja.params import P, QueryEx
from pydantic import AfterValidator, WithJsonSchema

from thanrak.apikit import choice_literal
from thanrak.core.money import MAX_ABS_SATANG
from thanrak.finance import queries
from thanrak.finance.models import JournalEntry, SavingsKind

# An id in a body or a query string: at most 2**53, the largest integer every JSON reader keeps exactly
# (ids in a path are apikit.Id).
ROW_ID_MAX = 2**53
RowId = Annotated[int, Field(ge=1, le=ROW_ID_MAX)]
QueryId = QueryEx[int, P(ge=1, le=ROW_ID_MAX)]
Satang = Annotated[int, Field(ge=1, le=MAX_ABS_SATANG)]
SatangOrZero = Annotated[int, Field(ge=0, le=MAX_ABS_SATANG)]
Bp = Annotated[int, Field(ge=0, le=10_000)]
# A calendar date from 1900 to 2199. The pattern matches exactly the valid dates of those years, so
# the published schema says which dates are accepted (a bound on a date cannot be written otherwise).
DATE_PATTERN = (
    r"^(?:(?:19|20|21)[0-9]{2}-(?:(?:0[1-9]|1[0-2])-(?:0[1-9]|1[0-9]|2[0-8])|(?:0[13-9]|1[0-2])-(?:29|30)"
    r"|(?:0[13578]|1[02])-31)|(?:(?:19|20|21)(?:0[48]|[2468][048]|[13579][26])|2000)-02-29)$"
)


def _within_years(day: dt.date) -> dt.date:
    if not 1900 <= day.year <= 2199:
        raise ValueError("a date from 1900 to 2199")
    return day


Day = Annotated[
    dt.date,
    AfterValidator(_within_years),
    WithJsonSchema({"type": "string", "format": "date", "pattern": DATE_PATTERN}),
]
Key = Annotated[str, Field(max_length=80)]
Text = Annotated[str, Field(max_length=300)]
SavingsKindName = choice_literal(SavingsKind)
AreaCode = QueryEx[str, P(pattern=r"^([0-9]{2}([0-9]{2}([0-9]{2})?)?)?$", max_length=6)]
Limit = QueryEx[int, P(ge=1, le=500)]
Offset = QueryEx[int, P(ge=0, le=10_000_000)]


def pct(value: object) -> str | None:
    """A percentage (a Decimal) as the API writes it: a string, or null when there is nothing to divide."""
    return None if value is None else str(value)


class MemberOut(Schema):
    id: int
    fund_id: int
    person_id: int
    member_no: str
    name: str
    joined_on: dt.date
    left_on: dt.date | None
    status: str
    sajja_satang: int
    deposits_satang: int
    shares_satang: int
    loans_outstanding_satang: int


def member_out(row: queries.MemberRow) -> dict:
    m = row.member
    return {
        "id": m.pk,
        "fund_id": m.fund_id,
        "person_id": m.person_id,
        "member_no": m.member_no,
        "name": m.person.full_name,
        "joined_on": m.joined_on,
        "left_on": m.left_on,
        "status": m.status,
        "sajja_satang": row.balances.get("sajja", 0),
        "deposits_satang": row.balances.get("deposits", 0),
        "shares_satang": row.balances.get("shares", 0),
        "loans_outstanding_satang": row.loans_outstanding_satang,
    }


class LoanOut(Schema):
    id: int
    fund_id: int
    book_id: int
    borrower_id: int
    number: str
    purpose: str
    principal_satang: int
    annual_rate_bp: int
    periods: int
    method: str
    frequency: str
    status: str
    applied_on: dt.date
    decided_on: dt.date | None
    disbursed_on: dt.date | None
    first_due_date: dt.date | None
    closed_on: dt.date | None
    principal_repaid_satang: int
    interest_paid_satang: int
    penalty_paid_satang: int
    outstanding_satang: int
    schedule_version: int
    imported: bool


class BucketOut(Schema):
    label_th: str
    label_en: str
    min_days: int
    max_days: int | None
    loans: int
    outstanding_satang: int


class LineOut(Schema):
    account_code: str
    account_role: str
    member_id: int | None
    loan_id: int | None
    debit_satang: int
    credit_satang: int


class EntryOut(Schema):
    id: int
    fund_id: int
    book_id: int
    entry_date: dt.date
    kind: str
    memo: str
    reverses_id: int | None
    member_id: int | None
    loan_id: int | None
    lines: list[LineOut]


def entry_out(entry: JournalEntry) -> dict:
    return {
        "id": entry.pk,
        "fund_id": entry.fund_id,
        "book_id": entry.book_id,
        "entry_date": entry.entry_date,
        "kind": entry.kind,
        "memo": entry.memo,
        "reverses_id": entry.reverses_id,
        "member_id": entry.member_id,
        "loan_id": entry.loan_id,
        "lines": [
            {
                "account_code": line.account.code,
                "account_role": line.account.role,
                "member_id": line.member_id,
                "loan_id": line.loan_id,
                "debit_satang": line.debit_satang,
                "credit_satang": line.credit_satang,
            }
            for line in queries.entry_lines(entry=entry)
        ],
    }


class MemberYearEndOut(Schema):
    member_id: int
    book_id: int
    dividend_weight: int
    dividend_satang: int
    interest_paid_satang: int
    refund_satang: int
    excluded_from_refund: bool
