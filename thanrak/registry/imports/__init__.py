"""Importing persons, households and organisations from CSV or Excel files.

The layouts (columns, their Thai names, what each takes) are in docs/import-layouts.md and in
LAYOUTS below. A file is read with core.tabular (UTF-8, UTF-8 with a BOM, TIS-620/cp874, XLSX),
every row is checked with the same rules as the registry's forms (actions.clean_person_fields,
the organisation rules), and every problem is an Issue naming the row, the column and the reason in
Thai and English.

All or nothing by default: the whole import runs in one transaction that is rolled back when any
row is wrong, so nothing is ever half-written. With skip_invalid the valid rows are written and the
report lists each row that was skipped and why. A dry run checks without writing.

Persons are the volume case (a province's registry is millions of people): they are checked in
chunks of CHUNK rows, the chunk's citizen IDs looked up in one query, and written on PostgreSQL by
COPY straight into the table inside the import's transaction (the server indexes one chunk while
Python checks the next); other databases use bulk_create. Households and organisations are read
whole and written with bulk_create. The writes are registry actions (actions/batch.py); this package
reads and checks.

Modules: layouts (columns, examples), report, values (reading dates, words, areas), entry (the
point), persons, households, organisations, page (uploads kept and run by the task worker)."""

from thanrak.registry.actions.batch import PERSON_COLUMNS  # the table layout the bench copies
from thanrak.registry.imports.entry import estimate_rows, max_bytes, registry_import
from thanrak.registry.imports.layouts import EXAMPLES, KINDS, LAYOUTS, Column, aliases, columns, header_names
from thanrak.registry.imports.page import (
    SYNC_ROWS,
    CannotConfirm,
    confirm_skipping,
    run,
    timezone_now,
    upload,
)
from thanrak.registry.imports.persons import CHUNK, REGISTERED_SQL
from thanrak.registry.imports.report import MAX_LISTED, ImportRejected, ImportReport
from thanrak.registry.imports.values import (
    BAD_DATE,
    OUTSIDE,
    PERSON_LIMITS,
    REGISTERED,
    SHORTEST_LIMIT,
    TOO_LONG,
    TWICE,
    Areas,
    parse_date,
)

__all__ = [
    "PERSON_COLUMNS",
    "KINDS",
    "Column",
    "LAYOUTS",
    "EXAMPLES",
    "columns",
    "aliases",
    "header_names",
    "MAX_LISTED",
    "ImportReport",
    "ImportRejected",
    "BAD_DATE",
    "parse_date",
    "Areas",
    "OUTSIDE",
    "PERSON_LIMITS",
    "TOO_LONG",
    "SHORTEST_LIMIT",
    "TWICE",
    "REGISTERED",
    "estimate_rows",
    "max_bytes",
    "registry_import",
    "CHUNK",
    "REGISTERED_SQL",
    "SYNC_ROWS",
    "upload",
    "run",
    "confirm_skipping",
    "CannotConfirm",
    "timezone_now",
]
