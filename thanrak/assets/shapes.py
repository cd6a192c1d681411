"""Boundaries of parcels, forests and sites: read, reprojected, checked and measured (pure: no database).

A boundary arrives as a file (GeoJSON, KML or KMZ from Google Earth, a zipped Shapefile or a
GeoPackage from a surveyor), as GeoJSON drawn on the map, or as GPS points walked on a phone. The
coordinates are WGS 84 (EPSG:4326) or UTM zones 47N/48N (EPSG:32647/32648), the two zones Thai
surveyors use; anything else is refused rather than guessed. The result is plain GeoJSON in WGS 84
(stored in a JSONField, so SQLite and PostgreSQL alike, no PostGIS) with its area computed on the
UTM zone of its centre: square metres and ไร่-งาน-ตารางวา (1 ไร่ = 1,600 m², 1 งาน = 400 m²,
1 ตารางวา = 4 m²).
"""

import io
import json
import sqlite3
import struct
import tempfile
import zipfile
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np
import shapely
from defusedxml import ElementTree
from django.utils.translation import gettext_lazy as _
from pyproj import CRS, Transformer
from pyproj.exceptions import CRSError
from shapely.geometry import MultiPolygon, Polygon, mapping, shape
from shapely.validation import explain_validity

from thanrak.core.errors import DomainError

WGS84 = 4326
UTM_47N = 32647
UTM_48N = 32648
ACCEPTED_CRS = (WGS84, UTM_47N, UTM_48N)
# Thailand's extent with a little margin (islands of Satun to the tip of Chiang Rai, Sisaket's east).
THAILAND_BOUNDS = (97.30, 5.55, 105.70, 20.50)
SQUARE_METRES_PER_RAI = 1600
SQUARE_METRES_PER_NGAN = 400
SQUARE_METRES_PER_WA = 4
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_VERTICES = 200_000
# About 50 m at Thailand's latitudes: a province's forests draw fast and still look like themselves.
MAP_TOLERANCE_DEGREES = 0.0005


class ShapeRefused(DomainError):
    """A boundary that cannot be used: unreadable, in an unknown projection, invalid or misplaced."""


@dataclass(frozen=True)
class Area:
    """An area in square metres and in ไร่-งาน-ตารางวา (the square wah to one decimal)."""

    square_metres: int
    rai: int
    ngan: int
    wa: Decimal

    @property
    def rai_decimal(self) -> Decimal:
        return (Decimal(self.square_metres) / SQUARE_METRES_PER_RAI).quantize(Decimal("0.01"))

    def __str__(self) -> str:
        return f"{self.rai}-{self.ngan}-{self.wa}"


@dataclass(frozen=True)
class Boundary:
    """A checked boundary: GeoJSON geometry in WGS 84, its area and a point inside it (lon, lat)."""

    geojson: dict[str, Any]
    area: Area
    point: tuple[float, float]


