"""Reads of finance data. Every function takes the viewer and sees only what they may.

Books are read from the journal (as of any date); arrears from the loans' current schedules as of
the day asked; roll-ups aggregate by DOPA code prefix in a few grouped queries.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Max, Min, Q, QuerySet, Sum
from django.db.models.functions import Coalesce, Length, Substr

from thanrak.accounts.models import User
from thanrak.accounts.roles import Role
from thanrak.accounts.scope import scope_of
from thanrak.core.money import percent
from thanrak.finance import year_end_plan as plans
from thanrak.finance.chart_of_accounts import Roles
from thanrak.finance.dues import Dues, dues_on
from thanrak.finance.models import (
    DEBIT_NORMAL,
    AccountType,
    AgingBucket,
    Book,
    BylawVersion,
    Decision,
    EntryKind,
    Fund,
    FundMember,
    Installment,
    InstallmentStatus,
    JournalEntry,
    JournalLine,
    LedgerAccount,
    Loan,
    LoanDecision,
    LoanMonthEnd,
    LoanStatus,
    MemberStatus,
    MemberYearEnd,
    SavingsKind,
    SavingsMovement,
    YearEndRun,
)
from thanrak.finance.schedules import PERIODS_PER_YEAR, Frequency, InvalidSchedule, add_months, build_schedule
from thanrak.registry.models import Household, Person

SAVINGS_ROLES = (Roles.SAJJA, Roles.DEPOSITS, Roles.SHARES)


# --- funds ---------------------------------------------------------------------------------------


def fund_list(*, viewer: User, q: str = "", kind: str = "", area_code: str = "") -> QuerySet[Fund]:
    """Funds the viewer may see, with their organisation, by name."""
    qs = Fund.objects.visible_to(viewer).select_related("organisation")
    if q:
        qs = qs.filter(
            Q(name_th__icontains=q) | Q(name_en__icontains=q) | Q(organisation__name_th__icontains=q)
        )
    if kind:
        qs = qs.filter(kind=kind)
    if area_code:
        qs = qs.filter(area_code__startswith=area_code)
    return qs.order_by("area_code", "name_th")


def fund_get(*, viewer: User, fund_id: int) -> Fund:
    """One fund the viewer may see (Fund.DoesNotExist otherwise)."""
    return Fund.objects.visible_to(viewer).select_related("organisation").get(pk=fund_id)


def fund_managed(*, viewer: User, fund_id: int) -> Fund:
    """A fund whose books the viewer keeps (Fund.DoesNotExist otherwise, so others get a 404)."""
    return Fund.objects.managed_by(viewer).select_related("organisation").get(pk=fund_id)


def funds_managed(*, viewer: User) -> QuerySet[Fund]:
    return Fund.objects.managed_by(viewer).select_related("organisation").order_by("name_th")


def may_keep_books(*, viewer: User, fund: Fund) -> bool:
    return Fund.objects.managed_by(viewer).filter(pk=fund.pk).exists()


def may_set_up(*, viewer: User, fund: Fund) -> bool:
    scope = scope_of(viewer)
    if may_keep_books(viewer=viewer, fund=fund):
        return True
    return scope.role in (Role.DISTRICT_OFFICER, Role.PROVINCIAL_OFFICER) and scope.covers_area(
        fund.area_code
    )


def books_of(*, fund: Fund) -> list[Book]:
    return list(fund.books.order_by("-is_default", "id"))


def bylaw_in_force(*, fund: Fund, on: dt.date) -> BylawVersion | None:
    return fund.bylaws.filter(effective_from__lte=on).order_by("-effective_from").first()


def bylaw_history(*, fund: Fund) -> QuerySet[BylawVersion]:
    return fund.bylaws.select_related("created_by").order_by("-effective_from")


def aging_buckets(*, fund: Fund) -> list[AgingBucket]:
    return list(fund.aging_buckets.order_by("position"))


@dataclass
class FundSummary:
    fund: Fund
    cash_satang: int
    bank_satang: int
    savings_satang: dict[str, int]
    members: int
    loans_active: int
    loans_outstanding_satang: int
    overdue_principal_satang: int
    pending_approvals: int

    @property
    def savings_total_satang(self) -> int:
        return sum(self.savings_satang.values())

    @property
    def overdue_percent(self) -> Decimal | None:
        return percent(self.overdue_principal_satang, self.loans_outstanding_satang)


def fund_summary(*, fund: Fund, on: dt.date) -> FundSummary:
    """The fund at a glance from the cached account balances and its loans."""
    balances: dict[str, int] = defaultdict(int)
    for row in LedgerAccount.objects.filter(fund=fund).values("role").annotate(b=Sum("balance_satang")):
        balances[row["role"]] = row["b"] or 0
    loans = Loan.objects.filter(fund=fund, status=LoanStatus.ACTIVE).aggregate(
        n=Count("id"), out=Coalesce(Sum(F("principal_satang") - F("principal_repaid_satang")), 0)
    )
    overdue = _overdue_installments(Q(loan__fund=fund), on).aggregate(
        p=Coalesce(Sum(F("principal_satang") - F("principal_paid_satang")), 0)
    )["p"]
    return FundSummary(
        fund=fund,
        cash_satang=balances[Roles.CASH],
        bank_satang=balances[Roles.BANK],
        savings_satang={r: -balances[r] for r in SAVINGS_ROLES},
        members=fund.members.filter(status=MemberStatus.ACTIVE).count(),
        loans_active=loans["n"],
        loans_outstanding_satang=loans["out"],
        overdue_principal_satang=overdue,
        pending_approvals=Loan.objects.filter(fund=fund, status=LoanStatus.APPLIED).count(),
    )


def _overdue_installments(where: Q, on: dt.date) -> QuerySet[Installment]:
    return Installment.objects.filter(
        where,
        loan__status=LoanStatus.ACTIVE,
        status=InstallmentStatus.OPEN,
        due_date__lt=on,
        version=F("loan__schedule_version"),
    )


# --- ledger reports --------------------------------------------------------------------------------


@dataclass
class ReportRow:
    code: str
    name_th: str
    name_en: str
    type: str
    debit_satang: int  # Σ debits − Σ credits, as in the ledger
    account_id: int | None = None

    @property
    def natural_satang(self) -> int:
        """The balance in the account's normal direction."""
        return self.debit_satang if self.type in DEBIT_NORMAL else -self.debit_satang

    @property
    def debit_column(self) -> int:
        return max(self.debit_satang, 0)

    @property
    def credit_column(self) -> int:
        return max(-self.debit_satang, 0)


