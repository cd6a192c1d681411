"""Registry pages: households, persons, organisations, villages and likely duplicates.

Each view parses input, makes its call into `queries` or `actions`, and turns a refusal into a
message on the form. Rows outside the viewer's scope are not found (404); a role that may not use a
resource at all is refused (403) by `@require`.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thanrak.accounts.scope import OutsideScope, scope_of
from thanrak.core.access import require, user_may
from thanrak.core.citizen_id import mask
from thanrak.core.clientip import client_ip
from thanrak.core.errors import DomainError
from thanrak.core.paginate import CappedPaginator
from thanrak.core.tabular import write_csv, write_xlsx
from thanrak.geo import queries as geo_queries
from thanrak.geo.queries import area_names
from thanrak.geo.widgets import limit_area_pickers
from thanrak.registry import actions, exports, imports, queries
from thanrak.registry.forms import (
    DuplicateFilterForm,
    ExistingMemberForm,
    HeadChangeForm,
    HouseholdFilterForm,
    HouseholdForm,
    ImportForm,
    MembershipAddForm,
    MembershipEndForm,
    MergeForm,
    NewMemberForm,
    NewMemberFormSet,
    OrganisationFilterForm,
    OrganisationForm,
    PersonFilterForm,
    PersonForm,
    PersonSearchForm,
    VillageFilterForm,
    VillageForm,
    add_domain_error,
)
from thanrak.registry.models import ImportStatus, Person

T = TypeVar("T")

PAGE_SIZES = (10, 25, 50, 100)
SEARCH_HITS = 20


def _found(get: Callable[..., T], **kwargs: Any) -> T:
    """Run a scoped query; a row the viewer may not see is simply not found."""
    try:
        return get(**kwargs)
    except ObjectDoesNotExist as exc:
        raise Http404(str(exc)) from exc


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


# --- households ----------------------------------------------------------------------------------


@require("registry.household", "view")
@require_GET
def household_list(request: HttpRequest) -> HttpResponse:
    """Households in the viewer's areas: search by name, citizen ID or house number, filter by area."""
    form = HouseholdFilterForm(_filters_with_home_area(request))
    _in_scope(request, form)
    filters = {"q": "", "area_code": ""}
    if form.is_valid():
        filters = {"q": form.cleaned_data["q"], "area_code": form.cleaned_data["area"]}
    actions.citizen_id_search_record(q=filters["q"], by=request.user, at=timezone.now(), ip=_ip(request))
    page = _paginate(request, queries.household_list(viewer=request.user, **filters))
    return render(
        request,
        "registry/household_list.html",
        {
            "form": form,
            "page": page,
            "may_change": user_may(request.user, "registry.household", "change"),
            **_data_links(request, "households"),
        },
    )


@require("registry.household", "view")
@require_GET
def household_detail(request: HttpRequest, household_id: int) -> HttpResponse:
    """A household with its members (head first), their ages, the members who left, the groups and
    enterprises its members belong to, and other modules' panels (debts, survey results, help)."""
    household = _found(queries.household_get, viewer=request.user, household_id=household_id)
    rows = list(queries.household_members(household=household, include_left=True))
    return render(
        request,
        "registry/household_detail.html",
        {
            "household": household,
            "members": [m for m in rows if m.left_date is None],
            "left": [m for m in rows if m.left_date is not None],
            "groups": list(queries.household_memberships(viewer=request.user, household=household)),
            "may_change": user_may(request.user, "registry.household", "change"),
            "panels": _panels(request, "household_panels", household.pk),
        },
    )


@require("registry.household", "change")
@require_http_methods(["GET", "POST"])
def household_create(request: HttpRequest) -> HttpResponse:
    """Register a household with its head and other members, all in one save."""
    data = request.POST if request.method == "POST" else None
    scope = scope_of(request.user)
    initial = {"village": scope.area_codes[0]} if len(scope.area_codes) == 1 else {}
    form = HouseholdForm(data, initial=initial)
    _in_scope(request, form)
    head = PersonForm(data, prefix="head", with_area=False)
    members = NewMemberFormSet(data, prefix="members")
    if data is not None and all([form.is_valid(), head.is_valid(), members.is_valid()]):
        rows = [m for m in members if m.cleaned_data]
        try:
            household = actions.household_register_new(
                by=request.user,
                at=timezone.now(),
                village=_village(form.cleaned_data["village"]),
                house_no=form.cleaned_data["house_no"],
                house_code=form.cleaned_data["house_code"],
                address_detail=form.cleaned_data["address_detail"],
                phone=form.cleaned_data["phone"],
                head=head.person_fields(),
                members=[(m.person_fields(), m.cleaned_data["relation"]) for m in rows],
            )
        except DomainError as exc:
            _household_error(exc, form, head, rows)
        except PermissionError:
            _outside(form, "village")
        else:
            messages.success(request, _("The household was registered."))
            return redirect("registry:household-detail", household.pk)
    return render(request, "registry/household_form.html", {"form": form, "head": head, "members": members})


