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
from django.utils.translation import override

from thanrak.accounts.actions import audit_record
from thanrak.accounts.models import AuditEvent, User
from thanrak.accounts.scope import ensure_area, scope_of
from thanrak.core.access import user_may
from thanrak.core.areas import is_area_code, prefix_q
from thanrak.core.citizen_id import mask
from thanrak.core.tabular import write_csv, write_xlsx
from thanrak.core.thai import format_date
from thanrak.registry.imports.layouts import KINDS, LAYOUTS, header_names
from thanrak.registry.models import (
    HouseholdMember,
    IdKind,
    Organisation,
    OrganisationKind,
    Person,
    Relation,
    Sex,
)

FORMATS = ("csv", "xlsx")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class CannotExport(ValueError):
    """Unknown kind, format or area code."""


LAYOUTS_OUT = ("people", "machine")
# Coded columns: the machine layout writes the code, the people's layout its label.
_CODED = {"sex": Sex, "id_kind": IdKind, "relation": Relation, "kind": OrganisationKind}


class _Words:
    """How an export writes dates and codes: for people (labels, Buddhist-era dates, which the
    importer reads back) or for machines (codes and ISO dates, as docs/import-layouts.md says)."""

    def __init__(self, layout: str, lang: str):
        self.people = layout == "people"
        self.lang = lang
        self.labels = {name: dict(choices.choices) for name, choices in _CODED.items()}

    def date(self, value: dt.date | None) -> str:
        if not value:
            return ""
        if not self.people:
            return value.isoformat()
        return format_date(value, lang=self.lang) if self.lang.startswith("th") else f"{value:%d/%m/%Y}"

    def code(self, column: str, value: str | None) -> str:
        if not value or not self.people:
            return value or ""
        with override(self.lang):
            return str(self.labels[column].get(value, value))


def _rows(kind: str, by: User, area: str, reveal: bool, words: _Words) -> Iterator[list[Any]]:  # noqa: C901
    def cid(value: str | None) -> str:
        return "" if not value else value if reveal else mask(value)

    def cell(name: str, value: Any) -> Any:
        if name == "citizen_id":
            return cid(value)
        if name in ("birth_date", "registered_date"):
            return words.date(value)
        if name in _CODED:
            return words.code(name, value)
        return value

    where = prefix_q("area_code", area) if area else None
    if kind == "persons":
        qs = Person.objects.visible_to(by).active().order_by("area_code", "pk")
        qs = qs.filter(where) if where is not None else qs
        names = [c.name for c in LAYOUTS["persons"]]
        for p in qs.values(*names).iterator(chunk_size=5_000):
            yield [cell(n, p[n]) for n in names]
    elif kind == "households":
        qs = HouseholdMember.objects.filter(left_date__isnull=True, household__in=_households(by, area))
        fields = (
            "household__area_code",
            "household__house_no",
            "household__house_code",
            "household__address_detail",
            "relation",
            "person__citizen_id",
            "person__id_kind",
            "person__other_id",
            "person__title",
            "person__first_name",
            "person__last_name",
            "person__first_name_en",
            "person__last_name_en",
            "person__sex",
            "person__birth_date",
            "person__phone",
        )
        qs = qs.order_by("household__area_code", "household__house_no", "household_id", "relation", "pk")
        names = [f.removeprefix("household__").removeprefix("person__") for f in fields]
        for m in qs.values_list(*fields).iterator(chunk_size=5_000):
            yield [cell(n, v) for n, v in zip(names, m, strict=True)]
    else:
        qs = Organisation.objects.visible_to(by).order_by("area_code", "pk")
        qs = qs.filter(where) if where is not None else qs
        names = [c.name for c in LAYOUTS["organisations"]]
        for o in qs.values(*names).iterator(chunk_size=5_000):
            yield [cell(n, o[n]) for n in names]


def _households(by: User, area: str) -> Any:
    from thanrak.registry.models import Household

    qs = Household.objects.visible_to(by)
    return qs.filter(prefix_q("area_code", area)) if area else qs


@transaction.atomic
def registry_export(
    *,
    kind: str,
    fmt: str,
    by: User,
    at: dt.datetime,
    area: str = "",
    lang: str = "th",
    ip: str | None = None,
    layout: str = "people",
) -> tuple[bytes, int]:
    """The file (bytes) and its number of data rows; the export is written to the audit log.

    The people's layout (default) writes labels and Buddhist-era dates under Thai column names;
    the machine layout writes the codes, ISO dates and English column names of
    docs/import-layouts.md. Both can be imported again."""
    if kind not in KINDS:
        raise CannotExport(f"unknown kind {kind!r}")
    if fmt not in FORMATS:
        raise CannotExport(f"unknown format {fmt!r}")
    if layout not in LAYOUTS_OUT:
        raise CannotExport(f"unknown layout {layout!r}")
    if not user_may(by, "registry.data", "export"):
        raise PermissionError("registry.data:export")
    if area:
        if not is_area_code(area):
            raise CannotExport(f"{area!r} is not an area code")
        ensure_area(by, area)
    reveal = user_may(by, "registry.citizen_id", "reveal")
    rows = list(_rows(kind, by, area, reveal, _Words(layout, lang)))
    headers = header_names(kind, lang if layout == "people" else "en")
    sheet = kind if layout == "machine" else f"{kind}-people"
    data = write_xlsx(headers, rows, sheet_title=sheet) if fmt == "xlsx" else write_csv(headers, rows)
    scope = scope_of(by)
    audit_record(
        by=by,
        event=AuditEvent.EXPORT,
        at=at,
        object_type=f"registry.{kind}",
        area_code=area or (scope.area_codes[0] if len(scope.area_codes) == 1 else ""),
        detail={
            "rows": len(rows),
            "format": fmt,
            "area": area,
            "citizen_ids": "full" if reveal else "masked",
            "layout": layout,
        },
        ip=ip,
    )
    return data, len(rows)


def filename(kind: str, fmt: str, at: dt.datetime, area: str = "", layout: str = "people") -> str:
    """The file's name says its layout: "-machine" for the documented import layout."""
    suffix = "-machine" if layout == "machine" else ""
    return f"thanrak-{kind}{'-' + area if area else ''}{suffix}-{at:%Y%m%d-%H%M}.{fmt}"
