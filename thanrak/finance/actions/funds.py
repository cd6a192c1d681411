"""Opening a fund, its books, its accounting basis, its bylaw and its aging bands."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.core.money import MAX_ABS_SATANG
from thanrak.core.thai import format_date
from thanrak.finance.actions._common import CannotChangeBylaw, CannotOpenFund, _bylaw_on, _sets_up
from thanrak.finance.chart_of_accounts import STANDARD_CHART
from thanrak.finance.models import (
    AgingBucket,
    AgingPreset,
    Book,
    BookSource,
    BylawVersion,
    DividendBasis,
    Fund,
    FundKind,
    LedgerAccount,
    Rounding,
)
from thanrak.finance.posting import lock_fund
from thanrak.finance.schedules import (
    MAX_PERIODS,
)
from thanrak.finance.year_end_plan import ALLOCATION_FIELDS
from thanrak.registry.models import Organisation

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


def _check_ranges(out: dict[str, Any]) -> None:
    """Rates, amounts and counts are whole numbers in their ranges."""
    ranges = (
        (
            _BP_FIELDS,
            10_000,
            _("A rate must be between 0 and 10,000 basis points (0–100 %)."),
            "rate_between_basis_points",
        ),
        (_SATANG_FIELDS, MAX_ABS_SATANG, _("An amount must be zero or more."), "amount_negative"),
        (_COUNT_FIELDS, 32_000, _("A count must be zero or more."), "count_zero"),
    )
    for names, most, message, code in ranges:
        for name in names:
            v = out[name]
            if isinstance(v, bool) or not isinstance(v, int) or not 0 <= v <= most:
                raise CannotChangeBylaw(message, code=code, field=name)


def _clean_bylaw(values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    _check_ranges(out)
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
    """Use a preset of arrears buckets, or the fund's own bands (from 0 days, no gaps, the last
    open-ended)."""
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
