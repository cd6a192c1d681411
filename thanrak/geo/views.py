"""Area picker endpoints: children of an area and search, as JSON for the picker script."""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

from thanrak.core.access import public
from thanrak.geo import queries
from thanrak.geo.models import Subdistrict, Village


@public
@require_GET
def area_children(request: HttpRequest) -> JsonResponse:
    """{"areas": [{"code", "name", "postal_codes"}]} for the areas directly under ?code= (provinces if "
    "empty)."""
    code = request.GET.get("code", "")
    if code and (not code.isdigit() or len(code) not in (2, 4, 6)):
        return JsonResponse({"detail": "code must be 2, 4 or 6 digits"}, status=400)
    areas = []
    for area in queries.area_children(code=code):
        item = {"code": area.code, "name": str(area) if isinstance(area, Village) else area.name}
        if isinstance(area, Subdistrict):
            item["postal_codes"] = area.postal_code_list
        areas.append(item)
    return JsonResponse({"areas": areas})


@public
@require_GET
def area_search(request: HttpRequest) -> JsonResponse:
    """{"results": [...]} of areas whose name (Thai or English) or postal code matches ?q=."""
    lang_en = (request.LANGUAGE_CODE or "th").startswith("en")
    hits = queries.area_search(q=request.GET.get("q", "")[:100], limit=20)
    return JsonResponse(
        {
            "results": [
                {
                    "code": h.code,
                    "level": h.level,
                    "name": (h.name_en or h.name_th) if lang_en else h.name_th,
                    "path": (h.path_en or h.path_th) if lang_en else h.path_th,
                    "postal_codes": h.postal_codes.split(),
                }
                for h in hits
            ]
        }
    )
