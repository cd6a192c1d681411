"""Likely duplicate persons and merging two records into one."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from thanrak.core.access import require, user_may
from thanrak.core.errors import DomainError
from thanrak.core.forms import refuse
from thanrak.geo.queries import area_names
from thanrak.registry import actions, queries
from thanrak.registry.forms import DuplicateFilterForm, MergeForm
from thanrak.registry.views.common import _in_scope, _outside


@require("registry.duplicates", "view")
@require_GET
def duplicate_list(request: HttpRequest) -> HttpResponse:
    """Groups of people with the same normalised name and birth date in one subdistrict."""
    form = DuplicateFilterForm(request.GET)
    _in_scope(request, form)
    code = form.cleaned_data["area"] if form.is_valid() else ""
    groups = queries.duplicate_groups(viewer=request.user, area_code=code)
    names = area_names(codes={g.subdistrict_code for g in groups})
    return render(
        request,
        "registry/duplicate_list.html",
        {
            "form": form,
            "groups": [(g, names.get(g.subdistrict_code, g.subdistrict_code)) for g in groups],
            "may_merge": user_may(request.user, "registry.duplicates", "change"),
        },
    )


@require("registry.duplicates", "change")
@require_http_methods(["GET", "POST"])
def person_merge(request: HttpRequest, first_id: int, second_id: int) -> HttpResponse:
    """Compare two records side by side, choose the one to keep, confirm, and merge."""
    persons = [queries.person_get(viewer=request.user, person_id=pk) for pk in (first_id, second_id)]
    form = MergeForm(request.POST if request.method == "POST" else None, persons=persons)
    if request.method == "POST" and form.is_valid():
        survivor = next(p for p in persons if p.pk == form.cleaned_data["survivor"])
        duplicate = next(p for p in persons if p.pk != survivor.pk)
        try:
            actions.person_merge(survivor=survivor, duplicate=duplicate, by=request.user, at=timezone.now())
        except DomainError as exc:
            refuse(form, exc)
        except PermissionError:
            _outside(form, "survivor")
        else:
            messages.success(request, _("The records were merged. The merge is kept in the history."))
            return redirect("registry:person-detail", survivor.pk)
    for person in persons:
        person.household_rows = list(queries.person_households(person=person))
        person.membership_rows = list(queries.person_memberships(viewer=request.user, person=person))
    return render(request, "registry/person_merge.html", {"persons": persons, "form": form})
