"""DOPA area codes: province 2 digits, district 4, subdistrict 6, village 8 (subdistrict + หมู่ที่)."""

import re
from enum import StrEnum

from django.db.models import Q

# ASCII digits only (\d would take Thai digits), the whole string (a trailing newline is not a code).
_CODE = re.compile(r"[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{2})?)?)?")


class AreaLevel(StrEnum):
    PROVINCE = "province"
    DISTRICT = "district"
    SUBDISTRICT = "subdistrict"
    VILLAGE = "village"


LEVEL_BY_LENGTH = {
    2: AreaLevel.PROVINCE,
    4: AreaLevel.DISTRICT,
    6: AreaLevel.SUBDISTRICT,
    8: AreaLevel.VILLAGE,
}
LENGTH_BY_LEVEL = {level: length for length, level in LEVEL_BY_LENGTH.items()}


def is_area_code(code: str) -> bool:
    return bool(code) and bool(_CODE.fullmatch(code))


def level_of(code: str) -> AreaLevel:
    if not is_area_code(code):
        raise ValueError(f"{code!r} is not a DOPA area code")
    return LEVEL_BY_LENGTH[len(code)]


def ancestors(code: str) -> list[str]:
    """Codes of the areas containing this one, widest first: '56010101' → ['56', '5601', '560101']."""
    level_of(code)
    return [code[:n] for n in (2, 4, 6) if n < len(code)]


def within(code: str, scope: str) -> bool:
    """True when the area `code` lies inside (or is) the area `scope`."""
    return code.startswith(scope)


def village_code(subdistrict_code: str, number: int) -> str:
    """'560101' and หมู่ที่ 3 → '56010103'."""
    if len(subdistrict_code) != 6 or not 1 <= number <= 99:
        raise ValueError("a village is a 6-digit subdistrict code and a number 1–99")
    return f"{subdistrict_code}{number:02d}"


def truncate(code: str, level: AreaLevel) -> str:
    """The code of the area at `level` that contains `code`."""
    length = LENGTH_BY_LEVEL[level]
    if len(code) < length:
        raise ValueError(f"{code} is above {level}")
    return code[:length]


def prefix_q(field_name: str, code: str) -> Q:
    """Rows whose area code lies inside `code` (starts with it).

    Area codes are digits only (the models' check constraints), so "starts with 5601" is exactly
    the range ['5601', '5602'): digits sort the same way in every collation. A range, unlike
    LIKE '5601%', lets PostgreSQL use a plain b-tree index (and estimate the row count) whatever
    the database collation; LIKE can use one only under the C collation.
    """
    if not (code.isdigit() and code.isascii()):
        return Q(**{f"{field_name}__startswith": code})
    upper = str(int(code) + 1).zfill(len(code))
    if len(upper) > len(code):  # "99…9": nothing sorts above it with the same prefix length
        return Q(**{f"{field_name}__gte": code})
    return Q(**{f"{field_name}__gte": code, f"{field_name}__lt": upper})
