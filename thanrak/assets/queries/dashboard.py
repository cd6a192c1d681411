"""The layers of community assets on the monitoring dashboard's map, for the viewer's area.

Each layer only for a viewer who may read its records, and only the rows they may see: forests and
community sites as simplified shapes; household sites as their shapes only where the viewer may see
the household; plots (personal data) and equipment as counts per district, never shapes."""

from typing import Any

from django.db.models import Count, QuerySet
from django.db.models.functions import Substr
from django.utils.translation import gettext as _

from thanrak.assets import boundaries
from thanrak.assets.models import Equipment, LandPlot
from thanrak.assets.queries.forests import forest_map
from thanrak.assets.queries.sites import site_map
from thanrak.core.access import user_may
from thanrak.core.areas import prefix_q


def _per_district(rows: QuerySet[Any], area: str) -> list[dict[str, Any]]:
    if area:
        rows = rows.filter(prefix_q("area_code", area))
    counts = dict(
        rows.order_by()
        .annotate(d=Substr("area_code", 1, 4))
        .values("d")
        .annotate(n=Count("pk"))
        .values_list("d", "n")
    )
    points = boundaries.district_points()
    return [
        {"district": code, "lon": points[code][0], "lat": points[code][1], "count": n}
        for code, n in sorted(counts.items())
        if code in points
    ]


def dashboard_layers(*, viewer: object, area: str = "") -> list[dict[str, Any]]:
    """The map layers the viewer may see for an area: shapes or counts per district."""
    layers: list[dict[str, Any]] = []
    if user_may(viewer, "assets.forest", "view"):
        layers.append({"name": _("Community forests"), "shapes": forest_map(viewer=viewer, area=area)})
    if user_may(viewer, "assets.site", "view"):
        layers.append({"name": _("โคก หนอง นา sites"), "shapes": site_map(viewer=viewer, area=area)})
    if user_may(viewer, "assets.land", "view"):
        plots = LandPlot.objects.visible_to(viewer)
        layers.append({"name": _("Land plots allocated"), "counts": _per_district(plots, area)})
    if user_may(viewer, "assets.equipment", "view"):
        equipment = Equipment.objects.visible_to(viewer).filter(is_active=True)
        layers.append({"name": _("Shared machinery"), "counts": _per_district(equipment, area)})
    return layers
