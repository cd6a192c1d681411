"""Reads of community forests: lists, one forest, totals and the map of an area."""

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from thanrak.assets.models import CommunityForest, ForestPlan
from thanrak.assets.shapes import SQUARE_METRES_PER_RAI
from thanrak.core.areas import prefix_q


def _in_area(viewer: object, area: str) -> QuerySet[CommunityForest]:
    rows = CommunityForest.objects.visible_to(viewer)
    return rows.filter(prefix_q("area_code", area)) if area else rows


def forest_list(
    *, viewer: object, area: str = "", q: str = "", status: str = ""
) -> QuerySet[CommunityForest]:
    """The forests the viewer may see, in an area, by name or by legal status."""
    rows = _in_area(viewer, area).select_related("organisation")
    if q:
        rows = rows.filter(Q(name__icontains=q) | Q(registration_no__icontains=q))
    if status:
        rows = rows.filter(legal_status=status)
    return rows.annotate(member_count=Count("members", filter=Q(members__left_on__isnull=True)))


def forest_get(*, viewer: object, forest_id: int) -> CommunityForest:
    """One forest the viewer may see (DoesNotExist otherwise)."""
    return CommunityForest.objects.visible_to(viewer).select_related("organisation").get(pk=forest_id)


def plan_get(*, viewer: object, plan_id: int) -> ForestPlan:
    return ForestPlan.objects.filter(forest__in=CommunityForest.objects.visible_to(viewer)).get(pk=plan_id)


@dataclass(frozen=True)
class ForestTotals:
    forests: int
    approved: int
    square_metres: int
    members: int
    plans: int
    subsidies: int
    subsidy_satang: int

    @property
    def rai(self) -> Decimal:
        return (Decimal(self.square_metres) / SQUARE_METRES_PER_RAI).quantize(Decimal("0.01"))


def forest_totals(*, viewer: object, area: str = "") -> ForestTotals:
    """Counts and rai of the forests in an area, as the seed report states them."""
    rows = forest_list(viewer=viewer, area=area)
    ids = rows.values("pk")
    base = CommunityForest.objects.filter(pk__in=ids)
    sums = base.aggregate(
        forests=Count("pk"), approved=Count("pk", filter=Q(legal_status="APPROVED")), m2=Sum("area_m2")
    )
    from thanrak.assets.models import ForestMember, ForestSubsidy

    subsidies = ForestSubsidy.objects.filter(forest__in=ids).aggregate(n=Count("pk"), s=Sum("amount_satang"))
    return ForestTotals(
        forests=sums["forests"],
        approved=sums["approved"],
        square_metres=sums["m2"] or 0,
        members=ForestMember.objects.filter(forest__in=ids, left_on__isnull=True).count(),
        plans=ForestPlan.objects.filter(forest__in=ids).count(),
        subsidies=subsidies["n"],
        subsidy_satang=subsidies["s"] or 0,
    )


def forest_map(*, viewer: object, area: str = "") -> dict[str, Any]:
    """The forests of an area as a GeoJSON FeatureCollection of the boundaries simplified when set."""
    rows = _in_area(viewer, area).exclude(map_boundary__isnull=True)
    fields = ("pk", "name", "area_code", "legal_status", "area_m2", "map_boundary")
    features = [
        {
            "type": "Feature",
            "id": pk,
            "properties": {
                "name": name,
                "area_code": code,
                "status": status,
                "rai": round(m2 / SQUARE_METRES_PER_RAI, 2),
            },
            "geometry": geometry,
        }
        for pk, name, code, status, m2, geometry in rows.order_by().values_list(*fields)
    ]
    return {"type": "FeatureCollection", "features": features}


def forest_export_geojson(*, rows: QuerySet[CommunityForest]) -> dict[str, Any]:
    """Forests with their full (not simplified) boundaries, as a GeoJSON FeatureCollection."""
    features = [
        {
            "type": "Feature",
            "id": f.pk,
            "properties": {
                "name": f.name,
                "area_code": f.area_code,
                "status": f.legal_status,
                "area_m2": f.area_m2,
            },
            "geometry": f.boundary,
        }
        for f in rows.exclude(boundary__isnull=True)
    ]
    return {"type": "FeatureCollection", "features": features}


def forest_map_document(*, viewer: object, area: str = "") -> bytes:
    """The map page's data as JSON bytes: the area's forests and its districts' outlines. The whole
    country for a viewer who sees every forest comes from the cache (see `mapcache`)."""
    from django.core.cache import cache
    from django.core.serializers.json import DjangoJSONEncoder

    from thanrak.accounts.scope import scope_of
    from thanrak.assets import boundaries, mapcache

    def build() -> bytes:
        doc = forest_map(viewer=viewer, area=area)
        doc["districts"] = boundaries.district_outlines(area[:2] if area else "")
        return json.dumps(doc, cls=DjangoJSONEncoder, ensure_ascii=False).encode()

    if area or not scope_of(viewer).everything:
        return build()
    key = mapcache.map_key()
    body = cache.get(key)
    if body is None:
        body = build()
        cache.set(key, body, mapcache.TIMEOUT)
    return body
