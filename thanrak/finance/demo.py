"""The finance demo: four funds of different kinds in Phayao with three years of history.

Built on the registry demo's organisations, through the finance actions as treasurers would record
it, month by month: the Ban Tom savings group moves off its paper books (an import of members,
balances and open loans), then saves, lends and collects every month; a Chun village fund keeps its
original million, top-up capital and members' savings in three books and lends once a year after
planting; the Mae Sai women's fund lends at 3 % flat; a welfare fund collects contributions and pays
benefits. Some borrowers pay late and some stop paying, so the arrears pages have something to show.
Month ends are run as they pass, each year is closed in January and dividends are paid into deposits.

Idempotent: a fund that already exists is left as it is.
"""

import datetime as dt
import random
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction

from thanrak.accounts.actions import user_create
from thanrak.accounts.models import User
from thanrak.accounts.roles import Role
from thanrak.core.errors import DomainError
from thanrak.core.tabular import write_csv
from thanrak.demo.logins import Login
from thanrak.finance import actions, importing
from thanrak.finance.dues import dues_on
from thanrak.finance.models import Book, BookSource, Fund, FundKind, FundMember, Loan, LoanStatus
from thanrak.finance.schedules import add_months
from thanrak.registry import actions as registry_actions
from thanrak.registry import queries as registry_queries
from thanrak.registry.models import MemberRole, Organisation, OrganisationKind, Person

BANGKOK = ZoneInfo("Asia/Bangkok")
YEARS = 3
MEETING_DAY = 5


def _password(username: str) -> str:
    from thanrak.demo.logins import password_of

    return password_of(username)


@dataclass
class LoanTerms:
    method: str
    frequency: str
    rate_bp: int
    periods: tuple[int, int]
    baht: tuple[int, int]
    new_per_month: tuple[int, int] = (0, 0)
    lending_months: tuple[int, ...] = ()  # lend only in these months (village fund: after planting)
    book: str = ""


@dataclass
class FundPlan:
    org_kind: str
    org_name: str  # exact Thai name, or "" for the first organisation of the kind under area
    area: str
    kind: str
    name_th: str
    treasurer: str
    chair: str
    bylaw: dict[str, Any]
    monthly_satang: int
    members: int
    description: str
    loans: LoanTerms | None = None
    books: list[actions.BookSpec] = field(default_factory=list)
    savings_book: str = ""
    capital: dict[str, int] = field(default_factory=dict)  # book code → satang put in at the start
    import_paper_books: bool = False
    shares_in_january: bool = False
    welfare_of: str = ""  # this welfare fund belongs to the same organisation as that fund


