"""The only code that writes finance data. Every action is keyword-only, atomic and durable.

Postings lock the fund's row first (then the loan's), so two treasurers recording at the same
moment are serialised, the idempotency key is checked under the lock and the books always
balance. A request repeated with the same key returns what the first one did.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import F, Max, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.accounts.roles import Role
from thanrak.accounts.scope import OutsideScope, scope_of
from thanrak.core.errors import DomainError
from thanrak.core.money import MAX_ABS_SATANG, MAX_ENTRY_SATANG, format_baht
from thanrak.core.thai import be_year, format_date, format_month
from thanrak.finance import ledger
from thanrak.finance.chart import MANUAL_ROLES, STANDARD_CHART, Roles
from thanrak.finance.dues import dues_on, open_installments
from thanrak.finance.ledger import CannotPost, cr, dr, lock_fund
from thanrak.finance.models import (
    AgingBucket,
    AgingPreset,
    Book,
    BookSource,
    BylawVersion,
    Decision,
    DividendBasis,
    EntryKind,
    Fund,
    FundKind,
    FundMember,
    Installment,
    InstallmentStatus,
    JournalEntry,
    JournalLine,
    LedgerAccount,
    Loan,
    LoanDecision,
    LoanGuarantor,
    LoanMonthEnd,
    LoanReschedule,
    LoanStatus,
    MemberStatus,
    MemberYearEnd,
    PeriodClose,
    Repayment,
    RepaymentAllocation,
    RescheduleReason,
    Rounding,
    SavingsKind,
    SavingsMovement,
    YearEndRun,
)
from thanrak.finance.schedules import (
    MAX_PERIODS,
    PERIODS_PER_YEAR,
    Frequency,
    InvalidSchedule,
    Method,
    add_months,
    build_schedule,
)
from thanrak.finance.yearend import ALLOCATION_FIELDS, CannotCloseYear, year_end_plan
from thanrak.registry.models import MemberRole, Membership, Organisation, Person


class NotYourFund(OutsideScope):
    """The user does not keep this fund's books."""


class CannotOpenFund(DomainError):
    """The fund's details break a rule."""


class CannotChangeBylaw(DomainError):
    """A bylaw value is out of range, or the change would rewrite closed books."""


class CannotEnrol(DomainError):
    """The person cannot join (or leave) the fund."""


class CannotSave(DomainError):
    """A deposit or withdrawal breaks the bylaw or the balance."""


class CannotApplyForLoan(DomainError):
    """A loan application breaks the bylaw (welfare fund, too large, missing guarantors…)."""


class CannotDecideLoan(DomainError):
    """The vote is not allowed (own loan, own recording, already decided)."""


class CannotDisburseLoan(DomainError):
    """The loan cannot be paid out now."""


class CannotRepayLoan(DomainError):
    """The repayment cannot be taken (closed loan, more than is owed…)."""


class CannotRestructureLoan(DomainError):
    """The loan cannot be given a new schedule."""


class CannotReverse(DomainError):
    """The entry cannot be reversed."""


class CannotClosePeriod(DomainError):
    """The period cannot be closed on that day."""


MEMBER_ROLE_OF_KIND = {
    SavingsKind.SAJJA: Roles.SAJJA,
    SavingsKind.DEPOSIT: Roles.DEPOSITS,
    SavingsKind.SHARES: Roles.SHARES,
    SavingsKind.CONTRIBUTION: Roles.CONTRIBUTION_INCOME,
}


# --- who may ---------------------------------------------------------------------------------------


def _keeps_books(by: User, fund: Fund) -> None:
    """Day-to-day postings: officers of the fund's organisation and the national manager."""
    scope = scope_of(by)
    if scope.everything:
        return
    if scope.role == Role.ORG_OFFICER and fund.organisation_id in scope.organisation_ids:
        return
    raise NotYourFund(f"fund {fund.pk}")


def _sets_up(by: User, organisation: Organisation) -> None:
    """Setting a fund up (opening, bylaws, members, imports): its officers and the area's officers."""
    scope = scope_of(by)
    if scope.everything:
        return
    if scope.role == Role.ORG_OFFICER and organisation.pk in scope.organisation_ids:
        return
    if scope.role in (Role.DISTRICT_OFFICER, Role.PROVINCIAL_OFFICER) and scope.covers_area(
        organisation.area_code
    ):
        return
    raise NotYourFund(f"organisation {organisation.pk}")


# --- small checks ---------------------------------------------------------------------------------


def _key(key: str | None) -> str | None:
    key = (key or "").strip()
    return key[:80] or None


def _positive(amount: Any, field: str = "amount") -> int:
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise CannotSave(
            _("The amount must be a whole number of satang."), code="amount_whole_number_satang", field=field
        )
    if amount <= 0:
        raise CannotSave(_("The amount must be more than zero."), code="amount_not_positive", field=field)
    if amount > MAX_ENTRY_SATANG:
        raise CannotSave(
            _("The amount is too large: at most %(max)s baht."),
            code="amount_too_large_most",
            field=field,
            params={"max": format_baht(MAX_ENTRY_SATANG)},
        )
    return amount


def _not_future(on: dt.date, at: dt.datetime) -> None:
    """Money is recorded on the day it changed hands, which cannot be after today in Bangkok."""
    if on > timezone.localdate(at):
        raise CannotSave(
            _("%(date)s is after today: record money on the day it was paid."),
            code="today_record_money_day",
            field="on",
            params={"date": format_date(on)},
        )


def _replayed(fund: Fund, key: str | None) -> JournalEntry | None:
    """The entry an earlier request with the same key made (the fund is locked)."""
    if not key:
        return None
    return JournalEntry.objects.filter(fund=fund, idempotency_key=key).first()


def _bylaw_on(fund: Fund, on: dt.date) -> BylawVersion:
    found = fund.bylaws.filter(effective_from__lte=on).order_by("-effective_from").first()
    if found is None:
        raise CannotChangeBylaw(
            _("The fund has no bylaw in force on %(date)s."),
            code="fund_bylaw_force",
            field="on",
            params={"date": format_date(on)},
        )
    return found


def _book(fund: Fund, book: Book | None) -> Book:
    if book is None:
        # The default book and its accounts in one query (the posting code reads them from the book).
        accounts = list(LedgerAccount.objects.filter(fund=fund, book__is_default=True).select_related("book"))
        if not accounts:
            return fund.books.get(is_default=True)
        default = accounts[0].book
        default._accounts_by_role = {a.role: a for a in accounts if a.role}  # type: ignore[attr-defined]
        return default
    if book.fund_id != fund.pk:
        raise CannotPost(
            _("This book belongs to another fund."), code="book_belongs_another_fund", field="book"
        )
    return book


def _active_member(fund: Fund, member: FundMember, error: type[DomainError] = CannotSave) -> FundMember:
    member = FundMember.objects.select_related("person").get(pk=member.pk)
    if member.fund_id != fund.pk:
        raise error(_("This person is not a member of this fund."), field="member")
    if member.status != MemberStatus.ACTIVE:
        raise error(
            _("%(name)s has left the fund."), field="member", params={"name": member.person.full_name}
        )
    return member


# --- funds, books, bylaws ------------------------------------------------------------------------


@dataclass(frozen=True)
class BookSpec:
    code: str
    name_th: str
    source: str = BookSource.GENERAL
    name_en: str = ""


DEFAULT_BOOK = BookSpec("main", "บัญชีหลัก", BookSource.GENERAL, "Main book")

BYLAW_FIELDS = (
    "share_price_satang",
    "max_shares",
    "monthly_savings_satang",
    "savings_withdrawable",
    "loan_rate_bp",
    "max_loan_satang",
    "max_periods",
    "guarantors_required",
    "guarantors_above_satang",
    "approvals_required",
    "penalty_rate_bp",
    "penalty_grace_days",
    "penalty_cap_bp",
    "rounding",
    "reserve_bp",
    "welfare_bp",
    "committee_bp",
    "public_benefit_bp",
    "dividend_bp",
    "patronage_bp",
    "dividend_basis",
    "dividend_cap_bp",
    "patronage_excludes_arrears",
    "resolution",
)
_BP_FIELDS = (
    "loan_rate_bp",
    "penalty_rate_bp",
    "penalty_cap_bp",
    "reserve_bp",
    "welfare_bp",
    "committee_bp",
    "public_benefit_bp",
    "dividend_bp",
    "patronage_bp",
    "dividend_cap_bp",
)
_SATANG_FIELDS = (
    "share_price_satang",
    "monthly_savings_satang",
    "max_loan_satang",
    "guarantors_above_satang",
)
_COUNT_FIELDS = (
    "max_shares",
    "max_periods",
    "guarantors_required",
    "approvals_required",
    "penalty_grace_days",
)