def _lines(fund: Fund, book: Book | None) -> QuerySet[JournalLine]:
    lines = JournalLine.objects.filter(entry__fund=fund)
    return lines.filter(entry__book=book) if book is not None else lines


def _rows(lines: QuerySet[JournalLine], *, book: Book | None) -> list[ReportRow]:
    grouped = (
        lines.values("account__code", "account__name_th", "account__name_en", "account__type")
        .annotate(d=Sum("debit_satang"), c=Sum("credit_satang"), account_id=Max("account_id"))
        .order_by("account__code")
    )
    return [
        ReportRow(
            code=r["account__code"],
            name_th=r["account__name_th"],
            name_en=r["account__name_en"],
            type=r["account__type"],
            debit_satang=r["d"] - r["c"],
            account_id=r["account_id"] if book is not None else None,
        )
        for r in grouped
        if r["d"] != r["c"]
    ]


@dataclass
class TrialBalance:
    fund: Fund
    book: Book | None
    as_of: dt.date
    rows: list[ReportRow]

    @property
    def total_debit_satang(self) -> int:
        return sum(r.debit_column for r in self.rows)

    @property
    def total_credit_satang(self) -> int:
        return sum(r.credit_column for r in self.rows)

    @property
    def balanced(self) -> bool:
        return self.total_debit_satang == self.total_credit_satang


def trial_balance(*, viewer: User, fund: Fund, as_of: dt.date, book: Book | None = None) -> TrialBalance:
    """Every account's balance from the entries dated on or before `as_of` (one book or all together)."""
    fund = fund_get(viewer=viewer, fund_id=fund.pk)
    rows = _rows(_lines(fund, book).filter(entry__entry_date__lte=as_of), book=book)
    return TrialBalance(fund=fund, book=book, as_of=as_of, rows=rows)


@dataclass
class BalanceSheet:
    fund: Fund
    book: Book | None
    as_of: dt.date
    assets: list[ReportRow]
    liabilities: list[ReportRow]
    equity: list[ReportRow]
    current_earnings_satang: int  # income − expenses not yet closed into the equity accounts

    @property
    def total_assets_satang(self) -> int:
        return sum(r.natural_satang for r in self.assets)

    @property
    def total_liabilities_satang(self) -> int:
        return sum(r.natural_satang for r in self.liabilities)

    @property
    def total_equity_satang(self) -> int:
        return sum(r.natural_satang for r in self.equity) + self.current_earnings_satang

    @property
    def balanced(self) -> bool:
        return self.total_assets_satang == self.total_liabilities_satang + self.total_equity_satang


def balance_sheet(*, viewer: User, fund: Fund, as_of: dt.date, book: Book | None = None) -> BalanceSheet:
    """Assets = liabilities + equity as of a day; this year's result shows until the year-end closes it."""
    tb = trial_balance(viewer=viewer, fund=fund, as_of=as_of, book=book)
    by_type: dict[str, list[ReportRow]] = defaultdict(list)
    for row in tb.rows:
        by_type[row.type].append(row)
    earnings = sum(r.natural_satang for r in by_type[AccountType.INCOME]) - sum(
        r.natural_satang for r in by_type[AccountType.EXPENSE]
    )
    return BalanceSheet(
        fund=tb.fund,
        book=book,
        as_of=as_of,
        assets=by_type[AccountType.ASSET],
        liabilities=by_type[AccountType.LIABILITY],
        equity=by_type[AccountType.EQUITY],
        current_earnings_satang=earnings,
    )


@dataclass
class IncomeStatement:
    fund: Fund
    book: Book | None
    start: dt.date
    end: dt.date
    income: list[ReportRow]
    expenses: list[ReportRow]

    @property
    def total_income_satang(self) -> int:
        return sum(r.natural_satang for r in self.income)

    @property
    def total_expenses_satang(self) -> int:
        return sum(r.natural_satang for r in self.expenses)

    @property
    def net_profit_satang(self) -> int:
        return self.total_income_satang - self.total_expenses_satang