def _household_error(exc: DomainError, form: Any, head: Any, rows: list[Any]) -> None:
    """Put an error named "head.<field>" or "members.<i>.<field>" on the form it came from."""
    where, _sep, rest = (exc.field or "").partition(".")
    if where == "head":
        add_domain_error(head, _renamed(exc, rest))
    elif where == "members":
        index, _sep, field = rest.partition(".")
        add_domain_error(rows[int(index)], _renamed(exc, field))
    else:
        add_domain_error(form, exc, field_map={"person": "house_no"})


def _renamed(exc: DomainError, field: str) -> DomainError:
    return DomainError(exc.message, field=field or None, params=exc.params)


@require("registry.household", "change")
@require_http_methods(["GET", "POST"])
def household_edit(request: HttpRequest, household_id: int) -> HttpResponse:
    """Change a household's village, house number, registration code, lane or phone."""
    household = _found(queries.household_get, viewer=request.user, household_id=household_id)
    form = HouseholdForm(
        request.POST if request.method == "POST" else None,
        initial={
            "village": household.area_code,
            "house_no": household.house_no,
            "house_code": household.house_code,
            "address_detail": household.address_detail,
            "phone": household.phone,
        },
    )
    _in_scope(request, form)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            actions.household_update(
                household=household,
                by=request.user,
                at=timezone.now(),
                ip=_ip(request),
                village=_village(data.pop("village")),
                **data,
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        except PermissionError:
            _outside(form, "village")
        else:
            messages.success(request, _("The household was saved."))
            return redirect("registry:household-detail", household.pk)
    return render(request, "registry/household_form.html", {"form": form, "household": household})


@require("registry.household", "change")
@require_http_methods(["GET", "POST"])
def household_member_add(request: HttpRequest, household_id: int) -> HttpResponse:
    """Add someone already registered (found by name or ID) or someone new to a household."""
    household = _found(queries.household_get, viewer=request.user, household_id=household_id)
    mode = request.POST.get("mode") if request.method == "POST" else None
    search = PersonSearchForm(request.GET)
    existing = ExistingMemberForm(request.POST if mode == "existing" else None)
    new = NewMemberForm(request.POST if mode == "new" else None, prefix="new")
    hits: list[Person] = []
    if search.is_valid() and search.cleaned_data["q"]:
        actions.citizen_id_search_record(
            q=search.cleaned_data["q"], by=request.user, at=timezone.now(), ip=_ip(request)
        )
        hits = list(queries.person_list(viewer=request.user, q=search.cleaned_data["q"])[:SEARCH_HITS])
    form = existing if mode == "existing" else new
    if mode in ("existing", "new") and form.is_valid():
        try:
            if mode == "existing":
                person = _found(
                    queries.person_get, viewer=request.user, person_id=form.cleaned_data["person"]
                )
                actions.household_member_add(
                    household=household,
                    person=person,
                    relation=form.cleaned_data["relation"],
                    by=request.user,
                    at=timezone.now(),
                )
            else:
                fields = new.person_fields()
                actions.household_member_add_new(
                    household=household,
                    relation=new.cleaned_data["relation"],
                    by=request.user,
                    at=timezone.now(),
                    **fields,
                )
        except DomainError as exc:
            add_domain_error(form, exc)
        except PermissionError:
            _outside(form, "person")
        else:
            messages.success(request, _("The member was added."))
            return redirect("registry:household-detail", household.pk)
    return render(
        request,
        "registry/household_member_add.html",
        {"household": household, "search": search, "hits": hits, "existing": existing, "new": new},
    )


@require("registry.household", "change")
@require_POST
def household_member_leave(request: HttpRequest, household_id: int, member_id: int) -> HttpResponse:
    """Record that a member left the household today; they stay in its history."""
    household = _found(queries.household_get, viewer=request.user, household_id=household_id)
    member = _found(queries.household_member_get, household=household, member_id=member_id)
    try:
        actions.household_member_leave(member=member, by=request.user, at=timezone.now())
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("%(name)s has left the household.") % {"name": member.person.full_name})
    return redirect("registry:household-detail", household.pk)


