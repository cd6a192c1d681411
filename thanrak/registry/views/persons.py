"""Person pages: list, detail, registering, editing, and revealing a citizen ID (audit-logged)."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thanrak.accounts.scope import scope_of
from thanrak.core.access import require, user_may
from thanrak.core.citizen_id import mask
from thanrak.core.errors import DomainError
from thanrak.core.forms import refuse
from thanrak.geo import queries as geo_queries
from thanrak.geo.queries import area_names
from thanrak.registry import actions, queries
from thanrak.registry.forms import PersonFilterForm, PersonForm
from thanrak.registry.models import Person
from thanrak.registry.views.common import (
    _data_links,
    _filters_with_home_area,
    _in_scope,
    _ip,
    _outside,
    _paginate,
    _panels,
)


@require("registry.person", "view")
@require_GET
def person_list(request: HttpRequest) -> HttpResponse:
    """People the viewer may see: search by name or citizen ID, filter by sex and area."""
    form = PersonFilterForm(_filters_with_home_area(request))
    _in_scope(request, form)
    filters = {"q": "", "area_code": "", "sex": ""}
    if form.is_valid():
        filters = {
            "q": form.cleaned_data["q"],
            "area_code": form.cleaned_data["area"],
            "sex": form.cleaned_data["sex"],
        }
    actions.citizen_id_search_record(q=filters["q"], by=request.user, at=timezone.now(), ip=_ip(request))
    page = _paginate(request, queries.person_list(viewer=request.user, **filters))
    names = area_names(codes={p.area_code for p in page})
    for person in page:
        person.area_name = names.get(person.area_code, person.area_code)
    return render(
        request,
        "registry/person_list.html",
        {
            "form": form,
            "page": page,
            "may_change": user_may(request.user, "registry.person", "change"),
            **_data_links(request, "persons"),
        },
    )


@require("registry.person", "view")
@require_GET
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    """A person: masked citizen ID (revealed on request), households, memberships, merge history."""
    person = queries.person_get(viewer=request.user, person_id=person_id)
    return render(request, "registry/person_detail.html", _person_context(request, person))


def _person_context(request: HttpRequest, person: Person, revealed: str = "") -> dict[str, Any]:
    user = request.user
    return {
        "person": person,
        "area": geo_queries.area_path(code=person.area_code),
        "households": (
            list(queries.person_households(person=person))
            if user_may(user, "registry.household", "view")
            else None
        ),
        "memberships": list(queries.person_memberships(viewer=user, person=person)),
        "merges": list(queries.person_merges(person=person)),
        "may_change": user_may(user, "registry.person", "change"),
        "may_reveal": user_may(user, "registry.citizen_id", "reveal"),
        "revealed": revealed,
        "panels": _panels(request, "person_panels", person.pk),
    }


@require("registry.person", "change")
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    """Register a person who does not live in a registered household yet."""
    scope = scope_of(request.user)
    initial = {"area_code": scope.area_codes[0]} if len(scope.area_codes) == 1 else {}
    form = PersonForm(request.POST if request.method == "POST" else None, initial=initial)
    _in_scope(request, form)
    if request.method == "POST" and form.is_valid():
        try:
            person = actions.person_register(by=request.user, at=timezone.now(), **form.person_fields())
        except DomainError as exc:
            refuse(form, exc)
        except PermissionError:
            _outside(form, "area_code")
        else:
            messages.success(request, _("%(name)s was registered.") % {"name": person.full_name})
            return redirect("registry:person-detail", person.pk)
    return render(request, "registry/person_form.html", {"form": form})


@require("registry.person", "change")
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    """Change a person's details; the citizen ID is checked again."""
    person = queries.person_get(viewer=request.user, person_id=person_id)
    initial = {field: getattr(person, field) for field in PersonForm.base_fields}
    initial["citizen_id"] = ""  # never put the full ID in a page: an empty box keeps the current one
    form = PersonForm(request.POST if request.method == "POST" else None, initial=initial)
    _in_scope(request, form)
    if person.citizen_id:
        form.fields["citizen_id"].help_text = _(
            "Leave empty to keep the current ID (%(masked)s); write a new one only to correct it."
        ) % {"masked": mask(person.citizen_id)}
    if request.method == "POST" and form.is_valid():
        fields = form.person_fields()
        if not fields["citizen_id"] and fields["id_kind"] == person.id_kind:
            fields.pop("citizen_id")
        try:
            actions.person_update(
                person=person, by=request.user, at=timezone.now(), ip=_ip(request), **fields
            )
        except DomainError as exc:
            refuse(form, exc)
        except PermissionError:
            _outside(form, "area_code")
        else:
            messages.success(request, _("The person's details were saved."))
            return redirect("registry:person-detail", person.pk)
    return render(request, "registry/person_form.html", {"form": form, "person": person})


@require("registry.citizen_id", "reveal")
@require_POST
def person_citizen_id_reveal(request: HttpRequest, person_id: int) -> HttpResponse:
    """Show the full citizen ID and write the reveal to the audit log (htmx swaps it in place)."""
    person = queries.person_get(viewer=request.user, person_id=person_id)
    try:
        digits = actions.citizen_id_reveal(person=person, by=request.user, at=timezone.now(), ip=_ip(request))
    except PermissionError as exc:
        raise Http404("outside the viewer's areas") from exc
    if request.htmx:
        return render(
            request, "registry/person_detail.html#citizen-id", {"person": person, "revealed": digits}
        )
    return render(request, "registry/person_detail.html", _person_context(request, person, revealed=digits))