def income_statement(
    *, viewer: User, fund: Fund, start: dt.date, end: dt.date, book: Book | None = None
) -> IncomeStatement:
    """Income and expenses between two days (the year-end closing entries left out)."""
    fund = fund_get(viewer=viewer, fund_id=fund.pk)
    lines = (
        _lines(fund, book)
        .filter(
            entry__entry_date__range=(start, end), account__type__in=[AccountType.INCOME, AccountType.EXPENSE]
        )
        .exclude(entry__kind=EntryKind.YEAR_END)
    )
    rows = _rows(lines, book=book)
    return IncomeStatement(
        fund=fund,
        book=book,
        start=start,
        end=end,
        income=[r for r in rows if r.type == AccountType.INCOME],
        expenses=[r for r in rows if r.type == AccountType.EXPENSE],
    )


@dataclass
class LedgerLineRow:
    line: JournalLine
    balance_satang: int  # in the account's normal direction, after this line


@dataclass
class AccountLedger:
    account: LedgerAccount
    start: dt.date
    end: dt.date
    opening_satang: int
    rows: list[LedgerLineRow]

    @property
    def closing_satang(self) -> int:
        return self.rows[-1].balance_satang if self.rows else self.opening_satang


def account_ledger(
    *, viewer: User, account_id: int, start: dt.date, end: dt.date, limit: int = 2000
) -> AccountLedger:
    """An account's lines between two days with the running balance, starting from the balance before."""
    account = LedgerAccount.objects.select_related("book", "fund").get(
        pk=account_id, fund__in=Fund.objects.visible_to(viewer).values("pk")
    )
    sign = 1 if account.normal_debit else -1
    before = JournalLine.objects.filter(account=account, entry__entry_date__lt=start).aggregate(
        d=Coalesce(Sum("debit_satang"), 0), c=Coalesce(Sum("credit_satang"), 0)
    )
    balance = sign * (before["d"] - before["c"])
    opening = balance
    rows = []
    lines = (
        JournalLine.objects.filter(account=account, entry__entry_date__range=(start, end))
        .select_related("entry", "member__person", "loan")
        .order_by("entry__entry_date", "entry_id", "id")[:limit]
    )
    for line in lines:
        balance += sign * (line.debit_satang - line.credit_satang)
        rows.append(LedgerLineRow(line=line, balance_satang=balance))
    return AccountLedger(account=account, start=start, end=end, opening_satang=opening, rows=rows)


def journal_list(
    *, viewer: User, fund: Fund, kind: str = "", book: Book | None = None
) -> QuerySet[JournalEntry]:
    """The fund's entries, newest first, for readers of its books."""
    fund = fund_get(viewer=viewer, fund_id=fund.pk)
    qs = (
        JournalEntry.objects.filter(fund=fund)
        .select_related("book", "created_by", "member__person", "loan", "reverses")
        .annotate(total=Sum("lines__debit_satang"))
        .order_by("-entry_date", "-id")
    )
    if kind:
        qs = qs.filter(kind=kind)
    if book is not None:
        qs = qs.filter(book=book)
    return qs


def entry_get(*, viewer: User, entry_id: int) -> JournalEntry:
    return (
        JournalEntry.objects.filter(fund__in=Fund.objects.visible_to(viewer).values("pk"))
        .select_related("book", "fund", "created_by", "member__person", "loan", "reverses")
        .get(pk=entry_id)
    )


def entry_lines(*, entry: JournalEntry) -> QuerySet[JournalLine]:
    return entry.lines.select_related("account", "member__person", "loan").order_by("id")


def entry_reversed_by(*, entry: JournalEntry) -> JournalEntry | None:
    return JournalEntry.objects.filter(reverses=entry).first()


def accounts_of_book(*, viewer: User, book: Book) -> QuerySet[LedgerAccount]:
    fund_get(viewer=viewer, fund_id=book.fund_id)
    return LedgerAccount.objects.filter(book=book).order_by("code")


def period_closes(*, fund: Fund) -> QuerySet:
    return fund.closes.select_related("closed_by").order_by("-closed_through")


# --- members and savings ---------------------------------------------------------------------------


@dataclass
class MemberRow:
    member: FundMember
    balances: dict[str, int] = field(default_factory=dict)  # role → satang (normal direction)
    loans_outstanding_satang: int = 0

    @property
    def savings_total_satang(self) -> int:
        return sum(self.balances.get(r, 0) for r in SAVINGS_ROLES)


def member_list(
    *, viewer: User, fund: Fund, q: str = "", status: str = MemberStatus.ACTIVE
) -> list[MemberRow]:
    """The fund's members with their savings by kind and what they owe, in four queries."""
    fund = fund_get(viewer=viewer, fund_id=fund.pk)
    members = FundMember.objects.visible_to(viewer).filter(fund=fund).select_related("person")
    if status:
        members = members.filter(status=status)
    if q:
        members = members.filter(
            Q(member_no=q) | Q(person__first_name__icontains=q) | Q(person__last_name__icontains=q)
        )
    rows = {m.pk: MemberRow(member=m) for m in members.order_by("member_no")}
    _attach_balances(rows, fund)
    return sorted(rows.values(), key=lambda r: (len(r.member.member_no), r.member.member_no))


