from django.urls import path

from thanrak.registry import views

app_name = "registry"

urlpatterns = [
    path("households/", views.household_list, name="household-list"),
    path("households/new/", views.household_create, name="household-create"),
    path("households/<int:household_id>/", views.household_detail, name="household-detail"),
    path("households/<int:household_id>/edit/", views.household_edit, name="household-edit"),
    path(
        "households/<int:household_id>/members/add/", views.household_member_add, name="household-member-add"
    ),
    path(
        "households/<int:household_id>/members/<int:member_id>/leave/",
        views.household_member_leave,
        name="household-member-leave",
    ),
    path("households/<int:household_id>/head/", views.household_head_change, name="household-head-change"),
    path("persons/", views.person_list, name="person-list"),
    path("persons/new/", views.person_create, name="person-create"),
    path("persons/<int:person_id>/", views.person_detail, name="person-detail"),
    path("persons/<int:person_id>/edit/", views.person_edit, name="person-edit"),
    path(
        "persons/<int:person_id>/citizen-id/", views.person_citizen_id_reveal, name="person-citizen-id-reveal"
    ),
    path("organisations/", views.organisation_list, name="organisation-list"),
    path("organisations/new/", views.organisation_create, name="organisation-create"),
    path("organisations/<int:organisation_id>/", views.organisation_detail, name="organisation-detail"),
    path("organisations/<int:organisation_id>/edit/", views.organisation_edit, name="organisation-edit"),
    path("organisations/<int:organisation_id>/members/add/", views.membership_add, name="membership-add"),
    path("memberships/<int:membership_id>/end/", views.membership_end, name="membership-end"),
    path("villages/", views.village_list, name="village-list"),
    path("villages/new/", views.village_create, name="village-create"),
    path("duplicates/", views.duplicate_list, name="duplicate-list"),
    path("duplicates/merge/<int:first_id>/<int:second_id>/", views.person_merge, name="person-merge"),
    path("imports/", views.import_page, name="import"),
    path("imports/<int:import_id>/", views.import_detail, name="import-detail"),
    path("imports/<int:import_id>/confirm/", views.import_confirm, name="import-confirm"),
    path("imports/template/<str:kind>/", views.import_template, name="import-template"),
    path("export/<str:kind>/", views.export, name="export"),
    path("panels/summary/", views.home_summary, name="home-summary"),
]
