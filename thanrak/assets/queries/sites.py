"""Reads of โคก หนอง นา sites: lists, one site, totals and the map of an area.

A household site (HLM) lies on the household's own land: its boundary is personal data, drawn on a map
only for who may see the household; everyone else counts it."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from thanrak.assets.models import LabSite, SiteKind
from thanrak.assets.shapes import SQUARE_METRES_PER_RAI
from thanrak.core.areas import prefix_q
from thanrak.registry.models import Household


def site_list(*, viewer: object, area: str = "", kind: str = "") -> QuerySet[LabSite]:
    rows = LabSite.objects.visible_to(viewer).select_related("organisation", "household")
    if area:
        rows = rows.filter(prefix_q("area_code", area))
    if kind:
        rows = rows.filter(kind=kind)
    return rows


def site_get(*, viewer: object, site_id: int) -> LabSite:
    return LabSite.objects.visible_to(viewer).select_related("organisation", "household").get(pk=site_id)


def may_see_shape(*, viewer: object, site: LabSite) -> bool:
    """A household site's boundary only to who may see the household; a community site's to all readers."""
    if site.household_id is None or site.kind == SiteKind.CLM:
        return True
    return Household.objects.visible_to(viewer).filter(pk=site.household_id).exists()


@dataclass(frozen=True)
class SiteTotals:
    community: int
    household: int
    finished: int
    square_metres: int

    @property
    def rai(self) -> Decimal:
        return (Decimal(self.square_metres) / SQUARE_METRES_PER_RAI).quantize(Decimal("0.01"))


def site_totals(*, viewer: object, area: str = "") -> SiteTotals:
    """Counts and rai of the sites in an area, by kind (the seed's CLM and HLM sites)."""
    sums = (
        site_list(viewer=viewer, area=area)
        .order_by()
        .aggregate(
            clm=Count("pk", filter=Q(kind=SiteKind.CLM)),
            hlm=Count("pk", filter=Q(kind=SiteKind.HLM)),
            finished=Count("pk", filter=Q(finished_on__isnull=False)),
            m2=Sum("area_m2"),
        )
    )
    return SiteTotals(sums["clm"], sums["hlm"], sums["finished"], sums["m2"] or 0)


def site_map(*, viewer: object, area: str = "") -> dict[str, Any]:
    """The sites of an area as GeoJSON (simplified boundaries); household sites only where the viewer
    may see the household, the others counted in `withheld`."""
    rows = site_list(viewer=viewer, area=area).exclude(map_boundary__isnull=True).order_by()
    visible_households = Household.objects.visible_to(viewer).values("pk")
    shown = rows.filter(Q(kind=SiteKind.CLM) | Q(household__in=visible_households))
    fields = ("pk", "name", "kind", "area_code", "area_m2", "map_boundary")
    features = [
        {
            "type": "Feature",
            "id": pk,
            "properties": {
                "name": name,
                "kind": kind,
                "area_code": code,
                "rai": round(m2 / SQUARE_METRES_PER_RAI, 2),
            },
            "geometry": geometry,
        }
        for pk, name, kind, code, m2, geometry in shown.values_list(*fields)
    ]
    return {"type": "FeatureCollection", "features": features, "withheld": rows.count() - len(features)}
