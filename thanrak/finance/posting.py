"""The posting primitive of the double-entry ledger. Only thanrak.finance.actions calls it.

`post` writes one balanced entry into one book of a fund whose row the caller has locked
(`lock_fund`), so that period closes, idempotency keys and cached balances are read and written
by one transaction at a time per fund. PostgreSQL checks the balance again at commit with a
deferred constraint trigger (migration 0002), so no code path can leave an unbalanced entry.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db.models import Case, F, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.core.errors import DomainError
from thanrak.core.money import MAX_ABS_SATANG, format_baht
from thanrak.core.thai import format_date
from thanrak.finance.models import Book, EntryKind, Fund, JournalEntry, JournalLine, LedgerAccount


class CannotPost(DomainError):
    """The entry would break a ledger rule (unbalanced, closed period, money that is not there)."""


@dataclass(frozen=True)
class Leg:
    """One side of an entry by account role: exactly one of debit/credit positive."""

    role: str
    debit_satang: int = 0
    credit_satang: int = 0
    member_id: int | None = None
    loan_id: int | None = None


def dr(role: str, satang: int, *, member_id: int | None = None, loan_id: int | None = None) -> Leg:
    return Leg(role, debit_satang=satang, member_id=member_id, loan_id=loan_id)


def cr(role: str, satang: int, *, member_id: int | None = None, loan_id: int | None = None) -> Leg:
    return Leg(role, credit_satang=satang, member_id=member_id, loan_id=loan_id)


def lock_fund(fund_id: int) -> Fund:
    """Lock the fund's row for the rest of the transaction: postings to one fund run one at a time."""
    return Fund.objects.select_for_update().get(pk=fund_id)


def accounts_of(book: Book) -> dict[str, LedgerAccount]:
    """The book's accounts by role, cached on the Book instance (roles and ids never change)."""
    cached = getattr(book, "_accounts_by_role", None)
    if cached is None:
        cached = {a.role: a for a in LedgerAccount.objects.filter(book=book).exclude(role="")}
        book._accounts_by_role = cached  # type: ignore[attr-defined]
    return cached


def ensure_open(fund: Fund, on: dt.date) -> None:
    """Refuse a date inside a closed period or before the fund opened."""
    if fund.closed_through is not None and on <= fund.closed_through:
        raise CannotPost(
            _("The books are closed through %(date)s: record it on a later date."),
            code="books_closed_through_record",
            field="on",
            params={"date": format_date(fund.closed_through)},
        )
    if on < fund.opened_on:
        raise CannotPost(
            _("The fund opened on %(date)s: nothing can be recorded before that."),
            code="fund_opened_nothing_recorded",
            field="on",
            params={"date": format_date(fund.opened_on)},
        )


@dataclass(frozen=True)
class Posting:
    """One entry to write with `post_many`: its day, kind, legs and links."""

    on: dt.date
    kind: str
    legs: Sequence[Leg]
    memo: str = ""
    key: str | None = None
    member_id: int | None = None
    loan_id: int | None = None
    reverses: JournalEntry | None = None


def _lines_of(
    accounts: dict[str, LedgerAccount], legs: Sequence[Leg], deltas: dict[int, int]
) -> list[JournalLine]:
    """Check one entry's legs (amounts, sides, balance, members) and turn them into unsaved lines."""
    lines: list[JournalLine] = []
    debits = credits = 0
    for leg in legs:
        account = accounts.get(leg.role)
        if account is None:
            raise CannotPost(
                _("This book has no account for %(role)s."), code="book_account", params={"role": leg.role}
            )
        for value in (leg.debit_satang, leg.credit_satang):
            if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_ABS_SATANG:
                raise CannotPost(
                    _("An amount is not a whole number of satang."),
                    code="amount_whole_number_satang",
                    field="amount",
                )
        if (leg.debit_satang > 0) == (leg.credit_satang > 0):
            raise CannotPost(
                _("Each line is either a debit or a credit, and not zero."),
                code="each_either_debit_credit",
                field="amount",
            )
        if account.per_member and leg.member_id is None:
            raise CannotPost(
                _("%(account)s is kept per member: name the member."),
                code="kept_member_name_member",
                params={"account": account.name_th},
            )
        debits += leg.debit_satang
        credits += leg.credit_satang
        deltas[account.pk] += leg.debit_satang - leg.credit_satang
        lines.append(
            JournalLine(
                account_id=account.pk,
                member_id=leg.member_id,
                loan_id=leg.loan_id,
                debit_satang=leg.debit_satang,
                credit_satang=leg.credit_satang,
            )
        )
    if len(lines) < 2:
        raise CannotPost(
            _("An entry needs at least one debit and one credit."), code="entry_needs_least_debit"
        )
    if debits != credits:
        raise CannotPost(
            _("Debits (%(debits)s) and credits (%(credits)s) must be equal."),
            code="debits_credits_equal",
            params={"debits": format_baht(debits), "credits": format_baht(credits)},
        )
    return lines


