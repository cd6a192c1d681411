from django.urls import path

from thanrak.core.offline import service_worker
from thanrak.survey import views

app_name = "survey"

urlpatterns = [
    path("", views.round_list, name="round-list"),
    path("sw.js", service_worker, name="service-worker"),
    path("rounds/<int:round_id>/", views.round_detail, name="round-detail"),
    path(
        "rounds/<int:round_id>/village/<str:village_code>/",
        views.village_households,
        name="village-households",
    ),
    path("rounds/<int:round_id>/household/<int:household_id>/", views.response_form, name="response-form"),
    path("rounds/<int:round_id>/import/", views.response_import, name="response-import"),
    path("rounds/<int:round_id>/import/layout.csv", views.import_layout, name="import-layout"),
    path("rounds/<int:round_id>/evaluate/", views.round_evaluate, name="round-evaluate"),
    path("rounds/<int:round_id>/runs/new/", views.run_create, name="run-create"),
    path("runs/<int:run_id>/", views.run_detail, name="run-detail"),
    path("targets/", views.target_list, name="target-list"),
    path("targets/household/<int:household_id>/", views.target_detail, name="target-detail"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/map.json", views.map_data, name="map-data"),
    path("compare/", views.compare, name="compare"),
    path("versions/", views.version_list, name="version-list"),
    path("versions/import/", views.version_import, name="version-import"),
    path("versions/<int:version_id>/", views.version_detail, name="version-detail"),
    path("versions/<int:version_id>/xlsform/", views.version_xlsform, name="version-xlsform"),
    path("indicators/<int:indicator_id>/", views.indicator_edit, name="indicator-edit"),
    path("welfare/import/", views.welfare_import, name="welfare-import"),
    path("panel/home/", views.home_panel, name="home-panel"),
    path("panel/household/<int:household_id>/", views.household_panel, name="household-panel"),
]
