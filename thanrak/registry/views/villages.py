"""Village pages: the list and registering a village."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from thanrak.core.access import require, user_may
from thanrak.core.errors import DomainError
from thanrak.core.forms import refuse
from thanrak.geo import queries as geo_queries
from thanrak.registry import actions, queries
from thanrak.registry.forms import VillageFilterForm, VillageForm
from thanrak.registry.views.common import _in_scope, _outside, _paginate


@require("registry.village", "view")
@require_GET
def village_list(request: HttpRequest) -> HttpResponse:
    """Villages (หมู่บ้าน) in the viewer's areas, optionally of one subdistrict."""
    form = VillageFilterForm(request.GET)
    _in_scope(request, form)
    code = form.cleaned_data["subdistrict"] if form.is_valid() else ""
    page = _paginate(request, queries.village_list(viewer=request.user, subdistrict_code=code), default=50)
    return render(
        request,
        "registry/village_list.html",
        {
            "form": form,
            "page": page,
            "subdistrict": code,
            "may_change": user_may(request.user, "registry.village", "change"),
        },
    )


@require("registry.village", "change")
@require_http_methods(["GET", "POST"])
def village_create(request: HttpRequest) -> HttpResponse:
    """Add a village (หมู่ที่) to a subdistrict in the viewer's areas."""
    data = request.POST if request.method == "POST" else None
    where = VillageFilterForm(data or request.GET)
    form = VillageForm(data)
    _in_scope(request, where)
    if data is not None and where.is_valid() and form.is_valid():
        code = where.cleaned_data["subdistrict"]
        if not code:
            where.add_error("subdistrict", _("Choose the subdistrict."))
        else:
            try:
                village = actions.village_register(
                    by=request.user, subdistrict=geo_queries.area_get(code=code), **form.cleaned_data
                )
            except DomainError as exc:
                refuse(form, exc)
            except PermissionError:
                _outside(where, "subdistrict")
            else:
                messages.success(request, _("%(village)s was added.") % {"village": village})
                return redirect(reverse("registry:village-list") + f"?subdistrict={code}")
    return render(request, "registry/village_form.html", {"where": where, "form": form})
