"""Exports of the services lists as CSV or XLSX (personal data: the caller audit-logs each export)."""

from collections.abc import Iterable, Sequence
from typing import Any

from thanrak.core.tabular import write_csv, write_xlsx
from thanrak.services.models import Case, Helper

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def table(fmt: str, headers: Sequence[str], rows: Iterable[Sequence[Any]], *, sheet: str) -> bytes:
    """The rows in the format asked for ("csv" or "xlsx")."""
    return write_xlsx(headers, rows, sheet_title=sheet) if fmt == "xlsx" else write_csv(headers, rows)


HELPER_HEADERS = [
    "name",
    "phone",
    "kinds",
    "expertise",
    "expertise_words",
    "areas",
    "availability",
    "capacity",
]


def helper_rows(rows: Iterable[Helper]) -> Iterable[list[Any]]:
    """The helpers directory: name, kinds, expertise, areas, availability (no citizen ID)."""
    for h in rows:
        yield [
            h.person.full_name,
            h.person.phone,
            " ".join(k.kind for k in h.kinds.all()),
            " ".join(e.topic for e in h.expertise.all()),
            h.expertise_words,
            " ".join(a.area_code for a in h.areas.all()),
            h.availability,
            h.capacity,
        ]


CASE_HEADERS = [
    "case",
    "intake_date",
    "subject_kind",
    "subject",
    "area_code",
    "topic",
    "channel",
    "status",
    "outcome",
    "adviser",
    "summary",
]


def _subject_name(c: Case) -> str:
    if c.person_id:
        return c.person.full_name
    if c.household_id:
        return c.household.house_no
    return c.organisation.name_th


def case_rows(rows: Iterable[Case]) -> Iterable[list[Any]]:
    """Cases with their subject's name (no citizen ID), state and adviser."""
    for c in rows:
        yield [
            c.pk,
            c.intake_date.isoformat(),
            c.subject_kind,
            _subject_name(c),
            c.area_code,
            c.topic,
            c.channel,
            c.status,
            c.outcome,
            c.adviser.person.full_name if c.adviser_id else "",
            c.summary,
        ]