def _attach_balances(rows: dict[int, MemberRow], fund: Fund) -> None:
    if not rows:
        return
    sums = (
        JournalLine.objects.filter(
            account__fund=fund, account__role__in=[*SAVINGS_ROLES, Roles.LOANS], member_id__in=list(rows)
        )
        .values("member_id", "account__role")
        .annotate(d=Sum("debit_satang"), c=Sum("credit_satang"))
    )
    for s in sums:
        row = rows[s["member_id"]]
        if s["account__role"] == Roles.LOANS:
            row.loans_outstanding_satang += s["d"] - s["c"]
        else:
            row.balances[s["account__role"]] = row.balances.get(s["account__role"], 0) + s["c"] - s["d"]


def member_get(*, viewer: User, member_id: int) -> FundMember:
    """A fund member the viewer may see (a member sees only themself)."""
    return (
        FundMember.objects.visible_to(viewer).select_related("person", "fund__organisation").get(pk=member_id)
    )


def person_for_enrolment(*, citizen_id: str) -> Person | None:
    """The registered person with this exact citizen ID: a treasurer enrols someone whose ID card is
    in front of them, though the registry shows officers only their own organisations' members."""
    from thanrak.core import citizen_id as cid

    try:
        digits = cid.clean(citizen_id)
    except cid.InvalidCitizenId:
        return None
    return Person.objects.active().filter(citizen_id=digits).first()


def member_loans(*, viewer: User, member: FundMember) -> QuerySet[Loan]:
    return Loan.objects.visible_to(viewer).filter(borrower=member).order_by("-applied_on", "-id")


def member_year_ends(*, viewer: User, member: FundMember) -> QuerySet[MemberYearEnd]:
    return (
        MemberYearEnd.objects.filter(
            member=member, member__in=FundMember.objects.visible_to(viewer).values("pk")
        )
        .select_related("run", "book")
        .order_by("-run__period_end")
    )


def member_row(*, member: FundMember) -> MemberRow:
    rows = {member.pk: MemberRow(member=member)}
    _attach_balances(rows, member.fund)
    return rows[member.pk]


@dataclass
class PassbookLine:
    movement: SavingsMovement
    balance_satang: int  # of this kind, after the line
    units_balance: int
    balances: dict[str, int] = field(default_factory=dict)  # every kind, after the line

    def balance_of(self, kind: str) -> int:
        return self.balances.get(kind, 0)


def passbook_kinds(lines: list[PassbookLine]) -> list[tuple[str, str]]:
    """The kinds of money in a passbook, in the bylaw's order, each with its own balance column."""
    present = {line.movement.kind for line in lines}
    return [(value, label) for value, label in SavingsKind.choices if value in present]


def passbook(*, viewer: User, member: FundMember) -> list[PassbookLine]:
    """Every deposit and withdrawal of a member in date order, with the running balance of each kind."""
    member = member_get(viewer=viewer, member_id=member.pk)
    balances: dict[str, int] = defaultdict(int)
    units = 0
    out = []
    for movement in (
        SavingsMovement.objects.filter(member=member).select_related("entry", "book").order_by("on", "id")
    ):
        balances[movement.kind] += movement.amount_satang
        if movement.kind == SavingsKind.SHARES:
            units += movement.units
        out.append(
            PassbookLine(
                movement=movement,
                balance_satang=balances[movement.kind],
                units_balance=units,
                balances=dict(balances),
            )
        )
    return out


@dataclass
class MissedRow:
    member: FundMember
    paid_satang: int
    required_satang: int

    @property
    def short_satang(self) -> int:
        return self.required_satang - self.paid_satang


def members_missed(*, viewer: User, fund: Fund, month: dt.date) -> list[MissedRow]:
    """Active members who have not paid the month's sajja savings (or welfare contribution) in full."""
    fund = fund_get(viewer=viewer, fund_id=fund.pk)
    first = month.replace(day=1)
    last = add_months(first, 1) - dt.timedelta(days=1)
    bylaw = bylaw_in_force(fund=fund, on=last) or bylaw_in_force(fund=fund, on=first)
    required = bylaw.monthly_savings_satang if bylaw else 0
    if required <= 0:
        return []
    kind = SavingsKind.CONTRIBUTION if fund.kind == "WELFARE" else SavingsKind.SAJJA
    paid = dict(
        SavingsMovement.objects.filter(fund=fund, kind=kind, for_month=first)
        .values("member_id")
        .annotate(s=Sum("amount_satang"))
        .values_list("member_id", "s")
    )
    members = (
        FundMember.objects.visible_to(viewer)
        .filter(fund=fund, status=MemberStatus.ACTIVE, joined_on__lte=last)
        .select_related("person")
        .order_by("member_no")
    )
    return [
        MissedRow(member=m, paid_satang=paid.get(m.pk, 0), required_satang=required)
        for m in members
        if paid.get(m.pk, 0) < required
    ]