SAVINGS = FundPlan(
    OrganisationKind.SAVINGS_GROUP,
    "กลุ่มออมทรัพย์เพื่อการผลิตบ้านต๋อม",
    "56",
    FundKind.SAVINGS_GROUP,
    "กลุ่มออมทรัพย์เพื่อการผลิตบ้านต๋อม",
    "savings",
    "savings_chair",
    {
        "monthly_savings_satang": 10_000,
        "share_price_satang": 10_000,
        "loan_rate_bp": 1200,
        "max_loan_satang": 5_000_000,
        "max_periods": 36,
        "guarantors_required": 1,
        "guarantors_above_satang": 2_000_000,
        "penalty_rate_bp": 1200,
        "penalty_grace_days": 7,
        "penalty_cap_bp": 1000,
        "dividend_basis": "SHARES_AND_SAVINGS",
        "reserve_bp": 1000,
        "welfare_bp": 1000,
        "committee_bp": 1000,
        "public_benefit_bp": 500,
        "dividend_bp": 4500,
        "patronage_bp": 2000,
        "resolution": "มติที่ประชุมใหญ่สามัญประจำปี",
    },
    10_000,
    80,
    "เหรัญญิกกลุ่มออมทรัพย์บ้านต๋อม: บันทึกเงินออม รับชำระ ปิดบัญชีสิ้นปี",
    loans=LoanTerms("declining_principal", "monthly", 1200, (10, 24), (5_000, 30_000), new_per_month=(1, 3)),
    import_paper_books=True,
    shares_in_january=True,
)
VILLAGE = FundPlan(
    OrganisationKind.VILLAGE_FUND,
    "",
    "5602",
    FundKind.VILLAGE_FUND,
    "",
    "vf_treasurer",
    "vf_chair",
    {
        "monthly_savings_satang": 5_000,
        "share_price_satang": 10_000,
        "loan_rate_bp": 600,
        "max_loan_satang": 2_000_000,
        "max_periods": 12,
        "guarantors_required": 2,
        "guarantors_above_satang": 1_500_000,
        "penalty_rate_bp": 600,
        "penalty_grace_days": 30,
        "penalty_cap_bp": 500,
        "dividend_basis": "SHARES",
        "reserve_bp": 1500,
        "welfare_bp": 1000,
        "committee_bp": 1000,
        "public_benefit_bp": 1000,
        "dividend_bp": 3500,
        "patronage_bp": 2000,
        "resolution": "ระเบียบกองทุนหมู่บ้าน ฉบับแก้ไข",
    },
    5_000,
    60,
    "เหรัญญิกกองทุนหมู่บ้าน (อำเภอจุน): สามบัญชี เงินล้าน เพิ่มทุน เงินออม และกองทุนสวัสดิการ",
    loans=LoanTerms("bullet", "annual", 600, (1, 1), (10_000, 20_000), lending_months=(5,), book="seed"),
    books=[
        actions.BookSpec("seed", "บัญชีเงินล้าน", BookSource.SEED_CAPITAL, "Original million"),
        actions.BookSpec("topup", "บัญชีเงินเพิ่มทุน", BookSource.TOP_UP, "Top-up capital"),
        actions.BookSpec("savings", "บัญชีเงินออม", BookSource.MEMBER_SAVINGS, "Members' savings"),
    ],
    savings_book="savings",
    capital={"seed": 100_000_000, "topup": 10_000_000},
    shares_in_january=True,
)
WOMEN = FundPlan(
    OrganisationKind.WOMENS_FUND_GROUP,
    "กองทุนพัฒนาบทบาทสตรีตำบลแม่ใส",
    "56",
    FundKind.WOMENS_FUND,
    "กองทุนพัฒนาบทบาทสตรีตำบลแม่ใส",
    "women_treasurer",
    "women_chair",
    {
        "monthly_savings_satang": 2_000,
        "share_price_satang": 5_000,
        "loan_rate_bp": 300,
        "max_loan_satang": 3_000_000,
        "max_periods": 24,
        "approvals_required": 1,
        "penalty_rate_bp": 0,
        "dividend_basis": "SAVINGS",
        "reserve_bp": 2000,
        "welfare_bp": 2000,
        "committee_bp": 500,
        "public_benefit_bp": 500,
        "dividend_bp": 3000,
        "patronage_bp": 2000,
        "resolution": "ระเบียบกองทุนพัฒนาบทบาทสตรี",
    },
    2_000,
    45,
    "เหรัญญิกกองทุนพัฒนาบทบาทสตรีตำบลแม่ใส: เงินกู้ร้อยละ 3 ต่อปี",
    loans=LoanTerms("flat", "monthly", 300, (12, 12), (5_000, 20_000), new_per_month=(0, 2)),
    capital={"main": 50_000_000},
)
WELFARE = FundPlan(
    OrganisationKind.VILLAGE_FUND,
    "",
    "5602",
    FundKind.WELFARE,
    "",
    "vf_treasurer",
    "vf_chair",
    {"monthly_savings_satang": 3_000, "share_price_satang": 10_000, "resolution": "ระเบียบกองทุนสวัสดิการชุมชน"},
    3_000,
    40,
    "",
    welfare_of="village",
)


