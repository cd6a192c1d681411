"""Every read of community assets (one module per sub-domain), scoped to the viewer."""

from thanrak.assets.queries.dashboard import dashboard_layers
from thanrak.assets.queries.forests import (
    ForestTotals,
    forest_export_geojson,
    forest_get,
    forest_list,
    forest_map,
    forest_map_document,
    forest_totals,
    plan_get,
)
from thanrak.assets.queries.land import (
    HouseholdAssets,
    household_assets,
    housing_get,
    housing_list,
    plot_get,
    plot_list,
)
from thanrak.assets.queries.machinery import (
    Maintenance,
    Utilisation,
    booking_get,
    booking_list,
    calendar_bookings,
    equipment_by_feed_token,
    equipment_get,
    equipment_list,
    equipment_maintenance,
    equipment_utilisation,
    maintenance_due,
    maintenance_slot_get,
)
from thanrak.assets.queries.photos import photo_get
from thanrak.assets.queries.sites import SiteTotals, may_see_shape, site_get, site_list, site_map, site_totals

__all__ = [
    "ForestTotals",
    "HouseholdAssets",
    "Maintenance",
    "SiteTotals",
    "Utilisation",
    "booking_get",
    "booking_list",
    "calendar_bookings",
    "dashboard_layers",
    "equipment_by_feed_token",
    "equipment_get",
    "equipment_list",
    "equipment_maintenance",
    "equipment_utilisation",
    "forest_export_geojson",
    "forest_get",
    "forest_list",
    "forest_map",
    "forest_map_document",
    "forest_totals",
    "household_assets",
    "housing_get",
    "housing_list",
    "maintenance_due",
    "maintenance_slot_get",
    "may_see_shape",
    "photo_get",
    "plan_get",
    "plot_get",
    "plot_list",
    "site_get",
    "site_list",
    "site_map",
    "site_totals",
]
