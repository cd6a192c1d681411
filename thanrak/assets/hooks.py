"""What assets offers other modules through their hooks (read by them, never imported by name)."""

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import urlencode

from thanrak.core.access import user_may

LAYER_RESOURCES = ("assets.forest", "assets.site", "assets.land", "assets.equipment")


def dashboard_map_panel(*, viewer: object, area_code: str) -> str:
    """The monitoring dashboard's map of community assets for an area (forests, sites, plots and
    equipment counted per district), or "" when the viewer may read none of them."""
    if not any(user_may(viewer, resource, "view") for resource in LAYER_RESOURCES):
        return ""
    url = reverse("assets:dashboard-layers") + (f"?{urlencode({'area': area_code})}" if area_code else "")
    return render_to_string("assets/_dashboard_map.html", {"data_url": url})
