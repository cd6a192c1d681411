"""Importing a group's paper books, area roll-ups, the member's own accounts and a household's debts."""

import datetime as dt

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja import File, Form, Schema, Status
from ninja.files import UploadedFile
from ninja.params import FormEx, P

from thanrak.apikit import ERRORS, AppRouter, Error, Id, access
from thanrak.core.money import MAX_ABS_SATANG
from thanrak.finance import actions, importing, queries
from thanrak.finance.api.common import fund_of
from thanrak.finance.api.schemas import AreaCode, Day, LoanOut, MemberOut, MemberYearEndOut, member_out, pct

router = AppRouter("finance")


class ImportOut(Schema):
    members: int
    persons_registered: int
    loans: int
    entry_id: int | None


class RollupRowOut(Schema):
    code: str
    name: str
    funds: int
    members: int
    savings_satang: int
    outstanding_satang: int
    not_yet_due_satang: int
    overdue_satang: int
    overdue_percent: str | None


class RollupOut(Schema):
    total: RollupRowOut
    children: list[RollupRowOut]


class OwnLoanOut(Schema):
    loan: LoanOut
    next_due_date: dt.date | None
    next_due_satang: int | None
    days_past_due: int


class OwnAccountOut(Schema):
    member: MemberOut
    fund_name: str
    loans: list[OwnLoanOut]
    year_ends: list[MemberYearEndOut]


class HouseholdDebtOut(Schema):
    person_id: int
    name: str
    fund_id: int
    fund_name: str
    loan_id: int
    number: str
    outstanding_satang: int
    days_past_due: int


def _rollup_row(r: queries.RollupRow) -> dict:
    return {
        "code": r.code,
        "name": r.name,
        "funds": r.funds,
        "members": r.members,
        "savings_satang": r.savings_satang,
        "outstanding_satang": r.outstanding_satang,
        "not_yet_due_satang": r.not_yet_due_satang,
        "overdue_satang": r.overdue_satang,
        "overdue_percent": pct(r.overdue_percent),
    }


# --- operations ---


@router.post("/funds/{fund_id}/import", response={200: ImportOut, **ERRORS})
@access("finance.member", "import")
def fund_import(
    request: HttpRequest,
    fund_id: Id,
    opening_date: Form[Day],
    cash_satang: FormEx[int, P(ge=0, le=MAX_ABS_SATANG)],
    bank_satang: FormEx[int, P(ge=0, le=MAX_ABS_SATANG)] = 0,
    file: File[UploadedFile | None] = None,
):
    """Bring a group's paper books in from CSV or XLSX, all or nothing; \
a 422 lists each row and column at fault."""
    fund = fund_of(request, fund_id)
    try:
        rows = importing.parse(file if file is not None else b"", max_bytes=settings.THANRAK_MAX_IMPORT_BYTES)
        result = actions.fund_import(
            fund=fund,
            rows=rows,
            opening_date=opening_date,
            cash_satang=cash_satang,
            bank_satang=bank_satang,
            by=request.user,
            at=timezone.now(),
        )
    except importing.ImportRejected as exc:
        errors = [
            {"field": f"row {i.row}: {i.column}" if i.row else (i.column or ""), "message": i.en}
            for i in exc.issues
        ]
        return Status(422, Error(detail=exc.issues[0].en, field=errors[0]["field"], errors=errors))
    return {
        "members": result.members,
        "persons_registered": result.persons_registered,
        "loans": result.loans,
        "entry_id": result.entry.pk if result.entry else None,
    }


@router.get("/rollup", response={200: RollupOut, **ERRORS})
@access("finance.rollup", "view")
def rollup(request: HttpRequest, area: AreaCode = ""):
    """Funds, members, savings, loans outstanding and overdue % for an area and each area under it."""
    from thanrak.accounts.scope import scope_of

    scope = scope_of(request.user)
    if area and not scope.covers_area(area) and not any(a.startswith(area) for a in scope.area_codes):
        raise PermissionError("outside the caller's areas")
    total, children = queries.rollup(viewer=request.user, area_code=area, on=timezone.localdate())
    return {"total": _rollup_row(total), "children": [_rollup_row(r) for r in children]}


@router.get("/me", response={200: list[OwnAccountOut], **ERRORS})
@access("finance.own", "view")
def my_accounts(request: HttpRequest):
    """The caller's own memberships: savings by kind, loans with the next installment, dividends."""
    out = []
    for a in queries.my_accounts(viewer=request.user, on=timezone.localdate()):
        out.append(
            {
                "member": member_out(a.row),
                "fund_name": a.row.member.fund.name_th,
                "loans": [
                    {
                        "loan": loan,
                        "next_due_date": nxt.due_date if nxt else None,
                        "next_due_satang": nxt.principal_due_satang + nxt.interest_due_satang
                        if nxt
                        else None,
                        "days_past_due": dpd,
                    }
                    for loan, nxt, dpd in a.loans
                ],
                "year_ends": a.year_ends,
            }
        )
    return out


@router.get("/households/{household_id}/debts", response={200: list[HouseholdDebtOut], **ERRORS})
@access("finance.household_debts", "view")
def household_debts(request: HttpRequest, household_id: Id):
    """A household's loans being repaid, across every fund."""
    _household, debts = queries.household_debts(
        viewer=request.user, household_id=household_id, on=timezone.localdate()
    )
    return [
        {
            "person_id": d.person.pk,
            "name": d.person.full_name,
            "fund_id": d.loan.fund_id,
            "fund_name": d.loan.fund.name_th,
            "loan_id": d.loan.pk,
            "number": d.loan.number,
            "outstanding_satang": d.outstanding_satang,
            "days_past_due": d.days_past_due,
        }
        for d in debts
    ]
