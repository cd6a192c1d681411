"""An audit entry's details as a person reads them: Thai labels, amounts in baht, dates in B.E.

The stored detail keeps its machine keys ("rows", "imported"); only the page words them. A key
nobody has worded yet is shown as it is, so a new detail is never hidden.
"""

import datetime as dt
import re
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import get_language, pgettext_lazy

_ISO_DAY = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")

LABELS: dict[str, Promise] = {
    "rows": pgettext_lazy("audit detail", "rows"),
    "imported": pgettext_lazy("audit detail", "imported"),
    "skipped": pgettext_lazy("audit detail", "skipped"),
    "file": pgettext_lazy("audit detail", "file"),
    "format": pgettext_lazy("audit detail", "file format"),
    "created": pgettext_lazy("audit detail", "new"),
    "updated": pgettext_lazy("audit detail", "changed"),
    "unchanged": pgettext_lazy("audit detail", "unchanged"),
    "period": pgettext_lazy("audit detail", "period"),
    "reason": pgettext_lazy("audit detail", "reason"),
    "locked_at": pgettext_lazy("audit detail", "locked on"),
    "members": pgettext_lazy("audit detail", "members"),
    "loans": pgettext_lazy("audit detail", "loans"),
    "registered": pgettext_lazy("audit detail", "newly registered persons"),
    "households": pgettext_lazy("audit detail", "households"),
    "persons": pgettext_lazy("audit detail", "persons"),
    "merged": pgettext_lazy("audit detail", "merged record"),
    "area": pgettext_lazy("audit detail", "area"),
    "citizen_ids": pgettext_lazy("audit detail", "citizen IDs"),
    "layout": pgettext_lazy("audit detail", "layout"),
    "what": pgettext_lazy("audit detail", "what"),
    "order": pgettext_lazy("audit detail", "order"),
    "expected_before": pgettext_lazy("audit detail", "expected cash before (satang)"),
    "expected_after": pgettext_lazy("audit detail", "expected cash after (satang)"),
    "difference_before": pgettext_lazy("audit detail", "difference before (satang)"),
    "difference_after": pgettext_lazy("audit detail", "difference after (satang)"),
    "id_kind": pgettext_lazy("audit detail", "kind of ID"),
    "citizen_id": pgettext_lazy("audit detail", "citizen ID"),
    "other_id": pgettext_lazy("audit detail", "other ID"),
    "title": pgettext_lazy("audit detail", "title"),
    "first_name": pgettext_lazy("audit detail", "first name"),
    "last_name": pgettext_lazy("audit detail", "last name"),
    "first_name_en": pgettext_lazy("audit detail", "first name (English)"),
    "last_name_en": pgettext_lazy("audit detail", "last name (English)"),
    "sex": pgettext_lazy("audit detail", "sex"),
    "birth_date": pgettext_lazy("audit detail", "birth date"),
    "phone": pgettext_lazy("audit detail", "phone"),
    "area_code": pgettext_lazy("audit detail", "area code"),
    "house_no": pgettext_lazy("audit detail", "house number"),
    "house_code": pgettext_lazy("audit detail", "house code"),
    "address_detail": pgettext_lazy("audit detail", "address"),
    "search": pgettext_lazy("audit detail", "searched for"),
    "found": pgettext_lazy("audit detail", "found"),
    "fund": pgettext_lazy("audit detail", "fund"),
}

OBJECTS: dict[str, Promise] = {
    "accounts.apitoken": pgettext_lazy("audit record", "API token"),
    "commerce.possession": pgettext_lazy("audit record", "cashier session"),
    "finance.fund": pgettext_lazy("audit record", "fund"),
    "monitoring.importbatch": pgettext_lazy("audit record", "indicator file"),
    "monitoring.periodlock": pgettext_lazy("audit record", "locked period"),
    "registry.person": pgettext_lazy("audit record", "person"),
    "registry.household": pgettext_lazy("audit record", "household"),
    "registry.persons": pgettext_lazy("audit record", "persons"),
    "registry.households": pgettext_lazy("audit record", "households"),
    "registry.organisations": pgettext_lazy("audit record", "organisations"),
    "survey.round": pgettext_lazy("audit record", "survey round"),
    "survey.targetingrun": pgettext_lazy("audit record", "targeting run"),
    "survey.welfarecard": pgettext_lazy("audit record", "welfare card holders"),
}

VALUES: dict[tuple[str, str], Promise] = {
    ("citizen_ids", "full"): pgettext_lazy("audit detail", "shown in full"),
    ("citizen_ids", "masked"): pgettext_lazy("audit detail", "masked"),
    ("area", ""): pgettext_lazy("audit detail", "all of the user's areas"),
    ("layout", "people"): pgettext_lazy("audit detail", "for people to read"),
    ("layout", "machine"): pgettext_lazy("audit detail", "import layout (codes)"),
}


def _value(key: str, value: Any) -> str:
    from thanrak.core.thai import format_date, format_datetime, format_number

    if (key, str(value)) in VALUES:
        return str(VALUES[key, str(value)])
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, int):
        return format_number(value)
    if isinstance(value, str) and _ISO_DAY.search(value) and not key.endswith("_at"):
        # a change kept as "1980-05-17 → …" (ISO) reads in the Buddhist era
        return _ISO_DAY.sub(
            lambda m: format_date(dt.date.fromisoformat(m.group(0)), lang=get_language() or "th"), value
        )
    if isinstance(value, str) and key.endswith("_at"):
        try:
            return format_datetime(dt.datetime.fromisoformat(value), lang=get_language() or "th")
        except ValueError:
            return value
    return str(value)


def detail_items(detail: dict[str, Any] | None) -> list[tuple[str, str]]:
    """(label, value) pairs of an audit entry's detail, in the active language."""
    # PostgreSQL's jsonb keeps keys in its own order: show them in the order LABELS lists them
    order = {key: n for n, key in enumerate(LABELS)}
    items = sorted((detail or {}).items(), key=lambda kv: order.get(kv[0], len(order)))
    return [(str(LABELS.get(k, k)), _value(k, v)) for k, v in items]


def object_label(object_type: str) -> str:
    """What kind of record an audit entry concerns, in the active language ("" stays "")."""
    return str(OBJECTS.get(object_type, object_type))