def area_from_square_metres(square_metres: float) -> Area:
    """Square metres → ไร่-งาน-ตารางวา, as a land deed writes it (4,500 m² is 2-3-25.0)."""
    tenths_of_wa = int(
        (Decimal(str(square_metres)) * 10 / SQUARE_METRES_PER_WA).quantize(Decimal(1), ROUND_HALF_UP)
    )
    whole_wa, tenth = divmod(tenths_of_wa, 10)
    rai, rest = divmod(whole_wa, SQUARE_METRES_PER_RAI // SQUARE_METRES_PER_WA)
    ngan, wa = divmod(rest, SQUARE_METRES_PER_NGAN // SQUARE_METRES_PER_WA)
    return Area(
        square_metres=int(Decimal(str(square_metres)).quantize(Decimal(1), ROUND_HALF_UP)),
        rai=rai,
        ngan=ngan,
        wa=Decimal(f"{wa}.{tenth}"),
    )


def square_metres(rai: int = 0, ngan: int = 0, wa: Decimal | float = 0) -> Decimal:
    """ไร่-งาน-ตารางวา → square metres."""
    return (
        Decimal(rai) * SQUARE_METRES_PER_RAI
        + Decimal(ngan) * SQUARE_METRES_PER_NGAN
        + Decimal(str(wa)) * SQUARE_METRES_PER_WA
    )


# --- reading ---------------------------------------------------------------------------------------


def read_file(name: str, data: bytes, *, crs: int | None = None) -> shapely.Geometry:
    """The polygons of an uploaded file, in WGS 84. `crs` is the projection the person chose when
    the file does not say (a GeoJSON without "crs", a Shapefile without its .prj)."""
    if len(data) > MAX_FILE_BYTES:
        raise ShapeRefused(_("The file is larger than 20 MB."), code="file_too_large", field="file")
    lower = name.lower()
    readers = {
        (".geojson", ".json"): _read_geojson_bytes,
        (".kml",): lambda raw, crs: _read_kml(raw),
        (".kmz",): lambda raw, crs: _read_kml(_kml_of_kmz(raw)),
        (".zip",): _read_shapefile_zip,
        (".gpkg",): _read_geopackage,
    }
    for suffixes, reader in readers.items():
        if lower.endswith(suffixes):
            return reader(data, crs)
    raise ShapeRefused(
        _("Unknown file type: upload GeoJSON, KML/KMZ, a zipped Shapefile (.zip) or a GeoPackage (.gpkg)."),
        code="unknown_format",
        field="file",
    )


def read_geojson(doc: Any, *, crs: int | None = None) -> shapely.Geometry:
    """The polygons of a GeoJSON geometry, Feature or FeatureCollection, in WGS 84."""
    if not isinstance(doc, dict):
        raise _unreadable()
    try:
        declared = _declared_crs(doc)
        geometries = [shape(geometry) for geometry in _geometries(doc)]
        polygons = _polygons(geometries)
    except ShapeRefused:
        raise
    except (ValueError, TypeError, AttributeError, KeyError, IndexError, RecursionError) as exc:
        raise _unreadable() from exc
    except shapely.errors.ShapelyError as exc:
        raise _unreadable() from exc
    return _to_wgs84(polygons, declared or crs)


def from_points(points: list[tuple[float, float]]) -> shapely.Geometry:
    """A boundary walked with a phone's GPS: (latitude, longitude) points in order, WGS 84."""
    distinct = list(dict.fromkeys((round(lat, 7), round(lon, 7)) for lat, lon in points))
    if len(distinct) < 3:
        raise ShapeRefused(
            _("Record at least three different points around the boundary."),
            code="too_few_points",
            field="points",
        )
    return Polygon([(lon, lat) for lat, lon in distinct])


def _unreadable() -> ShapeRefused:
    return ShapeRefused(
        _("The file cannot be read as a boundary: check that it is the surveyor's file, not a copy."),
        code="unreadable_file",
        field="file",
    )


def _read_geojson_bytes(data: bytes, crs: int | None) -> shapely.Geometry:
    try:
        doc = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise _unreadable() from exc
    return read_geojson(doc, crs=crs)


def _declared_crs(doc: dict[str, Any]) -> int | None:
    """The EPSG code of a GeoJSON 2008 "crs" member (QGIS still writes it for UTM files)."""
    name = ((doc.get("crs") or {}).get("properties") or {}).get("name")
    return _epsg_of(CRS.from_user_input, str(name)) if name else None


def _geometries(doc: dict[str, Any]) -> list[dict[str, Any]]:
    kind = doc.get("type")
    if kind == "FeatureCollection":
        return [g for f in doc.get("features") or [] if isinstance(f, dict) for g in _geometries(f)]
    if kind == "Feature":
        geometry = doc.get("geometry")
        return _geometries(geometry) if isinstance(geometry, dict) else []
    if kind == "GeometryCollection":
        return [g for part in doc.get("geometries") or [] for g in _geometries(part)]
    return [doc] if kind else []


def _kml_of_kmz(data: bytes) -> bytes:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            name = next((n for n in archive.namelist() if n.lower().endswith(".kml")), None)
            if name is None:
                raise _unreadable()
            return archive.read(name)
    except zipfile.BadZipFile as exc:
        raise _unreadable() from exc


def _read_kml(data: bytes) -> shapely.Geometry:
    """Google Earth's polygons (KML is always WGS 84 longitude,latitude[,altitude])."""
    try:
        root = ElementTree.fromstring(data)
    except Exception as exc:  # defusedxml raises several kinds for malformed or hostile XML
        raise _unreadable() from exc
    polygons = []
    for element in root.iter():
        if _local(element.tag) != "Polygon":
            continue
        rings = {"outerBoundaryIs": [], "innerBoundaryIs": []}
        for boundary in element:
            if _local(boundary.tag) in rings:
                text = next((c.text for c in boundary.iter() if _local(c.tag) == "coordinates"), "")
                rings[_local(boundary.tag)].append(_kml_coordinates(text or ""))
        if rings["outerBoundaryIs"]:
            polygons.append(Polygon(rings["outerBoundaryIs"][0], rings["innerBoundaryIs"]))
    return _polygons(polygons)


def _local(tag: Any) -> str:
    return str(tag).rsplit("}", 1)[-1]


def _kml_coordinates(text: str) -> list[tuple[float, float]]:
    try:
        return [(float(p.split(",")[0]), float(p.split(",")[1])) for p in text.split()]
    except (ValueError, IndexError) as exc:
        raise _unreadable() from exc


def _read_shapefile_zip(data: bytes, crs: int | None) -> shapely.Geometry:
    """A zipped Shapefile (.shp, .shx, .dbf, and .prj for its projection), read with pyshp."""
    import shapefile

    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as exc:
        raise _unreadable() from exc
    parts = {n.lower().rsplit(".", 1)[-1]: n for n in archive.namelist() if not n.startswith("__MACOSX")}
    if "shp" not in parts:
        raise ShapeRefused(
            _("The zip file has no .shp file: zip the .shp, .shx, .dbf and .prj files together."),
            code="shapefile_incomplete",
            field="file",
        )
    declared = None
    if "prj" in parts:
        declared = _epsg_of(CRS.from_wkt, archive.read(parts["prj"]).decode("utf-8", "replace"))
    files = {k: io.BytesIO(archive.read(parts[k])) for k in ("shp", "shx", "dbf") if k in parts}
    try:
        reader = shapefile.Reader(**files)
        geometries = [shape(s.__geo_interface__) for s in reader.shapes() if s.points]
    except (
        shapefile.ShapefileException,
        ValueError,
        struct.error,
        TypeError,
        shapely.errors.ShapelyError,
    ) as exc:
        raise _unreadable() from exc
    return _to_wgs84(_polygons(geometries), declared or crs)


# GeoPackage binary header: 'GP', version, flags; the flags' bits 1-3 give the envelope's length.
_ENVELOPE_BYTES = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}


def _read_geopackage(data: bytes, crs: int | None) -> shapely.Geometry:
    """A GeoPackage (an SQLite file): every feature table's geometries, read without GDAL."""
    with tempfile.NamedTemporaryFile(suffix=".gpkg") as file:
        file.write(data)
        file.flush()
        try:
            with sqlite3.connect(f"file:{file.name}?mode=ro", uri=True) as db:
                return _geopackage_geometries(db)
        except sqlite3.DatabaseError as exc:
            raise _unreadable() from exc


def _geopackage_geometries(db: sqlite3.Connection) -> shapely.Geometry:
    columns = db.execute(
        "SELECT g.table_name, g.column_name, s.organization, s.organization_coordsys_id "
        "FROM gpkg_geometry_columns g JOIN gpkg_spatial_ref_sys s ON s.srs_id = g.srs_id"
    ).fetchall()
    geometries, codes = [], set()
    for table, column, organisation, code in columns:
        codes.add(int(code) if str(organisation).upper() == "EPSG" else -1)
        quoted_table, quoted_column = table.replace('"', '""'), column.replace('"', '""')
        for (blob,) in db.execute(f'SELECT "{quoted_column}" FROM "{quoted_table}"'):  # noqa: S608
            if blob:
                geometries.append(_gpkg_blob(bytes(blob)))
    if len(codes) > 1 or -1 in codes:
        raise _unknown_projection()
    return _to_wgs84(_polygons(geometries), codes.pop() if codes else None)


def _gpkg_blob(blob: bytes) -> shapely.Geometry:
    if blob[:2] != b"GP":
        raise _unreadable()
    envelope = _ENVELOPE_BYTES.get((blob[3] >> 1) & 0b111)
    if envelope is None:
        raise _unreadable()
    try:
        return shapely.from_wkb(blob[8 + envelope :])
    except shapely.errors.ShapelyError as exc:
        raise _unreadable() from exc


# --- projection and checks ----------------------------------------------------------------------


def _unknown_projection() -> ShapeRefused:
    return ShapeRefused(
        _(
            "The file's projection is not one Thanrak reads: save it in WGS 84 (EPSG:4326) or UTM zone "
            "47N/48N (EPSG:32647/32648), or choose the projection when uploading."
        ),
        code="unknown_projection",
        field="crs",
    )


def _epsg_of(parse: Any, text: str) -> int:
    try:
        epsg = parse(text).to_epsg(min_confidence=70)
    except (CRSError, TypeError, ValueError) as exc:
        raise _unknown_projection() from exc
    if epsg not in ACCEPTED_CRS:
        raise _unknown_projection()
    return epsg


def _polygons(geometries: list[shapely.Geometry]) -> shapely.Geometry:
    """The polygons among the file's geometries, each checked valid, as one (multi)polygon."""
    polygons: list[Polygon] = []
    for geometry in geometries:
        if geometry is None or geometry.is_empty:
            continue
        parts = geometry.geoms if isinstance(geometry, MultiPolygon) else [geometry]
        for part in parts:
            if not isinstance(part, Polygon):
                raise ShapeRefused(
                    _("The file holds points or lines, not an area: draw the boundary as a polygon."),
                    code="not_a_polygon",
                    field="file",
                )
            polygons.append(part)
    if not polygons:
        raise ShapeRefused(_("The file holds no boundary."), code="empty_shape", field="file")
    if sum(len(p.exterior.coords) for p in polygons) > MAX_VERTICES:
        raise ShapeRefused(_("The boundary has too many points."), code="too_many_points", field="file")
    for polygon in polygons:
        _check_valid(polygon)
    return polygons[0] if len(polygons) == 1 else MultiPolygon(polygons)


def _check_valid(polygon: Polygon) -> None:
    if polygon.is_valid:
        return
    reason = explain_validity(polygon)
    if "Self-intersection" in reason or "Ring Self-intersection" in reason:
        raise ShapeRefused(
            _("The boundary crosses itself: walk or draw the points in order around the edge."),
            code="self_crossing",
            field="file",
        )
    raise ShapeRefused(
        _("The boundary is not a valid shape (%(reason)s)."),
        code="invalid_shape",
        field="file",
        params={"reason": reason},
    )


def _to_wgs84(geometry: shapely.Geometry, crs: int | None) -> shapely.Geometry:
    if crs in (None, WGS84):
        minx, miny, maxx, maxy = geometry.bounds
        if crs is None and not (-180 <= minx <= maxx <= 180 and -90 <= miny <= maxy <= 90):
            raise _unknown_projection()  # metres without a declared zone: never guess 47N or 48N
        return geometry
    if crs not in ACCEPTED_CRS:
        raise _unknown_projection()
    return _transform(geometry, crs, WGS84)


def _transform(geometry: shapely.Geometry, source: int, target: int) -> shapely.Geometry:
    transformer = Transformer.from_crs(source, target, always_xy=True)

    def convert(coords: np.ndarray) -> np.ndarray:
        x, y = transformer.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geometry, convert)


