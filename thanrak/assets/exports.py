"""Exports of the assets registers: the table (CSV, XLSX) or the shapes (GeoJSON, KML for Google Earth).
Every export is written to the audit log (who, what, which area, how many rows, what was withheld).

A household's site or land plot boundary is personal data: it is exported only to who may see the
household; for others the row is there (in the table, household masked) but the shape is left out and
counted as withheld. The tables use the import's column names, so an export can be imported again;
`template` gives the empty file to fill in."""

import datetime as dt
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from thanrak.accounts.actions import audit_record
from thanrak.accounts.models import AuditEvent
from thanrak.assets import queries, shapes
from thanrak.assets.actions.imports import register_template
from thanrak.assets.models import LabSite, LandPlot, SiteKind
from thanrak.core.money import to_decimal_baht
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


MASK = "***"


def _households_seen(viewer: Any, **having: Any) -> set[int]:
    return set(Household.objects.visible_to(viewer).filter(**having).values_list("pk", flat=True).distinct())


def plots(*, viewer: Any, area: str, fmt: str, at: dt.datetime) -> Export:
    """The area's plots allocated to households: the register (house code masked for who may not see
    the household), or the boundaries of the plots whose household the viewer may see."""
    rows = list(queries.plot_list(viewer=viewer, area=area).order_by("area_code", "allocated_on", "pk"))
    seen = _households_seen(viewer, land_plots__isnull=False)
    name = f"land-plots-{area or 'all'}.{fmt}"

    def visible(p: LandPlot) -> bool:
        return p.household_id in seen

    if fmt in ("geojson", "kml"):
        shown = [p for p in rows if p.boundary and visible(p)]
        collection = {
            "type": "FeatureCollection",
            "features": [
                _feature(
                    p.pk,
                    p.boundary,
                    programme=p.programme,
                    tenure=p.tenure,
                    house_code=p.household.house_code,
                    area_code=p.area_code,
                    area_m2=p.area_m2,
                )
                for p in shown
            ],
        }
        withheld = sum(1 for p in rows if p.boundary) - len(shown)
        export = Export(_shapes(fmt, collection, "ที่ดินทำกิน"), TYPES[fmt], name, len(shown), withheld)
    else:
        headers = ["id", *register_template("plots"), "area_code", "area_m2"]
        data = (
            [
                p.pk,
                p.household.house_code if visible(p) else MASK,
                p.programme,
                p.tenure,
                p.allocated_on,
                p.ends_on or "",
                p.conditions,
                p.survey_status,
                p.surveyed_on or "",
                p.area_code,
                p.area_m2,
            ]
            for p in rows
        )
        withheld = sum(1 for p in rows if not visible(p))
        export = Export(_table(fmt, headers, data, "plots"), TYPES[fmt], name, len(rows), withheld)
    return _logged(export, kind="plot", fmt=fmt, area=area, by=viewer, at=at)


def housing(*, viewer: Any, area: str, fmt: str, at: dt.datetime) -> Export:
    """The area's housing units built or repaired (cost in baht; house code masked as for plots)."""
    rows = list(queries.housing_list(viewer=viewer, area=area).order_by("area_code", "pk"))
    seen = _households_seen(viewer, housing_units__isnull=False)
    headers = ["id", *register_template("housing"), "area_code"]
    data = (
        [
            u.pk,
            u.household.house_code if u.household_id in seen else MASK,
            u.programme,
            u.work,
            f"{to_decimal_baht(u.cost_satang):.2f}",
            u.stage,
            u.started_on or "",
            u.handed_over_on or "",
            u.area_code,
        ]
        for u in rows
    )
    withheld = sum(1 for u in rows if u.household_id not in seen)
    fmt = fmt if fmt in ("csv", "xlsx") else "csv"
    name = f"housing-{area or 'all'}.{fmt}"
    export = Export(_table(fmt, headers, data, "housing"), TYPES[fmt], name, len(rows), withheld)
    return _logged(export, kind="housing", fmt=fmt, area=area, by=viewer, at=at)


def equipment(*, viewer: Any, area: str, fmt: str, at: dt.datetime) -> Export:
    """The shared equipment the viewer may see in the area: owner, kind, condition, where kept, fee."""
    rows = list(
        queries.equipment_list(viewer=viewer, area=area).order_by("area_code", "organisation_id", "pk")
    )
    headers = ["id", *register_template("equipment"), "area_code", "available"]
    data = (
        [
            e.pk,
            e.organisation_id,
            e.kind,
            e.name,
            e.fee_unit,
            f"{to_decimal_baht(e.fee_satang):.2f}",
            e.condition,
            e.kept_at,
            e.area_code,
            "yes" if e.is_active else "no",
        ]
        for e in rows
    )
    fmt = fmt if fmt in ("csv", "xlsx") else "csv"
    name = f"equipment-{area or 'all'}.{fmt}"
    export = Export(_table(fmt, headers, data, "equipment"), TYPES[fmt], name, len(rows))
    return _logged(export, kind="equipment", fmt=fmt, area=area, by=viewer, at=at)


def template(*, register: str, fmt: str) -> Export:
    """The empty import file of a register: its header row, required columns first."""
    fmt = fmt if fmt == "xlsx" else "csv"
    body = _table(fmt, register_template(register), [], register)
    return Export(body, TYPES[fmt], f"{register}-template.{fmt}", 0)


EXPORTS: dict[str, Callable[..., Export]] = {
    "forests": forests,
    "sites": sites,
    "plots": plots,
    "housing": housing,
    "equipment": equipment,
}

__all__ = ["EXPORTS", "TYPES", "Export", "equipment", "forests", "housing", "plots", "sites", "template"]
