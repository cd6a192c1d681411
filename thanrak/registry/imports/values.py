"""Reading a row's values: dates in either era, Thai words for codes, areas in the importer's scope,
and the checks a person's row shares between the persons and households imports."""

import datetime as dt
import re
from functools import lru_cache
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from thanrak.accounts.scope import Scope
from thanrak.core.tabular import Issue
from thanrak.core.thai import BE_OFFSET, TH_MONTHS_LONG, TH_MONTHS_SHORT, from_thai_digits
from thanrak.geo.models import Subdistrict, Village
from thanrak.registry.actions import (
    CannotRegisterPerson,
    clean_person_fields,
)
from thanrak.registry.models import (
    IdKind,
    OrganisationKind,
    Relation,
)

_DMY = re.compile(r"^(\d{1,2})[/\-.](\d{1,2})[/\-.](\d{4})$")
_YMD = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][0-9:.]*)?$")
_D_MONTH_Y = re.compile(r"^(\d{1,2})\s*([^\d\s]+)\s*(\d{4})$")
_MONTHS = {
    **{m: i for i, m in enumerate(TH_MONTHS_SHORT, 1)},
    **{m.replace(".", ""): i for i, m in enumerate(TH_MONTHS_SHORT, 1)},
    **{m: i for i, m in enumerate(TH_MONTHS_LONG, 1)},
}
BAD_DATE = _("Write the date as day/month/year or year-month-day, in the Buddhist or Christian era.")


@lru_cache(maxsize=100_000)
def parse_date(text: str) -> dt.date | Promise | None:
    """A date written the ways Thai files write it, or the reason it cannot be read (a lazy string).

    Years from 2400 are Buddhist era (2512 → 1969); from 1800 to 2399 Christian era.
    """
    text = from_thai_digits(text).strip()
    if not text:
        return None
    if m := _YMD.match(text):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif m := _DMY.match(text):
        day, month, year = int(m[1]), int(m[2]), int(m[3])
    elif (m := _D_MONTH_Y.match(text)) and m[2] in _MONTHS:
        day, month, year = int(m[1]), _MONTHS[m[2]], int(m[3])
    else:
        return BAD_DATE
    if year >= 2400:
        year -= BE_OFFSET
    elif year < 1800:
        return BAD_DATE
    try:
        return dt.date(year, month, day)
    except ValueError:
        return _("There is no such day in the calendar.")


def _choices(values: dict[str, str], labelled: Any) -> dict[str, str]:
    """Codes, their English labels and their Thai labels, folded, to the code."""
    out = {k.casefold(): v for k, v in values.items()}
    for value, label in labelled.choices:
        out[value.casefold()] = value
        for lang in ("en", "th"):
            with override(lang):
                out[str(label).casefold()] = value
    return out


@lru_cache(maxsize=1)
def _vocabulary() -> dict[str, dict[str, str]]:
    return {
        "sex": {"m": "M", "f": "F", "ชาย": "M", "หญิง": "F", "ช": "M", "ญ": "F", "male": "M", "female": "F"},
        "id_kind": _choices(
            {"บัตรประชาชน": "THAI_ID", "เอกสารอื่น": "FOREIGN", "ไม่มี": "NONE", "ไม่มีเอกสาร": "NONE"}, IdKind
        ),
        "relation": _choices(
            {
                "หัวหน้า": "HEAD",
                "บุตร": "CHILD",
                "ลูก": "CHILD",
                "สามี": "SPOUSE",
                "ภรรยา": "SPOUSE",
                "ภริยา": "SPOUSE",
                "บิดา": "PARENT",
                "มารดา": "PARENT",
                "พ่อ": "PARENT",
                "แม่": "PARENT",
                "พี่น้อง": "SIBLING",
                "ญาติ": "RELATIVE",
                "ผู้อาศัย": "NON_RELATIVE",
                "บุตรเขย": "CHILD_IN_LAW",
                "บุตรสะใภ้": "CHILD_IN_LAW",
            },
            Relation,
        ),
        "kind": _choices({}, OrganisationKind),
    }


