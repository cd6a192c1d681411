"""Boundary files as surveyors and Google Earth write them, made in memory for the tests."""

import io
import json
import sqlite3
import struct
import tempfile
import zipfile
from pathlib import Path

import shapely
from pyproj import CRS, Transformer
from shapely.geometry import Polygon

# About 4.5 rai (a 60 m × 120 m rectangle) in Mueang Phayao (district 5601).
PHAYAO_LON, PHAYAO_LAT = 99.8544, 19.1129


def square(
    lon: float = PHAYAO_LON, lat: float = PHAYAO_LAT, metres_x: float = 60, metres_y: float = 120
) -> Polygon:
    """A rectangle of metres_x × metres_y metres with its south-west corner at (lon, lat), WGS 84."""
    to_utm = Transformer.from_crs(4326, 32647, always_xy=True)
    to_wgs = Transformer.from_crs(32647, 4326, always_xy=True)
    x, y = to_utm.transform(lon, lat)
    corners = [(x, y), (x + metres_x, y), (x + metres_x, y + metres_y), (x, y + metres_y)]
    return Polygon([to_wgs.transform(cx, cy) for cx, cy in corners])


def in_utm(polygon: Polygon, epsg: int = 32647) -> Polygon:
    to_utm = Transformer.from_crs(4326, epsg, always_xy=True)
    return Polygon([to_utm.transform(x, y) for x, y in polygon.exterior.coords])


def geojson_bytes(polygon: Polygon, *, crs: str | None = None) -> bytes:
    doc: dict = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": "แปลง 1"},
                "geometry": shapely.geometry.mapping(polygon),
            }
        ],
    }
    if crs:
        doc["crs"] = {"type": "name", "properties": {"name": crs}}
    return json.dumps(doc).encode()


def kml_bytes(polygon: Polygon) -> bytes:
    coords = " ".join(f"{x},{y},0" for x, y in polygon.exterior.coords)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>ป่าชุมชน</name>'
        f"<Polygon><outerBoundaryIs><LinearRing><coordinates>{coords}</coordinates></LinearRing>"
        "</outerBoundaryIs></Polygon></Placemark></Document></kml>"
    ).encode()


def kmz_bytes(polygon: Polygon) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("doc.kml", kml_bytes(polygon))
    return buffer.getvalue()


def shapefile_zip(polygon: Polygon, *, epsg: int | None = 32647, with_prj: bool = True) -> bytes:
    """A zipped Shapefile as QGIS writes it: .shp, .shx, .dbf and the .prj of `epsg`."""
    import shapefile

    shp, shx, dbf = io.BytesIO(), io.BytesIO(), io.BytesIO()
    with shapefile.Writer(shp=shp, shx=shx, dbf=dbf, shapeType=shapefile.POLYGON) as writer:
        writer.field("NAME", "C")
        writer.poly([list(polygon.exterior.coords)[::-1]])  # a Shapefile's outer ring runs clockwise
        writer.record("plot")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("plot.shp", shp.getvalue())
        archive.writestr("plot.shx", shx.getvalue())
        archive.writestr("plot.dbf", dbf.getvalue())
        if with_prj and epsg:
            archive.writestr("plot.prj", CRS.from_epsg(epsg).to_wkt("WKT1_ESRI"))
    return buffer.getvalue()


def geopackage_bytes(polygon: Polygon, *, epsg: int = 4326) -> bytes:
    """A minimal GeoPackage (the tables a reader needs) with one polygon feature."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "plot.gpkg"
        db = sqlite3.connect(path)
        db.executescript(
            "CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT, srs_id INTEGER PRIMARY KEY, organization TEXT,"
            " organization_coordsys_id INTEGER, definition TEXT, description TEXT);"
            "CREATE TABLE gpkg_geometry_columns (table_name TEXT, column_name TEXT, geometry_type_name TEXT,"
            " srs_id INTEGER, z INTEGER, m INTEGER);"
            "CREATE TABLE plots (fid INTEGER PRIMARY KEY, geom BLOB, name TEXT);"
        )
        db.execute("INSERT INTO gpkg_spatial_ref_sys VALUES ('x', ?, 'EPSG', ?, '', '')", (epsg, epsg))
        db.execute("INSERT INTO gpkg_geometry_columns VALUES ('plots', 'geom', 'POLYGON', ?, 0, 0)", (epsg,))
        # header: magic, version 0, flags (little endian, envelope xy = 1), srs id; then the envelope
        header = b"GP" + bytes([0, 0b00000011]) + struct.pack("<i", epsg)
        envelope = struct.pack(
            "<4d", polygon.bounds[0], polygon.bounds[2], polygon.bounds[1], polygon.bounds[3]
        )
        db.execute(
            "INSERT INTO plots (geom, name) VALUES (?, 'plot')",
            (header + envelope + shapely.to_wkb(polygon),),
        )
        db.commit()
        db.close()
        return path.read_bytes()
