"""Every read of community assets (one module per sub-domain), scoped to the viewer."""

from thanrak.assets.queries.forests import (
    ForestTotals,
    forest_export_geojson,
    forest_get,
    forest_list,
    forest_map,
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
    Utilisation,
    booking_get,
    booking_list,
    calendar_bookings,
    equipment_by_feed_token,
    equipment_get,
    equipment_list,
    equipment_utilisation,
)

__all__ = [
    "ForestTotals",
    "HouseholdAssets",
    "Utilisation",
    "booking_get",
    "booking_list",
    "calendar_bookings",
    "equipment_by_feed_token",
    "equipment_get",
    "equipment_list",
    "equipment_utilisation",
    "forest_export_geojson",
    "forest_get",
    "forest_list",
    "forest_map",
    "forest_totals",
    "household_assets",
    "housing_get",
    "housing_list",
    "plan_get",
    "plot_get",
    "plot_list",
]