def utm_zone_of(longitude: float) -> int:
    """Thailand's UTM zone for a longitude: 47N west of 102°E, 48N east of it."""
    return UTM_47N if longitude < 102 else UTM_48N


def measure(geometry: shapely.Geometry) -> Area:
    """The area on the UTM zone of the shape's centre (an equal-area enough projection for a parcel)."""
    zone = utm_zone_of(geometry.centroid.x)
    return area_from_square_metres(_transform(geometry, WGS84, zone).area)


def check_in_thailand(geometry: shapely.Geometry) -> None:
    minx, miny, maxx, maxy = geometry.bounds
    west, south, east, north = THAILAND_BOUNDS
    if not (west <= minx and maxx <= east and south <= miny and maxy <= north):
        raise ShapeRefused(
            _(
                "The boundary lies outside Thailand: check the projection or the order of latitude and "
                "longitude."
            ),
            code="outside_thailand",
            field="file",
        )


def check_in_area(geometry: shapely.Geometry, area_shape: shapely.Geometry | None, area_name: str) -> None:
    """Most of the shape (half or more) lies in the area's boundary, widened by about 1 km because
    the reference boundaries are simplified. No reference boundary: nothing to check against."""
    if area_shape is None:
        return
    inside = geometry.intersection(area_shape.buffer(0.01)).area
    if inside < geometry.area * 0.5:
        raise ShapeRefused(
            _("The boundary is not in %(area)s, the area recorded for it: check the file or the area."),
            code="outside_area",
            field="file",
            params={"area": area_name},
        )


