"""Moving off paper books: importing a group's members, balances and open loans on one opening day."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.accounts.scope import OutsideScope
from thanrak.core.errors import DomainError
from thanrak.core.money import format_baht
from thanrak.core.thai import format_date
from thanrak.finance import posting
from thanrak.finance.actions._common import MEMBER_ROLE_OF_KIND, _book, _bylaw_on, _sets_up
from thanrak.finance.actions.loans import _write_schedule
from thanrak.finance.actions.members import fund_member_enrol
from thanrak.finance.chart_of_accounts import Roles
from thanrak.finance.models import (
    Book,
    BylawVersion,
    EntryKind,
    Fund,
    FundMember,
    JournalEntry,
    Loan,
    LoanStatus,
    SavingsKind,
    SavingsMovement,
)
from thanrak.finance.posting import cr, dr, lock_fund
from thanrak.finance.schedules import (
    InvalidSchedule,
)
from thanrak.registry.models import Person

# --- moving off paper books ------------------------------------------------------------------------


@dataclass
class ImportResult:
    members: int
    persons_registered: int
    loans: int
    entry: JournalEntry | None


@transaction.atomic
def fund_import(
    *,
    fund: Fund,
    rows: Sequence[Any],
    opening_date: dt.date,
    cash_satang: int,
    by: User,
    at: dt.datetime,
    bank_satang: int = 0,
) -> ImportResult:
    """Bring a group's paper books in at once: members (registered in the registry when new), their
    savings, deposits and shares, their open loans with a schedule for what is left, and the cash;
    one opening entry balances it all against retained earnings. All or nothing: a problem on any
    row raises ImportRejected naming the row and column."""
    from thanrak.core.tabular import Issue
    from thanrak.finance.importing import ImportRejected

    fund = lock_fund(fund.pk)
    _sets_up(by, fund.organisation)
    posting.ensure_open(fund, opening_date)
    if not fund.can_lend and any(r.loans for r in rows):
        raise ImportRejected([Issue(None, "loan_no", _("This is a welfare fund: it does not lend."))])
    bylaw = _bylaw_on(fund, opening_date)
    book = _book(fund, None)
    enrolled, persons_registered = _enrol_rows(fund, bylaw, rows, opening_date, by=by, at=at)
    legs, movements, loans = _opening_legs(
        fund, book, bylaw, enrolled, opening_date, cash_satang, bank_satang, by=by, at=at
    )
    entry = None
    if len(legs) >= 2:
        entry = posting.post(
            fund=fund,
            book=book,
            on=opening_date,
            kind=EntryKind.OPENING,
            legs=legs,
            by=by,
            at=at,
            memo=f"ยอดยกมาจากสมุดบัญชีเดิม ณ {format_date(opening_date)}",
        )
        SavingsMovement.objects.bulk_create(
            SavingsMovement(
                fund=fund,
                book=book,
                member=m,
                kind=k,
                on=opening_date,
                amount_satang=v,
                units=u,
                entry=entry,
                for_month=None,
            )
            for m, k, v, u in movements
        )
    from thanrak.accounts.actions import audit_record
    from thanrak.accounts.models import AuditEvent

    audit_record(
        by=by,
        event=AuditEvent.IMPORT,
        at=at,
        object_type="finance.fund",
        object_id=str(fund.pk),
        area_code=fund.area_code,
        detail={"members": len(enrolled), "loans": loans, "registered": persons_registered},
    )
    return ImportResult(
        members=len(enrolled), persons_registered=persons_registered, loans=loans, entry=entry
    )


def _enrol_rows(
    fund: Fund, bylaw: BylawVersion, rows: Sequence[Any], opening_date: dt.date, *, by: User, at: dt.datetime
) -> tuple[list[tuple[Any, FundMember]], int]:
    """Enrol every row's person (registering the new ones); ImportRejected with every row's problem.
    The enrolled (row, member) pairs and how many persons were registered."""
    from thanrak.core.tabular import Issue
    from thanrak.finance.importing import ImportRejected
    from thanrak.registry.actions import person_register

    issues: list[Issue] = []
    persons_registered = 0
    enrolled: list[tuple[Any, FundMember]] = []
    for row in rows:
        person = Person.objects.filter(citizen_id=row.citizen_id, merged_into__isnull=True).first()
        try:
            with transaction.atomic():
                if person is None:
                    person = person_register(by=by, at=at, **row.person)
                    persons_registered += 1
                member = fund_member_enrol(
                    fund=fund,
                    person=person,
                    joined_on=row.joined_on or opening_date,
                    by=by,
                    at=at,
                    member_no=row.member_no,
                )
        except OutsideScope:
            issues.append(
                Issue(
                    row.row,
                    "citizen_id",
                    _(
                        "This person is not in the registry yet, and only an officer of the area "
                        "may register them."
                    ),
                )
            )
            continue
        except DomainError as exc:
            issues.append(Issue(row.row, exc.field or "citizen_id", str(exc)))
            continue
        if row.shares_satang % bylaw.share_price_satang:
            issues.append(
                Issue(
                    row.row,
                    "shares",
                    _("Shares must be whole shares of %(price)s baht."),
                    {"price": format_baht(bylaw.share_price_satang)},
                )
            )
        enrolled.append((row, member))
    if issues:
        raise ImportRejected(issues)
    return enrolled, persons_registered


def _opening_legs(
    fund: Fund,
    book: Book,
    bylaw: BylawVersion,
    enrolled: list[tuple[Any, FundMember]],
    opening_date: dt.date,
    cash_satang: int,
    bank_satang: int,
    *,
    by: User,
    at: dt.datetime,
) -> tuple[list[posting.Leg], list[tuple[FundMember, str, int, int]], int]:
    """The opening entry's legs (cash, bank, members' savings, their loans, balanced against retained
    earnings), the savings movements to record with it, and how many loans were brought over."""
    legs: list[posting.Leg] = []
    if cash_satang:
        legs.append(dr(Roles.CASH, cash_satang))
    if bank_satang:
        legs.append(dr(Roles.BANK, bank_satang))
    loans = 0
    movements: list[tuple[FundMember, str, int, int]] = []
    for row, member in enrolled:
        for kind, satang in (
            (SavingsKind.SAJJA, row.sajja_satang),
            (SavingsKind.DEPOSIT, row.deposits_satang),
            (SavingsKind.SHARES, row.shares_satang),
        ):
            if satang:
                legs.append(cr(MEMBER_ROLE_OF_KIND[kind], satang, member_id=member.pk))
                units = satang // bylaw.share_price_satang if kind == SavingsKind.SHARES else 0
                movements.append((member, kind, satang, units))
        for line_no, loan_row in row.loans:
            loan = _import_loan(fund, book, bylaw, member, loan_row, opening_date, by, at, line_no)
            legs.append(dr(Roles.LOANS, loan.principal_satang, member_id=member.pk, loan_id=loan.pk))
            loans += 1
    debits = sum(leg.debit_satang for leg in legs)
    credits = sum(leg.credit_satang for leg in legs)
    if debits > credits:
        legs.append(cr(Roles.RETAINED, debits - credits))
    elif credits > debits:
        legs.append(dr(Roles.RETAINED, credits - debits))
    return legs, movements, loans


def _import_loan(
    fund: Fund,
    book: Book,
    bylaw: BylawVersion,
    member: FundMember,
    row: Any,
    opening_date: dt.date,
    by: User,
    at: dt.datetime,
    line_no: int,
) -> Loan:
    from thanrak.core.tabular import Issue
    from thanrak.finance.importing import ImportRejected

    if Loan.objects.filter(fund=fund, number=row.number).exists():
        raise ImportRejected(
            [Issue(line_no, "loan_no", _("Loan %(no)s is already in this fund."), {"no": row.number})]
        )
    loan = Loan.objects.create(
        fund=fund,
        book=book,
        borrower=member,
        number=row.number,
        purpose="ยกมาจากสมุดบัญชีเดิม",
        principal_satang=row.outstanding_satang,
        annual_rate_bp=row.rate_bp,
        periods=row.periods,
        method=row.method,
        frequency=row.frequency,
        status=LoanStatus.ACTIVE,
        bylaw=bylaw,
        applied_on=row.disbursed_on or opening_date,
        recorded_by=by,
        decided_on=row.disbursed_on or opening_date,
        first_due_date=row.next_due_date,
        disbursed_on=opening_date,
        imported=True,
        created_at=at,
    )
    try:
        _write_schedule(
            loan,
            principal=row.outstanding_satang,
            rate=row.rate_bp,
            periods=row.periods,
            method=row.method,
            frequency=row.frequency,
            first_due_date=row.next_due_date,
            starts_on=opening_date,
        )
    except InvalidSchedule as exc:
        raise ImportRejected(
            [Issue(line_no, "loan_installments_left", _("These terms cannot make a repayment schedule."))]
        ) from exc
    loan.save(update_fields=["schedule_version"])
    return loan
