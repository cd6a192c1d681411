from django.urls import path

from thanrak.core.offline import service_worker
from thanrak.services import views

app_name = "services"

urlpatterns = [
    path("", views.case_list, name="case-list"),
    path("cases/new/", views.case_create, name="case-create"),
    path("cases/import/", views.case_import, name="case-import"),
    path("cases/import/template/", views.case_import_template, name="case-import-template"),
    path("cases/<int:case_id>/", views.case_detail, name="case-detail"),
    path("cases/<int:case_id>/step/", views.case_step, name="case-step"),
    path("cases/<int:case_id>/refer/", views.case_refer, name="case-refer"),
    path("cases/<int:case_id>/adviser/", views.case_assign, name="case-assign"),
    path("cases/<int:case_id>/consent/", views.case_consent, name="case-consent"),
    path("referrals/", views.referral_queue, name="referral-queue"),
    path("referrals/overdue/", views.referral_overdue, name="referral-overdue"),
    path("referrals/<int:referral_id>/", views.referral_detail, name="referral-detail"),
    path("referrals/<int:referral_id>/answer/", views.referral_answer, name="referral-answer"),
    path("agencies/", views.agency_list, name="agency-list"),
    path("agencies/new/", views.agency_edit, name="agency-create"),
    path("agencies/import/", views.agency_import, name="agency-import"),
    path("agencies/<int:agency_id>/", views.agency_edit, name="agency-edit"),
    path("helpers/", views.helper_list, name="helper-list"),
    path("helpers/import/", views.helper_import, name="helper-import"),
    path("helpers/import/template/", views.helper_import_template, name="helper-import-template"),
    path("helpers/person/<int:person_id>/", views.helper_edit, name="helper-edit"),
    path("development/", views.development_list, name="development-list"),
    path("development/new/", views.development_create, name="development-create"),
    path("development/<int:case_id>/", views.development_detail, name="development-detail"),
    path("development/<int:case_id>/step/", views.development_step, name="development-step"),
    path(
        "development/<int:case_id>/steps/<int:step_id>/photo/",
        views.development_step_photo,
        name="development-step-photo",
    ),
    path("development/<int:case_id>/end/", views.development_end, name="development-end"),
    path("caseload/", views.caseload_list, name="caseload-list"),
    path("caseload/assign/", views.caseload_assign, name="caseload-assign"),
    path("caseload/sw.js", service_worker, name="caseload-sw"),
    path("caseload/<int:assignment_id>/", views.caseload_detail, name="caseload-detail"),
    path("caseload/<int:assignment_id>/visit/", views.caseload_visit, name="caseload-visit"),
    path("person/<int:person_id>/panel/", views.person_panel, name="person-panel"),
    path("household/<int:household_id>/panel/", views.household_panel, name="household-panel"),
    path("organisation/<int:organisation_id>/panel/", views.organisation_panel, name="organisation-panel"),
]
