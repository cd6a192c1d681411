"""Organisation pages: list, detail, registering, editing, and memberships."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from thanrak.accounts.scope import scope_of
from thanrak.core.access import require, user_may
from thanrak.core.errors import DomainError
from thanrak.core.forms import refuse
from thanrak.geo import queries as geo_queries
from thanrak.geo.queries import area_names
from thanrak.registry import actions, queries
from thanrak.registry.forms import (
    MembershipAddForm,
    MembershipEndForm,
    OrganisationFilterForm,
    OrganisationForm,
    PersonSearchForm,
)
from thanrak.registry.models import Person
from thanrak.registry.views.common import (
    SEARCH_HITS,
    _data_links,
    _filters_with_home_area,
    _in_scope,
    _ip,
    _outside,
    _paginate,
    _panels,
)


@require("registry.organisation", "view")
@require_GET
def organisation_list(request: HttpRequest) -> HttpResponse:
    """Organisations the viewer may see, by kind, area and name."""
    form = OrganisationFilterForm(_filters_with_home_area(request))
    _in_scope(request, form)
    filters = {"q": "", "kind": "", "area_code": ""}
    if form.is_valid():
        filters = {
            "q": form.cleaned_data["q"],
            "kind": form.cleaned_data["kind"],
            "area_code": form.cleaned_data["area"],
        }
    page = _paginate(request, queries.organisation_list(viewer=request.user, **filters))
    names = area_names(codes={o.area_code for o in page})
    for organisation in page:
        organisation.area_name = names.get(organisation.area_code, organisation.area_code)
    return render(
        request,
        "registry/organisation_list.html",
        {
            "form": form,
            "page": page,
            "may_create": _may_create_organisation(request),
            **_data_links(request, "organisations"),
        },
    )


def _may_create_organisation(request: HttpRequest) -> bool:
    scope = scope_of(request.user)
    return user_may(request.user, "registry.organisation", "change") and (
        scope.everything or bool(scope.area_codes)
    )


@require("registry.organisation", "view")
@require_GET
def organisation_detail(request: HttpRequest, organisation_id: int) -> HttpResponse:
    """An organisation with its committee, members, the accounts that run it and past members."""
    organisation = queries.organisation_get(viewer=request.user, organisation_id=organisation_id)
    rows = list(queries.organisation_members(organisation=organisation, include_ended=True))
    current = [m for m in rows if m.end_date is None]
    return render(
        request,
        "registry/organisation_detail.html",
        {
            "organisation": organisation,
            "area": geo_queries.area_path(code=organisation.area_code),
            "committee": [m for m in current if m.role != "MEMBER"],
            "members": _paginate(request, [m for m in current if m.role == "MEMBER"], default=50),
            "ended": [m for m in rows if m.end_date is not None],
            "officers": list(queries.organisation_officers(organisation=organisation)),
            "may_change": user_may(request.user, "registry.organisation", "change"),
            "visible_persons": queries.person_ids_visible(
                viewer=request.user, person_ids=[m.person_id for m in rows]
            ),
            "panels": _panels(request, "organisation_panels", organisation.pk),
        },
    )


@require("registry.organisation", "change")
@require_http_methods(["GET", "POST"])
def organisation_create(request: HttpRequest) -> HttpResponse:
    """Register an organisation of any kind in one of the viewer's areas."""
    form = OrganisationForm(request.POST if request.method == "POST" else None)
    _in_scope(request, form)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = actions.organisation_register(
                by=request.user, at=timezone.now(), **form.cleaned_data
            )
        except DomainError as exc:
            refuse(form, exc)
        except PermissionError:
            _outside(form, "area_code")
        else:
            messages.success(request, _("The organisation was registered."))
            return redirect("registry:organisation-detail", organisation.pk)
    return render(request, "registry/organisation_form.html", {"form": form})


@require("registry.organisation", "change")
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, organisation_id: int) -> HttpResponse:
    """Change an organisation's details (its own officers may, as may officers of its area)."""
    organisation = queries.organisation_get(viewer=request.user, organisation_id=organisation_id)
    initial = {field: getattr(organisation, field) for field in OrganisationForm.base_fields}
    form = OrganisationForm(request.POST if request.method == "POST" else None, initial=initial, editing=True)
    _in_scope(request, form)
    if request.method == "POST" and form.is_valid():
        try:
            actions.organisation_update(
                organisation=organisation, by=request.user, at=timezone.now(), **form.cleaned_data
            )
        except DomainError as exc:
            refuse(form, exc)
        except PermissionError:
            _outside(form, "area_code")
        else:
            messages.success(request, _("The organisation was saved."))
            return redirect("registry:organisation-detail", organisation.pk)
    return render(request, "registry/organisation_form.html", {"form": form, "organisation": organisation})


@require("registry.organisation", "change")
@require_http_methods(["GET", "POST"])
def membership_add(request: HttpRequest, organisation_id: int) -> HttpResponse:
    """Enrol a registered person in the organisation with a role from a date."""
    organisation = queries.organisation_get(viewer=request.user, organisation_id=organisation_id)
    search = PersonSearchForm(request.GET)
    form = MembershipAddForm(
        request.POST if request.method == "POST" else None, initial={"start_date": timezone.localdate()}
    )
    hits: list[Person] = []
    if search.is_valid() and search.cleaned_data["q"]:
        actions.citizen_id_search_record(
            q=search.cleaned_data["q"], by=request.user, at=timezone.now(), ip=_ip(request)
        )
        hits = list(queries.person_list(viewer=request.user, q=search.cleaned_data["q"])[:SEARCH_HITS])
    if request.method == "POST" and form.is_valid():
        person = queries.person_get(viewer=request.user, person_id=form.cleaned_data["person"])
        try:
            actions.membership_add(
                organisation=organisation,
                person=person,
                by=request.user,
                start_date=form.cleaned_data["start_date"],
                role=form.cleaned_data["role"],
            )
        except DomainError as exc:
            refuse(form, exc, field_map={"person": "role"})
        except PermissionError:
            _outside(form, "role")
        else:
            messages.success(request, _("%(name)s was enrolled.") % {"name": person.full_name})
            return redirect("registry:organisation-detail", organisation.pk)
    return render(
        request,
        "registry/membership_add.html",
        {"organisation": organisation, "search": search, "hits": hits, "form": form},
    )


@require("registry.organisation", "change")
@require_http_methods(["GET", "POST"])
def membership_end(request: HttpRequest, membership_id: int) -> HttpResponse:
    """End a membership on a date; it stays in the organisation's history."""
    membership = queries.membership_get(viewer=request.user, membership_id=membership_id)
    form = MembershipEndForm(
        request.POST if request.method == "POST" else None, initial={"end_date": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.membership_end(
                membership=membership, by=request.user, end_date=form.cleaned_data["end_date"]
            )
        except DomainError as exc:
            refuse(form, exc)
        except PermissionError:
            _outside(form, "end_date")
        else:
            messages.success(request, _("The membership was ended."))
            return redirect("registry:organisation-detail", membership.organisation_id)
    return render(request, "registry/membership_end.html", {"membership": membership, "form": form})
