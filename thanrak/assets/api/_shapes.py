"""A boundary sent to the API (GeoJSON or GPS points) as a WGS 84 shape."""

import shapely
from django.utils.translation import gettext_lazy as _

from thanrak.assets import shapes
from thanrak.assets.api.schemas import BoundaryIn


def geometry_of(boundary: BoundaryIn) -> shapely.Geometry:
    if boundary.points:
        return shapes.from_points(list(boundary.points))
    if boundary.geojson:
        return shapes.read_geojson(boundary.geojson, crs=boundary.crs)
    raise shapes.ShapeRefused(
        _("Send the boundary as GeoJSON or as GPS points."), code="empty_shape", field="geojson"
    )
