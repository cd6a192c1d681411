"""Importing organisations: each row checked with the organisation rules, written through
actions.organisations_register_batch."""

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from thanrak.core.tabular import Issue
from thanrak.core.thai import from_thai_digits
from thanrak.registry.actions import (
    CannotRegisterOrganisation,
    clean_organisation_fields,
    organisations_register_batch,
)
from thanrak.registry.imports.report import ImportReport
from thanrak.registry.imports.values import (
    OUTSIDE,
    TOO_LONG,
    Areas,
    column_index,
    parse_date,
    row_values,
    vocabulary_word,
)


def import_organisations(
    headers: list[str],
    rows: Iterator[tuple[int, list[str] | Issue]],
    report: ImportReport,
    areas: Areas,
    *,
    at: dt.datetime,
    tick: Callable[[int], None],
) -> None:
    index = column_index(headers)
    seen: dict[tuple[str, str], int] = {}
    good: list[dict[str, Any]] = []
    for row, cells in rows:
        report.rows += 1
        tick(1)
        issue = (
            cells
            if isinstance(cells, Issue)
            else _organisation(row_values(cells, index), row, areas, seen, good)
        )
        if issue is not None:
            report.add(issue)
            report.skipped.append(row)
    if report.issues and not report.skip_invalid:
        return
    report.imported = len(good)
    if not report.dry_run:
        organisations_register_batch(good, at=at)


def _organisation(  # noqa: C901
    values: dict[str, str],
    row: int,
    areas: Areas,
    seen: dict[tuple[str, str], int],
    good: list[dict[str, Any]],
) -> Issue | None:
    kind = vocabulary_word("kind", values.get("kind", ""))
    if kind is None:
        return Issue(row, "kind", _("Unknown kind of organisation."))
    registered = parse_date(values.get("registered_date", ""))
    if registered is not None and not isinstance(registered, dt.date):
        return Issue(row, "registered_date", registered)
    email = values.get("email", "")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            return Issue(row, "email", _("This is not an email address."))
    data = {
        **values,
        "kind": kind,
        "registered_date": registered,
        "area_code": from_thai_digits(values.get("area_code", "")),
        "tax_id": from_thai_digits(values.get("tax_id", "")).replace(" ", ""),
    }
    try:
        data = clean_organisation_fields(data)
    except CannotRegisterOrganisation as exc:
        return Issue(row, exc.field, exc.message, exc.params)
    if not areas.inside(data["area_code"]):
        return Issue(row, "area_code", OUTSIDE, {"code": data["area_code"]})
    for name, limit in (
        ("name_th", 200),
        ("name_en", 200),
        ("address", 300),
        ("phone", 20),
        ("line_id", 50),
        ("registration_no", 40),
    ):
        if len(data[name]) > limit:
            return Issue(row, name, TOO_LONG, {"n": limit})
    if data["registration_no"]:
        key = (kind, data["registration_no"])
        if key in seen:
            return Issue(
                row,
                "registration_no",
                _("This registration number is also on row %(row)s of this file."),
                {"row": seen[key]},
            )
        seen[key] = row
    data.pop("network", None)
    good.append(data)
    return None
