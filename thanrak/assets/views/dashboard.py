"""The data of the community assets map on the monitoring dashboard (the panel is assets.hooks')."""

from django.http import HttpRequest, JsonResponse

from thanrak.assets import boundaries, queries
from thanrak.assets.views._common import area_param as _area
from thanrak.core.access import authenticated


@authenticated
def dashboard_layers(request: HttpRequest) -> JsonResponse:
    """Each layer the viewer may read, for the area (an empty list of layers for a viewer who may read
    none), over the outlines of the area's province's districts."""
    area = _area(request)
    layers = queries.dashboard_layers(viewer=request.user, area=area)
    return JsonResponse(
        {"districts": boundaries.district_outlines(area[:2] if area else ""), "layers": layers}
    )