def collect_sheet(*, viewer: User, fund: Fund, month: dt.date) -> list[tuple[MemberRow, int, int]]:
    """For the meeting page: each active member, what they paid for the month and the suggested amount."""
    fund = fund_managed(viewer=viewer, fund_id=fund.pk)
    first = month.replace(day=1)
    bylaw = bylaw_in_force(fund=fund, on=first) or fund.bylaws.order_by("effective_from").first()
    required = bylaw.monthly_savings_satang if bylaw else 0
    kind = SavingsKind.CONTRIBUTION if fund.kind == "WELFARE" else SavingsKind.SAJJA
    paid = dict(
        SavingsMovement.objects.filter(fund=fund, kind=kind, for_month=first)
        .values("member_id")
        .annotate(s=Sum("amount_satang"))
        .values_list("member_id", "s")
    )
    rows = member_list(viewer=viewer, fund=fund)
    return [(r, paid.get(r.member.pk, 0), max(required - paid.get(r.member.pk, 0), 0)) for r in rows]


# --- loans ---------------------------------------------------------------------------------------


def loan_list(*, viewer: User, fund: Fund, status: str = "", q: str = "") -> QuerySet[Loan]:
    fund = fund_get(viewer=viewer, fund_id=fund.pk)
    qs = Loan.objects.visible_to(viewer).filter(fund=fund).select_related("borrower__person", "book")
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(
            Q(number__icontains=q) | Q(borrower__person__first_name__icontains=q) | Q(borrower__member_no=q)
        )
    return qs.order_by("-applied_on", "-id")


def loan_get(*, viewer: User, loan_id: int) -> Loan:
    return (
        Loan.objects.visible_to(viewer)
        .select_related("fund__organisation", "borrower__person", "book", "bylaw", "recorded_by")
        .get(pk=loan_id)
    )


@dataclass
class LoanDetail:
    loan: Loan
    versions: list[tuple[int, list[Installment]]]  # newest first
    repayments: list
    decisions: list
    guarantors: list
    reschedules: list
    dues: Dues | None
    days_past_due: int


def loan_detail(*, viewer: User, loan_id: int, on: dt.date) -> LoanDetail:
    """A loan with every schedule version (old ones kept), repayments, votes and what is owed today."""
    loan = loan_get(viewer=viewer, loan_id=loan_id)
    by_version: dict[int, list[Installment]] = defaultdict(list)
    for inst in loan.installments.order_by("version", "number"):
        by_version[inst.version].append(inst)
    dues = None
    dpd = 0
    if loan.status == LoanStatus.ACTIVE:
        current = [i for i in by_version.get(loan.schedule_version, []) if i.status == InstallmentStatus.OPEN]
        dues = dues_on(loan=loan, bylaw=loan.bylaw, on=on, installments=current)
        late = [i.due_date for i in current if i.due_date < on]
        dpd = (on - min(late)).days if late else 0
    return LoanDetail(
        loan=loan,
        versions=sorted(by_version.items(), reverse=True),
        repayments=list(loan.repayments.select_related("entry").order_by("on", "id")),
        decisions=list(loan.decisions.select_related("by").order_by("at")),
        guarantors=list(loan.guarantors.select_related("member__person")),
        reschedules=list(loan.reschedules.select_related("by").order_by("at")),
        dues=dues,
        days_past_due=dpd,
    )


@dataclass
class ProposedSchedule:
    rows: list
    interest_satang: int
    total_satang: int


def loan_proposed_schedule(*, loan: Loan) -> ProposedSchedule | None:
    """The installments an application would have if paid out on the day it was applied for, so the
    committee sees what the borrower commits to before voting (None for terms that make none)."""
    step = 12 // PERIODS_PER_YEAR[Frequency(loan.frequency)]
    first = loan.first_due_date or add_months(loan.applied_on, step)
    try:
        rows = build_schedule(
            principal_satang=loan.principal_satang,
            annual_rate_bp=loan.annual_rate_bp,
            periods=loan.periods,
            method=loan.method,
            frequency=loan.frequency,
            first_due_date=first,
        )
    except InvalidSchedule:
        return None
    return ProposedSchedule(
        rows=rows,
        interest_satang=sum(i.interest_satang for i in rows),
        total_satang=sum(i.total_satang for i in rows),
    )


def loan_voters_left(*, loan: Loan) -> int:
    """How many of the fund's officers may still vote on an application: not the one who recorded it,
    not the borrower or a guarantor, not one who has voted already."""
    barred_people = [loan.borrower.person_id, *loan.guarantors.values_list("member__person_id", flat=True)]
    return (
        User.objects.filter(
            is_active=True,
            role=Role.ORG_OFFICER,
            organisation_assignments__organisation_id=loan.fund.organisation_id,
        )
        .exclude(pk=loan.recorded_by_id)
        .exclude(person__in=barred_people)
        .exclude(pk__in=LoanDecision.objects.filter(loan=loan).values("by_id"))
        .distinct()
        .count()
    )


def loan_cannot_be_approved(*, loan: Loan) -> bool:
    """True when an application waits for more approvals than the officers left who may give them."""
    if loan.status != LoanStatus.APPLIED:
        return False
    given = loan.decisions.filter(decision=Decision.APPROVE).count()
    return given + loan_voters_left(loan=loan) < loan.bylaw.approvals_required


