from django.urls import path

from thanrak.markets import views

app_name = "markets"

urlpatterns = [
    path("", views.event_list, name="event-list"),
    path("events/new/", views.event_create, name="event-create"),
    path("events/<int:pk>/", views.event_detail, name="event-detail"),
    path("events/<int:pk>/booths/", views.booth_assign, name="booth-assign"),
    path("events/<int:pk>/turnover/", views.turnover, name="turnover"),
    path("events/<int:pk>/turnover/type/", views.turnover_type, name="turnover-type"),
    path("events/<int:pk>/turnover/export/", views.turnover_export, name="turnover-export"),
    path("events/<int:pk>/turnover/import/", views.turnover_import, name="turnover-import"),
    path("events/<int:pk>/meetings/", views.event_meetings, name="meetings"),
    path("events/<int:pk>/meetings/new/", views.meeting_schedule, name="meeting-schedule"),
    path("booths/<int:pk>/fee/", views.booth_fee_paid, name="booth-fee-paid"),
    path("meetings/<int:pk>/outcome/", views.meeting_outcome, name="meeting-outcome"),
    path("matching/", views.matching, name="matching"),
    path("matching/buyers/", views.buyer_register, name="buyer-register"),
    path("producers/", views.producers, name="producers"),
]
