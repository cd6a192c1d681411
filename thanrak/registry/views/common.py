"""What the registry's pages share: paging, other modules' panels, the viewer's home area, area pickers."""

from typing import Any

from django.apps import apps
from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from thanrak.accounts.scope import scope_of
from thanrak.core.access import user_may
from thanrak.core.clientip import client_ip
from thanrak.core.paginate import CappedPaginator
from thanrak.geo import queries as geo_queries
from thanrak.geo.widgets import limit_area_pickers

PAGE_SIZES = (10, 25, 50, 100)
SEARCH_HITS = 20


def _paginate(request: HttpRequest, rows: QuerySet[Any] | list[Any], default: int = 25) -> Page:
    try:
        size = int(request.GET.get("size", default))
    except ValueError:
        size = default
    return CappedPaginator(rows, size if size in PAGE_SIZES else default).get_page(request.GET.get("page"))


def _panels(request: HttpRequest, hook: str, object_id: int) -> list[str]:
    """URLs of other modules' fragments about this record (AppConfig.<hook>), where the role may."""
    return [
        reverse(url_name, args=[object_id])
        for config in apps.get_app_configs()
        for url_name, resource, action in getattr(config, hook, ())
        if user_may(request.user, resource, action)
    ]


def _filters_with_home_area(request: HttpRequest, field: str = "area") -> dict[str, Any]:
    """The query string, with the viewer's only area preselected so the picker starts there."""
    data = request.GET.copy()
    scope = scope_of(request.user)
    if field not in data and len(scope.area_codes) == 1:
        data[field] = scope.area_codes[0]
    return data


def _in_scope(request: HttpRequest, *forms: Any) -> None:
    """The forms' area pickers offer the viewer's own areas only (all 77 provinces to nobody but a
    national manager)."""
    scope = scope_of(request.user)
    if not scope.everything:
        for form in forms:
            limit_area_pickers(form, scope.area_codes)


def _village(code: str) -> Any:
    return geo_queries.area_get(code=code)


def _ip(request: HttpRequest) -> str | None:
    return client_ip(request)


def _data_links(request: HttpRequest, kind: str) -> dict[str, Any]:
    """What a list page needs for its export and import links."""
    return {
        "kind": kind,
        "may_export": user_may(request.user, "registry.data", "export"),
        "may_import": user_may(request.user, "registry.data", "import"),
    }


def _outside(form: Any, field: str) -> None:
    form.add_error(field if field in form.fields else None, _("This is outside your areas or organisations."))