def approvals_pending(*, viewer: User, fund: Fund | None = None) -> QuerySet[Loan]:
    """Applications waiting for a vote that this viewer may cast (not recorded by them, not yet voted)."""
    funds = Fund.objects.managed_by(viewer)
    if fund is not None:
        funds = funds.filter(pk=fund.pk)
    return (
        Loan.objects.filter(fund__in=funds.values("pk"), status=LoanStatus.APPLIED)
        .exclude(recorded_by=viewer)
        .exclude(decisions__by=viewer)
        .select_related("borrower__person", "fund")
        .order_by("applied_on", "id")
    )


def repayment_sheet(*, viewer: User, fund: Fund, on: dt.date) -> list[tuple[Loan, Dues, int]]:
    """Active loans with something due on or before `on` (for taking repayments at a meeting)."""
    fund = fund_managed(viewer=viewer, fund_id=fund.pk)
    loans = list(
        Loan.objects.filter(fund=fund, status=LoanStatus.ACTIVE)
        .select_related("borrower__person", "bylaw")
        .order_by("borrower__member_no")
    )
    installments: dict[int, list[Installment]] = defaultdict(list)
    for inst in Installment.objects.filter(
        loan__in=loans, status=InstallmentStatus.OPEN, version=F("loan__schedule_version")
    ).order_by("number"):
        installments[inst.loan_id].append(inst)
    out = []
    horizon = add_months(on, 1)
    for loan in loans:
        rows = installments.get(loan.pk, [])
        dues = dues_on(loan=loan, bylaw=loan.bylaw, on=on, installments=rows)
        next_due = dues.future[0] if dues.future and dues.future[0].due_date <= horizon else None
        suggested = dues.due_total_satang or (
            next_due.interest_due_satang + next_due.principal_due_satang if next_due else 0
        )
        if suggested:
            out.append((loan, dues, suggested))
    return out


# --- arrears -------------------------------------------------------------------------------------


@dataclass
class LoanArrears:
    loan: Loan
    days_past_due: int
    outstanding_satang: int
    overdue_principal_satang: int
    overdue_interest_satang: int
    bucket: AgingBucket | None = None
    last_paid_on: dt.date | None = None


@dataclass
class BucketRow:
    bucket: AgingBucket
    loans: int = 0
    outstanding_satang: int = 0
    total_satang: int = 0

    @property
    def share(self) -> Decimal | None:
        return percent(self.outstanding_satang, self.total_satang)


@dataclass
class ArrearsReport:
    fund: Fund
    on: dt.date
    loans: list[LoanArrears]
    buckets: list[BucketRow]

    @property
    def outstanding_satang(self) -> int:
        return sum(a.outstanding_satang for a in self.loans)

    @property
    def overdue_satang(self) -> int:
        """Principal of installments past their due date and unpaid (the seed report's 'overdue')."""
        return sum(a.overdue_principal_satang for a in self.loans)

    @property
    def not_yet_due_satang(self) -> int:
        return self.outstanding_satang - self.overdue_satang

    @property
    def overdue_percent(self) -> Decimal | None:
        return percent(self.overdue_satang, self.outstanding_satang)

    @property
    def not_yet_due_percent(self) -> Decimal | None:
        return percent(self.not_yet_due_satang, self.outstanding_satang)

    def par(self, days: int) -> Decimal | None:
        """Portfolio at risk: outstanding principal of loans more than `days` days past due ÷ all outstanding."""
        at_risk = sum(a.outstanding_satang for a in self.loans if a.days_past_due > days)
        return percent(at_risk, self.outstanding_satang)

    @property
    def par_thresholds(self) -> list[tuple[int, Decimal | None]]:
        return [(d, self.par(d)) for d in (0, 30, 90)]

    @property
    def follow_up(self) -> list[LoanArrears]:
        """The committee's list: loans past due, the longest first."""
        return sorted(
            (a for a in self.loans if a.days_past_due > 0), key=lambda a: (-a.days_past_due, a.loan.number)
        )


def arrears_report(*, viewer: User, fund: Fund, on: dt.date) -> ArrearsReport:
    """Days past due of every loan being repaid on a day, the fund's aging buckets and PAR, computed
    from the current schedules (history is in the month-end snapshots)."""
    fund = fund_get(viewer=viewer, fund_id=fund.pk)
    loans = list(
        Loan.objects.filter(fund=fund, status=LoanStatus.ACTIVE, disbursed_on__lte=on)
        .select_related("borrower__person")
        .prefetch_related("guarantors__member__person")
        .annotate(last_paid_on=Max("repayments__on", filter=Q(repayments__amount_satang__gt=0)))
    )
    overdue = {
        r["loan_id"]: r
        for r in _overdue_installments(Q(loan__fund=fund), on)
        .values("loan_id")
        .annotate(
            oldest=Min("due_date"),
            p=Sum(F("principal_satang") - F("principal_paid_satang")),
            i=Sum(F("interest_satang") - F("interest_paid_satang")),
        )
    }
    buckets = aging_buckets(fund=fund)
    rows = []
    for loan in loans:
        o = overdue.get(loan.pk)
        dpd = (on - o["oldest"]).days if o else 0
        rows.append(
            LoanArrears(
                loan=loan,
                days_past_due=dpd,
                outstanding_satang=loan.principal_satang - loan.principal_repaid_satang,
                overdue_principal_satang=o["p"] if o else 0,
                overdue_interest_satang=o["i"] if o else 0,
                bucket=bucket_for(buckets, dpd),
                last_paid_on=loan.last_paid_on,
            )
        )
    total = sum(r.outstanding_satang for r in rows)
    bucket_rows = {b.pk: BucketRow(bucket=b, total_satang=total) for b in buckets}
    for r in rows:
        if r.bucket is not None:
            br = bucket_rows[r.bucket.pk]
            br.loans += 1
            br.outstanding_satang += r.outstanding_satang
    return ArrearsReport(fund=fund, on=on, loans=rows, buckets=list(bucket_rows.values()))


