"""Writes on the partner-agency directory."""

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.models import User
from thanrak.core.errors import DomainError
from thanrak.services.actions._common import text
from thanrak.services.models import Agency, AgencyStaff

AGENCIES_CSV = Path(__file__).resolve().parent.parent / "data" / "agencies.csv"
COLUMNS = (
    "code",
    "name_th",
    "name_en",
    "short_name",
    "services",
    "phone",
    "website",
    "area_code",
    "answer_days",
)


class CannotChangeAgency(DomainError):
    """The agency directory refused the change."""


def _clean(fields: dict[str, Any]) -> dict[str, Any]:
    name_th = text(fields.get("name_th"), 200)
    if not name_th:
        raise CannotChangeAgency(
            _("Give the agency's Thai name."), code="agency_name_missing", field="name_th"
        )
    days = fields.get("answer_days") or 14
    try:
        days = int(days)
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= 365:
        raise CannotChangeAgency(
            _("Days to answer is a number from 1 to 365."), code="agency_days_invalid", field="answer_days"
        )
    area = text(fields.get("area_code"), 8)
    if area and not (area.isdigit() and len(area) in (2, 4)):
        raise CannotChangeAgency(
            _("The area is a province (2 digits) or district (4 digits) code, or blank for national."),
            code="agency_area_invalid",
            field="area_code",
        )
    return {
        "name_th": name_th,
        "name_en": text(fields.get("name_en"), 200),
        "short_name": text(fields.get("short_name"), 40),
        "services": text(fields.get("services"), 2000),
        "phone": text(fields.get("phone"), 40),
        "website": text(fields.get("website"), 200),
        "area_code": area,
        "answer_days": days,
    }


@transaction.atomic
def agency_save(*, by: User, at: dt.datetime, agency: Agency | None = None, **fields: Any) -> Agency:
    """Add an agency or change one; its code is fixed once given."""
    data = _clean(fields)
    if agency is None:
        code = slugify(text(fields.get("code"), 40) or data["short_name"] or data["name_en"])[:40]
        if not code:
            raise CannotChangeAgency(
                _("Give a short code in English letters."), code="agency_code_missing", field="code"
            )
        if Agency.objects.filter(code=code).exists():
            raise CannotChangeAgency(
                _("Another agency has the code %(code)s."),
                code="agency_code_taken",
                field="code",
                params={"code": code},
            )
        return Agency.objects.create(code=code, created_at=at, updated_at=at, **data)
    for name, value in data.items():
        setattr(agency, name, value)
    if "is_active" in fields:
        agency.is_active = bool(fields["is_active"])
    agency.updated_at = at
    agency.save()
    return agency


@transaction.atomic
def agency_set_active(*, agency: Agency, active: bool, by: User, at: dt.datetime) -> Agency:
    """An agency that closed stays on old referrals but takes no new ones."""
    agency.is_active = active
    agency.updated_at = at
    agency.save(update_fields=["is_active", "updated_at"])
    return agency


@transaction.atomic
def agencies_load(*, at: dt.datetime, data: str | None = None) -> tuple[int, int]:
    """Load the directory from CSV (the packaged file by default): new codes are added, known codes
    updated. Returns (added, updated)."""
    raw = data if data is not None else AGENCIES_CSV.read_text(encoding="utf-8")
    added = updated = 0
    for line, row in enumerate(csv.DictReader(io.StringIO(raw.lstrip("\ufeff"))), start=2):
        code = slugify(row.get("code") or "")[:40]
        if not code:
            raise CannotChangeAgency(
                _("Line %(line)s: the code is missing."),
                code="agency_code_missing",
                field="code",
                params={"line": line},
            )
        fields = _clean(row)
        _obj, created = Agency.objects.update_or_create(
            code=code,
            defaults={**fields, "updated_at": at},
            create_defaults={**fields, "created_at": at, "updated_at": at},
        )
        added += created
        updated += not created
    return added, updated


def agencies_csv(agencies: Any) -> str:
    """The directory as CSV, in the layout agencies_load reads."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for a in agencies:
        writer.writerow([getattr(a, c) for c in COLUMNS])
    return out.getvalue()


@transaction.atomic
def agency_staff_add(*, agency: Agency, user: User, at: dt.datetime) -> AgencyStaff:
    """Let a user answer the agency's referral queue."""
    staff, _created = AgencyStaff.objects.update_or_create(
        user=user, defaults={"agency": agency, "created_at": at}
    )
    return staff