def _at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(10, 0), tzinfo=BANGKOK)


def _month_end(first: dt.date) -> dt.date:
    return add_months(first, 1) - dt.timedelta(days=1)


class Demo:
    """Everything one fund needs while its history is written month by month."""

    def __init__(
        self, plan: FundPlan, fund: Fund, treasurer: User, chair: User, rng: random.Random, today: dt.date
    ):
        self.plan, self.fund, self.treasurer, self.chair, self.rng, self.today = (
            plan,
            fund,
            treasurer,
            chair,
            rng,
            today,
        )
        self.books: dict[str, Book] = {b.code: b for b in fund.books.all()}
        self.members: list[FundMember] = []
        self.profile: dict[int, str] = {}  # member id → good / late / stops
        self.stops_after: dict[int, int] = {}
        self.paid_count: dict[int, int] = {}

    def member_profile(self, member: FundMember) -> str:
        if member.pk not in self.profile:
            roll = self.rng.random()
            self.profile[member.pk] = "good" if roll < 0.8 else "late" if roll < 0.92 else "stops"
            self.stops_after[member.pk] = self.rng.randint(1, 6)
        return self.profile[member.pk]

    # --- each month --------------------------------------------------------------------------------

    def savings(self, day: dt.date) -> None:
        kind = "CONTRIBUTION" if self.fund.kind == FundKind.WELFARE else "SAJJA"
        items = [
            actions.CollectItem(m.pk, kind, self.plan.monthly_satang)
            for m in self.members
            if m.joined_on <= day
            and self.rng.random() > (0.35 if self.member_profile(m) == "stops" else 0.06)
        ]
        if self.plan.shares_in_january and day.month == 1:
            price = self.fund.bylaws.order_by("effective_from").first().share_price_satang
            items += [
                actions.CollectItem(m.pk, "SHARES", price * self.rng.randint(1, 5))
                for m in self.members
                if self.rng.random() < 0.6
            ]
        if items:
            actions.savings_collect(
                fund=self.fund,
                items=items,
                on=day,
                by=self.treasurer,
                at=_at(day),
                book=self.books.get(self.plan.savings_book),
                key=f"demo:{day.isoformat()}",
            )

    def lend(self, day: dt.date) -> None:
        terms = self.plan.loans
        if terms is None:
            return
        if terms.lending_months:
            count = max(2, len(self.members) // 4) if day.month in terms.lending_months else 0
        else:
            count = self.rng.randint(*terms.new_per_month)
        busy = set(
            Loan.objects.filter(
                fund=self.fund, status__in=[LoanStatus.APPLIED, LoanStatus.APPROVED, LoanStatus.ACTIVE]
            ).values_list("borrower_id", flat=True)
        )
        free = [m for m in self.members if m.pk not in busy and m.joined_on <= day]
        for borrower in self.rng.sample(free, min(count, len(free))):
            self.loan(borrower, day)

    def loan(self, borrower: FundMember, day: dt.date) -> Loan | None:
        terms = self.plan.loans
        assert terms is not None
        amount = self.rng.randrange(terms.baht[0], terms.baht[1] + 1, 1000) * 100
        others = [m for m in self.members if m.pk != borrower.pk]
        try:
            loan = actions.loan_apply(
                borrower=borrower,
                principal_satang=amount,
                periods=self.rng.randint(*terms.periods),
                method=terms.method,
                frequency=terms.frequency,
                applied_on=day,
                by=self.treasurer,
                at=_at(day),
                purpose=self.rng.choice(
                    ["ซื้อปุ๋ยและเมล็ดพันธุ์", "ซ่อมแซมบ้าน", "ลงทุนค้าขาย", "ค่าเล่าเรียนบุตร", "ซื้อลูกหมูมาเลี้ยง", "ทุนทอผ้า"]
                ),
                guarantors=self.rng.sample(others, min(2, len(others))),
                book=self.books.get(terms.book),
            )
            actions.loan_decide(loan=loan, decision="APPROVE", by=self.chair, at=_at(day))
            return actions.loan_disburse(loan=loan, on=day, by=self.treasurer, at=_at(day))
        except DomainError:
            return None  # not enough cash, the chair is the borrower, an overdue loan: as in life

    def collect(self, day: dt.date) -> None:
        loans = Loan.objects.filter(fund=self.fund, status=LoanStatus.ACTIVE).select_related(
            "bylaw", "borrower"
        )
        for loan in loans:
            dues = dues_on(loan=loan, bylaw=loan.bylaw, on=day)
            if not dues.due_total_satang:
                continue
            profile = self.member_profile(loan.borrower)
            n = self.paid_count.get(loan.pk, 0)
            if profile == "stops" and n >= self.stops_after[loan.borrower_id]:
                continue
            if profile == "late" and self.rng.random() < 0.35:
                continue
            actions.loan_repay(
                loan=loan, amount_satang=dues.due_total_satang, on=day, by=self.treasurer, at=_at(day)
            )
            self.paid_count[loan.pk] = n + 1

    def welfare_benefits(self, day: dt.date) -> None:
        if self.rng.random() < 0.25 and self.members:
            member = self.rng.choice(self.members)
            reason, amount = self.rng.choice(
                [("เยี่ยมไข้นอนโรงพยาบาล", 50_000), ("ช่วยเหลืองานศพ", 300_000), ("รับขวัญเด็กแรกเกิด", 50_000)]
            )
            try:
                actions.welfare_benefit_pay(
                    member=member, amount_satang=amount, on=day, reason=reason, by=self.treasurer, at=_at(day)
                )
            except DomainError:
                pass  # not enough in the fund yet

    def year_end(self, day: dt.date) -> None:
        period_end = day.replace(month=1, day=1) - dt.timedelta(days=1)
        if period_end < self.fund.opened_on or self.fund.year_ends.filter(period_end=period_end).exists():
            return
        run = actions.year_end_post(fund=self.fund, period_end=period_end, by=self.treasurer, at=_at(day))
        actions.year_end_pay_out(run=run, on=day, to_deposits=True, by=self.treasurer, at=_at(day))
        self.fund.refresh_from_db()


# --- setting each fund up -------------------------------------------------------------------------------


def _organisation(plan: FundPlan, by: User) -> Organisation | None:
    orgs = registry_queries.organisation_list(viewer=by, kind=plan.org_kind, area_code=plan.area)
    if plan.org_name:
        return next((o for o in orgs if o.name_th == plan.org_name), None)
    return orgs.order_by("-member_count", "area_code", "id").first()


def _holder(org: Organisation, role: str) -> Person | None:
    return next(
        (m.person for m in registry_queries.organisation_members(organisation=org) if m.role == role), None
    )


def _officer(username: str, org: Organisation, role: str, *, by: User, at: dt.datetime) -> User:
    """The login of the person holding `role` in the organisation (made if missing)."""
    user = User.objects.filter(username=username).first()
    person = _holder(org, role)
    if user is None:
        user = user_create(
            username=username,
            password=_password(username),
            role=Role.ORG_OFFICER,
            first_name=person.first_name if person else username,
            last_name=person.last_name if person else "",
        )
    registry_actions.organisation_officer_assign(user=user, organisation=org, title=role, by=by)
    if person is not None and person.user_id is None and not Person.objects.filter(user=user).exists():
        registry_actions.person_account_link(person=person, user=user, by=by, at=at)
    return user


def _people(org: Organisation, limit: int, must: list[Person]) -> list[Person]:
    seen, out = set(), []
    for p in [*must, *(m.person for m in registry_queries.organisation_members(organisation=org))]:
        if p.pk not in seen and p.citizen_id and p.merged_into_id is None:
            seen.add(p.pk)
            out.append(p)
    return out[:limit]


def _paper_books(demo: Demo, people: list[Person], start: dt.date, by: User) -> None:
    """The savings group's paper ledger on the day it moved to Thanrak, imported as a file would be."""
    rng, rows = demo.rng, []
    total_savings = 0
    for n, person in enumerate(people, start=1):
        sajja = rng.randrange(3_000, 40_000, 100)
        shares = rng.randint(1, 20) * 100
        total_savings += sajja + shares
        row = [
            str(n),
            person.citizen_id,
            person.first_name,
            person.last_name,
            "",
            "",
            "",
            "",
            start.replace(year=start.year - rng.randint(1, 20)).isoformat(),
            str(sajja),
            "",
            str(shares),
        ]
        loan = ["", "", "", "", "", "", "", ""]
        if rng.random() < 0.18:
            loan = [
                f"ป{n:03d}/{start.year + 542}",
                str(rng.randrange(3_000, 20_000, 500)),
                "12",
                str(rng.randint(3, 12)),
                "declining_principal",
                "monthly",
                start.replace(day=MEETING_DAY).isoformat()
                if rng.random() < 0.9
                else (start - dt.timedelta(days=40)).isoformat(),
                "",
            ]
        rows.append(row + loan)
    data = write_csv([*importing.REQUIRED, *importing.OPTIONAL], rows)
    parsed = importing.parse(data)
    # The members' money is in the cash box, the bank and the loans out, with a little profit kept from
    # earlier years: the books open with retained earnings above zero, as a sound group's do.
    actions.fund_import(
        fund=demo.fund,
        rows=parsed,
        opening_date=start,
        cash_satang=total_savings * 100 * 35 // 100,
        bank_satang=total_savings * 100 * 62 // 100,
        by=by,
        at=_at(start),
    )


def _seed_fund(
    plan: FundPlan,
    org: Organisation,
    *,
    rng: random.Random,
    today: dt.date,
    by: User,
    extra_members: list[Person],
) -> Fund:
    start = dt.date(today.year - YEARS, 1, 1)
    treasurer = _officer(plan.treasurer, org, MemberRole.TREASURER, by=by, at=_at(start))
    chair = _officer(plan.chair, org, MemberRole.CHAIR, by=by, at=_at(start))
    name = plan.name_th or (
        f"กองทุนสวัสดิการชุมชน{org.name_th.removeprefix('กองทุนหมู่บ้าน')}"
        if plan.kind == FundKind.WELFARE
        else org.name_th
    )
    fund = actions.fund_open(
        organisation=org,
        kind=plan.kind,
        name_th=name,
        opened_on=start,
        by=by,
        at=_at(start),
        books=plan.books,
        aging_preset="BOT" if plan.kind != FundKind.WOMENS_FUND else "DAYS",
        bylaw=plan.bylaw,
    )
    demo = Demo(plan, fund, treasurer, chair, rng, today)
    people = _people(org, plan.members, extra_members)
    if plan.import_paper_books:
        _paper_books(demo, people, start, by)
    else:
        for n, person in enumerate(people, start=1):
            actions.fund_member_enrol(
                fund=fund, person=person, joined_on=start, member_no=str(n), by=by, at=_at(start)
            )
    demo.members = list(fund.members.select_related("person").order_by("pk"))
    for code, satang in plan.capital.items():
        actions.journal_post_manual(
            fund=fund,
            on=start,
            legs=[("cash", satang, 0), ("capital", 0, satang)],
            by=treasurer,
            at=_at(start),
            memo="เงินทุนจากรัฐบาล" if code == "seed" else "เงินอุดหนุนเพิ่มทุน",
            book=demo.books.get(code),
        )
    month = start
    while True:
        day = month.replace(day=MEETING_DAY)
        if day >= today:
            break
        if fund.kind == FundKind.WELFARE:
            demo.welfare_benefits(day)
        else:
            demo.collect(day)
            demo.lend(day)
        demo.savings(day)
        if month.month == 1:
            demo.year_end(day + dt.timedelta(days=5) if day + dt.timedelta(days=5) < today else day)
        end = _month_end(month)
        if end < today:
            actions.month_end_run(as_of=end, fund_ids=[fund.pk])
        month = add_months(month, 1)
    _one_restructure_and_one_correction(demo, today)
    return fund


def _one_restructure_and_one_correction(demo: Demo, today: dt.date) -> None:
    """The committee restructures one loan in trouble, and the treasurer reverses one mistaken entry."""
    day = today - dt.timedelta(days=1)
    if demo.fund.closed_through and day <= demo.fund.closed_through:
        return
    late = (
        Loan.objects.filter(
            fund=demo.fund,
            status=LoanStatus.ACTIVE,
            installments__status="OPEN",
            installments__due_date__lt=day - dt.timedelta(days=120),
        )
        .distinct()
        .first()
    )
    if late is not None and late.method != "bullet":
        try:
            actions.loan_restructure(
                loan=late,
                on=day,
                periods=24,
                first_due_date=add_months(day, 1),
                by=demo.treasurer,
                at=_at(day),
                note="มติคณะกรรมการ: ผู้กู้ประสบภัยแล้ง ขยายเวลาผ่อนชำระ",
            )
        except DomainError:
            pass
    if demo.members and demo.fund.kind != FundKind.WELFARE:
        wrong = actions.savings_deposit(
            member=demo.members[-1],
            kind="DEPOSIT",
            amount_satang=50_000,
            on=day,
            by=demo.treasurer,
            at=_at(day),
        )
        actions.journal_reverse(entry=wrong.entry, on=day, reason="บันทึกผิดคน", by=demo.treasurer, at=_at(day))


# --- the step ------------------------------------------------------------------------------------------

LOGINS = {
    "savings_chair": "ประธานกลุ่มออมทรัพย์บ้านต๋อม · chair who approves loans (maker-checker)",
    "vf_treasurer": "เหรัญญิกกองทุนหมู่บ้านและกองทุนสวัสดิการ (อำเภอจุน) · village fund and welfare fund treasurer",
    "vf_chair": "ประธานกองทุนหมู่บ้าน · village fund chair (approves loans)",
    "women_treasurer": "เหรัญญิกกองทุนพัฒนาบทบาทสตรีตำบลแม่ใส · women's fund treasurer",
    "women_chair": "ประธานกองทุนพัฒนาบทบาทสตรี · women's fund chair (approves loans)",
}


def seed(*, rng: random.Random, today: dt.date, stdout: Any) -> list[Login]:
    """Four funds with three years of history, through the actions; funds that exist are skipped."""
    by = User.objects.filter(username="phayao").first()
    if by is None:
        stdout.write("  no registry demo (user 'phayao' missing): finance demo skipped")
        return []
    member_login = Person.objects.filter(user__username="villager").first()
    made: dict[str, Fund] = {}
    for key, plan in (("savings", SAVINGS), ("village", VILLAGE), ("women", WOMEN), ("welfare", WELFARE)):
        org = (
            made[plan.welfare_of].organisation
            if plan.welfare_of and plan.welfare_of in made
            else _organisation(plan, by)
        )
        if org is None:
            stdout.write(f"  no organisation for {plan.kind}: skipped")
            continue
        existing = Fund.objects.filter(organisation=org, kind=plan.kind).first()
        if existing is not None:
            made[key] = existing
            continue
        fund_rng = random.Random(f"{rng.random()}:{key}")
        extra = [member_login] if key == "savings" and member_login is not None else []
        with transaction.atomic():
            made[key] = _seed_fund(plan, org, rng=fund_rng, today=today, by=by, extra_members=extra)
        stdout.write(
            f"  {made[key].name_th}: {made[key].members.count()} members, {made[key].loans.count()} loans"
        )
    return [Login(u, _password(u), d) for u, d in LOGINS.items() if User.objects.filter(username=u).exists()]