def bucket_for(buckets: list[AgingBucket], days: int) -> AgingBucket | None:
    for b in buckets:
        if days >= b.min_days and (b.max_days is None or days <= b.max_days):
            return b
    return None


def arrears_history(*, viewer: User, fund: Fund, limit: int = 36) -> list[dict]:
    """Outstanding and overdue principal at each month end the set-based run recorded (oldest first)."""
    fund = fund_get(viewer=viewer, fund_id=fund.pk)
    rows = list(
        LoanMonthEnd.objects.filter(fund=fund)
        .values("as_of")
        .annotate(
            outstanding=Sum("outstanding_satang"),
            overdue=Sum("overdue_principal_satang"),
            accrued=Sum("accrued_interest_satang"),
            late=Count("id", filter=Q(days_past_due__gt=0)),
            loans=Count("id"),
        )
        .order_by("-as_of")[:limit]
    )
    for r in rows:
        r["overdue_percent"] = percent(r["overdue"], r["outstanding"])
    return list(reversed(rows))


def active_loan_count(*, viewer: User, fund: Fund) -> int:
    """How many loans of a fund are being repaid (the month end's work)."""
    fund = fund_get(viewer=viewer, fund_id=fund.pk)
    return Loan.objects.filter(fund=fund, status=LoanStatus.ACTIVE).count()


# --- year end ------------------------------------------------------------------------------------


def year_end_list(*, viewer: User, fund: Fund) -> QuerySet[YearEndRun]:
    fund = fund_get(viewer=viewer, fund_id=fund.pk)
    return fund.year_ends.order_by("-period_end")


def year_end_get(*, viewer: User, run_id: int) -> YearEndRun:
    return YearEndRun.objects.select_related("fund", "bylaw").get(
        pk=run_id, fund__in=Fund.objects.visible_to(viewer).values("pk")
    )


def year_end_members(*, viewer: User, run: YearEndRun) -> QuerySet[MemberYearEnd]:
    """Each member's dividend and refund; a member sees only their own row."""
    return (
        MemberYearEnd.objects.filter(run=run, member__in=FundMember.objects.visible_to(viewer).values("pk"))
        .select_related("member__person", "book")
        .annotate(member_no_length=Length("member__member_no"))
        .order_by("member_no_length", "member__member_no", "book_id")
    )


def year_end_preview(*, viewer: User, fund: Fund, period_end: dt.date) -> plans.YearEndPlan:
    """What closing the year would post, computed without writing anything."""
    fund = fund_managed(viewer=viewer, fund_id=fund.pk)
    return plans.year_end_plan(fund=fund, period_end=period_end)


def suggested_year_end(*, fund: Fund, today: dt.date) -> dt.date:
    """The last day of the latest fiscal year that has ended."""
    start_month = fund.fiscal_year_start_month
    year = today.year if today.month >= start_month else today.year - 1
    return dt.date(year, start_month, 1) - dt.timedelta(days=1)


# --- the member's own view ---------------------------------------------------------------------------


@dataclass
class OwnAccount:
    row: MemberRow
    loans: list[tuple[Loan, Installment | None, int]]  # loan, next open installment, days past due
    year_ends: list[MemberYearEnd]


def my_accounts(*, viewer: User, on: dt.date) -> list[OwnAccount]:
    """The viewer's own memberships: savings by kind, loans with the next installment, dividends."""
    scope = scope_of(viewer)
    if not scope.person_id:
        return []
    out = []
    for member in (
        FundMember.objects.filter(person_id=scope.person_id)
        .select_related("fund", "person")
        .order_by("fund__name_th")
    ):
        loans = []
        for loan in Loan.objects.filter(
            borrower=member, status__in=[LoanStatus.ACTIVE, LoanStatus.APPLIED, LoanStatus.APPROVED]
        ):
            open_rows = list(
                loan.installments.filter(
                    version=loan.schedule_version, status=InstallmentStatus.OPEN
                ).order_by("number")
            )
            late = [i.due_date for i in open_rows if i.due_date < on]
            loans.append((loan, open_rows[0] if open_rows else None, (on - min(late)).days if late else 0))
        year_ends = list(member.year_ends.select_related("run").order_by("-run__period_end"))
        out.append(OwnAccount(row=member_row(member=member), loans=loans, year_ends=year_ends))
    return out


# --- households and persons ------------------------------------------------------------------------


@dataclass
class HouseholdDebt:
    person: Person
    loan: Loan
    outstanding_satang: int
    days_past_due: int


