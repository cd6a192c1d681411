"""Reference boundaries to check a shape against: the project's district shapes (data/geo).

thanrak/geo stores provinces, districts, subdistricts and villages as names and codes only; the only
shapes the project has are the 77 provinces and 928 districts of data/geo (Royal Thai Survey
Department 2019, simplified). A shape recorded in a subdistrict is therefore checked against the
subdistrict's district; a district whose code is not in the 2019 file is not checked.
"""

import json
from functools import cache
from pathlib import Path

import shapely
from django.conf import settings
from shapely.geometry import shape


@cache
def _district_shapes() -> dict[str, shapely.Geometry]:
    path = Path(settings.REFERENCE_DATA_DIR) / "geo" / "th_adm2.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    shapes = {}
    for feature in doc["features"]:
        code = str(feature["properties"].get("ADM2_PCODE", "")).removeprefix("TH")
        if code:
            shapes[code] = shape(feature["geometry"]).buffer(0)
    return shapes


def district_shape(area_code: str) -> shapely.Geometry | None:
    """The boundary of the district holding `area_code` (a subdistrict or village code), or None."""
    return _district_shapes().get(area_code[:4]) if len(area_code) >= 4 else None


def district_codes(prefix: str) -> list[str]:
    """District codes with a reference boundary under a province (or district) code."""
    return sorted(code for code in _district_shapes() if code.startswith(prefix))


@cache
def district_outlines(province: str) -> dict:
    """The outlines of a province's districts (all of Thailand's provinces without one), for a map
    drawn without tiles."""
    import json as _json

    from shapely.geometry import mapping

    path = Path(settings.REFERENCE_DATA_DIR) / "geo" / ("th_adm2.geojson" if province else "th_adm1.geojson")
    doc = _json.loads(path.read_text(encoding="utf-8"))
    key, name = ("ADM2_PCODE", "ADM2_TH") if province else ("ADM1_PCODE", "ADM1_TH")
    features = []
    for feature in doc["features"]:
        code = str(feature["properties"].get(key, "")).removeprefix("TH")
        if province and not code.startswith(province):
            continue
        geometry = shape(feature["geometry"]).simplify(0.002, preserve_topology=True)
        features.append(
            {
                "type": "Feature",
                "properties": {"code": code, "name": feature["properties"].get(name, "")},
                "geometry": mapping(geometry),
            }
        )
    return {"type": "FeatureCollection", "features": features}


@cache
def district_points() -> dict[str, tuple[float, float]]:
    """A point inside each district with a reference boundary (lon, lat), to place a district's counts."""
    return {
        code: (p.x, p.y) for code, geom in _district_shapes().items() if (p := geom.representative_point())
    }
