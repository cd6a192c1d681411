from django.urls import path

from thanrak.survey import openrosa

app_name = "openrosa"

urlpatterns = [
    path("formList", openrosa.form_list, name="form-list"),
    path("forms/<int:round_id>.xml", openrosa.form_download, name="form-download"),
    path("submission", openrosa.submission, name="submission"),
]
