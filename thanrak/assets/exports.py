"""Exports of the assets registers: the table (CSV, XLSX) or the shapes (GeoJSON, KML for Google Earth).
Every export is written to the audit log (who, what, which area, how many rows, what was withheld).

A household site's boundary is personal data: it is exported only to who may see the household;
for others the row is there (in the table) but the shape is left out and counted as withheld."""

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from thanrak.accounts.actions import audit_record
from thanrak.accounts.models import AuditEvent
from thanrak.assets import queries, shapes
from thanrak.assets.models import LabSite, SiteKind
from thanrak.core.tabular import write_csv, write_xlsx
from thanrak.registry.models import Household

TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "geojson": "application/geo+json",
    "kml": "application/vnd.google-earth.kml+xml",
}


@dataclass(frozen=True)
class Export:
    body: bytes
    content_type: str
    filename: str
    rows: int
    withheld: int = 0


def _table(fmt: str, headers: Sequence[str], rows: Iterable[Sequence[object]], sheet: str) -> bytes:
    return write_xlsx(headers, rows, sheet_title=sheet) if fmt == "xlsx" else write_csv(headers, rows)


def _shapes(fmt: str, collection: dict[str, Any], name: str) -> bytes:
    if fmt == "kml":
        return shapes.to_kml(collection, name=name)
    return json.dumps(collection, ensure_ascii=False).encode()


def _logged(export: Export, *, kind: str, fmt: str, area: str, by: Any, at: dt.datetime) -> Export:
    audit_record(
        by=by,
        event=AuditEvent.EXPORT,
        at=at,
        object_type=f"assets.{kind}",
        area_code=area,
        detail={"rows": export.rows, "format": fmt, "area": area, "shapes_withheld": export.withheld},
    )
    return export


def _feature(pk: int, geometry: dict[str, Any], **props: Any) -> dict[str, Any]:
    return {"type": "Feature", "id": pk, "properties": props, "geometry": geometry}


def forests(*, viewer: Any, area: str, fmt: str, at: dt.datetime) -> Export:
    """The area's community forests: the register, or the full boundaries."""
    rows = list(queries.forest_list(viewer=viewer, area=area).order_by("area_code", "name"))
    name = f"community-forests-{area or 'all'}.{fmt}"
    if fmt in ("geojson", "kml"):
        collection = {
            "type": "FeatureCollection",
            "features": [
                _feature(
                    f.pk,
                    f.boundary,
                    name=f.name,
                    area_code=f.area_code,
                    status=f.legal_status,
                    area_m2=f.area_m2,
                )
                for f in rows
                if f.boundary
            ],
        }
        body = _shapes(fmt, collection, "ป่าชุมชน")
        export = Export(body, TYPES[fmt], name, len(collection["features"]))
    else:
        headers = [
            "id",
            "name",
            "area_code",
            "legal_status",
            "registration_no",
            "approved_on",
            "area_m2",
            "rai",
            "members",
        ]
        data = (
            [
                f.pk,
                f.name,
                f.area_code,
                f.legal_status,
                f.registration_no,
                f.approved_on or "",
                f.area_m2,
                f"{Decimal(f.area_m2) / 1600:.2f}",
                f.member_count,
            ]
            for f in rows
        )
        export = Export(_table(fmt, headers, data, "forests"), TYPES[fmt], name, len(rows))
    return _logged(export, kind="forest", fmt=fmt, area=area, by=viewer, at=at)


def _shape_visible(viewer: Any) -> Callable[[LabSite], bool]:
    households = set(
        Household.objects.visible_to(viewer)
        .filter(lab_sites__isnull=False)
        .values_list("pk", flat=True)
        .distinct()
    )
    return lambda s: s.kind == SiteKind.CLM or s.household_id in households


def sites(*, viewer: Any, area: str, fmt: str, at: dt.datetime) -> Export:
    """The area's โคก หนอง นา sites: the register, or the boundaries (household sites' only for who may
    see the household; their household number likewise)."""
    rows = list(queries.site_list(viewer=viewer, area=area).order_by("area_code", "kind", "name"))
    visible = _shape_visible(viewer)
    name = f"khok-nong-na-sites-{area or 'all'}.{fmt}"
    if fmt in ("geojson", "kml"):
        shown = [s for s in rows if s.boundary and visible(s)]
        collection = {
            "type": "FeatureCollection",
            "features": [
                _feature(s.pk, s.boundary, name=s.name, kind=s.kind, area_code=s.area_code, area_m2=s.area_m2)
                for s in shown
            ],
        }
        withheld = sum(1 for s in rows if s.boundary) - len(shown)
        export = Export(_shapes(fmt, collection, "โคก หนอง นา"), TYPES[fmt], name, len(shown), withheld)
    else:
        headers = [
            "id",
            "kind",
            "name",
            "area_code",
            "organisation_id",
            "household_id",
            "programme",
            "started_on",
            "finished_on",
            "area_m2",
            "rai",
        ]
        data = (
            [
                s.pk,
                s.kind,
                s.name,
                s.area_code,
                s.organisation_id or "",
                (s.household_id or "") if visible(s) else "***",
                s.programme,
                s.started_on,
                s.finished_on or "",
                s.area_m2,
                f"{Decimal(s.area_m2) / 1600:.2f}",
            ]
            for s in rows
        )
        withheld = sum(1 for s in rows if not visible(s))
        export = Export(_table(fmt, headers, data, "sites"), TYPES[fmt], name, len(rows), withheld)
    return _logged(export, kind="site", fmt=fmt, area=area, by=viewer, at=at)


__all__ = ["TYPES", "Export", "forests", "sites"]
