"""Savings: deposits, a collection round of many members, withdrawals and welfare benefits."""

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.core.errors import DomainError
from thanrak.core.events import emit
from thanrak.core.money import format_baht
from thanrak.core.thai import format_month
from thanrak.finance import posting
from thanrak.finance.actions._common import (
    MEMBER_ROLE_OF_KIND,
    CannotSave,
    _active_member,
    _book,
    _bylaw_on,
    _keeps_books,
    _key,
    _not_future,
    _positive,
    key_used_elsewhere,
    open_books,
)
from thanrak.finance.actions.members import _share_units
from thanrak.finance.chart_of_accounts import Roles
from thanrak.finance.models import (
    Book,
    BylawVersion,
    EntryKind,
    Fund,
    FundKind,
    FundMember,
    JournalEntry,
    MemberStatus,
    SavingsKind,
    SavingsMovement,
)
from thanrak.finance.posting import cr, dr, lock_fund

# --- savings -------------------------------------------------------------------------------------


@dataclass
class _Deposit:
    member: FundMember
    kind: str
    amount_satang: int
    units: int
    for_month: dt.date | None
    legs: list[posting.Leg]
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
    opened = open_books(member.fund_id, by=by, key=key, on=on, at=at)
    if opened.prior is not None:
        movement = opened.prior.savings_movements.first()
        if movement is None:
            raise key_used_elsewhere(CannotSave)
        return movement
    fund, key = opened.fund, opened.key
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
    entry = posting.post(
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
    emit("finance.savings_received", movements=[movement])
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
            posting.Posting(
                on=on, kind=EntryKind.SAVINGS, legs=d.legs, memo=d.memo, key=item_key, member_id=member.pk
            )
        )
    entries = posting.post_many(fund=fund, book=book, postings=postings, by=by, at=at)
    made = SavingsMovement.objects.bulk_create(
        _movement(fund, book, d, on, e) for d, e in zip(deposits, entries, strict=True)
    )
    emit("finance.savings_received", movements=made)
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
    opened = open_books(member.fund_id, by=by, key=key, on=on, at=at)
    if opened.prior is not None:
        movement = opened.prior.savings_movements.first()
        if movement is None:
            raise key_used_elsewhere(CannotSave)
        return movement
    fund, key = opened.fund, opened.key
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
    balance = posting.member_balance(book=book, role=role, member_id=member.pk)
    if amount_satang > balance:
        raise CannotSave(
            _("%(name)s has only %(balance)s baht of this kind."),
            code="baht_kind",
            field="amount",
            params={"name": member.person.full_name, "balance": format_baht(balance)},
        )
    entry = posting.post(
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
    """Pay a member a welfare benefit: an expense of a welfare fund, or drawn from another fund's
    welfare reserve."""
    opened = open_books(member.fund_id, by=by, key=key, on=on, at=at)
    if opened.prior is not None:
        return opened.prior
    fund, key = opened.fund, opened.key
    _positive(amount_satang)
    member = _active_member(fund, member)
    reason = " ".join((reason or "").split())
    if not reason:
        raise CannotSave(_("Say what the benefit is for."), code="say_what_benefit", field="reason")
    book = _book(fund, None)
    if fund.kind == FundKind.WELFARE:
        debit = dr(Roles.WELFARE_EXPENSE, amount_satang, member_id=member.pk)
    else:
        reserve = posting.accounts_of(book)[Roles.WELFARE_RESERVE]
        reserve.refresh_from_db(fields=["balance_satang"])
        if reserve.natural_balance_satang < amount_satang:
            raise CannotSave(
                _("The welfare reserve holds only %(balance)s baht."),
                code="welfare_reserve_holds_baht",
                field="amount",
                params={"balance": format_baht(reserve.natural_balance_satang)},
            )
        debit = dr(Roles.WELFARE_RESERVE, amount_satang, member_id=member.pk)
    return posting.post(
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