def household_debts(*, viewer: User, household_id: int, on: dt.date) -> tuple[Household, list[HouseholdDebt]]:
    """The loans being repaid by the household's current members, across every fund."""
    household = Household.objects.visible_to(viewer).get(pk=household_id)
    person_ids = list(household.members.filter(left_date__isnull=True).values_list("person_id", flat=True))
    loans = list(
        Loan.objects.filter(borrower__person_id__in=person_ids, status=LoanStatus.ACTIVE)
        .select_related("fund", "borrower__person")
        .order_by("borrower__person_id", "disbursed_on")
    )
    oldest = dict(
        _overdue_installments(Q(loan__in=loans), on)
        .values("loan_id")
        .annotate(o=Min("due_date"))
        .values_list("loan_id", "o")
    )
    return household, [
        HouseholdDebt(
            person=loan.borrower.person,
            loan=loan,
            outstanding_satang=loan.principal_satang - loan.principal_repaid_satang,
            days_past_due=(on - oldest[loan.pk]).days if loan.pk in oldest else 0,
        )
        for loan in loans
    ]


def person_fund_memberships(*, viewer: User, person_id: int) -> list[MemberRow]:
    """A person's memberships of the funds the viewer may see, with balances."""
    person = Person.objects.visible_to(viewer).get(pk=person_id)
    out = []
    for member in (
        FundMember.objects.visible_to(viewer).filter(person=person).select_related("fund", "person")
    ):
        out.append(member_row(member=member))
    return out


def organisation_funds(*, viewer: User, organisation_id: int, on: dt.date) -> list[FundSummary]:
    return [
        fund_summary(fund=f, on=on)
        for f in Fund.objects.visible_to(viewer).filter(organisation_id=organisation_id).order_by("name_th")
    ]


# --- roll-ups --------------------------------------------------------------------------------------


@dataclass
class RollupRow:
    code: str
    name: str = ""
    funds: int = 0
    members: int = 0
    savings_satang: int = 0
    outstanding_satang: int = 0
    overdue_satang: int = 0

    @property
    def overdue_percent(self) -> Decimal | None:
        return percent(self.overdue_satang, self.outstanding_satang)

    @property
    def not_yet_due_satang(self) -> int:
        return self.outstanding_satang - self.overdue_satang


CHILD_LENGTH = {0: 2, 2: 4, 4: 6, 6: 8}


def rollup(*, viewer: User, area_code: str, on: dt.date) -> tuple[RollupRow, list[RollupRow]]:
    """Funds, members, savings, loans outstanding and overdue % for an area and each area under it,
    in five grouped queries over the funds the viewer may see."""
    from thanrak.geo.queries import area_names

    if area_code and len(area_code) not in CHILD_LENGTH:
        raise ValueError("roll-ups go down to subdistricts; villages are the last level")
    n = CHILD_LENGTH[len(area_code)]
    funds = Fund.objects.visible_to(viewer).filter(area_code__startswith=area_code)
    rows: dict[str, RollupRow] = {}

    def row(code: str) -> RollupRow:
        return rows.setdefault(code, RollupRow(code=code))

    def grouped(qs: QuerySet, path: str) -> QuerySet:
        return qs.annotate(child=Substr(path, 1, n)).values("child")

    for r in grouped(funds, "area_code").annotate(c=Count("id")):
        row(r["child"]).funds = r["c"]
    for r in grouped(
        FundMember.objects.filter(fund__in=funds, status=MemberStatus.ACTIVE), "fund__area_code"
    ).annotate(c=Count("id")):
        row(r["child"]).members = r["c"]
    for r in grouped(
        LedgerAccount.objects.filter(fund__in=funds, role__in=SAVINGS_ROLES), "fund__area_code"
    ).annotate(b=Sum("balance_satang")):
        row(r["child"]).savings_satang = -(r["b"] or 0)
    for r in grouped(
        Loan.objects.filter(fund__in=funds, status=LoanStatus.ACTIVE), "fund__area_code"
    ).annotate(o=Sum(F("principal_satang") - F("principal_repaid_satang"))):
        row(r["child"]).outstanding_satang = r["o"] or 0
    for r in grouped(_overdue_installments(Q(loan__fund__in=funds), on), "loan__fund__area_code").annotate(
        p=Sum(F("principal_satang") - F("principal_paid_satang"))
    ):
        row(r["child"]).overdue_satang = r["p"] or 0
    # Funds registered at a subdistrict have no village: their code is shorter than the level.
    children = [r for r in rows.values() if len(r.code) == n]
    names = area_names(codes={r.code for r in children} | ({area_code} if area_code else set()))
    for r in children:
        r.name = names.get(r.code, r.code)
    total = RollupRow(code=area_code, name=names.get(area_code, ""))
    for r in rows.values():
        total.funds += r.funds
        total.members += r.members
        total.savings_satang += r.savings_satang
        total.outstanding_satang += r.outstanding_satang
        total.overdue_satang += r.overdue_satang
    return total, sorted(children, key=lambda r: r.code)


def rollup_start(*, viewer: User) -> str:
    """Where a viewer's roll-up starts: their own area when they have exactly one, else the nation."""
    scope = scope_of(viewer)
    if scope.everything or len(scope.area_codes) != 1:
        return ""
    code = scope.area_codes[0]
    return code if len(code) in CHILD_LENGTH else code[:6]


def approvals_count(*, viewer: User) -> int:
    return approvals_pending(viewer=viewer).count()
