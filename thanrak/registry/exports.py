"""Exporting persons, households and organisations to CSV or Excel, in the import layouts.

An export holds only what the user may see (their areas, optionally narrowed to one area inside
them); citizen IDs are masked unless the user's role may see them; every cell a spreadsheet would
run as a formula is neutralised (core.tabular); and every export is written to the audit log with
who, what, how many rows and which area. The columns are those of the import layouts
(docs/import-layouts.md), so an exported file can be imported again.
"""

import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db import transaction

from thanrak.accounts.actions import audit_record
from thanrak.accounts.models import AuditEvent, User
from thanrak.accounts.scope import ensure_area, scope_of
from thanrak.core.access import user_may
from thanrak.core.areas import is_area_code, prefix_q
from thanrak.core.citizen_id import mask
from thanrak.core.tabular import write_csv, write_xlsx
from thanrak.registry.imports import KINDS, LAYOUTS, header_names
from thanrak.registry.models import HouseholdMember, Organisation, Person

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class CannotExport(ValueError):
    """Unknown kind, format or area code."""


def _date(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def _rows(kind: str, by: User, area: str, reveal: bool) -> Iterator[list[Any]]:
    def cid(value: str | None) -> str:
        return "" if not value else value if reveal else mask(value)

    where = prefix_q("area_code", area) if area else None
    if kind == "persons":
        qs = Person.objects.visible_to(by).active().order_by("area_code", "pk")
        qs = qs.filter(where) if where is not None else qs
        names = [c.name for c in LAYOUTS["persons"]]
        for p in qs.values(*names).iterator(chunk_size=5_000):
            yield [cid(p["citizen_id"]) if n == "citizen_id" else _date(p[n]) if n == "birth_date" else p[n]
                   for n in names]  # fmt: skip
    elif kind == "households":
        qs = HouseholdMember.objects.filter(left_date__isnull=True, household__in=_households(by, area))
        fields = ("household__area_code", "household__house_no", "household__house_code",
                  "household__address_detail", "relation", "person__citizen_id", "person__id_kind",
                  "person__other_id", "person__title", "person__first_name", "person__last_name",
                  "person__first_name_en", "person__last_name_en", "person__sex", "person__birth_date",
                  "person__phone")  # fmt: skip
        qs = qs.order_by("household__area_code", "household__house_no", "household_id", "relation", "pk")
        for m in qs.values_list(*fields).iterator(chunk_size=5_000):
            row = list(m)
            row[5] = cid(row[5])
            row[14] = _date(row[14])
            yield row
    else:
        qs = Organisation.objects.visible_to(by).order_by("area_code", "pk")
        qs = qs.filter(where) if where is not None else qs
        names = [c.name for c in LAYOUTS["organisations"]]
        for o in qs.values(*names).iterator(chunk_size=5_000):
            yield [_date(o[n]) if n == "registered_date" else o[n] for n in names]


def _households(by: User, area: str) -> Any:
    from thanrak.registry.models import Household

    qs = Household.objects.visible_to(by)
    return qs.filter(prefix_q("area_code", area)) if area else qs


@transaction.atomic
def registry_export(
    *, kind: str, fmt: str, by: User, at: dt.datetime, area: str = "", lang: str = "th", ip: str | None = None
) -> tuple[bytes, int]:
    """The file (bytes) and its number of data rows; the export is written to the audit log."""
    if kind not in KINDS:
        raise CannotExport(f"unknown kind {kind!r}")
    if fmt not in FORMATS:
        raise CannotExport(f"unknown format {fmt!r}")
    if not user_may(by, "registry.data", "export"):
        raise PermissionError("registry.data:export")
    if area:
        if not is_area_code(area):
            raise CannotExport(f"{area!r} is not an area code")
        ensure_area(by, area)
    reveal = user_may(by, "registry.citizen_id", "reveal")
    rows = list(_rows(kind, by, area, reveal))
    headers = header_names(kind, lang)
    data = write_xlsx(headers, rows, sheet_title=kind) if fmt == "xlsx" else write_csv(headers, rows)
    scope = scope_of(by)
    audit_record(
        by=by, event=AuditEvent.EXPORT, at=at, object_type=f"registry.{kind}",
        area_code=area or (scope.area_codes[0] if len(scope.area_codes) == 1 else ""),
        detail={"rows": len(rows), "format": fmt, "area": area, "citizen_ids": "full" if reveal else "masked"},
        ip=ip,
    )  # fmt: skip
    return data, len(rows)


def filename(kind: str, fmt: str, at: dt.datetime, area: str = "") -> str:
    return f"thanrak-{kind}{'-' + area if area else ''}-{at:%Y%m%d-%H%M}.{fmt}"
