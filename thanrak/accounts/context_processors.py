from typing import Any

from django.apps import apps
from django.http import HttpRequest
from django.urls import reverse

from thanrak.core.access import user_may


def navigation(request: HttpRequest) -> dict[str, Any]:
    """Menu entries each app declares (AppConfig.nav), kept only where the user's role may go."""
    user = getattr(request, "user", None)
    items = []
    if user is not None and user.is_authenticated:
        for config in apps.get_app_configs():
            for url_name, label, resource, action in getattr(config, "nav", ()):
                if user_may(user, resource, action):
                    url = reverse(url_name)
                    items.append({"url": url, "label": label, "active": request.path.startswith(url)})
    return {"nav_items": items}