def _entry_of(fund: Fund, book: Book, p: Posting, *, by: User | None, at: dt.datetime) -> JournalEntry:
    return JournalEntry(
        fund=fund,
        book=book,
        entry_date=p.on,
        kind=p.kind,
        memo=p.memo[:300],
        idempotency_key=p.key,
        reverses=p.reverses,
        member_id=p.member_id,
        loan_id=p.loan_id,
        created_by=by,
        created_at=at,
    )


def _write(entries: list[JournalEntry], lines_per_entry: list[list[JournalLine]]) -> None:
    """Insert checked entries, then their lines, in batches."""
    JournalEntry.objects.bulk_create(entries, batch_size=2000)
    lines = []
    for entry, entry_lines in zip(entries, lines_per_entry, strict=True):
        for line in entry_lines:
            line.entry_id = entry.pk
            lines.append(line)
    JournalLine.objects.bulk_create(lines, batch_size=2000)


def post_many(
    *, fund: Fund, book: Book, postings: Sequence[Posting], by: User | None, at: dt.datetime
) -> list[JournalEntry]:
    """Write many balanced entries of one book at once (a meeting's savings, a benchmark): each entry is
    checked as `post` checks it, then entries, lines and balances are written in a handful of statements.
    The fund must be locked; one refused entry refuses them all (the caller's transaction rolls back)."""
    if book.fund_id != fund.pk:
        raise CannotPost(
            _("This book belongs to another fund."), code="book_belongs_another_fund", field="book"
        )
    accounts = accounts_of(book)
    deltas: dict[int, int] = defaultdict(int)
    entries, lines_per_entry = [], []
    for p in postings:
        ensure_open(fund, p.on)
        lines_per_entry.append(_lines_of(accounts, p.legs, deltas))
        entries.append(_entry_of(fund, book, p, by=by, at=at))
    if not entries:
        return []
    _write(entries, lines_per_entry)
    _move_balances(deltas)
    _ensure_not_negative(accounts, deltas)
    return entries


def post_across_books(
    *, postings: Sequence[tuple[Fund, Book, Posting]], by: User | None, at: dt.datetime
) -> list[JournalEntry]:
    """Write one entry into each of many books (of many funds) in a handful of statements: the month
    end's accruals. Every fund must be locked; each entry is checked as `post` checks it; the cached
    balances move with one bulk update. One refused entry refuses them all."""
    if not postings:
        return []
    book_ids = {book.pk for _fund, book, _p in postings}
    by_book: dict[int, dict[str, LedgerAccount]] = defaultdict(dict)
    for account in LedgerAccount.objects.filter(book_id__in=book_ids).exclude(role=""):
        by_book[account.book_id][account.role] = account
    deltas: dict[int, int] = defaultdict(int)
    entries, lines_per_entry = [], []
    for fund, book, p in postings:
        if book.fund_id != fund.pk:
            raise CannotPost(
                _("This book belongs to another fund."), code="book_belongs_another_fund", field="book"
            )
        ensure_open(fund, p.on)
        lines_per_entry.append(_lines_of(by_book[book.pk], p.legs, deltas))
        entries.append(_entry_of(fund, book, p, by=by, at=at))
    _write(entries, lines_per_entry)
    changed = {pk: d for pk, d in deltas.items() if d}
    accounts = [a for roles in by_book.values() for a in roles.values() if a.pk in changed]
    for account in accounts:
        account.balance_satang += changed[account.pk]
    # The funds are locked, so the balances read above are current: write the new ones in bulk.
    LedgerAccount.objects.bulk_update(accounts, ["balance_satang"], batch_size=1000)
    for roles in by_book.values():
        _ensure_not_negative(roles, deltas)
    return entries


