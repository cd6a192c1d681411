app_name = "survey"

urlpatterns: list = []
