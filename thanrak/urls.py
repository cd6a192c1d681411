from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.i18n import set_language
from django.views.static import serve

from thanrak.api import api
from thanrak.core.access import public

urlpatterns = [
    path("", include("thanrak.accounts.urls")),
    path("areas/", include("thanrak.geo.urls")),
    path("registry/", include("thanrak.registry.urls")),
    path("finance/", include("thanrak.finance.urls")),
    path("shop/", include("thanrak.commerce.urls")),
    path("survey/", include("thanrak.survey.urls")),
    path("monitoring/", include("thanrak.monitoring.urls")),
    path("services/", include("thanrak.services.urls")),
    path("assets/", include("thanrak.assets.urls")),
    path("notify/", include("thanrak.notify.urls")),
    path("learning/", include("thanrak.learning.urls")),
    path("markets/", include("thanrak.markets.urls")),
    path("api/v1/", api.urls),
    path("openrosa/", include("thanrak.survey.openrosa_urls")),
    path("i18n/setlang/", public(set_language), name="set_language"),
    path("admin/", admin.site.urls),
]

# Public media (product and shop photos) is served by the app too, so that gunicorn alone shows them;
# docs/deploy.md lets nginx serve the same directory. Private files live elsewhere (PRIVATE_MEDIA_ROOT)
# and are reachable only through views that check access (docs/security.md).


@public
def public_media(request: HttpRequest, path: str) -> HttpResponse:
    """A public file (a product or shop photo) from MEDIA_ROOT as the settings name it now."""
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns += [path("media/<path:path>", public_media)]
