from django.urls import path

from thanrak.assets.views import forests, land, machinery

app_name = "assets"

urlpatterns = [
    path("forests/", forests.forest_list, name="forest-list"),
    path("forests/map/", forests.forest_map, name="forest-map"),
    path("forests/map/data/", forests.forest_map_data, name="forest-map-data"),
    path("forests/export/", forests.forest_export, name="forest-export"),
    path("forests/new/", forests.forest_create, name="forest-create"),
    path("forests/<int:forest_id>/", forests.forest_detail, name="forest-detail"),
    path("forests/<int:forest_id>/boundary/", forests.forest_boundary, name="forest-boundary"),
    path("forests/<int:forest_id>/committee/", forests.committee_add, name="forest-committee-add"),
    path("forests/<int:forest_id>/members/", forests.member_add, name="forest-member-add"),
    path("forests/<int:forest_id>/plans/", forests.plan_add, name="forest-plan-add"),
    path("plans/<int:plan_id>/activities/", forests.activity_add, name="forest-activity-add"),
    path("forests/<int:forest_id>/subsidies/", forests.subsidy_add, name="forest-subsidy-add"),
    path("forests/<int:forest_id>/incidents/", forests.incident_add, name="forest-incident-add"),
    path("equipment/", machinery.equipment_list, name="equipment-list"),
    path("equipment/new/", machinery.equipment_create, name="equipment-create"),
    path("equipment/<int:equipment_id>/", machinery.equipment_detail, name="equipment-detail"),
    path("equipment/feed/<str:token>.ics", machinery.equipment_feed, name="equipment-feed"),
    path("bookings/<int:booking_id>/check-out/", machinery.booking_check_out, name="booking-check-out"),
    path("bookings/<int:booking_id>/check-in/", machinery.booking_check_in, name="booking-check-in"),
    path("bookings/<int:booking_id>/cancel/", machinery.booking_cancel, name="booking-cancel"),
    path("land/", land.land_list, name="land-list"),
    path("land/plots/new/", land.plot_create, name="plot-create"),
    path("land/plots/<int:plot_id>/survey/", land.plot_survey, name="plot-survey"),
    path("land/housing/new/", land.housing_create, name="housing-create"),
    path("land/housing/<int:unit_id>/stage/", land.housing_stage, name="housing-stage"),
    path("household/<int:household_id>/panel/", land.household_panel, name="household-panel"),
]
