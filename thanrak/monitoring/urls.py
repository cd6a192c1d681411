from django.urls import path

from thanrak.monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("panel/", views.home_panel, name="home-panel"),
    path("geo/", views.geo_shapes, name="geo"),
    path("indicators/<int:indicator_id>/", views.indicator_detail, name="indicator"),
    path("indicators/<int:indicator_id>/targets/", views.target_set, name="target-set"),
    path("programmes/", views.programme_list, name="programme-list"),
    path("programmes/new/", views.programme_create, name="programme-create"),
    path("programmes/<int:programme_id>/", views.programme_detail, name="programme"),
    path("programmes/<int:programme_id>/indicators/new/", views.indicator_create, name="indicator-create"),
    path("values/", views.value_list, name="value-list"),
    path("values/<int:value_id>/", views.value_detail, name="value"),
    path("entry/", views.value_entry, name="entry"),
    path("workflow/", views.workflow, name="workflow"),
    path("workflow/submit/", views.workflow_submit, name="workflow-submit"),
    path("workflow/approve/", views.workflow_approve, name="workflow-approve"),
    path("workflow/return/", views.workflow_return, name="workflow-return"),
    path("locks/", views.period_lock, name="lock"),
    path("locks/<int:lock_id>/reopen/", views.period_reopen, name="reopen"),
    path("exchange/", views.exchange_page, name="exchange"),
    path("exchange/import/", views.exchange_import, name="import"),
    path("exchange/export/", views.exchange_export, name="export"),
    path("report/", views.report_page, name="report"),
    path("report/download/", views.report_download, name="report-download"),
    path("report/recompute/", views.report_recompute, name="report-recompute"),
    path("published/", views.published, name="published"),
    path("computations/", views.computation_list, name="computations"),
    path("computations/refresh/", views.computation_refresh, name="computation-refresh"),
    path("computations/<str:name>/", views.computation_detail, name="computation"),
    path("coverage/", views.coverage_page, name="coverage"),
    path("figure-map/", views.figure_map_page, name="figure-map"),
    path("figure-map/download/", views.figure_map_download, name="figure-map-download"),
    path("figure-map/<int:mapping_id>/", views.figure_mapping_edit, name="figure-mapping"),
    path("indicators/<int:indicator_id>/rows/", views.indicator_rows, name="indicator-rows"),
]
