"""Batch writes for the importer: many records at once, their rules already checked.

The importer checks every row with the same rules as the pages (clean_person_fields,
clean_organisation_fields, the importer's scope) and writes the rows that pass through these
actions, which only write: persons through PersonBatchWriter (COPY on PostgreSQL, straight into
the table inside the import's transaction, bulk_create elsewhere), households with their members
through households_register_batch, organisations through organisations_register_batch. The import
as a whole is audit-logged once (registry.imports.registry_import), as before.
"""

import datetime as dt
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Protocol

from django.db import connection

from thanrak.geo.models import Village
from thanrak.registry.models import Household, HouseholdMember, Organisation, Person, house_no_key
from thanrak.registry.names import first_name_key, last_name_key


class HouseholdRows(Protocol):
    """A checked household as the importer holds it: its place, and its members as (row, relation,
    person fields) with "existing_pk" in the fields of a person already registered."""

    village_code: str
    house_no: str
    house_code: str
    address_detail: str
    members: list[tuple[int, str, dict[str, Any]]]


_first_key = lru_cache(maxsize=200_000)(first_name_key)
_last_key = lru_cache(maxsize=200_000)(last_name_key)


PERSON_COLUMNS = (
    "id_kind",
    "citizen_id",
    "other_id",
    "title",
    "first_name",
    "last_name",
    "first_name_en",
    "last_name_en",
    "name_key",
    "sex",
    "birth_date",
    "phone",
    "area_code",
    "created_at",
    "updated_at",
)


def _person_row(data: dict[str, Any], at: dt.datetime) -> tuple[Any, ...]:
    return (
        data["id_kind"],
        data["citizen_id"],
        data["other_id"],
        data["title"],
        data["first_name"],
        data["last_name"],
        data["first_name_en"],
        data["last_name_en"],
        _first_key(data["first_name"]) + "|" + _last_key(data["last_name"]),
        data["sex"],
        data["birth_date"],
        data["phone"],
        data["area_code"],
        at,
        at,
    )


class PersonBatchWriter:
    """Writes checked persons: COPY on PostgreSQL, bulk_create elsewhere.

    On PostgreSQL a writer thread sends the rows and a chunk's COPY is left open while Python
    checks the next chunk, so the server indexes one chunk as the next is read; it is closed before the
        connection runs its next query
    (with lookups on a second connection, one COPY takes the whole file).
    """

    def __init__(self, at: dt.datetime):
        self.at = at
        self.postgres = connection.vendor == "postgresql"
        self._open: Any = None  # the COPY's context manager while one is open
        self._copy: Any = None

    def write(self, batch: list[dict[str, Any]], *, keep_open: bool = False) -> None:
        """Write a batch; with keep_open the COPY already open takes it (one COPY for the file)."""
        if not (keep_open and self._open is not None):
            self.finish()
        if not batch:
            return
        if not self.postgres:
            Person.objects.bulk_create(
                (Person(**dict(zip(PERSON_COLUMNS, _person_row(d, self.at), strict=True))) for d in batch),
                batch_size=500,
            )
            return
        if self._open is None:
            from psycopg.copy import QueuedLibpqWriter

            cursor = connection.cursor().cursor
            # A writer thread sends the blocks, so Python checks the next rows while the server
            # takes these (a blocking send would leave the server idle during every check).
            manager = cursor.copy(
                f"COPY registry_person ({', '.join(PERSON_COLUMNS)}) FROM STDIN",
                writer=QueuedLibpqWriter(cursor),
            )
            self._copy = manager.__enter__()
            self._open = manager
        copy = self._copy
        try:
            stamp = self.at.isoformat()
            lines = []
            for data in batch:
                # Text COPY format: NULL is \N; tabs and line breaks cannot occur (the checks fold
                # whitespace in every text field), so only a backslash needs escaping.
                birth, first, last = data["birth_date"], data["first_name"], data["last_name"]
                line = "\t".join(
                    (
                        data["id_kind"],
                        data["citizen_id"] or "\\N",
                        data["other_id"],
                        data["title"],
                        first,
                        last,
                        data["first_name_en"],
                        data["last_name_en"],
                        _first_key(first) + "|" + _last_key(last),
                        data["sex"],
                        birth.isoformat() if birth else "\\N",
                        data["phone"],
                        data["area_code"],
                    )
                )
                if "\\" in line:  # \N for a NULL, or a backslash in a value, which COPY must see doubled
                    row = _person_row(data, self.at)[:13]
                    line = "\t".join("\\N" if v is None else str(v).replace("\\", "\\\\") for v in row)
                lines.append(f"{line}\t{stamp}\t{stamp}\n")
                if len(lines) >= 2_000:
                    copy.write("".join(lines))
                    lines.clear()
            if lines:
                copy.write("".join(lines))
        except BaseException:
            self.finish(failed=True)
            raise

    def finish(self, failed: bool = False) -> None:
        """Close the open COPY (waiting for the server to take every row)."""
        manager, self._open, self._copy = self._open, None, None
        if manager is not None:
            if failed:
                manager.__exit__(RuntimeError, RuntimeError("import failed"), None)
            else:
                manager.__exit__(None, None, None)


def households_register_batch(houses: Sequence[HouseholdRows], *, at: dt.datetime, today: dt.date) -> None:
    """Register checked households with their members: new persons, the households, the memberships
    (joined `today`), and the area of a registered person who moves in."""
    villages = {v.code: v for v in Village.objects.filter(code__in={h.village_code for h in houses})}
    new_people = [
        Person(
            **{k: v for k, v in d.items() if k != "existing_pk"},
            name_key=_first_key(d["first_name"]) + "|" + _last_key(d["last_name"]),
            created_at=at,
            updated_at=at,
        )
        for h in houses
        for _, _, d in h.members
        if "existing_pk" not in d
    ]
    Person.objects.bulk_create(new_people, batch_size=500)
    created = iter(new_people)
    households = [
        Household(
            house_no=h.house_no,
            house_no_key=house_no_key(h.house_no),
            house_code=h.house_code,
            village=villages[h.village_code],
            area_code=h.village_code,
            address_detail=h.address_detail[:200],
            created_at=at,
            updated_at=at,
        )
        for h in houses
    ]
    Household.objects.bulk_create(households, batch_size=500)
    members, moved = [], []
    for house, household in zip(houses, households, strict=True):
        for _row, relation, data in house.members:
            pk = data.get("existing_pk") or next(created).pk
            if "existing_pk" in data:
                moved.append((pk, house.village_code))
            members.append(
                HouseholdMember(household=household, person_id=pk, relation=relation, joined_date=today)
            )
    HouseholdMember.objects.bulk_create(members, batch_size=500)
    for pk, code in moved:
        Person.objects.filter(pk=pk).exclude(area_code=code).update(area_code=code, updated_at=at)


def organisations_register_batch(rows: Sequence[dict[str, Any]], *, at: dt.datetime) -> None:
    """Register checked organisations (the fields clean_organisation_fields gave)."""
    Organisation.objects.bulk_create(
        [Organisation(**d, created_at=at, updated_at=at) for d in rows], batch_size=500
    )
