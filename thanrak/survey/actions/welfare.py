"""Importing the welfare-card holders of a year."""

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from thanrak.accounts.actions import audit_record
from thanrak.accounts.models import AuditEvent, User
from thanrak.core import citizen_id
from thanrak.core.tabular import Issue, TableError, bound_issues, read_table
from thanrak.registry.models import Person
from thanrak.survey.actions._common import _require
from thanrak.survey.actions.file_import import ImportReport
from thanrak.survey.models import WelfareCard


@transaction.atomic
def welfare_cards_import(*, data: bytes, year_be: int, by: User, at: dt.datetime) -> ImportReport:
    """Import the welfare card register (citizen_id, validated 1/0); unknown IDs are reported,
    nothing half-written."""
    _require(by, "survey.welfare", "import")
    try:
        table = read_table(data, required=("citizen_id", "validated"))
    except TableError as exc:
        return ImportReport(issues=exc.issues)
    report = ImportReport()
    ids = [citizen_id.normalise(r["citizen_id"]) for _n, r in table.rows]
    persons = {p.citizen_id: p for p in Person.objects.visible_to(by).filter(citizen_id__in=ids)}
    rows = []
    for number, row in table.rows:
        person = persons.get(citizen_id.normalise(row["citizen_id"]))
        if person is None:
            report.issues.append(
                Issue(number, "citizen_id", _("No person with this citizen ID in your area."))
            )
            continue
        flag = row["validated"].strip().lower()
        if flag not in ("1", "0", "yes", "no", "true", "false"):
            report.issues.append(Issue(number, "validated", _("Write 1 (validated) or 0 (registered only).")))
            continue
        rows.append((person, flag in ("1", "yes", "true")))
    if report.issues:
        report.issues = bound_issues(report.issues)
        return report
    for person, validated in rows:
        WelfareCard.objects.update_or_create(
            person=person, defaults={"validated": validated, "year_be": year_be, "imported_at": at}
        )
    report.persons = len(rows)
    audit_record(
        by=by, event=AuditEvent.IMPORT, at=at, object_type="survey.welfarecard", detail={"persons": len(rows)}
    )
    return report
