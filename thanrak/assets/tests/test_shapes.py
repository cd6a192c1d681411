"""Boundaries read from every kind of file, reprojected, measured in ไร่-งาน-ตารางวา and checked."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from shapely.geometry import Polygon

from thanrak.assets import shapes
from thanrak.assets.boundaries import district_shape
from thanrak.assets.shapes import ShapeRefused
from thanrak.assets.tests import shapefiles as files

PLOT = files.square()  # 60 m × 120 m = 7,200 m² = 4 ไร่ 2 งาน


def _code(call) -> str:  # noqa: ANN001
    with pytest.raises(ShapeRefused) as caught:
        call()
    return caught.value.code


class TestArea:
    def test_converts_square_metres_to_rai_ngan_wa(self):
        area = shapes.area_from_square_metres(4500)
        assert (area.rai, area.ngan, area.wa) == (2, 3, Decimal("25.0"))
        assert str(area) == "2-3-25.0"

    def test_one_rai_is_1600_square_metres(self):
        area = shapes.area_from_square_metres(1600)
        assert (area.rai, area.ngan, area.wa, area.rai_decimal) == (1, 0, Decimal(0), Decimal("1.00"))

    @given(st.integers(min_value=0, max_value=10**9))
    def test_rai_ngan_wa_add_back_to_the_area(self, m2):
        area = shapes.area_from_square_metres(m2)
        assert 0 <= area.ngan < 4 and 0 <= area.wa < 100
        assert abs(shapes.square_metres(area.rai, area.ngan, area.wa) - m2) <= Decimal("0.2")


class TestReadFiles:
    def _assert_is_the_plot(self, geometry):  # noqa: ANN001
        assert geometry.symmetric_difference(PLOT).area < PLOT.area * 1e-6
        assert shapes.measure(geometry).square_metres == pytest.approx(7200, abs=2)

    def test_reads_geojson_in_wgs84(self):
        self._assert_is_the_plot(shapes.read_file("plot.geojson", files.geojson_bytes(PLOT)))

    def test_reads_geojson_in_utm_47n_declared_in_the_file(self):
        data = files.geojson_bytes(files.in_utm(PLOT), crs="urn:ogc:def:crs:EPSG::32647")
        self._assert_is_the_plot(shapes.read_file("plot.json", data))

    def test_reads_geojson_in_utm_when_the_person_chooses_the_zone(self):
        data = files.geojson_bytes(files.in_utm(PLOT))
        self._assert_is_the_plot(shapes.read_file("plot.geojson", data, crs=32647))

    def test_refuses_metres_without_a_zone(self):
        data = files.geojson_bytes(files.in_utm(PLOT))
        assert _code(lambda: shapes.read_file("plot.geojson", data)) == "unknown_projection"

    def test_reads_kml_from_google_earth(self):
        self._assert_is_the_plot(shapes.read_file("ป่า.kml", files.kml_bytes(PLOT)))

    def test_reads_kmz(self):
        self._assert_is_the_plot(shapes.read_file("forest.KMZ", files.kmz_bytes(PLOT)))

    def test_reads_a_zipped_shapefile_in_utm_47n(self):
        self._assert_is_the_plot(shapes.read_file("plot.zip", files.shapefile_zip(files.in_utm(PLOT))))

    def test_reads_a_zipped_shapefile_in_utm_48n(self):
        east = files.square(lon=102.5, lat=16.4)
        geometry = shapes.read_file("plot.zip", files.shapefile_zip(files.in_utm(east, 32648), epsg=32648))
        assert geometry.symmetric_difference(east).area < east.area * 1e-6

    def test_reads_a_shapefile_in_wgs84(self):
        self._assert_is_the_plot(shapes.read_file("plot.zip", files.shapefile_zip(PLOT, epsg=4326)))

    def test_refuses_a_shapefile_in_another_projection(self):
        data = files.shapefile_zip(files.in_utm(PLOT), epsg=3857)
        assert _code(lambda: shapes.read_file("plot.zip", data)) == "unknown_projection"

    def test_refuses_a_zip_without_a_shp(self):
        data = files.kmz_bytes(PLOT)  # a zip holding a .kml only
        assert _code(lambda: shapes.read_file("plot.zip", data)) == "shapefile_incomplete"

    def test_reads_a_geopackage(self):
        self._assert_is_the_plot(shapes.read_file("plot.gpkg", files.geopackage_bytes(PLOT)))

    def test_reads_a_geopackage_in_utm(self):
        data = files.geopackage_bytes(files.in_utm(PLOT), epsg=32647)
        self._assert_is_the_plot(shapes.read_file("plot.gpkg", data))

    def test_refuses_an_unknown_file_type(self):
        assert _code(lambda: shapes.read_file("plot.dwg", b"AC1032")) == "unknown_format"

    @pytest.mark.parametrize("name", ["x.geojson", "x.kml", "x.kmz", "x.zip", "x.gpkg"])
    def test_refuses_garbage(self, name):
        assert _code(lambda: shapes.read_file(name, b"\x00not a boundary at all")) == "unreadable_file"

    def test_refuses_points(self):
        data = b'{"type": "Point", "coordinates": [99.85, 19.11]}'
        assert _code(lambda: shapes.read_file("p.geojson", data)) == "not_a_polygon"

    def test_refuses_an_empty_collection(self):
        data = b'{"type": "FeatureCollection", "features": []}'
        assert _code(lambda: shapes.read_file("p.geojson", data)) == "empty_shape"


class TestChecks:
    def test_refuses_a_self_crossing_boundary(self):
        x0, y0, x1, y1 = PLOT.bounds
        bowtie = Polygon([(x0, y0), (x1, y1), (x1, y0), (x0, y1)])
        data = files.geojson_bytes(bowtie)
        assert _code(lambda: shapes.read_file("p.geojson", data)) == "self_crossing"

    def test_refuses_a_shape_outside_thailand(self):
        vientiane = files.square(lon=102.6, lat=21.0)
        assert _code(lambda: shapes.boundary(vientiane)) == "outside_thailand"

    def test_refuses_latitude_and_longitude_swapped(self):
        swapped = Polygon([(y, x) for x, y in PLOT.exterior.coords])
        assert _code(lambda: shapes.boundary(swapped)) == "outside_thailand"

    def test_refuses_a_shape_outside_its_district(self):
        chun = district_shape("560201")
        error = pytest.raises(ShapeRefused, shapes.boundary, PLOT, area_shape=chun, area_name="อำเภอจุน")
        assert error.value.code == "outside_area"
        assert "อำเภอจุน" in str(error.value)

    def test_accepts_a_shape_in_its_district_and_measures_it(self):
        checked = shapes.boundary(PLOT, area_shape=district_shape("560101"), area_name="เมืองพะเยา")
        assert checked.area.rai == 4 and checked.area.ngan == 2
        assert checked.geojson["type"] == "Polygon"
        assert isinstance(checked.geojson["coordinates"][0][0], list)

    def test_gps_points_walked_around_a_plot(self):
        points = [(lat, lon) for lon, lat in list(PLOT.exterior.coords)[:-1]]
        checked = shapes.boundary(shapes.from_points(points))
        assert checked.area.square_metres == pytest.approx(7200, abs=2)

    def test_refuses_fewer_than_three_points(self):
        assert (
            _code(lambda: shapes.from_points([(19.1, 99.8), (19.1, 99.8), (19.2, 99.8)])) == "too_few_points"
        )

    def test_utm_zone_follows_the_longitude(self):
        assert shapes.utm_zone_of(99.9) == 32647 and shapes.utm_zone_of(102.5) == 32648


class TestHostileGeojson:
    @pytest.mark.parametrize(
        "doc",
        [
            {"type": "Polygon", "coordinates": "x"},
            {"type": "Polygon", "coordinates": [[[1, 2], [3]]]},
            {"type": "Polygon", "coordinates": [[1, 2]], "crs": [1]},
            {"type": "Feature", "geometry": {"type": "Nonsense", "coordinates": []}},
            {"type": "Polygon", "coordinates": [], "crs": {"properties": {"name": 12}}},
        ],
    )
    def test_refuses_malformed_geojson_with_a_code(self, doc):
        with pytest.raises(ShapeRefused) as caught:
            shapes.read_geojson(doc)
        assert caught.value.code in {"unreadable_file", "unknown_projection", "empty_shape", "not_a_polygon"}
