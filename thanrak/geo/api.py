from django.http import HttpRequest
from ninja import Path, Router, Schema

from thanrak.apikit import ERRORS, public_operation
from thanrak.geo import queries
from thanrak.geo.models import Subdistrict, Village

router = Router(tags=["geography"])


class AreaOut(Schema):
    code: str
    name_th: str
    name_en: str
    postal_codes: list[str] = []


class AreaHitOut(Schema):
    code: str
    level: str
    name_th: str
    name_en: str
    path_th: str
    path_en: str
    postal_codes: list[str]


def _area(area: object) -> AreaOut:
    name_th = str(area) if isinstance(area, Village) else area.name_th  # type: ignore[attr-defined]
    postal = area.postal_code_list if isinstance(area, Subdistrict) else []
    return AreaOut(code=area.code, name_th=name_th, name_en=area.name_en, postal_codes=postal)  # type: ignore[attr-defined]


@router.get("/provinces", response={200: list[AreaOut], **ERRORS}, auth=None, summary="All 77 provinces")
@public_operation
def provinces(request: HttpRequest) -> list[AreaOut]:
    return [_area(a) for a in queries.area_children(code="")]


@router.get(
    "/areas/{code}/children",
    response={200: list[AreaOut], **ERRORS},
    auth=None,
    summary="Areas directly under an area",
)
@public_operation
def children(
    request: HttpRequest, code: str = Path(..., pattern=r"^[0-9]{2}([0-9]{2}([0-9]{2})?)?$")
) -> list[AreaOut]:
    queries.area_get(code=code)  # 404 when unknown
    return [_area(a) for a in queries.area_children(code=code)]


@router.get(
    "/areas/search",
    response={200: list[AreaHitOut], **ERRORS},
    auth=None,
    summary="Find areas by name or postal code",
)
@public_operation
def search(request: HttpRequest, q: str) -> list[AreaHitOut]:
    return [
        AreaHitOut(
            code=h.code,
            level=h.level,
            name_th=h.name_th,
            name_en=h.name_en,
            path_th=h.path_th,
            path_en=h.path_en,
            postal_codes=h.postal_codes.split(),
        )
        for h in queries.area_search(q=q[:100])
    ]