@require("registry.household", "change")
@require_http_methods(["GET", "POST"])
def household_head_change(request: HttpRequest, household_id: int) -> HttpResponse:
    """Make another member the head; the former head takes the relation chosen."""
    household = _found(queries.household_get, viewer=request.user, household_id=household_id)
    members = list(queries.household_members(household=household))
    form = HeadChangeForm(request.POST if request.method == "POST" else None, members=members)
    if request.method == "POST" and form.is_valid():
        new_head = next(m for m in members if m.pk == form.cleaned_data["new_head"])
        try:
            actions.household_head_change(
                household=household,
                new_head=new_head,
                old_head_relation=form.cleaned_data["old_head_relation"],
                by=request.user,
                at=timezone.now(),
            )
        except DomainError as exc:
            add_domain_error(form, exc, field_map={"person": "new_head", "relation": "old_head_relation"})
        else:
            messages.success(request, _("The head of household was changed."))
            return redirect("registry:household-detail", household.pk)
    return render(
        request,
        "registry/household_head_change.html",
        {"household": household, "form": form, "members": members},
    )


# --- persons -------------------------------------------------------------------------------------


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
    person = _found(queries.person_get, viewer=request.user, person_id=person_id)
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
            add_domain_error(form, exc)
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
    person = _found(queries.person_get, viewer=request.user, person_id=person_id)
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
            add_domain_error(form, exc)
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
    person = _found(queries.person_get, viewer=request.user, person_id=person_id)
    try:
        digits = actions.citizen_id_reveal(person=person, by=request.user, at=timezone.now(), ip=_ip(request))
    except PermissionError as exc:
        raise Http404("outside the viewer's areas") from exc
    if request.htmx:
        return render(
            request, "registry/person_detail.html#citizen-id", {"person": person, "revealed": digits}
        )
    return render(request, "registry/person_detail.html", _person_context(request, person, revealed=digits))