def boundary(
    geometry: shapely.Geometry, *, area_shape: shapely.Geometry | None = None, area_name: str = ""
) -> Boundary:
    """Check a WGS 84 shape (valid, in Thailand, in its area) and measure it."""
    if isinstance(geometry, Polygon | MultiPolygon):
        for part in getattr(geometry, "geoms", [geometry]):
            _check_valid(part)
    else:
        geometry = _polygons([geometry])
    check_in_thailand(geometry)
    check_in_area(geometry, area_shape, area_name)
    rounded = shapely.set_precision(geometry, 1e-7)
    point = geometry.representative_point()
    return Boundary(
        geojson=as_geojson(rounded),
        area=measure(geometry),
        point=(round(point.x, 6), round(point.y, 6)),
    )


def as_geojson(geometry: shapely.Geometry) -> dict[str, Any]:
    """A plain GeoJSON geometry (lists, not tuples), as stored and served."""
    return json.loads(json.dumps(mapping(geometry)))


def simplified(geojson: dict[str, Any], tolerance: float) -> dict[str, Any]:
    """The stored boundary simplified for a map (topology kept, about `tolerance` degrees)."""
    return as_geojson(shape(geojson).simplify(tolerance, preserve_topology=True))


def _kml_ring(ring: list) -> str:
    return " ".join(f"{x:.7f},{y:.7f}" for x, y, *_ in ring)


