"""Reads of Thai geography (public data) and names of areas at any level."""

from dataclasses import dataclass

import geothai
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q, QuerySet
from django.utils.translation import get_language

from thanrak.core.thai import from_thai_digits
from thanrak.geo.models import District, NamedArea, Province, Subdistrict, Village

MODEL_BY_LENGTH: dict[int, type[NamedArea]] = {2: Province, 4: District, 6: Subdistrict, 8: Village}


def area_get(*, code: str) -> NamedArea:
    """The province, district, subdistrict or village with this code (DoesNotExist otherwise)."""
    model = MODEL_BY_LENGTH.get(len(code))
    if model is None:
        raise Province.DoesNotExist(code)
    return model.objects.get(code=code)


def area_path(*, code: str) -> list[NamedArea]:
    """The area and every area above it, widest first."""
    codes = [code[:n] for n in (2, 4, 6, 8) if n <= len(code)]
    found = {
        a.code: a
        for n, c in zip((2, 4, 6, 8), codes, strict=False)
        for a in MODEL_BY_LENGTH[n].objects.filter(code=c)
    }
    return [found[c] for c in codes if c in found]


def area_names(*, codes: set[str]) -> dict[str, str]:
    """Names for many codes of mixed levels in at most four queries."""
    by_len: dict[int, list[str]] = {}
    for c in codes:
        by_len.setdefault(len(c), []).append(c)
    names: dict[str, str] = {}
    for length, group in by_len.items():
        model = MODEL_BY_LENGTH.get(length)
        if model is not None:
            for area in model.objects.filter(code__in=group):
                names[area.code] = area.name
    return names


def area_children(*, code: str = "") -> QuerySet[NamedArea]:
    """Provinces (no code), a province's districts, a district's subdistricts or a subdistrict's villages."""
    if not code:
        return Province.objects.order_by("name_th")
    if len(code) == 2:
        return District.objects.filter(province_id=code).order_by("code")
    if len(code) == 4:
        return Subdistrict.objects.filter(district_id=code).order_by("code")
    if len(code) == 6:
        return Village.objects.filter(subdistrict_id=code).order_by("number")
    return Village.objects.none()


@dataclass(frozen=True)
class AreaHit:
    code: str
    level: str
    name_th: str
    name_en: str
    path_th: str
    path_en: str
    postal_codes: str = ""


def area_search(*, q: str, limit: int = 20) -> list[AreaHit]:
    """Find areas by Thai or English name (any level, villages too) or by a 5-digit postal code."""
    q = " ".join(from_thai_digits(q or "").replace("\x00", "").split())  # PostgreSQL refuses NUL
    if not q:
        return []
    if q.isdigit() and len(q) == 5:
        subs = (
            Subdistrict.objects.filter(postal_codes__contains=q)
            .select_related("district", "province")
            .order_by("code")
        )
        return [_hit_subdistrict(s) for s in subs[:limit] if q in s.postal_code_list]
    if q.isdigit() and len(q) in (2, 4, 6, 8):
        try:
            area = area_get(code=q)
        except ObjectDoesNotExist:
            return []
        return [_hit(area)]
    hits: list[AreaHit] = []
    seen: set[str] = set()
    for result in geothai.search(q, limit=limit):
        code = result.area.code
        if code in seen:
            continue
        seen.add(code)
        try:
            hits.append(_hit(area_get(code=code)))
        except ObjectDoesNotExist:  # geothai knows an area the database was not loaded with
            continue
    if len(hits) < limit:
        villages = (
            Village.objects.filter(Q(name_th__icontains=q) | Q(name_en__icontains=q))
            .select_related("subdistrict__district__province")
            .order_by("code")[: limit - len(hits)]
        )
        hits.extend(_hit(v) for v in villages)
    return hits


def _hit(area: NamedArea) -> AreaHit:
    if isinstance(area, Subdistrict):
        return _hit_subdistrict(area)
    path = area_path(code=area.code)
    level = {2: "province", 4: "district", 6: "subdistrict", 8: "village"}[len(area.code)]
    return AreaHit(
        code=area.code,
        level=level,
        name_th=str(area) if isinstance(area, Village) else area.name_th,
        name_en=area.name_en,
        path_th=" › ".join(a.name_th for a in reversed(path[:-1])),
        path_en=" › ".join(a.name_en for a in reversed(path[:-1])),
        postal_codes=area.subdistrict.postal_codes if isinstance(area, Village) else "",
    )


def _hit_subdistrict(s: Subdistrict) -> AreaHit:
    return AreaHit(
        code=s.code,
        level="subdistrict",
        name_th=s.name_th,
        name_en=s.name_en,
        path_th=f"{s.district.name_th} › {s.province.name_th}",
        path_en=f"{s.district.name_en} › {s.province.name_en}",
        postal_codes=s.postal_codes,
    )


def place_name(*, code: str) -> str:
    """An area as a person names it, with the areas above it: "หมู่ 3 บ้านดอนป่าตึง ต.เวียง
    อ.เมืองพะเยา จ.พะเยา" ("Moo 3 Ban Don Pa Tueng, Wiang, Mueang Phayao, Phayao" in English);
    the code itself when it names no known area."""
    path = list(reversed(area_path(code=code)))  # narrowest first
    if not path:
        return code
    thai = not (get_language() or "th").startswith("en")
    parts = []
    for area in path:
        if isinstance(area, Village):
            parts.append(f"หมู่ {area.number} {area.name_th}" if thai else f"Moo {area.number} {area.name}")
        elif thai:
            bangkok = area.code.startswith("10")  # แขวง and เขต; the capital is no จังหวัด
            prefix = ({6: "แขวง", 4: "เขต", 2: ""} if bangkok else {6: "ต.", 4: "อ.", 2: "จ."})[
                len(area.code)
            ]
            parts.append(f"{prefix}{area.name_th}")
        else:
            parts.append(area.name)
    return (" " if thai else ", ").join(parts)
