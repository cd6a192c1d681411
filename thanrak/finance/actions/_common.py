"""What every finance action shares: its refusals, who may keep the books, small checks of
amounts, days, books, members and idempotency keys."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.accounts.roles import Role
from thanrak.accounts.scope import OutsideScope, scope_of
from thanrak.core.errors import DomainError
from thanrak.core.money import MAX_ENTRY_SATANG, format_baht
from thanrak.core.thai import format_date
from thanrak.finance.chart_of_accounts import Roles
from thanrak.finance.models import (
    Book,
    BylawVersion,
    Fund,
    FundMember,
    JournalEntry,
    LedgerAccount,
    MemberStatus,
    SavingsKind,
)
from thanrak.finance.posting import CannotPost, lock_fund
from thanrak.finance.repayment import CannotRepayLoan  # noqa: F401 (the actions' refusals live here)
from thanrak.registry.models import Organisation


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


@dataclass(frozen=True)
class Opened:
    """A fund locked for posting by someone who keeps its books: the cleaned idempotency key and
    what an earlier request with that key made (`prior`, None when the request is new)."""

    fund: Fund
    key: str | None
    prior: Any  # a JournalEntry by default; what `replay` finds otherwise


def open_books(
    fund_id: int,
    *,
    by: User,
    key: str | None = None,
    on: dt.date | None = None,
    at: dt.datetime | None = None,
    replay: Callable[[Fund, str], Any] = _replayed,
) -> Opened:
    """The opening of every posting action: lock the fund's row, check the user keeps its books and
    (given `on` and `at`) that the day is not after today, clean the key and look it up under the
    lock (`replay`: by default the journal entry made with it)."""
    fund = lock_fund(fund_id)
    _keeps_books(by, fund)
    if on is not None and at is not None:
        _not_future(on, at)
    key = _key(key)
    return Opened(fund=fund, key=key, prior=replay(fund, key) if key else None)


def key_used_elsewhere(error: type[DomainError]) -> DomainError:
    """The refusal when a request key already made something of another kind."""
    return error(
        _("This request key was already used for something else."),
        code="request_key_already_used",
        field="idempotency_key",
    )


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
        raise error(_("This person is not a member of this fund."), code="not_member_of_fund", field="member")
    if member.status != MemberStatus.ACTIVE:
        raise error(
            _("%(name)s has left the fund."),
            code="member_left_fund",
            field="member",
            params={"name": member.person.full_name},
        )
    return member