def _clean_bylaw(values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    for name in _BP_FIELDS:
        v = out[name]
        if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= 10_000:
            raise CannotChangeBylaw(
                _("A rate must be between 0 and 10,000 basis points (0–100 %)."),
                code="rate_between_basis_points",
                field=name,
            )
    for name in _SATANG_FIELDS:
        v = out[name]
        if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= MAX_ABS_SATANG:
            raise CannotChangeBylaw(_("An amount must be zero or more."), code="amount_negative", field=name)
    for name in _COUNT_FIELDS:
        v = out[name]
        if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= 32_000:
            raise CannotChangeBylaw(_("A count must be zero or more."), code="count_zero", field=name)
    if out["share_price_satang"] <= 0:
        raise CannotChangeBylaw(
            _("A share must cost more than zero."), code="share_cost_zero", field="share_price_satang"
        )
    if out["approvals_required"] < 1:
        raise CannotChangeBylaw(
            _("At least one committee approval is needed for a loan."),
            code="least_committee_approval_needed",
            field="approvals_required",
        )
    if not 1 <= out["max_periods"] <= MAX_PERIODS:
        raise CannotChangeBylaw(
            _("The most installments must be between 1 and %(n)s."),
            code="most_installments_between",
            field="max_periods",
            params={"n": MAX_PERIODS},
        )
    if sum(out[f] for f in ALLOCATION_FIELDS) > 10_000:
        raise CannotChangeBylaw(
            _("The year-end shares add up to more than the whole profit."),
            code="year_end_shares_add",
            field="dividend_bp",
        )
    if out["rounding"] not in Rounding.values:
        raise CannotChangeBylaw(_("Unknown rounding."), code="unknown_rounding", field="rounding")
    if out["dividend_basis"] not in DividendBasis.values:
        raise CannotChangeBylaw(
            _("Unknown dividend basis."), code="unknown_dividend_basis", field="dividend_basis"
        )
    out["savings_withdrawable"] = bool(out["savings_withdrawable"])
    out["patronage_excludes_arrears"] = bool(out["patronage_excludes_arrears"])
    out["resolution"] = " ".join(str(out.get("resolution") or "").split())[:200]
    return out


def _bylaw_defaults() -> dict[str, Any]:
    return {f: BylawVersion._meta.get_field(f).get_default() for f in BYLAW_FIELDS}


def _create_book(fund: Fund, spec: BookSpec, *, is_default: bool) -> Book:
    code = (spec.code or "").strip().lower()
    if not code or not code.replace("-", "").replace("_", "").isalnum() or len(code) > 20:
        raise CannotOpenFund(
            _("A book code is up to 20 letters, digits or dashes."),
            code="book_code_up_letters",
            field="books",
        )
    if not spec.name_th.strip():
        raise CannotOpenFund(_("Every book needs a Thai name."), code="every_book_needs_thai", field="books")
    if spec.source not in BookSource.values:
        raise CannotOpenFund(_("Unknown money source."), code="unknown_money_source", field="books")
    if fund.books.filter(code=code).exists():
        raise CannotOpenFund(
            _("The fund already has a book with this code."), code="fund_already_book_code", field="books"
        )
    book = Book.objects.create(
        fund=fund,
        code=code,
        name_th=spec.name_th.strip(),
        name_en=spec.name_en.strip(),
        source=spec.source,
        is_default=is_default,
    )
    LedgerAccount.objects.bulk_create(
        LedgerAccount(
            fund=fund,
            book=book,
            code=t.code,
            name_th=t.name_th,
            name_en=t.name_en,
            type=t.type,
            role=t.role,
            per_member=t.per_member,
            no_negative=t.no_negative,
        )
        for t in STANDARD_CHART
    )
    return book


@transaction.atomic
def fund_open(
    *,
    organisation: Organisation,
    kind: str,
    name_th: str,
    opened_on: dt.date,
    by: User,
    at: dt.datetime,
    name_en: str = "",
    fiscal_year_start_month: int = 1,
    books: Sequence[BookSpec] = (),
    aging_preset: str = AgingPreset.BOT,
    bylaw: dict[str, Any] | None = None,
    accrual_basis: bool = False,
) -> Fund:
    """Open a fund for an organisation: its books with the standard chart, arrears buckets and first bylaw."""
    _sets_up(by, organisation)
    if kind not in FundKind.values:
        raise CannotOpenFund(_("Choose the kind of fund."), code="choose_kind_fund", field="kind")
    name_th = " ".join((name_th or "").split())
    if not name_th:
        raise CannotOpenFund(_("The Thai name is required."), code="thai_name_required", field="name_th")
    if not organisation.is_active:
        raise CannotOpenFund(
            _("The organisation is no longer active."),
            code="organisation_longer_active",
            field="organisation",
        )
    if Fund.objects.filter(organisation=organisation, name_th=name_th).exists():
        raise CannotOpenFund(
            _("This organisation already has a fund with this name."),
            code="organisation_already_fund_name",
            field="name_th",
        )
    if not isinstance(fiscal_year_start_month, int) or not 1 <= fiscal_year_start_month <= 12:
        raise CannotOpenFund(
            _("The fiscal year starts in a month from 1 to 12."),
            code="fiscal_year_starts_month",
            field="fiscal_year_start_month",
        )
    if opened_on > timezone.localdate(at):
        raise CannotOpenFund(
            _("The opening date is in the future."), code="opening_date_future", field="opened_on"
        )
    if aging_preset not in AgingPreset.values or aging_preset == AgingPreset.CUSTOM:
        raise CannotOpenFund(
            _("Choose a preset for the arrears buckets."),
            code="choose_preset_arrears_buckets",
            field="aging_preset",
        )
    values = _bylaw_defaults()
    values.update({k: v for k, v in (bylaw or {}).items() if k in BYLAW_FIELDS})
    values = _clean_bylaw(values)
    fund = Fund.objects.create(
        organisation=organisation,
        kind=kind,
        name_th=name_th,
        name_en=(name_en or "").strip(),
        area_code=organisation.area_code,
        can_lend=kind != FundKind.WELFARE,
        fiscal_year_start_month=fiscal_year_start_month,
        opened_on=opened_on,
        aging_preset=aging_preset,
        accrual_basis=bool(accrual_basis) and kind != FundKind.WELFARE,
        created_at=at,
    )
    specs = list(books) or [
        BookSpec(
            "main",
            "บัญชีหลัก",
            BookSource.WELFARE if kind == FundKind.WELFARE else BookSource.GENERAL,
            "Main book",
        )
    ]
    for i, spec in enumerate(specs):
        _create_book(fund, spec, is_default=i == 0)
    _set_buckets(fund, AGING_PRESETS[aging_preset])
    BylawVersion.objects.create(fund=fund, effective_from=opened_on, created_by=by, created_at=at, **values)
    return fund


@transaction.atomic
def book_add(*, fund: Fund, spec: BookSpec, by: User, at: dt.datetime) -> Book:
    """Keep another money source apart in its own book (its own chart, entries and balance)."""
    fund = lock_fund(fund.pk)
    _sets_up(by, fund.organisation)
    return _create_book(fund, spec, is_default=False)


@transaction.atomic
def fund_basis_set(*, fund: Fund, accrual_basis: bool, by: User, at: dt.datetime) -> Fund:
    """Keep loan interest on a cash basis (income when paid) or an accrual basis (also booked as earned at
    each month end). Switching back to cash basis unwinds what is accrued at the next month end."""
    fund = lock_fund(fund.pk)
    _sets_up(by, fund.organisation)
    if accrual_basis and not fund.can_lend:
        raise CannotChangeBylaw(
            _("A fund that does not lend has no interest to accrue."),
            code="fund_does_lend_interest",
            field="accrual_basis",
        )
    fund.accrual_basis = bool(accrual_basis)
    fund.save(update_fields=["accrual_basis"])
    return fund


@transaction.atomic
def bylaw_amend(
    *, fund: Fund, effective_from: dt.date, by: User, at: dt.datetime, **changes: Any
) -> BylawVersion:
    """A new version of the bylaw from a date; earlier versions stay for the loans made under them."""
    fund = lock_fund(fund.pk)
    _sets_up(by, fund.organisation)
    unknown = set(changes) - set(BYLAW_FIELDS)
    if unknown:
        raise CannotChangeBylaw(
            _("Unknown bylaw field."), code="unknown_bylaw_field", field=sorted(unknown)[0]
        )
    if fund.closed_through and effective_from <= fund.closed_through:
        raise CannotChangeBylaw(
            _("The books are closed through %(date)s: a new bylaw must start after that."),
            code="books_closed_through_new",
            field="effective_from",
            params={"date": format_date(fund.closed_through)},
        )
    if effective_from < fund.opened_on:
        raise CannotChangeBylaw(
            _("A bylaw cannot start before the fund opened."),
            code="bylaw_start_fund_opened",
            field="effective_from",
        )
    if fund.bylaws.filter(effective_from=effective_from).exists():
        raise CannotChangeBylaw(
            _("A version already starts on this day."),
            code="version_already_starts_day",
            field="effective_from",
        )
    previous = _bylaw_on(fund, effective_from)
    values = {f: getattr(previous, f) for f in BYLAW_FIELDS}
    values.update(changes)
    values = _clean_bylaw(values)
    # Like a trap door: the rounding rule changes only when a fiscal year starts.
    if values["rounding"] != previous.rounding and (
        effective_from.day != 1 or effective_from.month != fund.fiscal_year_start_month
    ):
        raise CannotChangeBylaw(
            _("The rounding rule may change only from the first day of a fiscal year."),
            code="rounding_rule_may_change",
            field="rounding",
        )
    later = fund.bylaws.filter(effective_from__gt=effective_from).exists()
    if later:
        raise CannotChangeBylaw(
            _("A later version already exists: amend from after it."),
            code="later_version_already_exists",
            field="effective_from",
        )
    return BylawVersion.objects.create(
        fund=fund, effective_from=effective_from, created_by=by, created_at=at, **values
    )


# Bands of days past due: (label_th, label_en, min_days, max_days or None for "and over").
AGING_PRESETS: dict[str, list[tuple[str, str, int, int | None]]] = {
    AgingPreset.BOT: [
        ("ปกติ", "Normal", 0, 30),
        ("กล่าวถึงเป็นพิเศษ", "Special mention", 31, 90),
        ("ต่ำกว่ามาตรฐาน", "Substandard", 91, 180),
        ("สงสัย", "Doubtful", 181, 365),
        ("สงสัยจะสูญ", "Doubtful of loss", 366, None),
    ],
    AgingPreset.DAYS: [
        ("ไม่ค้างชำระ", "Not overdue", 0, 0),
        ("1–30 วัน", "1–30 days", 1, 30),
        ("31–90 วัน", "31–90 days", 31, 90),
        ("91–180 วัน", "91–180 days", 91, 180),
        ("181–365 วัน", "181–365 days", 181, 365),
        ("เกิน 365 วัน", "Over 365 days", 366, None),
    ],
    AgingPreset.TFRS9: [
        ("ชั้นที่ 1 ปกติ", "Stage 1 performing", 0, 30),
        ("ชั้นที่ 2 ความเสี่ยงเพิ่มขึ้น", "Stage 2 under-performing", 31, 89),
        ("ชั้นที่ 3 ด้อยคุณภาพ", "Stage 3 non-performing", 90, None),
    ],
}


def _set_buckets(fund: Fund, bands: Sequence[tuple[str, str, int, int | None]]) -> None:
    fund.aging_buckets.all().delete()
    AgingBucket.objects.bulk_create(
        AgingBucket(fund=fund, position=i, label_th=th, label_en=en, min_days=lo, max_days=hi)
        for i, (th, en, lo, hi) in enumerate(bands)
    )


@transaction.atomic
def aging_buckets_set(
    *, fund: Fund, by: User, preset: str, bands: Sequence[tuple[str, str, int, int | None]] = ()
) -> Fund:
    """Use a preset of arrears buckets, or the fund's own bands (from 0 days, no gaps, the last open-ended)."""
    fund = lock_fund(fund.pk)
    _sets_up(by, fund.organisation)
    if preset == AgingPreset.CUSTOM:
        bands = list(bands)
        if not bands:
            raise CannotChangeBylaw(
                _("Give at least one band of days."), code="give_least_band_days", field="bands"
            )
        expected = 0
        for i, (th, _en, lo, hi) in enumerate(bands):
            if not str(th).strip():
                raise CannotChangeBylaw(
                    _("Every band needs a name."), code="every_band_needs_name", field=f"bands.{i}"
                )
            if lo != expected:
                raise CannotChangeBylaw(
                    _("Band %(n)s must start at %(days)s days (no gaps, no overlaps)."),
                    code="band_start_days_gaps",
                    field=f"bands.{i}",
                    params={"n": i + 1, "days": expected},
                )
            last = i == len(bands) - 1
            if last != (hi is None):
                raise CannotChangeBylaw(
                    _("Only the last band is open-ended."), code="last_band_open_ended", field=f"bands.{i}"
                )
            if hi is not None:
                if hi < lo:
                    raise CannotChangeBylaw(
                        _("A band ends before it starts."), code="band_ends_starts", field=f"bands.{i}"
                    )
                expected = hi + 1
        _set_buckets(
            fund, [(str(th).strip(), str(en).strip() or str(th).strip(), lo, hi) for th, en, lo, hi in bands]
        )
    elif preset in AGING_PRESETS:
        _set_buckets(fund, AGING_PRESETS[preset])
    else:
        raise CannotChangeBylaw(_("Unknown preset."), code="unknown_preset", field="preset")
    fund.aging_preset = preset
    fund.save(update_fields=["aging_preset"])
    return fund


# --- members -------------------------------------------------------------------------------------


NOT_IN_THE_FUNDS_AREA = _(
    "No one with this citizen ID is registered in the fund's area: ask the district officer to register "
    "them, or to enrol them if they live elsewhere."
)


def _ensure_may_enrol(by: User, organisation: Organisation, person: Person) -> None:
    """A citizen ID typed in reaches only people the officer may see in the registry or who live in
    the fund's area, as the registry's own add-member does; the refusal names no one."""
    if Person.objects.visible_to(by).filter(pk=person.pk).exists():
        return
    if organisation.area_code and (person.area_code or "").startswith(organisation.area_code):
        return
    raise CannotEnrol(NOT_IN_THE_FUNDS_AREA, field="citizen_id")


@transaction.atomic
def citizen_id_lookup_for_enrolment(
    *, fund: Fund, citizen_id: str, by: User, at: dt.datetime, ip: str | None = None
) -> Person | None:
    """The registered person with this citizen ID, for an officer enrolling the holder of an ID card;
    every look-up is audit-logged (in the person's area when found), whether or not it finds anyone."""
    from thanrak.accounts.actions import audit_record
    from thanrak.accounts.models import AuditEvent
    from thanrak.finance.queries import person_for_enrolment

    _sets_up(by, fund.organisation)
    person = person_for_enrolment(citizen_id=citizen_id)
    audit_record(
        by=by,
        event=AuditEvent.LOOKUP_CITIZEN_ID,
        at=at,
        object_type="registry.person",
        object_id=str(person.pk) if person else "",
        area_code=person.area_code if person else fund.area_code,
        detail={"fund": fund.pk, "found": person is not None},
        ip=ip,
    )
    return person


def fund_member_enrol_by_citizen_id(
    *,
    fund: Fund,
    citizen_id: str,
    joined_on: dt.date,
    by: User,
    at: dt.datetime,
    member_no: str = "",
    ip: str | None = None,
) -> FundMember:
    """Enrol the holder of an ID card: the look-up is audit-logged (and stays logged when the
    enrolment is refused); someone the officer may not enrol is refused without a name."""
    person = citizen_id_lookup_for_enrolment(fund=fund, citizen_id=citizen_id, by=by, at=at, ip=ip)
    if person is None:
        raise CannotEnrol(NOT_IN_THE_FUNDS_AREA, field="citizen_id")
    return fund_member_enrol(fund=fund, person=person, joined_on=joined_on, member_no=member_no, by=by, at=at)


@transaction.atomic
def fund_member_enrol(
    *, fund: Fund, person: Person, joined_on: dt.date, by: User, at: dt.datetime, member_no: str = ""
) -> FundMember:
    """Enrol a registered person (also as a member of the fund's organisation in the registry);
    only someone the officer may see in the registry or who lives in the fund's area."""
    fund = lock_fund(fund.pk)
    _sets_up(by, fund.organisation)
    _ensure_may_enrol(by, fund.organisation, person)
    if person.merged_into_id:
        raise CannotEnrol(
            _("This person's record was merged into another."),
            code="person_record_merged_another",
            field="person",
        )
    existing = FundMember.objects.filter(fund=fund, person=person).first()
    if existing is not None:
        raise CannotEnrol(
            _("%(name)s is already member %(no)s of this fund."),
            code="already_member_fund",
            field="person",
            params={"name": person.full_name, "no": existing.member_no},
        )
    if joined_on > timezone.localdate(at):
        raise CannotEnrol(
            _("The joining date is in the future."), code="joining_date_future", field="joined_on"
        )
    member_no = " ".join((member_no or "").split())
    if member_no:
        if len(member_no) > 20:
            raise CannotEnrol(
                _("A member number has at most 20 characters."),
                code="member_number_most_characters",
                field="member_no",
            )
        if FundMember.objects.filter(fund=fund, member_no=member_no).exists():
            raise CannotEnrol(
                _("Member number %(no)s is taken."),
                code="member_number_taken",
                field="member_no",
                params={"no": member_no},
            )
    else:
        member_no = _next_member_no(fund)
    if not Membership.objects.filter(
        person=person, organisation_id=fund.organisation_id, end_date__isnull=True
    ).exists():
        from thanrak.registry.actions import membership_add

        membership_add(
            organisation=fund.organisation,
            person=person,
            by=by,
            start_date=min(joined_on, timezone.localdate(at)),
            role=MemberRole.MEMBER,
        )
    return FundMember.objects.create(
        fund=fund, person=person, member_no=member_no, joined_on=joined_on, created_at=at
    )


def _next_member_no(fund: Fund) -> str:
    numbers = [int(n) for n in fund.members.values_list("member_no", flat=True) if n.isdigit()]
    candidate = (max(numbers) if numbers else 0) + 1
    while fund.members.filter(member_no=str(candidate)).exists():
        candidate += 1
    return str(candidate)


@transaction.atomic
def fund_member_leave(
    *, member: FundMember, on: dt.date, by: User, at: dt.datetime, key: str | None = None
) -> FundMember:
    """A member leaves: everything they hold (savings, deposits, shares, unpaid dividends) is paid back in cash."""
    fund = lock_fund(member.fund_id)
    _keeps_books(by, fund)
    member = FundMember.objects.select_for_update().select_related("person").get(pk=member.pk)
    if member.status == MemberStatus.LEFT:
        return member
    if Loan.objects.filter(
        borrower=member, status__in=[LoanStatus.APPLIED, LoanStatus.APPROVED, LoanStatus.ACTIVE]
    ).exists():
        raise CannotEnrol(
            _("A member with a loan that is not closed cannot leave."),
            code="member_loan_closed_leave",
            field="member",
        )
    if LoanGuarantor.objects.filter(member=member, loan__status=LoanStatus.ACTIVE).exists():
        raise CannotEnrol(
            _("This member guarantees a loan that is still being repaid."),
            code="member_guarantees_loan_still",
            field="member",
        )
    key = _key(key)
    for book in fund.books.all():
        legs, movements = [], []
        for role, kind in (
            (Roles.SAJJA, SavingsKind.SAJJA),
            (Roles.DEPOSITS, SavingsKind.DEPOSIT),
            (Roles.SHARES, SavingsKind.SHARES),
            (Roles.DIVIDENDS_PAYABLE, None),
            (Roles.REFUNDS_PAYABLE, None),
        ):
            balance = ledger.member_balance(book=book, role=role, member_id=member.pk)
            if balance > 0:
                legs.append(dr(role, balance, member_id=member.pk))
                if kind:
                    movements.append((kind, balance))
        if not legs:
            continue
        total = sum(leg.debit_satang for leg in legs)
        entry = ledger.post(
            fund=fund,
            book=book,
            on=on,
            kind=EntryKind.SAVINGS,
            legs=[*legs, cr(Roles.CASH, total)],
            by=by,
            at=at,
            memo=f"ลาออก: {member.person.full_name}",
            key=f"{key}:{book.pk}" if key else None,
            member_id=member.pk,
        )
        for kind, balance in movements:
            units = -_share_units(book, member) if kind == SavingsKind.SHARES else 0
            SavingsMovement.objects.create(
                fund=fund,
                book=book,
                member=member,
                kind=kind,
                on=on,
                amount_satang=-balance,
                units=units,
                entry=entry,
            )
    member.left_on = on
    member.status = MemberStatus.LEFT
    member.save(update_fields=["left_on", "status"])
    return member


def _share_units(book: Book, member: FundMember) -> int:
    return (
        SavingsMovement.objects.filter(book=book, member=member, kind=SavingsKind.SHARES).aggregate(
            u=Sum("units")
        )["u"]
        or 0
    )


# --- savings -------------------------------------------------------------------------------------


@dataclass
class _Deposit:
    member: FundMember
    kind: str
    amount_satang: int
    units: int
    for_month: dt.date | None
    legs: list[ledger.Leg]
    memo: str


def _check_deposit(
    *,
    member: FundMember,
    kind: str,
    amount_satang: int,
    on: dt.date,
    for_month: dt.date | None,
    bylaw: BylawVersion,
    units_held: int,
    sajja_paid: dict[tuple[int, dt.date], int] | None = None,
) -> _Deposit:
    """What a deposit of one kind would post, or a refusal (bylaw, amount, membership, a month's sajja
    already paid in full)."""
    if kind not in SavingsKind.values:
        raise CannotSave(_("Unknown kind of savings."), code="unknown_kind_savings", field="kind")
    _positive(amount_satang)
    if member.status != MemberStatus.ACTIVE:
        raise CannotSave(
            _("%(name)s has left the fund."),
            code="left_fund",
            field="member",
            params={"name": member.person.full_name},
        )
    units = 0
    if kind == SavingsKind.SHARES:
        price = bylaw.share_price_satang
        if amount_satang % price:
            raise CannotSave(
                _("Shares are bought whole, at %(price)s baht each."),
                code="shares_bought_whole_baht",
                field="amount",
                params={"price": format_baht(price)},
            )
        units = amount_satang // price
        if bylaw.max_shares and units_held + units > bylaw.max_shares:
            raise CannotSave(
                _("A member may hold at most %(n)s shares."),
                code="member_may_hold_most",
                field="amount",
                params={"n": bylaw.max_shares},
            )
    if kind in (SavingsKind.SAJJA, SavingsKind.CONTRIBUTION):
        for_month = (for_month or on).replace(day=1)
    else:
        for_month = None
    if kind == SavingsKind.SAJJA and bylaw.monthly_savings_satang > 0 and for_month is not None:
        paid = (sajja_paid or {}).get((member.pk, for_month), 0)
        if paid >= bylaw.monthly_savings_satang:
            raise CannotSave(
                _(
                    "%(name)s has already paid the sajja savings for %(month)s in full (%(paid)s baht). "
                    "Choose another month, or record extra money as a deposit."
                ),
                code="already_paid_sajja_savings",
                field="for_month",
                params={
                    "name": member.person.full_name,
                    "paid": format_baht(paid),
                    "month": format_month(for_month.year, for_month.month),
                },
            )
    role = MEMBER_ROLE_OF_KIND[SavingsKind(kind)]
    return _Deposit(
        member=member,
        kind=kind,
        amount_satang=amount_satang,
        units=units,
        for_month=for_month,
        legs=[dr(Roles.CASH, amount_satang), cr(role, amount_satang, member_id=member.pk)],
        memo=f"{SavingsKind(kind).label}: {member.person.full_name}",
    )


def _sajja_paid(fund: Fund, member_ids: Sequence[int], month: dt.date) -> dict[tuple[int, dt.date], int]:
    """What each member has paid (net of reversals) as sajja savings for a month."""
    rows = (
        SavingsMovement.objects.filter(
            fund=fund, member_id__in=list(member_ids), kind=SavingsKind.SAJJA, for_month=month.replace(day=1)
        )
        .values("member_id")
        .annotate(paid=Sum("amount_satang"))
    )
    return {(r["member_id"], month.replace(day=1)): r["paid"] or 0 for r in rows}


def _movement(fund: Fund, book: Book, d: _Deposit, on: dt.date, entry: JournalEntry) -> SavingsMovement:
    return SavingsMovement(
        fund=fund,
        book=book,
        member=d.member,
        kind=d.kind,
        on=on,
        for_month=d.for_month,
        amount_satang=d.amount_satang,
        units=d.units,
        entry=entry,
    )


@transaction.atomic
def savings_deposit(
    *,
    member: FundMember,
    kind: str,
    amount_satang: int,
    on: dt.date,
    by: User,
    at: dt.datetime,
    key: str | None = None,
    for_month: dt.date | None = None,
    book: Book | None = None,
) -> SavingsMovement:
    """A member pays in monthly sajja savings, a deposit, shares or a welfare contribution (cash in)."""
    fund = lock_fund(member.fund_id)
    _keeps_books(by, fund)
    _not_future(on, at)
    key = _key(key)
    if (prior := _replayed(fund, key)) is not None:
        movement = prior.savings_movements.first()
        if movement is None:
            raise CannotSave(
                _("This request key was already used for something else."),
                code="request_key_already_used",
                field="idempotency_key",
            )
        return movement
    book = _book(fund, book)
    member = _active_member(fund, member)
    d = _check_deposit(
        member=member,
        kind=kind,
        amount_satang=amount_satang,
        on=on,
        for_month=for_month,
        bylaw=_bylaw_on(fund, on),
        units_held=_share_units(book, member) if kind == SavingsKind.SHARES else 0,
        sajja_paid=_sajja_paid(fund, [member.pk], for_month or on) if kind == SavingsKind.SAJJA else None,
    )
    entry = ledger.post(
        fund=fund,
        book=book,
        on=on,
        kind=EntryKind.SAVINGS,
        by=by,
        at=at,
        key=key,
        member_id=member.pk,
        legs=d.legs,
        memo=d.memo,
    )
    movement = _movement(fund, book, d, on, entry)
    movement.save()
    return movement


@dataclass(frozen=True)
class CollectItem:
    member_id: int
    kind: str
    amount_satang: int


@transaction.atomic
def savings_collect(
    *,
    fund: Fund,
    items: Sequence[CollectItem],
    on: dt.date,
    by: User,
    at: dt.datetime,
    key: str | None = None,
    for_month: dt.date | None = None,
    book: Book | None = None,
) -> list[SavingsMovement]:
    """Record a meeting's savings for many members at once: all or nothing, one entry per member and
    kind, written in a few statements. With a key, items already recorded under it are not recorded again."""
    fund = lock_fund(fund.pk)
    _keeps_books(by, fund)
    _not_future(on, at)
    book = _book(fund, book)
    key = _key(key)
    bylaw = _bylaw_on(fund, on)
    members = {
        m.pk: m
        for m in FundMember.objects.filter(fund=fund, pk__in=[i.member_id for i in items]).select_related(
            "person"
        )
    }
    keys = [f"{key}:{i.member_id}:{i.kind}" if key else None for i in items]
    done = {
        m.entry.idempotency_key: m
        for m in SavingsMovement.objects.filter(
            fund=fund, entry__idempotency_key__in=[k for k in keys if k]
        ).select_related("entry")
    }
    units_held: dict[int, int] = defaultdict(int)
    if any(i.kind == SavingsKind.SHARES for i in items):
        for row in (
            SavingsMovement.objects.filter(book=book, kind=SavingsKind.SHARES, member_id__in=list(members))
            .values("member_id")
            .annotate(u=Sum("units"))
        ):
            units_held[row["member_id"]] = row["u"] or 0
    sajja_paid = (
        _sajja_paid(fund, list(members), for_month or on)
        if any(i.kind == SavingsKind.SAJJA for i in items)
        else {}
    )
    seen: set[tuple[int, str]] = set()
    kept, deposits, postings = [], [], []
    for n, (item, item_key) in enumerate(zip(items, keys, strict=True)):
        member = members.get(item.member_id)
        if member is None:
            raise CannotSave(
                _("Row %(n)s: not a member of this fund."),
                code="member_fund",
                field=f"items.{n}.member_id",
                params={"n": n + 1},
            )
        if (item.member_id, item.kind) in seen:
            raise CannotSave(
                _("Row %(n)s: this member appears twice."),
                code="member_appears_twice",
                field=f"items.{n}.member_id",
                params={"n": n + 1},
            )
        seen.add((item.member_id, item.kind))
        if item_key in done:
            kept.append(done[item_key])
            continue
        try:
            d = _check_deposit(
                member=member,
                kind=item.kind,
                amount_satang=item.amount_satang,
                on=on,
                for_month=for_month,
                bylaw=bylaw,
                units_held=units_held[member.pk],
                sajja_paid=sajja_paid,
            )
        except DomainError as exc:
            raise CannotSave(
                _("%(member)s: %(reason)s"),
                code=exc.code,
                field=f"items.{n}.{exc.field or 'amount'}",
                params={"member": f"{member.member_no} {member.person.full_name}", "reason": str(exc)},
            ) from exc
        units_held[member.pk] += d.units
        deposits.append(d)
        postings.append(
            ledger.Posting(
                on=on, kind=EntryKind.SAVINGS, legs=d.legs, memo=d.memo, key=item_key, member_id=member.pk
            )
        )
    entries = ledger.post_many(fund=fund, book=book, postings=postings, by=by, at=at)
    made = SavingsMovement.objects.bulk_create(
        _movement(fund, book, d, on, e) for d, e in zip(deposits, entries, strict=True)
    )
    return kept + made


@transaction.atomic
def savings_withdraw(
    *,
    member: FundMember,
    kind: str,
    amount_satang: int,
    on: dt.date,
    by: User,
    at: dt.datetime,
    key: str | None = None,
    book: Book | None = None,
) -> SavingsMovement:
    """A member takes money out, as the bylaw allows and never more than they hold or the fund has in cash."""
    fund = lock_fund(member.fund_id)
    _keeps_books(by, fund)
    _not_future(on, at)
    key = _key(key)
    if (prior := _replayed(fund, key)) is not None:
        movement = prior.savings_movements.first()
        if movement is None:
            raise CannotSave(
                _("This request key was already used for something else."),
                code="request_key_already_used",
                field="idempotency_key",
            )
        return movement
    book = _book(fund, book)
    _positive(amount_satang)
    member = _active_member(fund, member)
    bylaw = _bylaw_on(fund, on)
    if kind == SavingsKind.SHARES:
        raise CannotSave(
            _("Shares are paid back only when a member leaves the fund."),
            code="shares_paid_back_when",
            field="kind",
        )
    if kind == SavingsKind.CONTRIBUTION:
        raise CannotSave(
            _("Welfare contributions are not paid back."),
            code="welfare_contributions_paid_back",
            field="kind",
        )
    if kind == SavingsKind.SAJJA and not bylaw.savings_withdrawable:
        raise CannotSave(
            _("The bylaw does not allow sajja savings to be withdrawn while a member."),
            code="bylaw_does_allow_sajja",
            field="kind",
        )
    if kind not in (SavingsKind.SAJJA, SavingsKind.DEPOSIT):
        raise CannotSave(_("Unknown kind of savings."), code="unknown_kind_savings", field="kind")
    role = MEMBER_ROLE_OF_KIND[SavingsKind(kind)]
    balance = ledger.member_balance(book=book, role=role, member_id=member.pk)
    if amount_satang > balance:
        raise CannotSave(
            _("%(name)s has only %(balance)s baht of this kind."),
            code="baht_kind",
            field="amount",
            params={"name": member.person.full_name, "balance": format_baht(balance)},
        )
    entry = ledger.post(
        fund=fund,
        book=book,
        on=on,
        kind=EntryKind.SAVINGS,
        by=by,
        at=at,
        key=key,
        member_id=member.pk,
        legs=[dr(role, amount_satang, member_id=member.pk), cr(Roles.CASH, amount_satang)],
        memo=f"ถอน{SavingsKind(kind).label}: {member.person.full_name}",
    )
    return SavingsMovement.objects.create(
        fund=fund, book=book, member=member, kind=kind, on=on, amount_satang=-amount_satang, entry=entry
    )


@transaction.atomic
def welfare_benefit_pay(
    *,
    member: FundMember,
    amount_satang: int,
    on: dt.date,
    reason: str,
    by: User,
    at: dt.datetime,
    key: str | None = None,
) -> JournalEntry:
    """Pay a member a welfare benefit: an expense of a welfare fund, or drawn from another fund's welfare reserve."""
    fund = lock_fund(member.fund_id)
    _keeps_books(by, fund)
    _not_future(on, at)
    key = _key(key)
    if (prior := _replayed(fund, key)) is not None:
        return prior
    _positive(amount_satang)
    member = _active_member(fund, member)
    reason = " ".join((reason or "").split())
    if not reason:
        raise CannotSave(_("Say what the benefit is for."), code="say_what_benefit", field="reason")
    book = _book(fund, None)
    if fund.kind == FundKind.WELFARE:
        debit = dr(Roles.WELFARE_EXPENSE, amount_satang, member_id=member.pk)
    else:
        reserve = ledger.accounts_of(book)[Roles.WELFARE_RESERVE]
        reserve.refresh_from_db(fields=["balance_satang"])
        if reserve.natural_balance_satang < amount_satang:
            raise CannotSave(
                _("The welfare reserve holds only %(balance)s baht."),
                code="welfare_reserve_holds_baht",
                field="amount",
                params={"balance": format_baht(reserve.natural_balance_satang)},
            )
        debit = dr(Roles.WELFARE_RESERVE, amount_satang, member_id=member.pk)
    return ledger.post(
        fund=fund,
        book=book,
        on=on,
        kind=EntryKind.WELFARE,
        by=by,
        at=at,
        key=key,
        member_id=member.pk,
        legs=[debit, cr(Roles.CASH, amount_satang)],
        memo=f"{reason}: {member.person.full_name}",
    )


# --- ledger: manual entries, reversals, closing ----------------------------------------------------


@transaction.atomic
def journal_post_manual(
    *,
    fund: Fund,
    on: dt.date,
    legs: Sequence[tuple[str, int, int]],
    memo: str,
    by: User,
    at: dt.datetime,
    key: str | None = None,
    book: Book | None = None,
) -> JournalEntry:
    """Record an entry the other actions do not cover (expenses, bank transfers, grants) by account role."""
    fund = lock_fund(fund.pk)
    _keeps_books(by, fund)
    key = _key(key)
    if (prior := _replayed(fund, key)) is not None:
        return prior
    memo = " ".join((memo or "").split())
    if not memo:
        raise CannotPost(_("Describe the entry."), code="describe_entry", field="memo")
    built = []
    for n, (role, debit, credit) in enumerate(legs):
        if role not in MANUAL_ROLES:
            raise CannotPost(
                _("Line %(n)s: this account is posted by its own form (savings, loans, year end)."),
                code="account_posted_own_form",
                field=f"legs.{n}.role",
                params={"n": n + 1},
            )
        built.append(ledger.Leg(role, debit_satang=debit, credit_satang=credit))
    debited = {leg.role for leg in built if leg.debit_satang}
    book = _book(fund, book)
    if same := sorted(debited & {leg.role for leg in built if leg.credit_satang}):
        names = ledger.accounts_of(book)
        raise CannotPost(
            _(
                "An entry cannot debit and credit the same account (%(account)s): choose two different accounts."
            ),
            code="entry_debit_credit_same",
            field="credit_role",
            params={"account": ", ".join(names[r].name_th if r in names else r for r in same)},
        )
    return ledger.post(
        fund=fund,
        book=book,
        on=on,
        kind=EntryKind.MANUAL,
        legs=built,
        by=by,
        at=at,
        memo=memo,
        key=key,
    )


# An accrual is corrected by the next month's adjusting entry, not by hand.
NOT_REVERSIBLE = (
    EntryKind.OPENING,
    EntryKind.YEAR_END,
    EntryKind.PAYOUT,
    EntryKind.REVERSAL,
    EntryKind.ACCRUAL,
)


@transaction.atomic
def journal_reverse(
    *, entry: JournalEntry, on: dt.date, reason: str, by: User, at: dt.datetime, key: str | None = None
) -> JournalEntry:
    """Correct an entry by posting its mirror image today; what it did to savings or a loan is undone too."""
    fund = lock_fund(entry.fund_id)
    _keeps_books(by, fund)
    key = _key(key)
    if (prior := _replayed(fund, key)) is not None:
        return prior
    entry = JournalEntry.objects.select_related("book").get(pk=entry.pk)
    reason = " ".join((reason or "").split())
    if not reason:
        raise CannotReverse(
            _("Say why the entry is reversed."), code="say_why_entry_reversed", field="reason"
        )
    if JournalEntry.objects.filter(reverses=entry).exists():
        raise CannotReverse(_("This entry has already been reversed."), code="entry_already_reversed")
    if entry.kind in NOT_REVERSIBLE:
        raise CannotReverse(
            _("A %(kind)s entry cannot be reversed; record a new entry instead."),
            code="entry_reversed_record_new",
            params={"kind": EntryKind(entry.kind).label},
        )
    if on < entry.entry_date:
        raise CannotReverse(
            _("A reversal cannot be dated before the entry it reverses."),
            code="reversal_dated_entry_reverses",
            field="on",
        )
    if entry.kind == EntryKind.SAVINGS:
        _undo_savings(fund, entry)
    elif entry.kind == EntryKind.LOAN_DISBURSE:
        _undo_disbursement(entry, on=on, by=by, at=at)
    elif entry.kind == EntryKind.LOAN_REPAY:
        _undo_repayment(entry)
    reversal = ledger.post(
        fund=fund,
        book=entry.book,
        on=on,
        kind=EntryKind.REVERSAL,
        legs=ledger.reversing_legs(entry),
        by=by,
        at=at,
        memo=f"กลับรายการ #{entry.pk}: {reason}",
        key=key,
        member_id=entry.member_id,
        loan_id=entry.loan_id,
        reverses=entry,
    )
    for movement in entry.savings_movements.all():
        SavingsMovement.objects.create(
            fund=fund,
            book=movement.book,
            member=movement.member,
            kind=movement.kind,
            on=on,
            for_month=movement.for_month,
            amount_satang=-movement.amount_satang,
            units=-movement.units,
            entry=reversal,
        )
    if entry.kind == EntryKind.LOAN_REPAY:
        original = entry.repayment
        undo = Repayment.objects.create(
            loan=original.loan,
            on=on,
            amount_satang=-original.amount_satang,
            principal_satang=-original.principal_satang,
            interest_satang=-original.interest_satang,
            penalty_satang=-original.penalty_satang,
            entry=reversal,
            reverses=original,
        )
        RepaymentAllocation.objects.bulk_create(
            RepaymentAllocation(
                repayment=undo,
                installment_id=a.installment_id,
                principal_satang=-a.principal_satang,
                interest_satang=-a.interest_satang,
                penalty_satang=-a.penalty_satang,
            )
            for a in original.allocations.all()
        )
    return reversal


def _undo_savings(fund: Fund, entry: JournalEntry) -> None:
    for movement in entry.savings_movements.select_related("member__person"):
        if movement.amount_satang <= 0 or movement.kind == SavingsKind.CONTRIBUTION:
            continue  # a withdrawal reversed puts money back: always possible
        role = MEMBER_ROLE_OF_KIND[SavingsKind(movement.kind)]
        balance = ledger.member_balance(book=movement.book, role=role, member_id=movement.member_id)
        if balance < movement.amount_satang:
            raise CannotReverse(
                _("%(name)s has already taken this money out; reverse the withdrawal first."),
                code="already_taken_money_out",
                params={"name": movement.member.person.full_name},
            )


def _undo_disbursement(entry: JournalEntry, *, on: dt.date, by: User, at: dt.datetime) -> None:
    loan = Loan.objects.select_for_update().get(pk=entry.loan_id)
    if loan.status != LoanStatus.ACTIVE or Repayment.objects.filter(loan=loan).exists():
        raise CannotReverse(
            _("Repayments were taken on this loan: reverse them first."), code="repayments_taken_loan_reverse"
        )
    loan.installments.filter(version=loan.schedule_version).update(status=InstallmentStatus.SUPERSEDED)
    LoanReschedule.objects.create(
        loan=loan,
        from_version=loan.schedule_version,
        to_version=None,
        reason=RescheduleReason.DISBURSEMENT_REVERSED,
        on=on,
        principal_satang=loan.principal_satang,
        by=by,
        at=at,
    )
    loan.status = LoanStatus.APPROVED
    loan.disbursed_on = None
    loan.save(update_fields=["status", "disbursed_on"])


def _undo_repayment(entry: JournalEntry) -> None:
    repayment = Repayment.objects.select_related("loan").get(entry=entry)
    loan = Loan.objects.select_for_update().get(pk=repayment.loan_id)
    later = (
        Repayment.objects.filter(loan=loan, reverses__isnull=True, reversed_by__isnull=True)
        .filter(Q(on__gt=repayment.on) | Q(on=repayment.on, pk__gt=repayment.pk))
        .exists()
    )
    if later:
        raise CannotReverse(
            _("Later repayments were taken on this loan: reverse the latest first."),
            code="later_repayments_taken_loan",
        )
    if repayment.rescheduled_to is not None or loan.reschedules.filter(at__gt=entry.created_at).exists():
        raise CannotReverse(
            _("The loan got a new schedule after this payment; restructure it instead of reversing."),
            code="loan_got_new_schedule",
        )
    for a in repayment.allocations.select_related("installment"):
        inst = Installment.objects.select_for_update().get(pk=a.installment_id)
        inst.principal_paid_satang -= a.principal_satang
        inst.interest_paid_satang -= a.interest_satang
        inst.penalty_paid_satang -= a.penalty_satang
        inst.status, inst.paid_on = InstallmentStatus.OPEN, None
        inst.save(
            update_fields=[
                "principal_paid_satang",
                "interest_paid_satang",
                "penalty_paid_satang",
                "status",
                "paid_on",
            ]
        )
    if loan.status == LoanStatus.CLOSED:
        loan.installments.filter(version=loan.schedule_version, status=InstallmentStatus.WAIVED).update(
            status=InstallmentStatus.OPEN
        )
        loan.status, loan.closed_on = LoanStatus.ACTIVE, None
    loan.principal_repaid_satang -= repayment.principal_satang
    loan.interest_paid_satang -= repayment.interest_satang
    loan.penalty_paid_satang -= repayment.penalty_satang
    loan.save(
        update_fields=[
            "status",
            "closed_on",
            "principal_repaid_satang",
            "interest_paid_satang",
            "penalty_paid_satang",
        ]
    )


@transaction.atomic
def period_close(*, fund: Fund, through: dt.date, by: User, at: dt.datetime, note: str = "") -> PeriodClose:
    """Close the books through a day: entries dated on or before it are refused from now on."""
    fund = lock_fund(fund.pk)
    _keeps_books(by, fund)
    existing = PeriodClose.objects.filter(fund=fund, closed_through=through).first()
    if existing is not None:
        return existing
    if fund.closed_through is not None and through < fund.closed_through:
        raise CannotClosePeriod(
            _("The books are already closed through %(date)s."),
            code="books_already_closed_through",
            field="through",
            params={"date": format_date(fund.closed_through)},
        )
    if through > timezone.localdate(at):
        raise CannotClosePeriod(
            _("A period cannot be closed before it has ended."), code="period_closed_ended", field="through"
        )
    if through < fund.opened_on:
        raise CannotClosePeriod(
            _("The fund had not opened yet on that day."), code="fund_had_opened_yet", field="through"
        )
    fund.closed_through = through
    fund.save(update_fields=["closed_through"])
    return PeriodClose.objects.create(
        fund=fund,
        closed_through=through,
        note=" ".join((note or "").split())[:200],
        closed_by=by,
        closed_at=at,
    )


# --- loans ---------------------------------------------------------------------------------------


def _overdue_loans(member: FundMember, on: dt.date) -> bool:
    return (
        Installment.objects.filter(
            loan__borrower=member,
            loan__status=LoanStatus.ACTIVE,
            status=InstallmentStatus.OPEN,
            due_date__lt=on,
        )
        .filter(loan__schedule_version=F("version"))
        .exists()
    )


@transaction.atomic
def loan_apply(
    *,
    borrower: FundMember,
    principal_satang: int,
    periods: int,
    method: str,
    frequency: str,
    applied_on: dt.date,
    by: User,
    at: dt.datetime,
    purpose: str = "",
    guarantors: Iterable[FundMember] = (),
    annual_rate_bp: int | None = None,
    book: Book | None = None,
    key: str | None = None,
) -> Loan:
    """Record a member's application for the committee: checked against the bylaw in force that day."""
    fund = lock_fund(borrower.fund_id)
    _keeps_books(by, fund)
    key = _key(key)
    if key and (prior := Loan.objects.filter(fund=fund, application_key=key).first()) is not None:
        return prior
    if not fund.can_lend:
        raise CannotApplyForLoan(
            _("This is a welfare fund: it does not lend."), code="welfare_fund_does_lend", field="fund"
        )
    borrower = _active_member(fund, borrower, CannotApplyForLoan)
    book = _book(fund, book)
    bylaw = _bylaw_on(fund, applied_on)
    if isinstance(principal_satang, bool) or not isinstance(principal_satang, int) or principal_satang <= 0:
        raise CannotApplyForLoan(
            _("The amount must be more than zero."), code="amount_not_positive", field="principal"
        )
    if bylaw.max_loan_satang and principal_satang > bylaw.max_loan_satang:
        raise CannotApplyForLoan(
            _("The bylaw lends at most %(max)s baht."),
            code="bylaw_lends_most_baht",
            field="principal",
            params={"max": format_baht(bylaw.max_loan_satang)},
        )
    if isinstance(periods, bool) or not isinstance(periods, int) or not 1 <= periods <= bylaw.max_periods:
        raise CannotApplyForLoan(
            _("The number of installments must be between 1 and %(n)s."),
            code="number_installments_between",
            field="periods",
            params={"n": bylaw.max_periods},
        )
    if method not in Method.__members__.values():
        raise CannotApplyForLoan(
            _("Unknown repayment method."), code="unknown_repayment_method", field="method"
        )
    if frequency not in Frequency.__members__.values():
        raise CannotApplyForLoan(
            _("Unknown repayment frequency."), code="unknown_repayment_frequency", field="frequency"
        )
    rate = bylaw.loan_rate_bp if annual_rate_bp is None else annual_rate_bp
    if isinstance(rate, bool) or not isinstance(rate, int) or not 0 <= rate <= bylaw.loan_rate_bp:
        raise CannotApplyForLoan(
            _("The interest may be at most the bylaw's %(rate)s %% a year."),
            code="interest_may_most_bylaw",
            field="annual_rate_bp",
            params={"rate": f"{bylaw.loan_rate_bp / 100:g}"},
        )
    try:
        build_schedule(
            principal_satang=principal_satang,
            annual_rate_bp=rate,
            periods=periods,
            method=method,
            frequency=frequency,
            first_due_date=add_months(applied_on, 12 // PERIODS_PER_YEAR[Frequency(frequency)]),
        )
    except InvalidSchedule as exc:
        raise CannotApplyForLoan(
            _("These terms cannot make a repayment schedule."),
            code="these_terms_make_repayment",
            field="periods",
        ) from exc
    if _overdue_loans(borrower, applied_on):
        raise CannotApplyForLoan(
            _("%(name)s has an overdue loan: it must be brought up to date first."),
            code="overdue_loan_brought_up",
            field="borrower",
            params={"name": borrower.person.full_name},
        )
    guarantor_list = list({g.pk: g for g in guarantors}.values())
    for g in guarantor_list:
        g = _active_member(fund, g, CannotApplyForLoan)
        if g.pk == borrower.pk:
            raise CannotApplyForLoan(
                _("A borrower cannot guarantee their own loan."),
                code="borrower_guarantee_own_loan",
                field="guarantors",
            )
    needs = bylaw.guarantors_required if principal_satang > bylaw.guarantors_above_satang else 0
    if len(guarantor_list) < needs:
        raise CannotApplyForLoan(
            _("A loan of this size needs %(n)s guarantors who are members."),
            code="loan_size_needs_guarantors",
            field="guarantors",
            params={"n": needs},
        )
    purpose = " ".join((purpose or "").split())[:200]
    fund.loan_seq += 1
    while Loan.objects.filter(fund=fund, number=f"{be_year(applied_on.year)}-{fund.loan_seq:04d}").exists():
        fund.loan_seq += 1  # a number brought over from the paper books
    fund.save(update_fields=["loan_seq"])
    loan = Loan.objects.create(
        fund=fund,
        book=book,
        borrower=borrower,
        number=f"{be_year(applied_on.year)}-{fund.loan_seq:04d}",
        purpose=purpose,
        principal_satang=principal_satang,
        annual_rate_bp=rate,
        periods=periods,
        method=method,
        frequency=frequency,
        bylaw=bylaw,
        applied_on=applied_on,
        recorded_by=by,
        application_key=key,
        created_at=at,
    )
    LoanGuarantor.objects.bulk_create(LoanGuarantor(loan=loan, member=g) for g in guarantor_list)
    return loan


@transaction.atomic
def loan_decide(*, loan: Loan, decision: str, by: User, at: dt.datetime, note: str = "") -> Loan:
    """A committee member approves or rejects an application. The person who recorded it, the borrower
    and the guarantors may not vote; the loan is approved when the bylaw's quorum of approvals is met."""
    fund = lock_fund(loan.fund_id)
    _keeps_books(by, fund)
    loan = Loan.objects.select_for_update().select_related("borrower__person", "bylaw").get(pk=loan.pk)
    if decision not in Decision.values:
        raise CannotDecideLoan(_("Approve or reject."), code="approve_reject", field="decision")
    mine = loan.decisions.filter(by=by).first()
    if mine is not None:
        if mine.decision == decision:
            return loan  # the same vote sent twice
        raise CannotDecideLoan(
            _("You have already voted on this application."),
            code="you_already_voted_application",
            field="decision",
        )
    if loan.status != LoanStatus.APPLIED:
        raise CannotDecideLoan(
            _("This application has already been decided (%(status)s)."),
            code="application_already_decided",
            params={"status": LoanStatus(loan.status).label},
        )
    if loan.recorded_by_id == by.pk:
        raise CannotDecideLoan(
            _("You recorded this application, so another committee member must decide on it."),
            code="you_recorded_application_another",
            field="decision",
        )
    person_id = scope_of(by).person_id
    if person_id is not None and person_id == loan.borrower.person_id:
        raise CannotDecideLoan(
            _("You cannot decide on your own loan."), code="you_decide_your_own", field="decision"
        )
    if person_id is not None and loan.guarantors.filter(member__person_id=person_id).exists():
        raise CannotDecideLoan(
            _("You guarantee this loan, so you cannot decide on it."),
            code="you_guarantee_loan_you",
            field="decision",
        )
    note = " ".join((note or "").split())[:300]
    if decision == Decision.REJECT and not note:
        raise CannotDecideLoan(
            _("Give the reason for rejecting."), code="give_reason_rejecting", field="note"
        )
    LoanDecision.objects.create(loan=loan, by=by, decision=decision, note=note, at=at)
    if decision == Decision.REJECT:
        loan.status = LoanStatus.REJECTED
    elif loan.decisions.filter(decision=Decision.APPROVE).count() >= loan.bylaw.approvals_required:
        loan.status = LoanStatus.APPROVED
    if loan.status != LoanStatus.APPLIED:
        loan.decided_on = timezone.localdate(at)
        loan.save(update_fields=["status", "decided_on"])
    return loan


def _write_schedule(
    loan: Loan,
    *,
    principal: int,
    rate: int,
    periods: int,
    method: str,
    frequency: str,
    first_due_date: dt.date,
    starts_on: dt.date,
    carried_interest: int = 0,
) -> int:
    schedule = build_schedule(
        principal_satang=principal,
        annual_rate_bp=rate,
        periods=periods,
        method=method,
        frequency=frequency,
        first_due_date=first_due_date,
    )
    version = (loan.installments.aggregate(v=Max("version"))["v"] or 0) + 1
    rows, previous = [], starts_on
    for inst in schedule:
        interest = inst.interest_satang + (carried_interest if inst.number == 1 else 0)
        rows.append(
            Installment(
                loan=loan,
                version=version,
                number=inst.number,
                starts_on=previous,
                due_date=inst.due_date,
                principal_satang=inst.principal_satang,
                interest_satang=interest,
            )
        )
        previous = inst.due_date
    Installment.objects.bulk_create(rows)
    loan.schedule_version = version
    return version


@transaction.atomic
def loan_disburse(
    *,
    loan: Loan,
    on: dt.date,
    by: User,
    at: dt.datetime,
    first_due_date: dt.date | None = None,
    key: str | None = None,
) -> Loan:
    """Pay an approved loan out in cash and fix its repayment schedule."""
    fund = lock_fund(loan.fund_id)
    _keeps_books(by, fund)
    key = _key(key)
    if (prior := _replayed(fund, key)) is not None:
        return Loan.objects.get(pk=prior.loan_id)
    loan = Loan.objects.select_for_update().select_related("borrower__person", "book").get(pk=loan.pk)
    if loan.status == LoanStatus.ACTIVE or loan.status == LoanStatus.CLOSED:
        raise CannotDisburseLoan(_("This loan has already been paid out."), code="loan_already_paid_out")
    if loan.status != LoanStatus.APPROVED:
        raise CannotDisburseLoan(_("Only an approved loan can be paid out."), code="approved_loan_paid_out")
    if on < loan.applied_on:
        raise CannotDisburseLoan(
            _("A loan cannot be paid out before it was applied for."),
            code="loan_paid_out_applied",
            field="on",
        )
    step = 12 // PERIODS_PER_YEAR[Frequency(loan.frequency)]
    first = first_due_date or add_months(on, step)
    if first <= on:
        raise CannotDisburseLoan(
            _("The first installment must fall due after the payout."),
            code="first_due_before_payout",
            field="first_due_date",
        )
    if first > add_months(on, 12 * 2):
        raise CannotDisburseLoan(
            _("The first installment must fall due within two years."),
            code="first_due_too_late",
            field="first_due_date",
        )
    ledger.post(
        fund=fund,
        book=loan.book,
        on=on,
        kind=EntryKind.LOAN_DISBURSE,
        by=by,
        at=at,
        key=key,
        member_id=loan.borrower_id,
        loan_id=loan.pk,
        memo=f"จ่ายเงินกู้ {loan.number}: {loan.borrower.person.full_name}",
        legs=[
            dr(Roles.LOANS, loan.principal_satang, member_id=loan.borrower_id, loan_id=loan.pk),
            cr(Roles.CASH, loan.principal_satang),
        ],
    )
    try:
        _write_schedule(
            loan,
            principal=loan.principal_satang,
            rate=loan.annual_rate_bp,
            periods=loan.periods,
            method=loan.method,
            frequency=loan.frequency,
            first_due_date=first,
            starts_on=on,
        )
    except InvalidSchedule as exc:
        raise CannotDisburseLoan(
            _("These terms cannot make a repayment schedule."),
            code="these_terms_make_repayment",
            field="first_due_date",
        ) from exc
    loan.status, loan.disbursed_on, loan.first_due_date = LoanStatus.ACTIVE, on, first
    loan.save(update_fields=["status", "disbursed_on", "first_due_date", "schedule_version"])
    return loan


@transaction.atomic
def loan_repay(
    *,
    loan: Loan,
    amount_satang: int,
    on: dt.date,
    by: User,
    at: dt.datetime,
    key: str | None = None,
    prepay: bool = False,
) -> Repayment:
    """Take a repayment: what is due is paid penalty → interest → principal, oldest installment first.

    Money beyond what is due pays the next installments in advance (interest, then principal); with
    `prepay` it goes to principal instead: paying everything closes the loan (later interest is not
    charged), paying part re-spreads the rest over the remaining due dates as a new schedule.
    """
    fund = lock_fund(loan.fund_id)
    _keeps_books(by, fund)
    _not_future(on, at)
    key = _key(key)
    if (prior := _replayed(fund, key)) is not None:
        try:
            return prior.repayment
        except Repayment.DoesNotExist as exc:
            raise CannotRepayLoan(
                _("This request key was already used for something else."),
                code="request_key_already_used",
                field="idempotency_key",
            ) from exc
    loan = (
        Loan.objects.select_for_update().select_related("borrower__person", "bylaw", "book").get(pk=loan.pk)
    )
    if loan.status == LoanStatus.CLOSED:
        raise CannotRepayLoan(
            _("This loan is already repaid and closed: nothing more is owed."),
            code="loan_already_repaid_closed",
        )
    if loan.status != LoanStatus.ACTIVE:
        raise CannotRepayLoan(
            _("This loan has not been paid out, so nothing is owed yet."), code="loan_paid_out_nothing"
        )
    if isinstance(amount_satang, bool) or not isinstance(amount_satang, int) or amount_satang <= 0:
        raise CannotRepayLoan(
            _("The amount must be more than zero."), code="amount_not_positive", field="amount"
        )
    if on < loan.disbursed_on:
        raise CannotRepayLoan(
            _("A repayment cannot be dated before the payout."), code="repayment_dated_payout", field="on"
        )
    installments = list(
        Installment.objects.select_for_update()
        .filter(loan=loan, version=loan.schedule_version, status=InstallmentStatus.OPEN)
        .order_by("number")
    )
    dues = dues_on(loan=loan, bylaw=loan.bylaw, on=on, installments=installments)
    paid: dict[int, list[int]] = defaultdict(
        lambda: [0, 0, 0]
    )  # installment id → principal, interest, penalty
    remaining = amount_satang
    for owed in dues.due:
        parts = paid[owed.installment.pk]
        for index, part in ((2, owed.penalty_satang), (1, owed.interest_satang), (0, owed.principal_satang)):
            take = min(remaining, part)
            parts[index] += take
            remaining -= take
    reschedule_principal = None
    if remaining and prepay:
        accrued = dues.accrued_interest_satang
        future_principal = dues.future_principal_satang
        if remaining > accrued + future_principal:
            raise CannotRepayLoan(
                _("That is more than is owed: %(payoff)s baht pays the loan off today."),
                code="owed_baht_pays_loan",
                field="amount",
                params={"payoff": format_baht(dues.payoff_satang)},
            )
        if remaining == accrued + future_principal:
            if dues.future:
                paid[dues.future[0].pk][1] += accrued
            for inst in dues.future:
                paid[inst.pk][0] += inst.principal_due_satang
            remaining = 0
        elif remaining >= future_principal:
            raise CannotRepayLoan(
                _("To pay the loan off today, pay exactly %(payoff)s baht."),
                code="pay_loan_off_today",
                field="amount",
                params={"payoff": format_baht(dues.payoff_satang)},
            )
        else:
            # Part of the principal prepaid: the rest is spread again over the remaining dates.
            principal_left = (
                loan.principal_satang - loan.principal_repaid_satang - sum(p[0] for p in paid.values())
            )
            reschedule_principal = principal_left - remaining
            for inst in dues.future:  # record the prepaid principal against the next installments
                take = min(remaining, inst.principal_due_satang)
                paid[inst.pk][0] += take
                remaining -= take
    elif remaining:
        for inst in dues.future:
            parts = paid[inst.pk]
            for index, part in ((1, inst.interest_due_satang), (0, inst.principal_due_satang)):
                take = min(remaining, part)
                parts[index] += take
                remaining -= take
        if remaining:
            raise CannotRepayLoan(
                _(
                    "That is more than the whole schedule: at most %(most)s baht (or %(payoff)s baht to pay it off today)."
                ),
                code="whole_schedule_most_baht",
                field="amount",
                params={
                    "most": format_baht(amount_satang - remaining),
                    "payoff": format_baht(dues.payoff_satang),
                },
            )
    principal = sum(p[0] for p in paid.values())
    interest = sum(p[1] for p in paid.values())
    penalty = sum(p[2] for p in paid.values())
    member_id = loan.borrower_id
    legs = [dr(Roles.CASH, amount_satang)]
    if principal:
        legs.append(cr(Roles.LOANS, principal, member_id=member_id, loan_id=loan.pk))
    if interest:
        legs.append(cr(Roles.INTEREST_INCOME, interest, member_id=member_id, loan_id=loan.pk))
    if penalty:
        legs.append(cr(Roles.PENALTY_INCOME, penalty, member_id=member_id, loan_id=loan.pk))
    entry = ledger.post(
        fund=fund,
        book=loan.book,
        on=on,
        kind=EntryKind.LOAN_REPAY,
        legs=legs,
        by=by,
        at=at,
        key=key,
        member_id=member_id,
        loan_id=loan.pk,
        memo=f"รับชำระ {loan.number}: {loan.borrower.person.full_name}",
    )
    repayment = Repayment.objects.create(
        loan=loan,
        on=on,
        amount_satang=amount_satang,
        principal_satang=principal,
        interest_satang=interest,
        penalty_satang=penalty,
        entry=entry,
    )
    by_id = {i.pk: i for i in installments}
    allocations, touched = [], []
    for inst_id, (p, i, pen) in paid.items():
        if not (p or i or pen):
            continue
        inst = by_id[inst_id]
        inst.principal_paid_satang += p
        inst.interest_paid_satang += i
        inst.penalty_paid_satang += pen
        if inst.principal_due_satang == 0 and inst.interest_due_satang == 0:
            inst.status, inst.paid_on = InstallmentStatus.PAID, on
        touched.append(inst)
        allocations.append(
            RepaymentAllocation(
                repayment=repayment,
                installment=inst,
                principal_satang=p,
                interest_satang=i,
                penalty_satang=pen,
            )
        )
    Installment.objects.bulk_update(
        touched, ["principal_paid_satang", "interest_paid_satang", "penalty_paid_satang", "status", "paid_on"]
    )
    RepaymentAllocation.objects.bulk_create(allocations)
    loan.principal_repaid_satang += principal
    loan.interest_paid_satang += interest
    loan.penalty_paid_satang += penalty
    if reschedule_principal is not None and reschedule_principal > 0:
        future = [i for i in dues.future]
        previous_version = loan.schedule_version
        Installment.objects.filter(pk__in=[i.pk for i in future]).update(status=InstallmentStatus.SUPERSEDED)
        version = _write_schedule(
            loan,
            principal=reschedule_principal,
            rate=loan.annual_rate_bp,
            periods=len(future),
            method=loan.method,
            frequency=loan.frequency,
            first_due_date=future[0].due_date,
            starts_on=on,
        )
        LoanReschedule.objects.create(
            loan=loan,
            from_version=previous_version,
            to_version=version,
            reason=RescheduleReason.PREPAYMENT,
            on=on,
            principal_satang=reschedule_principal,
            by=by,
            at=at,
        )
        repayment.rescheduled_to = version
        repayment.save(update_fields=["rescheduled_to"])
    if loan.principal_repaid_satang == loan.principal_satang:
        loan.installments.filter(version=loan.schedule_version, status=InstallmentStatus.OPEN).update(
            status=InstallmentStatus.WAIVED
        )
        loan.status, loan.closed_on = LoanStatus.CLOSED, on
    loan.save(
        update_fields=[
            "principal_repaid_satang",
            "interest_paid_satang",
            "penalty_paid_satang",
            "status",
            "closed_on",
            "schedule_version",
        ]
    )
    return repayment


@transaction.atomic
def loan_restructure(
    *,
    loan: Loan,
    on: dt.date,
    periods: int,
    first_due_date: dt.date,
    by: User,
    at: dt.datetime,
    method: str | None = None,
    frequency: str | None = None,
    annual_rate_bp: int | None = None,
    note: str = "",
) -> LoanReschedule:
    """The committee gives a loan in trouble a new schedule for the principal still owed. Interest that is
    overdue is carried into the first new installment, penalties so far are waived, and the old schedule
    stays visible as an earlier version."""
    fund = lock_fund(loan.fund_id)
    _keeps_books(by, fund)
    loan = Loan.objects.select_for_update().select_related("bylaw").get(pk=loan.pk)
    if loan.status != LoanStatus.ACTIVE:
        raise CannotRestructureLoan(
            _("Only a loan being repaid can be restructured."), code="loan_being_repaid_restructured"
        )
    ledger.ensure_open(fund, on)
    note = " ".join((note or "").split())[:300]
    if not note:
        raise CannotRestructureLoan(
            _("Record the committee's reason."), code="record_committee_reason", field="note"
        )
    method = method or loan.method
    frequency = frequency or loan.frequency
    rate = loan.annual_rate_bp if annual_rate_bp is None else annual_rate_bp
    if isinstance(rate, bool) or not isinstance(rate, int) or not 0 <= rate <= loan.annual_rate_bp:
        raise CannotRestructureLoan(
            _("Restructuring may lower the interest, never raise it."),
            code="restructuring_may_lower_interest",
            field="annual_rate_bp",
        )
    if method not in Method.__members__.values() or frequency not in Frequency.__members__.values():
        raise CannotRestructureLoan(
            _("Unknown repayment method or frequency."),
            code="unknown_repayment_method_frequency",
            field="method",
        )
    if isinstance(periods, bool) or not isinstance(periods, int) or not 1 <= periods <= MAX_PERIODS:
        raise CannotRestructureLoan(
            _("Choose the number of installments."), code="choose_number_installments", field="periods"
        )
    if first_due_date <= on:
        raise CannotRestructureLoan(
            _("The first new installment must fall due after today."),
            code="first_new_installment_fall",
            field="first_due_date",
        )
    if loan.repayments.filter(on__gt=on).exists():
        raise CannotRestructureLoan(
            _("Repayments are recorded after this date."), code="repayments_recorded_date", field="on"
        )
    installments = open_installments(loan)
    dues = dues_on(loan=loan, bylaw=loan.bylaw, on=on, installments=installments)
    carried = sum(o.interest_satang for o in dues.due)
    waived = dues.penalty_satang
    principal = loan.principal_satang - loan.principal_repaid_satang
    previous = loan.schedule_version
    Installment.objects.filter(pk__in=[i.pk for i in installments]).update(
        status=InstallmentStatus.SUPERSEDED
    )
    try:
        version = _write_schedule(
            loan,
            principal=principal,
            rate=rate,
            periods=periods,
            method=method,
            frequency=frequency,
            first_due_date=first_due_date,
            starts_on=on,
            carried_interest=carried,
        )
    except InvalidSchedule as exc:
        raise CannotRestructureLoan(
            _("These terms cannot make a repayment schedule."),
            code="these_terms_make_repayment",
            field="periods",
        ) from exc
    loan.method, loan.frequency, loan.annual_rate_bp = method, frequency, rate
    loan.save(update_fields=["method", "frequency", "annual_rate_bp", "schedule_version"])
    return LoanReschedule.objects.create(
        loan=loan,
        from_version=previous,
        to_version=version,
        reason=RescheduleReason.RESTRUCTURE,
        on=on,
        principal_satang=principal,
        carried_interest_satang=carried,
        waived_penalty_satang=waived,
        note=note,
        by=by,
        at=at,
    )


# --- month end -----------------------------------------------------------------------------------

MONTH_END_SQL_POSTGRES = """
WITH due AS (
    SELECT i.loan_id,
           MIN(i.due_date) AS oldest,
           SUM(i.principal_satang - i.principal_paid_satang) AS principal,
           SUM(i.interest_satang - i.interest_paid_satang) AS interest
      FROM finance_installment i
      JOIN finance_loan l ON l.id = i.loan_id AND l.schedule_version = i.version
     WHERE i.status = 'OPEN' AND i.due_date < %(as_of)s AND l.status = 'ACTIVE' {loan_filter}
     GROUP BY i.loan_id
), rows AS (
    SELECT l.id AS loan_id, l.fund_id,
           COALESCE(%(as_of)s - due.oldest, 0) AS dpd,
           l.principal_satang - l.principal_repaid_satang AS outstanding,
           COALESCE(due.principal, 0) AS overdue_principal,
           COALESCE(due.interest, 0) AS overdue_interest,
           ROUND((CASE WHEN l.method IN ('flat', 'bullet') THEN l.principal_satang
                       ELSE l.principal_satang - l.principal_repaid_satang END)::numeric
                 * l.annual_rate_bp * %(days)s / 3650000) AS accrued
      FROM finance_loan l
      LEFT JOIN due ON due.loan_id = l.id
     WHERE l.status = 'ACTIVE' AND l.disbursed_on <= %(as_of)s {loan_filter}
)
INSERT INTO finance_loanmonthend
    (loan_id, fund_id, as_of, days_past_due, bucket_position, outstanding_satang, overdue_principal_satang,
     overdue_interest_satang, accrued_interest_satang)
SELECT r.loan_id, r.fund_id, %(as_of)s, r.dpd, b.position, r.outstanding, r.overdue_principal, r.overdue_interest, r.accrued
  FROM rows r
  LEFT JOIN finance_agingbucket b
    ON b.fund_id = r.fund_id AND r.dpd >= b.min_days AND (b.max_days IS NULL OR r.dpd <= b.max_days)
ON CONFLICT (loan_id, as_of) DO UPDATE SET
    days_past_due = EXCLUDED.days_past_due, bucket_position = EXCLUDED.bucket_position,
    outstanding_satang = EXCLUDED.outstanding_satang,
    overdue_principal_satang = EXCLUDED.overdue_principal_satang,
    overdue_interest_satang = EXCLUDED.overdue_interest_satang,
    accrued_interest_satang = EXCLUDED.accrued_interest_satang
"""

MONTH_END_SQL_SQLITE = """
WITH due AS (
    SELECT i.loan_id,
           MIN(i.due_date) AS oldest,
           SUM(i.principal_satang - i.principal_paid_satang) AS principal,
           SUM(i.interest_satang - i.interest_paid_satang) AS interest
      FROM finance_installment i
      JOIN finance_loan l ON l.id = i.loan_id AND l.schedule_version = i.version
     WHERE i.status = 'OPEN' AND i.due_date < %(as_of)s AND l.status = 'ACTIVE' {loan_filter}
     GROUP BY i.loan_id
), rows AS (
    SELECT l.id AS loan_id, l.fund_id,
           COALESCE(CAST(julianday(%(as_of)s) - julianday(due.oldest) AS INTEGER), 0) AS dpd,
           l.principal_satang - l.principal_repaid_satang AS outstanding,
           COALESCE(due.principal, 0) AS overdue_principal,
           COALESCE(due.interest, 0) AS overdue_interest,
           ((CASE WHEN l.method IN ('flat', 'bullet') THEN l.principal_satang
                  ELSE l.principal_satang - l.principal_repaid_satang END)
             * l.annual_rate_bp * %(days)s * 2 + 3650000) / 7300000 AS accrued
      FROM finance_loan l
      LEFT JOIN due ON due.loan_id = l.id
     WHERE l.status = 'ACTIVE' AND l.disbursed_on <= %(as_of)s {loan_filter}
)
INSERT INTO finance_loanmonthend
    (loan_id, fund_id, as_of, days_past_due, bucket_position, outstanding_satang, overdue_principal_satang,
     overdue_interest_satang, accrued_interest_satang)
SELECT r.loan_id, r.fund_id, %(as_of)s, r.dpd, b.position, r.outstanding, r.overdue_principal, r.overdue_interest, r.accrued
  FROM rows r
  LEFT JOIN finance_agingbucket b
    ON b.fund_id = r.fund_id AND r.dpd >= b.min_days AND (b.max_days IS NULL OR r.dpd <= b.max_days)
 WHERE true
ON CONFLICT (loan_id, as_of) DO UPDATE SET
    days_past_due = excluded.days_past_due, bucket_position = excluded.bucket_position,
    outstanding_satang = excluded.outstanding_satang,
    overdue_principal_satang = excluded.overdue_principal_satang,
    overdue_interest_satang = excluded.overdue_interest_satang,
    accrued_interest_satang = excluded.accrued_interest_satang
"""


@transaction.atomic
def month_end_run(*, as_of: dt.date, fund_ids: Sequence[int] | None = None, accrue: bool = True) -> int:
    """Days past due, aging bucket and the month's accrued interest of every active loan, in one set-based
    statement (no loop per loan); running it again for the same day replaces the figures. Funds on an
    accrual basis then get their accrued interest booked (`interest_accrue`)."""
    loans = _month_end_rows(as_of=as_of, fund_ids=fund_ids)
    if accrue:
        interest_accrue(as_of=as_of, fund_ids=fund_ids)
    return loans


@dataclass
class MonthEndSummary:
    """What a month-end run did: loans given their figures for the day, how many of them were in arrears
    (aged into a bucket past the first), and the accrued-interest entries it posted."""

    as_of: dt.date
    loans: int = 0
    in_arrears: int = 0
    entries_posted: int = 0
    already_booked: int = 0
    closed_funds: int = 0

    def add(self, other: "MonthEndSummary") -> None:
        self.loans += other.loans
        self.in_arrears += other.in_arrears
        self.entries_posted += other.entries_posted
        self.already_booked += other.already_booked
        self.closed_funds += other.closed_funds

    def as_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "loans": self.loans,
            "in_arrears": self.in_arrears,
            "entries_posted": self.entries_posted,
            "already_booked": self.already_booked,
            "closed_funds": self.closed_funds,
        }


@transaction.atomic
def month_end_close(*, as_of: dt.date, fund_ids: Sequence[int] | None = None) -> MonthEndSummary:
    """The month end for a day: each active loan's days past due, aging bucket and accrued interest, then
    the accrued interest booked for funds on an accrual basis; says what it did. Safe to run again."""
    loans = _month_end_rows(as_of=as_of, fund_ids=fund_ids)
    accrual = interest_accrue(as_of=as_of, fund_ids=fund_ids)
    recorded = LoanMonthEnd.objects.filter(as_of=as_of)
    if fund_ids is not None:
        recorded = recorded.filter(fund_id__in=[int(i) for i in fund_ids])
    return MonthEndSummary(
        as_of=as_of,
        loans=loans,
        in_arrears=recorded.filter(days_past_due__gt=0).count(),
        entries_posted=len(accrual.posted),
        already_booked=accrual.already,
        closed_funds=len(accrual.closed or []),
    )


def _month_end_rows(*, as_of: dt.date, fund_ids: Sequence[int] | None) -> int:
    sql = MONTH_END_SQL_POSTGRES if connection.vendor == "postgresql" else MONTH_END_SQL_SQLITE
    params: dict[str, Any] = {"as_of": as_of, "days": as_of.day}
    loan_filter = ""
    if fund_ids is not None:
        ids = [int(i) for i in fund_ids]
        if not ids:
            return 0
        loan_filter = f"AND l.fund_id IN ({', '.join(str(i) for i in ids)})"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One grouped pass over the installments: give the hash aggregate room (this transaction only).
            cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute(sql.format(loan_filter=loan_filter), params)
        if cursor.rowcount >= 0:
            return cursor.rowcount
    # SQLite reports no row count for a statement that starts with WITH: count what the run wrote.
    written = LoanMonthEnd.objects.filter(
        as_of=as_of, loan__status=LoanStatus.ACTIVE, loan__disbursed_on__lte=as_of
    )
    if fund_ids is not None:
        written = written.filter(fund_id__in=[int(i) for i in fund_ids])
    return written.count()


# Interest earned but not yet received, per book, as of a day: the interest of installments due and
# unpaid, plus interest on the running period (days since the last due date, or since disbursement) at
# the loan's rate on its interest basis, less interest already paid ahead on the installments to come.
ACCRUAL_TARGET_SQL = """
WITH inst AS (
    SELECT i.loan_id,
           MAX(CASE WHEN i.due_date <= %(as_of)s THEN i.due_date END) AS last_due,
           SUM(CASE WHEN i.due_date > %(as_of)s AND i.status = 'OPEN' THEN 1 ELSE 0 END) AS ahead,
           COALESCE(SUM(CASE WHEN i.due_date <= %(as_of)s AND i.status = 'OPEN'
                             THEN i.interest_satang - i.interest_paid_satang END), 0) AS unpaid_due,
           COALESCE(SUM(CASE WHEN i.due_date > %(as_of)s AND i.status = 'OPEN'
                             THEN i.interest_paid_satang END), 0) AS paid_ahead
      FROM finance_installment i
      JOIN finance_loan l ON l.id = i.loan_id AND l.schedule_version = i.version
     WHERE l.status = 'ACTIVE' AND l.disbursed_on <= %(as_of)s AND l.book_id IN ({books})
     GROUP BY i.loan_id
), earned AS (
    SELECT l.book_id, inst.unpaid_due, inst.paid_ahead, inst.ahead,
           {running} AS running
      FROM finance_loan l
      JOIN inst ON inst.loan_id = l.id
)
SELECT book_id, SUM(unpaid_due + CASE WHEN ahead = 0 THEN 0 ELSE {positive} END)
  FROM earned
 GROUP BY book_id
"""
_BASIS = (
    "(CASE WHEN l.method IN ('flat', 'bullet') THEN l.principal_satang "
    "ELSE l.principal_satang - l.principal_repaid_satang END)"
)
ACCRUAL_SQL_PARTS = {
    "postgresql": {
        "running": f"ROUND({_BASIS}::numeric * l.annual_rate_bp"
        " * (%(as_of)s - COALESCE(inst.last_due, l.disbursed_on)) / 3650000)",
        "positive": "GREATEST(running - paid_ahead, 0)",
    },
    "sqlite": {
        "running": f"({_BASIS} * l.annual_rate_bp"
        " * CAST(julianday(%(as_of)s) - julianday(COALESCE(inst.last_due, l.disbursed_on)) AS INTEGER)"
        " * 2 + 3650000) / 7300000",
        "positive": "MAX(running - paid_ahead, 0)",
    },
}


@dataclass
class AccrualResult:
    posted: list[JournalEntry]
    unchanged: int = 0
    already: int = 0
    closed: list[Fund] | None = None


def _accrual_targets(as_of: dt.date, book_ids: Sequence[int]) -> dict[int, int]:
    if not book_ids:
        return {}
    parts = ACCRUAL_SQL_PARTS["postgresql" if connection.vendor == "postgresql" else "sqlite"]
    sql = ACCRUAL_TARGET_SQL.format(books=", ".join(str(int(b)) for b in book_ids), **parts)
    with connection.cursor() as cursor:
        cursor.execute(sql, {"as_of": as_of})
        return {book_id: int(total or 0) for book_id, total in cursor.fetchall()}


def accrual_key(book: Book | int, as_of: dt.date) -> str:
    """One accrual entry per book and month: the same month run twice posts nothing the second time."""
    return f"accrual:{getattr(book, 'pk', book)}:{as_of:%Y-%m}"


@transaction.atomic
def interest_accrue(
    *, as_of: dt.date, fund_ids: Sequence[int] | None = None, at: dt.datetime | None = None
) -> AccrualResult:
    """Book the loan interest earned but not yet received, for funds on an accrual basis.

    One adjusting entry per book and month, dated `as_of`: it moves the accrued-interest-receivable
    account to what is earned and unpaid on that day (debit it and credit interest income when more is
    earned; the other way round when repayments or closed loans brought it down). Repayments keep
    crediting interest income in cash, so income for a period = interest received + the change in
    what is accrued. A fund switched back to cash basis gets its accrual unwound to zero. Targets come
    from one grouped query over all loans; books in a closed period are left alone and listed."""
    at = at or timezone.now()
    accounts = LedgerAccount.objects.filter(role=Roles.ACCRUED_INTEREST).filter(
        Q(fund__accrual_basis=True, fund__can_lend=True) | ~Q(balance_satang=0)
    )
    if fund_ids is not None:
        accounts = accounts.filter(fund_id__in=[int(i) for i in fund_ids])
    candidates = list(accounts.values_list("fund_id", "book_id"))
    result = AccrualResult(posted=[], closed=[])
    if not candidates:
        return result
    # Lock the funds (in id order, as every posting does) before reading balances and keys.
    funds = {
        f.pk: f
        for f in Fund.objects.select_for_update().filter(pk__in={f for f, _b in candidates}).order_by("pk")
    }
    keys = set(
        JournalEntry.objects.filter(
            fund_id__in=funds, idempotency_key__in=[accrual_key(b, as_of) for _f, b in candidates]
        ).values_list("idempotency_key", flat=True)
    )
    later = set(
        JournalEntry.objects.filter(
            book_id__in=[b for _f, b in candidates], kind=EntryKind.ACCRUAL, entry_date__gt=as_of
        ).values_list("book_id", flat=True)
    )
    todo = []
    for fund_id, book_id in sorted(candidates):
        fund = funds[fund_id]
        if accrual_key(book_id, as_of) in keys or book_id in later:
            # Booked already, or a later month is: an earlier one may not be slipped in under it.
            result.already += 1
        elif fund.closed_through is not None and as_of <= fund.closed_through:
            result.closed.append(fund)
        else:
            todo.append((fund, book_id))
    accruing = [b for f, b in todo if f.accrual_basis and f.can_lend]
    targets = _accrual_targets(as_of, accruing)
    balances = dict(
        LedgerAccount.objects.filter(
            role=Roles.ACCRUED_INTEREST, book_id__in=[b for _f, b in todo]
        ).values_list("book_id", "balance_satang")
    )
    books = Book.objects.in_bulk([b for _f, b in todo])
    postings = []
    for fund, book_id in todo:
        target = targets.get(book_id, 0) if fund.accrual_basis and fund.can_lend else 0
        change = target - balances[book_id]
        if change == 0:
            result.unchanged += 1
            continue
        legs = (
            [dr(Roles.ACCRUED_INTEREST, change), cr(Roles.INTEREST_INCOME, change)]
            if change > 0
            else [dr(Roles.INTEREST_INCOME, -change), cr(Roles.ACCRUED_INTEREST, -change)]
        )
        memo = f"ดอกเบี้ยเงินกู้ค้างรับ ณ {format_date(as_of)}: {format_baht(target)} บาท"
        postings.append(
            (
                fund,
                books[book_id],
                ledger.Posting(
                    on=as_of, kind=EntryKind.ACCRUAL, legs=legs, memo=memo, key=accrual_key(book_id, as_of)
                ),
            )
        )
    result.posted = ledger.post_across_books(postings=postings, by=None, at=at)
    return result


# --- year end ------------------------------------------------------------------------------------


ALLOCATION_ROLES = {
    "reserve_bp": Roles.RESERVE,
    "welfare_bp": Roles.WELFARE_RESERVE,
    "committee_bp": Roles.COMMITTEE_PAYABLE,
    "public_benefit_bp": Roles.PUBLIC_BENEFIT,
    "retained": Roles.RETAINED,
}


@transaction.atomic
def year_end_post(
    *, fund: Fund, period_end: dt.date, by: User, at: dt.datetime, key: str | None = None
) -> YearEndRun:
    """Close the year: income and expenses to the allocations the bylaw sets, each member's dividend and
    refund as amounts payable, rounded by largest remainder so they sum exactly to the pools; then the
    books are closed through the period's last day."""
    fund = lock_fund(fund.pk)
    _keeps_books(by, fund)
    key = _key(key)
    if key and (prior := YearEndRun.objects.filter(fund=fund, idempotency_key=key).first()) is not None:
        return prior
    if period_end >= timezone.localdate(at):
        raise CannotCloseYear(
            _("The year can be closed only after its last day."),
            code="year_closed_last_day",
            field="period_end",
        )
    if fund.closed_through and period_end <= fund.closed_through:
        raise CannotCloseYear(
            _("The books are already closed for this period."),
            code="books_already_closed_period",
            field="period_end",
        )
    plan = year_end_plan(fund=fund, period_end=period_end)
    summary: dict[str, Any] = {"books": {}}
    run = YearEndRun.objects.create(
        fund=fund,
        period_start=plan.period_start,
        period_end=period_end,
        bylaw=plan.bylaw,
        summary={},
        idempotency_key=key,
        posted_by=by,
        posted_at=at,
    )
    for b in plan.books:
        legs: list[ledger.Leg] = []
        for role, amount in b.income.items():
            legs.append(dr(role, amount) if amount > 0 else cr(role, -amount))
        for role, amount in b.expense.items():
            legs.append(cr(role, amount) if amount > 0 else dr(role, -amount))
        if b.net_profit > 0:
            for name, role in ALLOCATION_ROLES.items():
                if b.allocations.get(name):
                    legs.append(cr(role, b.allocations[name]))
            legs += [cr(Roles.DIVIDENDS_PAYABLE, v, member_id=m) for m, v in b.dividends.items()]
            legs += [cr(Roles.REFUNDS_PAYABLE, v, member_id=m) for m, v in b.refunds.items()]
        elif b.net_profit < 0:
            legs.append(dr(Roles.RETAINED, -b.net_profit))
        entry_id = None
        if legs:
            entry_id = ledger.post(
                fund=fund,
                book=b.book,
                on=period_end,
                kind=EntryKind.YEAR_END,
                legs=legs,
                by=by,
                at=at,
                memo=f"ปิดบัญชีประจำปี {format_date(plan.period_start)} – {format_date(period_end)}",
            ).pk
        members = set(b.dividends) | set(b.refunds) | set(b.interest_paid) | set(b.dividend_weights)
        MemberYearEnd.objects.bulk_create(
            MemberYearEnd(
                run=run,
                book=b.book,
                member_id=m,
                dividend_weight=b.dividend_weights.get(m, 0),
                dividend_satang=b.dividends.get(m, 0),
                interest_paid_satang=b.interest_paid.get(m, 0),
                refund_satang=b.refunds.get(m, 0),
                excluded_from_refund=m in b.excluded,
            )
            for m in sorted(members)
        )
        summary["books"][str(b.book.pk)] = {
            "name": b.book.name_th,
            "entry": entry_id,
            "income": sum(b.income.values()),
            "expense": sum(b.expense.values()),
            "net_profit": b.net_profit,
            "allocations": b.allocations,
        }
    run.summary = summary
    run.save(update_fields=["summary"])
    fund.closed_through = period_end
    fund.save(update_fields=["closed_through"])
    PeriodClose.objects.create(
        fund=fund, closed_through=period_end, note="ปิดบัญชีประจำปี", closed_by=by, closed_at=at
    )
    return run


@transaction.atomic
def year_end_pay_out(
    *, run: YearEndRun, on: dt.date, to_deposits: bool, by: User, at: dt.datetime, key: str | None = None
) -> YearEndRun:
    """Pay every member's dividend and refund, in cash or into their deposit account."""
    fund = lock_fund(run.fund_id)
    _keeps_books(by, fund)
    run = YearEndRun.objects.select_for_update().get(pk=run.pk)
    if run.paid_out_on is not None:
        return run
    if on <= run.period_end:
        raise CannotCloseYear(
            _("Pay out after the year has been closed."), code="pay_out_year_closed", field="on"
        )
    for book in fund.books.all():
        legs, deposits = [], []
        for role in (Roles.DIVIDENDS_PAYABLE, Roles.REFUNDS_PAYABLE):
            account = ledger.accounts_of(book)[role]
            owed = (
                JournalLine.objects.filter(account=account, member_id__isnull=False)
                .values("member_id")
                .annotate(c=Sum("credit_satang"), d=Sum("debit_satang"))
            )
            for row in owed:
                amount = row["c"] - row["d"]
                if amount > 0:
                    legs.append(dr(role, amount, member_id=row["member_id"]))
                    deposits.append((row["member_id"], amount))
        if not legs:
            continue
        if to_deposits:
            per_member: dict[int, int] = defaultdict(int)
            for m, amount in deposits:
                per_member[m] += amount
            legs += [cr(Roles.DEPOSITS, v, member_id=m) for m, v in per_member.items()]
        else:
            legs.append(cr(Roles.CASH, sum(a for _m, a in deposits)))
        entry = ledger.post(
            fund=fund,
            book=book,
            on=on,
            kind=EntryKind.PAYOUT,
            legs=legs,
            by=by,
            at=at,
            memo="จ่ายเงินปันผลและเงินเฉลี่ยคืน",
            key=f"{_key(key)}:{book.pk}" if key else None,
        )
        if to_deposits:
            SavingsMovement.objects.bulk_create(
                SavingsMovement(
                    fund=fund,
                    book=book,
                    member_id=m,
                    kind=SavingsKind.DEPOSIT,
                    on=on,
                    amount_satang=v,
                    entry=entry,
                )
                for m, v in per_member.items()
            )
    run.paid_out_on = on
    run.save(update_fields=["paid_out_on"])
    return run


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
    from thanrak.registry.actions import person_register

    fund = lock_fund(fund.pk)
    _sets_up(by, fund.organisation)
    ledger.ensure_open(fund, opening_date)
    if not fund.can_lend and any(r.loans for r in rows):
        raise ImportRejected([Issue(None, "loan_no", _("This is a welfare fund: it does not lend."))])
    bylaw = _bylaw_on(fund, opening_date)
    book = _book(fund, None)
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
                        "This person is not in the registry yet, and only an officer of the area may register them."
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
    legs: list[ledger.Leg] = []
    if cash_satang:
        legs.append(dr(Roles.CASH, cash_satang))
    if bank_satang:
        legs.append(dr(Roles.BANK, bank_satang))
    loans = 0
    movements = []
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
    entry = None
    if len(legs) >= 2:
        entry = ledger.post(
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