# --- organisations -------------------------------------------------------------------------------


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
    organisation = _found(queries.organisation_get, viewer=request.user, organisation_id=organisation_id)
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
            add_domain_error(form, exc)
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
    organisation = _found(queries.organisation_get, viewer=request.user, organisation_id=organisation_id)
    initial = {field: getattr(organisation, field) for field in OrganisationForm.base_fields}
    form = OrganisationForm(request.POST if request.method == "POST" else None, initial=initial, editing=True)
    _in_scope(request, form)
    if request.method == "POST" and form.is_valid():
        try:
            actions.organisation_update(
                organisation=organisation, by=request.user, at=timezone.now(), **form.cleaned_data
            )
        except DomainError as exc:
            add_domain_error(form, exc)
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
    organisation = _found(queries.organisation_get, viewer=request.user, organisation_id=organisation_id)
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
        person = _found(queries.person_get, viewer=request.user, person_id=form.cleaned_data["person"])
        try:
            actions.membership_add(
                organisation=organisation,
                person=person,
                by=request.user,
                start_date=form.cleaned_data["start_date"],
                role=form.cleaned_data["role"],
            )
        except DomainError as exc:
            add_domain_error(form, exc, field_map={"person": "role"})
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
    membership = _found(queries.membership_get, viewer=request.user, membership_id=membership_id)
    form = MembershipEndForm(
        request.POST if request.method == "POST" else None, initial={"end_date": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.membership_end(
                membership=membership, by=request.user, end_date=form.cleaned_data["end_date"]
            )
        except DomainError as exc:
            add_domain_error(form, exc)
        except PermissionError:
            _outside(form, "end_date")
        else:
            messages.success(request, _("The membership was ended."))
            return redirect("registry:organisation-detail", membership.organisation_id)
    return render(request, "registry/membership_end.html", {"membership": membership, "form": form})


# --- villages ------------------------------------------------------------------------------------


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
                add_domain_error(form, exc)
            except PermissionError:
                _outside(where, "subdistrict")
            else:
                messages.success(request, _("%(village)s was added.") % {"village": village})
                return redirect(reverse("registry:village-list") + f"?subdistrict={code}")
    return render(request, "registry/village_form.html", {"where": where, "form": form})


# --- likely duplicates and merging ---------------------------------------------------------------


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
    persons = [_found(queries.person_get, viewer=request.user, person_id=pk) for pk in (first_id, second_id)]
    form = MergeForm(request.POST if request.method == "POST" else None, persons=persons)
    if request.method == "POST" and form.is_valid():
        survivor = next(p for p in persons if p.pk == form.cleaned_data["survivor"])
        duplicate = next(p for p in persons if p.pk != survivor.pk)
        try:
            actions.person_merge(survivor=survivor, duplicate=duplicate, by=request.user, at=timezone.now())
        except DomainError as exc:
            add_domain_error(form, exc)
        except PermissionError:
            _outside(form, "survivor")
        else:
            messages.success(request, _("The records were merged. The merge is kept in the history."))
            return redirect("registry:person-detail", survivor.pk)
    for person in persons:
        person.household_rows = list(queries.person_households(person=person))
        person.membership_rows = list(queries.person_memberships(viewer=request.user, person=person))
    return render(request, "registry/person_merge.html", {"persons": persons, "form": form})


# --- home page panel -----------------------------------------------------------------------------


@require("registry.summary", "view")
@require_GET
def home_summary(request: HttpRequest) -> HttpResponse:
    """A fragment for an area officer's home page: the registry in their areas, in numbers."""
    return render(
        request,
        "registry/home_summary.html",
        {"summary": queries.registry_summary(viewer=request.user)},
    )


# --- import and export ---------------------------------------------------------------------------


@require("registry.data", "import")
@require_http_methods(["GET", "POST"])
def import_page(request: HttpRequest) -> HttpResponse:
    """Upload a file: it is checked and imported now when small, by the task worker when long; either
    way the next page shows its status and report."""
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        limit = imports.max_bytes()
        data = form.cleaned_data["file"].read(limit + 1)
        if len(data) > limit:
            form.add_error("file", _("The file is larger than %(mb)s MB.") % {"mb": limit // (1024 * 1024)})
        else:
            job = imports.upload(
                kind=form.cleaned_data["kind"],
                data=data,
                filename=form.cleaned_data["file"].name,
                by=request.user,
                at=timezone.now(),
                skip_invalid=form.cleaned_data["skip_invalid"],
            )
            return redirect("registry:import-detail", job.pk)
    lang = get_language() or "th"
    layouts = [
        (kind, [(c.name, c.th, c.help, c.required) for c in imports.LAYOUTS[kind]]) for kind in imports.KINDS
    ]
    return render(
        request,
        "registry/import.html",
        {
            "form": form,
            "layouts": layouts,
            "recent": queries.import_list(viewer=request.user),
            "lang": lang,
            "max_mb": imports.max_bytes() // (1024 * 1024),
        },
    )


@require("registry.data", "import")
@require_GET
def import_detail(request: HttpRequest, import_id: int) -> HttpResponse:
    """An upload's status and report: each problem with its row, column and reason."""
    job = _found(queries.import_get, viewer=request.user, import_id=import_id)
    report = job.report or {}
    reason = "reason_en" if (get_language() or "th").startswith("en") else "reason_th"
    issues = [(i["row"], i["column"], i[reason]) for i in report.get("issues", [])]
    skipped = report.get("skipped", 0)
    return render(
        request,
        "registry/import_detail.html",
        {
            "job": job,
            "report": report,
            "issues": issues,
            "valid_rows": max(report.get("rows", 0) - skipped, 0),
            "waiting": job.status in (ImportStatus.QUEUED, ImportStatus.RUNNING),
            "may_confirm": job.status == ImportStatus.REJECTED
            and not job.skip_invalid
            and report.get("rows", 0) > skipped > 0,
        },
    )


@require("registry.data", "import")
@require_POST
def import_confirm(request: HttpRequest, import_id: int) -> HttpResponse:
    """Import the valid rows of a rejected file and skip the rest; a second click changes nothing."""
    job = _found(queries.import_get, viewer=request.user, import_id=import_id)
    try:
        imports.confirm_skipping(job=job, by=request.user)
    except DomainError as exc:
        messages.error(request, str(exc))
    return redirect("registry:import-detail", job.pk)


@require("registry.data", "import")
@require_GET
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    """An empty file in a kind's layout with example rows: Excel, or CSV with ?format=csv."""
    if kind not in imports.KINDS:
        raise Http404(kind)
    fmt = "csv" if request.GET.get("format") == "csv" else "xlsx"
    headers = imports.header_names(kind, get_language() or "th")
    body = (
        write_csv(headers, imports.EXAMPLES[kind])
        if fmt == "csv"
        else write_xlsx(headers, imports.EXAMPLES[kind], sheet_title=kind)
    )
    response = HttpResponse(body, content_type=exports.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="thanrak-{kind}-template.{fmt}"'
    return response


@require("registry.data", "export")
@require_GET
def export(request: HttpRequest, kind: str) -> HttpResponse:
    """The kind's rows in the viewer's areas (or the one area asked for) as CSV or Excel, audit-logged."""
    if kind not in imports.KINDS:
        raise Http404(kind)
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    layout = "machine" if request.GET.get("layout") == "machine" else "people"
    area = request.GET.get("area", "").strip()
    at = timezone.now()
    try:
        data, _rows = exports.registry_export(
            kind=kind,
            fmt=fmt,
            by=request.user,
            at=at,
            area=area,
            lang=get_language() or "th",
            ip=_ip(request),
            layout=layout,
        )
    except exports.CannotExport as exc:
        raise Http404(str(exc)) from exc
    except OutsideScope as exc:
        raise PermissionDenied(str(exc)) from exc
    response = HttpResponse(data, content_type=exports.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = (
        f'attachment; filename="{exports.filename(kind, fmt, at, area, layout)}"'
    )
    return response
