"""Every write of community assets (one module per sub-domain)."""

from thanrak.assets.actions.forests import (
    forest_activity_add,
    forest_committee_add,
    forest_incident_record,
    forest_member_add,
    forest_plan_add,
    forest_register,
    forest_set_boundary,
    forest_subsidy_record,
    forest_update_status,
)
from thanrak.assets.actions.imports import ImportRefused, register_import
from thanrak.assets.actions.land import housing_advance, housing_record, plot_allocate, plot_survey
from thanrak.assets.actions.machinery import (
    booking_cancel,
    booking_check_in,
    booking_check_out,
    booking_fee_paid,
    booking_make,
    equipment_list_item,
    equipment_photo_add,
    equipment_set_schedule,
    equipment_update,
    maintenance_record,
    maintenance_slot_add,
    maintenance_slot_remove,
)
from thanrak.assets.actions.sites import site_register, site_set_boundary

__all__ = [
    "ImportRefused",
    "booking_cancel",
    "booking_check_in",
    "booking_check_out",
    "booking_fee_paid",
    "booking_make",
    "equipment_list_item",
    "equipment_photo_add",
    "equipment_set_schedule",
    "equipment_update",
    "forest_activity_add",
    "forest_committee_add",
    "forest_incident_record",
    "forest_member_add",
    "forest_plan_add",
    "forest_register",
    "forest_set_boundary",
    "forest_subsidy_record",
    "forest_update_status",
    "housing_advance",
    "housing_record",
    "maintenance_record",
    "maintenance_slot_add",
    "maintenance_slot_remove",
    "plot_allocate",
    "plot_survey",
    "register_import",
    "site_register",
    "site_set_boundary",
]
