"""Exports of the services lists as CSV or XLSX (personal data: the caller audit-logs each export)."""

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from thanrak.core.tabular import write_csv, write_xlsx
from thanrak.core.thai import be_year
from thanrak.services.layouts import headers
from thanrak.services.models import Case, Helper

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def table(fmt: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], *, sheet: str) -> bytes:
    """The rows in the format asked for ("csv" or "xlsx")."""
    return write_xlsx(headers, rows, sheet_title=sheet) if fmt == "xlsx" else write_csv(headers, rows)


HELPER_HEADERS = headers("helpers")


def helper_rows(rows: Iterable[Helper]) -> Iterable[list[Any]]:
    """The helpers directory: registry number, name, phone, kinds, expertise, areas (no citizen ID)."""
    for h in rows:
        yield [
            h.person_id,
            "",
            h.person.full_name,
            h.person.phone,
            " ".join(k.kind for k in h.kinds.all()),
            " ".join(e.topic for e in h.expertise.all()),
            h.expertise_words,
            " ".join(a.area_code for a in h.areas.all()),
            h.availability,
            h.capacity,
        ]


CASE_HEADERS = headers("cases")


def _subject_name(c: Case) -> str:
    if c.person_id:
        return c.person.full_name
    if c.household_id:
        return c.household.house_no
    return c.organisation.name_th


def case_rows(rows: Iterable[Case]) -> Iterable[list[Any]]:
    """Cases with their subject's registry number and name (no citizen ID or phone), state and
    adviser; the intake date in the Buddhist era."""
    for c in rows:
        yield [
            c.pk,
            be_date(c.intake_date),
            c.subject_kind,
            c.person_id or c.household_id or c.organisation_id,
            "",
            _subject_name(c),
            "",
            c.area_code,
            c.topic,
            c.channel,
            c.status,
            c.outcome,
            c.adviser.person_id if c.adviser_id else "",
            c.adviser.person.full_name if c.adviser_id else "",
            c.summary,
        ]


def be_date(day: dt.date) -> str:
    """dd/mm/yyyy in the Buddhist era, as the import reads it."""
    return f"{day.day:02d}/{day.month:02d}/{be_year(day.year)}"