def _kml_polygon(coordinates: list) -> str:
    outer, *holes = coordinates
    inner = "".join(
        f"<innerBoundaryIs><LinearRing><coordinates>{_kml_ring(h)}</coordinates></LinearRing></innerBoundaryIs>"
        for h in holes
    )
    return (
        f"<Polygon><outerBoundaryIs><LinearRing><coordinates>{_kml_ring(outer)}</coordinates></LinearRing>"
        f"</outerBoundaryIs>{inner}</Polygon>"
    )


def to_kml(collection: dict, *, name: str) -> bytes:
    """A GeoJSON FeatureCollection of (multi)polygons as KML for Google Earth: a placemark per feature
    with its properties as extended data."""
    from xml.sax.saxutils import escape, quoteattr

    marks = []
    for feature in collection.get("features", []):
        geometry, props = feature.get("geometry") or {}, feature.get("properties") or {}
        if geometry.get("type") == "Polygon":
            shape = _kml_polygon(geometry["coordinates"])
        elif geometry.get("type") == "MultiPolygon":
            shape = (
                "<MultiGeometry>"
                + "".join(_kml_polygon(p) for p in geometry["coordinates"])
                + "</MultiGeometry>"
            )
        else:
            continue
        data = "".join(
            f"<Data name={quoteattr(str(k))}><value>{escape(str(v))}</value></Data>" for k, v in props.items()
        )
        title = escape(str(props.get("name", feature.get("id", ""))))
        marks.append(f"<Placemark><name>{title}</name><ExtendedData>{data}</ExtendedData>{shape}</Placemark>")
    body = "".join(marks)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
        f"<name>{escape(name)}</name>{body}</Document></kml>\n"
    ).encode()
