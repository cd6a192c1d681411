from django.urls import path

from thanrak.geo import views

app_name = "geo"

urlpatterns = [
    path("children/", views.area_children, name="area-children"),
    path("search/", views.area_search, name="area-search"),
]