def post(
    *,
    fund: Fund,
    book: Book,
    on: dt.date,
    kind: EntryKind | str,
    legs: Sequence[Leg],
    by: User | None,
    at: dt.datetime,
    memo: str = "",
    key: str | None = None,
    member_id: int | None = None,
    loan_id: int | None = None,
    reverses: JournalEntry | None = None,
) -> JournalEntry:
    """Write one balanced entry and move the cached account balances; the fund must be locked."""
    if book.fund_id != fund.pk:
        raise CannotPost(
            _("This book belongs to another fund."), code="book_belongs_another_fund", field="book"
        )
    ensure_open(fund, on)
    accounts = accounts_of(book)
    deltas: dict[int, int] = defaultdict(int)
    lines = _lines_of(accounts, legs, deltas)
    entry = JournalEntry.objects.create(
        fund=fund,
        book=book,
        entry_date=on,
        kind=kind,
        memo=memo[:300],
        idempotency_key=key,
        reverses=reverses,
        member_id=member_id,
        loan_id=loan_id,
        created_by=by,
        created_at=at,
    )
    for line in lines:
        line.entry_id = entry.pk
    JournalLine.objects.bulk_create(lines)
    _move_balances(deltas)
    _ensure_not_negative(accounts, deltas)
    return entry


def _move_balances(deltas: dict[int, int]) -> None:
    changed = {pk: d for pk, d in deltas.items() if d}
    if not changed:
        return
    LedgerAccount.objects.filter(pk__in=list(changed)).update(
        balance_satang=F("balance_satang")
        + Case(*(When(pk=pk, then=Value(d)) for pk, d in changed.items()), default=Value(0))
    )


def _ensure_not_negative(accounts: dict[str, LedgerAccount], deltas: dict[int, int]) -> None:
    """Cash and bank cannot be paid out below zero (checked after the move, in the same transaction)."""
    watched = [a for a in accounts.values() if a.no_negative and deltas.get(a.pk, 0) < 0]
    if not watched:
        return
    short = LedgerAccount.objects.filter(pk__in=[a.pk for a in watched], balance_satang__lt=0).first()
    if short is not None:
        raise CannotPost(
            _("There is not enough money in %(account)s: %(balance)s baht before this entry."),
            code="enough_money_baht_entry",
            field="amount",
            params={
                "account": short.name_th,
                "balance": format_baht(short.balance_satang - deltas[short.pk]),
            },
        )


def reversing_legs(entry: JournalEntry) -> list[Leg]:
    """The legs that undo an entry: every debit becomes a credit and the other way round."""
    return [
        Leg(
            role=line.account.role,
            debit_satang=line.credit_satang,
            credit_satang=line.debit_satang,
            member_id=line.member_id,
            loan_id=line.loan_id,
        )
        for line in entry.lines.select_related("account").order_by("id")
    ]


def member_balance(*, book: Book, role: str, member_id: int, on: dt.date | None = None) -> int:
    """A member's balance on a per-member account in the account's normal direction."""
    account = accounts_of(book)[role]
    lines = JournalLine.objects.filter(account=account, member_id=member_id)
    if on is not None:
        lines = lines.filter(entry__entry_date__lte=on)
    total = lines.aggregate(d=Coalesce(Sum("debit_satang"), 0), c=Coalesce(Sum("credit_satang"), 0))
    signed = total["d"] - total["c"]
    return signed if account.normal_debit else -signed


def balances_from_lines(account_ids: Iterable[int]) -> dict[int, int]:
    """Debits minus credits per account, summed from the lines (to check the cached balances)."""
    rows = (
        JournalLine.objects.filter(account_id__in=list(account_ids))
        .values("account_id")
        .annotate(d=Sum("debit_satang"), c=Sum("credit_satang"))
    )
    return {r["account_id"]: r["d"] - r["c"] for r in rows}
