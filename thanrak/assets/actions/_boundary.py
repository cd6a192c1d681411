"""A shape checked against the reference boundary of the area it is recorded in."""

import shapely

from thanrak.assets import boundaries, shapes
from thanrak.geo.queries import place_name


def checked(geometry: shapely.Geometry, *, area_code: str) -> shapes.Boundary:
    """Valid, in Thailand, in the district of `area_code` (the finest level with a reference shape)."""
    district = boundaries.district_shape(area_code)
    name = place_name(code=area_code[:4]) if district is not None else ""
    return shapes.boundary(geometry, area_shape=district, area_name=name)