def vocabulary_word(vocabulary: str, text: str) -> str | None:
    return _vocabulary()[vocabulary].get(" ".join(text.split()).casefold())


class Areas:
    """Answers, from codes loaded once, whether an area exists and lies inside the importer's scope."""

    def __init__(self, scope: Scope):
        self.scope = scope
        self.subdistricts = set(Subdistrict.objects.values_list("code", flat=True))
        self.villages = set(Village.objects.values_list("code", flat=True))
        self._inside: dict[str, bool] = {}

    def exists(self, code: str) -> bool:
        return code in (self.villages if len(code) == 8 else self.subdistricts)

    def inside(self, code: str) -> bool:
        found = self._inside.get(code)
        if found is None:
            found = self._inside[code] = self.scope.covers_area(code)
        return found


OUTSIDE = _("The area %(code)s is outside your areas: you can import only into your own areas.")


def column_index(headers: list[str]) -> dict[str, int]:
    return {h: i for i, h in enumerate(headers) if h}


def row_values(cells: list[str], index: dict[str, int]) -> dict[str, str]:
    return {name: cells[i] for name, i in index.items()}


PERSON_LIMITS = {
    "title": 30,
    "first_name": 100,
    "last_name": 100,
    "first_name_en": 100,
    "last_name_en": 100,
    "other_id": 40,
    "phone": 20,
}
TOO_LONG = _("At most %(n)s characters.")
SHORTEST_LIMIT = min(PERSON_LIMITS.values())


def person_data(values: dict[str, str], row: int, issues: list[Issue]) -> dict[str, Any] | None:
    """The fields clean_person_fields takes, from a row's text; None (and an issue) when unreadable."""
    kind_text = values.get("id_kind", "")
    if kind_text:
        kind = vocabulary_word("id_kind", kind_text)
        if kind is None:
            issues.append(Issue(row, "id_kind", _("The document kind must be THAI_ID, FOREIGN or NONE.")))
            return None
    elif values.get("citizen_id"):
        kind = IdKind.THAI_ID
    else:
        kind = IdKind.FOREIGN if values.get("other_id") else IdKind.NONE
    sex_text = values.get("sex", "")
    sex = vocabulary_word("sex", sex_text) if sex_text else ""
    if sex is None:
        issues.append(Issue(row, "sex", _("Sex must be M or F (ชาย or หญิง).")))
        return None
    if max(map(len, values.values())) > SHORTEST_LIMIT:  # the usual row has only short values
        for name, limit in PERSON_LIMITS.items():
            if len(values.get(name, "")) > limit:
                issues.append(Issue(row, name, TOO_LONG, {"n": limit}))
                return None
    birth = parse_date(values.get("birth_date", ""))
    if birth is not None and not isinstance(birth, dt.date):
        issues.append(Issue(row, "birth_date", birth))
        return None
    area = values.get("area_code")
    extra = {"area_code": from_thai_digits(area).strip()} if area and not area.isascii() else {}
    return {**values, "id_kind": kind, "sex": sex, "birth_date": birth, **extra}


def clean_person_row(
    values: dict[str, str], row: int, areas: Areas, today: dt.date, issues: list[Issue]
) -> dict[str, Any] | None:
    data = person_data(values, row, issues)
    if data is None:
        return None
    try:
        data = clean_person_fields(data, today=today, check_registered=False, area_exists=areas.exists)
    except CannotRegisterPerson as exc:
        issues.append(Issue(row, exc.field, exc.message, exc.params))
        return None
    if not areas.inside(data["area_code"]):
        issues.append(Issue(row, "area_code", OUTSIDE, {"code": data["area_code"]}))
        return None
    return data


TWICE = _("The citizen ID %(id)s is also on row %(row)s of this file.")
REGISTERED = _("A person with the citizen ID %(id)s is already registered.")
