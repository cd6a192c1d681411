"""Importing persons, the volume case: checked in chunks, citizen IDs looked up a chunk at a time,
written through actions.PersonBatchWriter (COPY on PostgreSQL)."""

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from django.db import connection

from thanrak.core.tabular import Issue
from thanrak.registry.actions import (
    PersonBatchWriter,
    local_day,
)
from thanrak.registry.imports.report import ImportReport
from thanrak.registry.imports.values import (
    REGISTERED,
    TWICE,
    Areas,
    clean_person_row,
    column_index,
    row_values,
)
from thanrak.registry.models import (
    Person,
)

CHUNK = 20_000  # persons checked, looked up and written together


def import_persons(  # noqa: C901
    headers: list[str],
    rows: Iterator[tuple[int, list[str] | Issue]],
    report: ImportReport,
    areas: Areas,
    *,
    at: dt.datetime,
    tick: Callable[[int], None],
    outermost: bool = False,
) -> None:
    today = local_day(at)
    index = column_index(headers)
    seen: dict[str, int] = {}
    chunk: list[tuple[int, dict[str, Any]]] = []
    writer = PersonBatchWriter(at)
    lookup = _Registered(outermost=outermost)
    ticked = [0]  # rows read when the progress bar last moved

    def flush() -> None:
        ids = [d["citizen_id"] for _, d in chunk if d["citizen_id"]]
        taken = lookup(ids, long_file=len(chunk) >= CHUNK, before=writer.finish)
        good, refused = split_registered(chunk, taken)
        for issue in refused:
            report.add(issue)
            report.skipped.append(issue.row)
        if not report.dry_run and (report.skip_invalid or not report.issues):
            writer.write(good, keep_open=lookup.side is not None)
        report.imported += len(good)
        tick(report.rows - ticked[0])
        ticked[0] = report.rows
        chunk.clear()

    for row, cells in rows:
        report.rows += 1
        if isinstance(cells, Issue):
            report.add(cells)
            report.skipped.append(row)
            continue
        issues: list[Issue] = []
        data = check_person_row(row_values(cells, index), row, areas, today, seen, issues)
        if data is None:
            for issue in issues:
                report.add(issue)
            report.skipped.append(row)
            continue
        chunk.append((row, data))
        if len(chunk) >= CHUNK:
            flush()
    try:
        if chunk:
            flush()
    finally:
        writer.finish()
        lookup.close()
    tick(report.rows - ticked[0])
    if not report.skip_invalid and report.issues:
        report.imported = 0


def check_person_row(
    values: dict[str, str],
    row: int,
    areas: Areas,
    today: dt.date,
    seen: dict[str, int],
    issues: list[Issue],
) -> dict[str, Any] | None:
    """A row's person, checked on its own and against the file's earlier rows (`seen`: citizen ID →
    its first row); None with the problems in `issues`. No database: the areas are loaded once."""
    data = clean_person_row(values, row, areas, today, issues)
    if data is not None and (cid := data["citizen_id"]):
        first = seen.get(cid)
        if first is not None:
            issues.append(Issue(row, "citizen_id", TWICE, {"id": cid, "row": first}))
            return None
        seen[cid] = row
    return data


def split_registered(
    chunk: list[tuple[int, dict[str, Any]]], taken: set[str]
) -> tuple[list[dict[str, Any]], list[Issue]]:
    """The chunk's persons to write, and a problem for each whose citizen ID is registered already."""
    good: list[dict[str, Any]] = []
    refused: list[Issue] = []
    for row, data in chunk:
        if data["citizen_id"] in taken:
            refused.append(Issue(row, "citizen_id", REGISTERED, {"id": data["citizen_id"]}))
        else:
            good.append(data)
    return good, refused


REGISTERED_SQL = "SELECT citizen_id FROM registry_person WHERE citizen_id = ANY(string_to_array(%s, ','))"


class _Registered:
    """Which citizen IDs of a chunk are in the registry already (one query per chunk).

    A long file imported outside any other transaction, on PostgreSQL, is looked up on a second
    connection: it sees every person registered before the import (committed), the file's own IDs
    are checked by the import itself, and the import's COPY then streams without a pause for each
    lookup. A person registered by someone else meanwhile still meets the unique index, and the whole
    import is rolled back. Otherwise (SQLite, short files, an import inside a caller's transaction
    that may hold uncommitted persons) the import's own connection answers, between two COPYs.
    """

    def __init__(self, *, outermost: bool):
        self.allowed = outermost and connection.vendor == "postgresql"
        self.side: Any = None

    def __call__(self, ids: list[str], *, long_file: bool, before: Callable[[], None]) -> set[str]:
        if self.side is None and self.allowed and long_file:
            import psycopg

            self.side = psycopg.connect(**connection.get_connection_params(), autocommit=True)
        if self.side is not None:
            return (
                {r[0] for r in self.side.execute(REGISTERED_SQL, [",".join(ids)]).fetchall()}
                if ids
                else set()
            )
        before()  # the connection runs no query while a COPY is open
        return _registered(ids)

    def close(self) -> None:
        if self.side is not None:
            self.side.close()
            self.side = None


def _registered(ids: list[str]) -> set[str]:
    if not ids:
        return set()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # One text parameter split by the server: adapting a 20,000-element array in Python
            # costs more than the lookup itself.
            cursor.execute(REGISTERED_SQL, [",".join(ids)])
            return {r[0] for r in cursor.fetchall()}
    found: set[str] = set()
    for start in range(0, len(ids), 5_000):
        found.update(
            Person.objects.filter(citizen_id__in=ids[start : start + 5_000]).values_list(
                "citizen_id", flat=True
            )
        )
    return found
