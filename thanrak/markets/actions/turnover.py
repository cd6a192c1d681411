"""Typed turnover: one figure per booth per day, by the vendor or the organiser, corrections logged;
and a whole file of figures at once (all or nothing)."""

import datetime as dt
from typing import IO

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.accounts.scope import OutsideScope, scope_of
from thanrak.core.errors import DomainError
from thanrak.core.forms import read_thai_date
from thanrak.core.money import InvalidAmount, parse_baht
from thanrak.core.tabular import Issue, TableError, read_table
from thanrak.markets import rules
from thanrak.markets.actions.events import manages
from thanrak.markets.errors import CannotRecordTurnover
from thanrak.markets.models import Booth, Event, Turnover, TurnoverCorrection

MAX_DAY_SATANG = 10**11  # a billion baht a day at one booth is a typing error
FILE_ALIASES = {"บูธ": "booth", "วันที่": "date", "ยอดขาย (บาท)": "amount", "ยอดขาย": "amount"}
MAX_FILE_ROWS = 5000


class TurnoverFileRefused(CannotRecordTurnover):
    """The file has problems; nothing was recorded. `issues` names each row and column."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = issues
        super().__init__(
            _("The file has %(count)s problems; no figure was recorded."),
            code="turnover_file_invalid",
            field="file",
            params={"count": len(issues)},
        )


def may_type(by: User, booth: Booth) -> None:
    """The vendor's officers type their own booth's figures; the event's managers any booth's."""
    if booth.vendor_id in scope_of(by).organisation_ids:
        return
    manages(by, booth.event)


def _check_day(booth: Booth, date: dt.date, at: dt.datetime) -> None:
    event = booth.event
    if date > timezone.localdate(at):
        raise CannotRecordTurnover(
            _("Turnover is typed at the end of the day, not before."), code="turnover_future", field="date"
        )
    if not rules.is_event_day(day=date, start=event.start_date, end=event.end_date, weekdays=event.weekdays):
        raise CannotRecordTurnover(
            _("The event is not held on this day."), code="turnover_not_event_day", field="date"
        )


@transaction.atomic
def turnover_type(
    *, by: User, booth: Booth, date: dt.date, amount_satang: int, at: dt.datetime, reason: str = ""
) -> Turnover:
    """The day's figure for the booth; typed again, it replaces the figure and the change is logged
    (the same figure again changes nothing)."""
    booth = Booth.objects.select_related("event").get(pk=booth.pk)
    may_type(by, booth)
    if not 0 <= amount_satang <= MAX_DAY_SATANG:
        raise CannotRecordTurnover(
            _("Give the day's sales in baht, zero or more."), code="turnover_amount", field="amount"
        )
    _check_day(booth, date, at)
    row = Turnover.objects.select_for_update().filter(booth=booth, date=date).first()
    if row is None:
        return Turnover.objects.create(
            booth=booth, date=date, amount_satang=amount_satang, typed_by=by, typed_at=at
        )
    if row.amount_satang == amount_satang:
        return row
    TurnoverCorrection.objects.create(
        turnover=row,
        old_satang=row.amount_satang,
        new_satang=amount_satang,
        reason=reason[:200],
        by=by,
        at=at,
    )
    row.amount_satang, row.typed_by, row.typed_at = amount_satang, by, at
    row.save(update_fields=["amount_satang", "typed_by", "typed_at"])
    return row


def _row_values(booths: dict[str, Booth], values: dict[str, str]) -> tuple[Booth, dt.date, int]:
    booth = booths.get(values.get("booth", "").strip())
    if booth is None:
        raise CannotRecordTurnover(
            _("No booth with this number at the event."), code="turnover_booth", field="booth"
        )
    date = read_thai_date(values.get("date", ""))
    if date is None:
        raise CannotRecordTurnover(
            _("Write the date as 15/12/2569 or 15 ธ.ค. 2569."), code="turnover_date", field="date"
        )
    try:
        amount = parse_baht(values.get("amount", ""), max_satang=MAX_DAY_SATANG)
    except InvalidAmount as exc:
        raise CannotRecordTurnover(
            _("Give the day's sales in baht, zero or more."), code="turnover_amount", field="amount"
        ) from exc
    return booth, date, amount


@transaction.atomic
def turnover_import(*, by: User, event: Event, source: IO[bytes] | bytes, at: dt.datetime) -> list[Turnover]:
    """Figures from a CSV (UTF-8 or cp874) or XLSX file with Thai headers บูธ, วันที่, ยอดขาย (บาท).
    Any problem in any row: nothing is written and every problem is listed with its row and column."""
    try:
        table = read_table(
            source, required=("booth", "date", "amount"), aliases=FILE_ALIASES, max_rows=MAX_FILE_ROWS
        )
    except TableError as exc:
        raise TurnoverFileRefused(list(exc.issues)) from exc
    booths = {b.label: b for b in event.booths.select_related("event")}
    issues: list[Issue] = []
    out: list[Turnover] = []
    seen: set[tuple[int, dt.date]] = set()
    for row, values in table.rows:
        try:
            booth, date, amount = _row_values(booths, values)
            if (booth.pk, date) in seen:
                raise CannotRecordTurnover(
                    _("This booth and day are already in the file."), code="turnover_row_twice", field="date"
                )
            seen.add((booth.pk, date))
            out.append(
                turnover_type(by=by, booth=booth, date=date, amount_satang=amount, at=at, reason="file")
            )
        except DomainError as exc:
            issues.append(Issue(row, exc.field, exc.message, exc.params))
        except OutsideScope:
            issues.append(Issue(row, "booth", _("You may not type figures for this booth.")))
    if issues:
        transaction.set_rollback(True)
        raise TurnoverFileRefused(issues)
    return out
